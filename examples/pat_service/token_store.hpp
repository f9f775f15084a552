// SPDX-License-Identifier: MIT
// The store interface every backend (memory, SQLite, PostgreSQL) implements.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_STORE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_STORE_HPP

#include <jsonpatch/error.hpp>
#include <jsonpatch/pat.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "credentials.hpp"

namespace pat_service {

/// A token and its version: 1 when stored, +1 with every change written. The ETag is built
/// from it (with the store's epoch), so a version is never reused for another state of a token.
struct versioned_token {
    jsonpatch::pat::personal_access_token token;
    std::int64_t version = 0;
};

/// The database cannot do what was asked (full, read-only, gone, broken). Nothing was changed;
/// the service answers 500 and the next request tries again.
class store_unavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// How the service judges a patched token, on top of jsonpatch::pat::apply_patch's own checks.
struct patch_rules {
    jsonpatch::pat::patch_options options;
    /// Runs on the patched token before it is written; an error rejects the patch.
    std::function<std::optional<jsonpatch::error>(const jsonpatch::pat::personal_access_token&)>
        check_result;
};

/// One PATCH: apply `patch_text` to `token_id` if `owner_id` owns it and, when
/// `acceptable_versions` is set, only if the token's version is one of them (If-Match; an empty
/// list matches nothing).
struct patch_request {
    std::string_view owner_id;
    std::string_view token_id;
    std::string_view patch_text;
    std::optional<std::vector<std::int64_t>> acceptable_versions;
};

/// What became of a patch_request. `token` is set for patched and unchanged (the current state)
/// and for precondition_failed; `error` for rejected.
struct patch_outcome {
    enum class kind { patched, unchanged, not_found, precondition_failed, rejected };
    kind what = kind::not_found;
    std::optional<versioned_token> token;
    std::optional<jsonpatch::error> error;
};

/// Tokens and credentials. Every lookup is by key or index, whatever the store's size; an unknown
/// id and another owner's id take the same path. Methods are thread-safe and throw
/// store_unavailable when the database fails (then nothing was changed).
class token_store {
  public:
    token_store() = default;
    token_store(const token_store&) = delete;
    token_store& operator=(const token_store&) = delete;
    virtual ~token_store() = default;

    /// Random text fixed when the store was created; ETags carry it, so a tag from another store
    /// (or from an earlier memory: store) never matches.
    [[nodiscard]] virtual std::string epoch() const = 0;

    /// The hex key lookup tags are made with (see stored_credential).
    [[nodiscard]] virtual std::string lookup_key() const = 0;

    /// Every stored credential.
    [[nodiscard]] virtual std::vector<stored_credential> credentials() = 0;

    /// The tokens `owner_id` owns, in the order they were stored.
    [[nodiscard]] virtual std::vector<versioned_token> list(std::string_view owner_id) = 0;

    /// The token `token_id` if `owner_id` owns it; another owner's token is not found, exactly as
    /// an unknown id is.
    [[nodiscard]] virtual std::optional<versioned_token> find(std::string_view owner_id,
                                                              std::string_view token_id) = 0;

    /// One transaction: read the token (locked against other writers), check the If-Match
    /// versions, jsonpatch::pat::apply_patch with the name-uniqueness check asked inside the same
    /// transaction, `rules.check_result`, then write it with version + 1 and commit. A patch that
    /// changes nothing writes nothing (kind::unchanged). A rename that races past the uniqueness
    /// check (another instance) fails on the unique index and is rejected with the same
    /// errc::conflict error the check gives.
    [[nodiscard]] virtual patch_outcome patch(const patch_request& request,
                                              const patch_rules& rules) = 0;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_STORE_HPP
