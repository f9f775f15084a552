// SPDX-License-Identifier: MIT
// The service's token store: loading, checking, patching and persisting tokens.
#include "pat_store.hpp"

#include <set>
#include <utility>

#include "atomic_file.hpp"

namespace pat_service {

namespace {

[[nodiscard]] load_result problem(std::string text) {
    return load_result{std::nullopt, std::move(text)};
}

} // namespace

load_result parse_state(const nlohmann::json& document) {
    if (!document.is_object()) {
        return problem("the document is not a JSON object");
    }
    const auto tokens = document.find("tokens");
    if (tokens == document.end() || !tokens->is_array()) {
        return problem("\"tokens\" is missing or not an array");
    }
    const auto credentials = document.find("credentials");
    if (credentials == document.end() || !credentials->is_object()) {
        return problem("\"credentials\" is missing or not an object");
    }

    store_state state;
    std::set<std::string, std::less<>> ids;
    std::set<std::pair<std::string, std::string>> owner_names;
    std::size_t index = 0;
    for (const auto& token_json : *tokens) {
        const std::string where = "token " + std::to_string(index++);
        auto token = jsonpatch::pat::parse_token(token_json);
        if (!token) {
            return problem(where + ": " + jsonpatch::describe(token.error()));
        }
        if (!ids.insert(token->id).second) {
            return problem(where + ": duplicate token id");
        }
        if (!owner_names.emplace(token->owner.id, token->name).second) {
            return problem(where + ": its owner already has a token with this name");
        }
        state.tokens.push_back(std::move(*token));
    }
    for (const auto& [bearer, identity] : credentials->items()) {
        if (bearer.empty() || !identity.is_string() || identity.get<std::string>().empty()) {
            return problem("every credential must map a non-empty bearer token to an identity id");
        }
        state.credentials.emplace(bearer, identity.get<std::string>());
    }
    return load_result{std::move(state), {}};
}

load_result load_state(const std::string& path) {
    const auto text = read_file(path);
    if (!text) {
        return problem("cannot read " + path);
    }
    const auto document = nlohmann::json::parse(*text, nullptr, false);
    if (document.is_discarded()) {
        return problem(path + " is not valid JSON");
    }
    auto loaded = parse_state(document);
    if (!loaded.state) {
        loaded.problem = path + ": " + loaded.problem;
    }
    return loaded;
}

nlohmann::json to_json(const store_state& state) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto& token : state.tokens) {
        tokens.push_back(jsonpatch::pat::to_json(token));
    }
    nlohmann::json credentials = nlohmann::json::object();
    for (const auto& [bearer, identity] : state.credentials) {
        credentials[bearer] = identity;
    }
    return nlohmann::json{{"tokens", std::move(tokens)}, {"credentials", std::move(credentials)}};
}

token_store::token_store(store_state state, std::optional<std::string> data_path)
    : state_(std::move(state)), data_path_(std::move(data_path)) {}

std::optional<std::string> token_store::save() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return save_locked();
}

std::optional<std::string> token_store::save_locked() const {
    if (!data_path_) {
        return std::nullopt;
    }
    return write_file_atomically(*data_path_, to_json(state_).dump(2) + "\n");
}

std::optional<std::string> token_store::identity_for(std::string_view bearer) const {
    const auto found = state_.credentials.find(bearer);
    if (found == state_.credentials.end()) {
        return std::nullopt;
    }
    return found->second;
}

nlohmann::json token_store::list(std::string_view identity_id) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& token : state_.tokens) {
        if (token.owner.id == identity_id) {
            out.push_back(jsonpatch::pat::to_json(token));
        }
    }
    return out;
}

std::optional<std::size_t> token_store::index_of(std::string_view identity_id,
                                                 std::string_view token_id) const {
    for (std::size_t i = 0; i < state_.tokens.size(); ++i) {
        const auto& token = state_.tokens[i];
        if (token.id == token_id) {
            // Another identity's token is reported exactly like an unknown id.
            return token.owner.id == identity_id ? std::optional<std::size_t>(i) : std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<nlohmann::json> token_store::find(std::string_view identity_id,
                                                std::string_view token_id) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto index = index_of(identity_id, token_id);
    if (!index) {
        return std::nullopt;
    }
    return jsonpatch::pat::to_json(state_.tokens[*index]);
}

patch_outcome token_store::patch(std::string_view identity_id, std::string_view token_id,
                                 std::string_view patch_text) {
    // One lock from lookup to save: the uniqueness check below and the update are a single step.
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto index = index_of(identity_id, token_id);
    if (!index) {
        return patch_outcome{patch_outcome::kind::not_found, {}, std::nullopt, {}};
    }
    const auto name_taken = [this](const jsonpatch::pat::token_owner& owner,
                                   std::string_view new_name, std::string_view id) {
        for (const auto& other : state_.tokens) {
            if (other.owner.id == owner.id && other.id != id && other.name == new_name) {
                return true;
            }
        }
        return false;
    };
    auto patched =
        jsonpatch::pat::apply_patch(state_.tokens[*index], patch_text, name_taken, options_);
    if (!patched) {
        return patch_outcome{patch_outcome::kind::rejected, {}, std::move(patched).error(), {}};
    }

    auto previous = std::exchange(state_.tokens[*index], std::move(*patched));
    if (auto failed = save_locked()) {
        // Never acknowledge a change the data file does not hold.
        state_.tokens[*index] = std::move(previous);
        return patch_outcome{patch_outcome::kind::not_saved, {}, std::nullopt, std::move(*failed)};
    }
    return patch_outcome{patch_outcome::kind::patched,
                         jsonpatch::pat::to_json(state_.tokens[*index]),
                         std::nullopt,
                         {}};
}

} // namespace pat_service
