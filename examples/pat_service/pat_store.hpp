// SPDX-License-Identifier: MIT
// The service's token store: tokens and bearer credentials, patched atomically and optionally
// persisted.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_STORE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_STORE_HPP

#include <jsonpatch/error.hpp>
#include <jsonpatch/pat.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pat_service {

/// Everything the service keeps: the tokens in their original order and the bearer credentials
/// (bearer token -> identity id). Also the format of the seed and data files:
/// `{"tokens": [<token JSON>, ...], "credentials": {"<bearer>": "<identity id>"}}`.
struct store_state {
    std::vector<jsonpatch::pat::personal_access_token> tokens;
    std::map<std::string, std::string, std::less<>> credentials;
};

/// A store_state read from a file, or why it could not be used.
struct load_result {
    std::optional<store_state> state;
    std::string problem;
};

/// Checks and converts a seed or data document: every token parses, ids are unique, an owner never
/// has two tokens of the same name, and every credential maps a non-empty bearer to an identity id.
[[nodiscard]] load_result parse_state(const nlohmann::json& document);

/// Reads and checks the seed or data file at `path`.
[[nodiscard]] load_result load_state(const std::string& path);

/// The file representation of `state`, the format parse_state reads.
[[nodiscard]] nlohmann::json to_json(const store_state& state);

/// What became of one PATCH request.
struct patch_outcome {
    enum class kind { patched, not_found, rejected, not_saved };
    kind what = kind::not_found;
    nlohmann::json token;                  ///< kind::patched: the new representation
    std::optional<jsonpatch::error> error; ///< kind::rejected: why the patch was refused
    std::string problem;                   ///< kind::not_saved: why the data file was not written
};

/// Tokens shared by all request threads. Lookups, the name-uniqueness check, the update and the
/// save to the data file all happen under one mutex, so concurrent patches are serialised: two
/// renames to the same name can never both see the name free.
class token_store {
  public:
    /// With `data_path`, every successful patch is written to that file before it is acknowledged.
    token_store(store_state state, std::optional<std::string> data_path);

    /// Writes the current state to the data file (if any); the message on failure.
    [[nodiscard]] std::optional<std::string> save() const;

    /// The identity a bearer token authenticates, if any. Credentials never change after start-up.
    [[nodiscard]] std::optional<std::string> identity_for(std::string_view bearer) const;

    /// The JSON array of the tokens owned by `identity_id`, in store order.
    [[nodiscard]] nlohmann::json list(std::string_view identity_id) const;

    /// The token `token_id` if `identity_id` owns it. Someone else's token is not found, exactly as
    /// an unknown id is.
    [[nodiscard]] std::optional<nlohmann::json> find(std::string_view identity_id,
                                                     std::string_view token_id) const;

    /// Applies the JSON Patch `patch_text` to the token `token_id` owned by `identity_id` with
    /// jsonpatch::pat::apply_patch, checking name uniqueness among the owner's other tokens, and
    /// stores (and saves) the result. On any failure the store and the data file are unchanged.
    [[nodiscard]] patch_outcome patch(std::string_view identity_id, std::string_view token_id,
                                      std::string_view patch_text);

  private:
    [[nodiscard]] std::optional<std::size_t> index_of(std::string_view identity_id,
                                                      std::string_view token_id) const;
    [[nodiscard]] std::optional<std::string> save_locked() const;

    mutable std::mutex mutex_;
    store_state state_;
    std::optional<std::string> data_path_;
    jsonpatch::pat::patch_options options_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_STORE_HPP
