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

/// The database did not answer within its deadline, cannot be reached, or is not the file it was
/// (SQLite): nothing was changed; the service answers 503 with Retry-After and the next request
/// tries again.
class store_unavailable : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// How the service judges a patched token, on top of jsonpatch::pat::apply_patch's own checks.
/// Whatever `options` says, run_patch refuses managed tokens and normalises new names.
struct patch_rules {
    jsonpatch::pat::patch_options options;
    /// Runs on the patched token before it is written; an error rejects the patch.
    std::function<std::optional<jsonpatch::error>(const jsonpatch::pat::personal_access_token&)>
        check_result;
};

/// One PATCH: apply `patch_text` to `token_id` if `owner_id` owns it, the request's
/// preconditions hold and the caller holds every scope the patch adds.
struct patch_request {
    std::string_view owner_id;
    std::string_view token_id;
    std::string_view patch_text;
    /// Decides the request's preconditions (If-Match, If-None-Match) on the locked token, inside
    /// the transaction; empty: unconditional. False: kind::precondition_failed, nothing written.
    std::function<bool(const versioned_token&)> precondition;
    /// The scopes the caller holds; std::nullopt: a credential without a scope list, which holds
    /// every scope. A patch may add to the token only scopes the caller holds; scopes already on
    /// it may stay.
    std::optional<std::vector<std::string>> caller_scopes;
};

/// What became of a patch_request. `token` is set for patched and unchanged (the current state)
/// and for precondition_failed; `error` for rejected and forbidden.
struct patch_outcome {
    /// forbidden: the patch adds a scope the caller does not hold (error set:
    /// errc::operation_not_allowed with the path of the scope entry), or the token is managed by
    /// the platform (errc::resource_read_only); the front answers 403.
    enum class kind { patched, unchanged, not_found, precondition_failed, rejected, forbidden };
    kind what = kind::not_found;
    std::optional<versioned_token> token;
    std::optional<jsonpatch::error> error;
};

/// Tokens and credentials. Every lookup is by key or index, whatever the store's size; an unknown
/// id and another owner's id take the same path. Methods are thread-safe; every one either
/// returns within the store's deadline or throws store_unavailable (then nothing was changed).
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

    /// One transaction: read the token (locked against other writers), check
    /// `request.precondition`, jsonpatch::pat::apply_patch with the name-uniqueness check asked
    /// inside the same transaction, `request.caller_scopes`, `rules.check_result`, then write it
    /// with version + 1 and commit. A patch that changes nothing writes nothing
    /// (kind::unchanged). A rename that races past the uniqueness check (another instance) fails
    /// on the unique index and is rejected with the same errc::conflict error the check gives.
    [[nodiscard]] virtual patch_outcome patch(const patch_request& request,
                                              const patch_rules& rules) = 0;

    /// True when the store can serve requests now: the database answers within the store's
    /// deadline and (SQLite) the path still names the file that was opened. Never throws;
    /// bounded in time by the store deadline.
    [[nodiscard]] virtual bool ready() = 0;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_STORE_HPP
