// SPDX-License-Identifier: MIT
// The seed file: the tokens and bearer credentials a new store starts with.
#include "seed.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "token_checks.hpp"

namespace pat_service {

namespace {

[[nodiscard]] seed_result problem(std::string text) {
    return seed_result{std::nullopt, std::move(text)};
}

// One grant of the "credentials" object, or nothing when it has neither accepted form.
[[nodiscard]] std::optional<credential> parse_grant(const nlohmann::json& grant) {
    if (grant.is_string()) {
        auto identity = grant.get<std::string>();
        return identity.empty() ? std::nullopt : std::optional<credential>({identity, {}});
    }
    if (!grant.is_object() || grant.size() != 2) {
        return std::nullopt;
    }
    const auto identity = grant.find("identity");
    const auto scope = grant.find("scope");
    if (identity == grant.end() || !identity->is_string() ||
        identity->get_ref<const std::string&>().empty() || scope == grant.end() ||
        !scope->is_array()) {
        return std::nullopt;
    }
    credential out{identity->get<std::string>(), std::vector<std::string>{}};
    for (const auto& entry : *scope) {
        if (!entry.is_string() || entry.get_ref<const std::string&>().empty()) {
            return std::nullopt;
        }
        out.scope->push_back(entry.get<std::string>());
    }
    return out;
}

} // namespace

seed_result parse_seed(const nlohmann::json& document) {
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

    seed_data seed;
    std::set<std::string, std::less<>> ids;
    std::set<std::pair<std::string, std::string>> owner_names;
    std::size_t index = 0;
    for (const auto& token_json : *tokens) {
        const std::string where = "token " + std::to_string(index++);
        auto token = jsonpatch::pat::parse_token(token_json);
        if (!token) {
            return problem(where + ": " + jsonpatch::describe(token.error()));
        }
        auto name = normalise_name(token->name);
        if (!name) {
            return problem(where + ": " + jsonpatch::describe(name.error()));
        }
        token->name = std::move(*name);
        if (!ids.insert(token->id).second) {
            return problem(where + ": duplicate token id");
        }
        if (!owner_names.emplace(token->owner.id, token->name).second) {
            return problem(where + ": its owner already has a token with this name");
        }
        seed.tokens.push_back(std::move(*token));
    }
    for (const auto& [bearer, grant] : credentials->items()) {
        auto parsed = parse_grant(grant);
        if (bearer.empty() || !parsed) {
            return problem("every credential must map a non-empty bearer token to an identity id "
                           "or to {\"identity\": \"<id>\", \"scope\": [\"<scope>\", ...]}");
        }
        seed.credentials.emplace_back(bearer, std::move(*parsed));
    }
    return seed_result{std::move(seed), {}};
}

seed_result load_seed(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf())) {
        return problem("cannot read " + path);
    }
    const auto document = nlohmann::json::parse(text.str(), nullptr, false);
    if (document.is_discarded()) {
        return problem(path + " is not valid JSON");
    }
    auto loaded = parse_seed(document);
    if (!loaded.seed) {
        loaded.problem = path + ": " + loaded.problem;
    }
    return loaded;
}

seed_source seed_file(std::string path) {
    return [path = std::move(path)]() -> seed_data {
        if (path.empty()) {
            throw seed_error("the store is new and no --seed was given to fill it");
        }
        auto loaded = load_seed(path);
        if (!loaded.seed) {
            throw seed_error(loaded.problem);
        }
        return std::move(*loaded.seed);
    };
}

} // namespace pat_service
