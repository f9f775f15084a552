// SPDX-License-Identifier: MIT
// How a database row holds a token: its JSON text, plus columns for the indexed fields.
#include "token_rows.hpp"

#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <utility>

#include "token_checks.hpp"

namespace pat_service {

bool is_storable_key(std::string_view key) {
    return key.find('\0') == std::string_view::npos && jsonpatch::is_valid_utf8(key);
}

std::string token_document(const jsonpatch::pat::personal_access_token& token) {
    return jsonpatch::pat::to_json(token).dump();
}

versioned_token token_from_row(std::string_view document, std::int64_t version) {
    const auto json = nlohmann::json::parse(document, nullptr, false);
    auto token = jsonpatch::pat::parse_token(json);
    if (json.is_discarded() || !token) {
        throw store_unavailable("a stored token is not a valid token document");
    }
    return versioned_token{std::move(*token), version};
}

std::optional<versioned_token> with_normalised_name(std::string_view document,
                                                    std::int64_t version) {
    versioned_token row = token_from_row(document, version);
    auto normalised = normalise_name(row.token.name);
    if (!normalised || *normalised == row.token.name) {
        return std::nullopt;
    }
    row.token.name = std::move(*normalised);
    ++row.version;
    return row;
}

std::optional<std::string> scope_column(const credential& grants) {
    if (!grants.scope) {
        return std::nullopt;
    }
    return nlohmann::json(*grants.scope).dump();
}

stored_credential credential_from_row(std::string lookup, std::string salt, std::string digest,
                                      std::string identity,
                                      const std::optional<std::string>& scope) {
    stored_credential out{std::move(lookup), std::move(salt), std::move(digest),
                          credential{std::move(identity), std::nullopt}};
    if (scope) {
        const auto json = nlohmann::json::parse(*scope, nullptr, false);
        if (!json.is_array()) {
            throw store_unavailable("a stored credential's scope is not a JSON array");
        }
        out.grants.scope.emplace();
        for (const auto& entry : json) {
            if (!entry.is_string()) {
                throw store_unavailable("a stored credential's scope holds a non-string");
            }
            out.grants.scope->push_back(entry.get<std::string>());
        }
    }
    return out;
}

} // namespace pat_service
