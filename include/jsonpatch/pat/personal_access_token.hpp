// SPDX-License-Identifier: MIT
// The Personal Access Token model: typed fields, field-level parse errors, lossless serialisation.
#ifndef JSONPATCH_PAT_PERSONAL_ACCESS_TOKEN_HPP
#define JSONPATCH_PAT_PERSONAL_ACCESS_TOKEN_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/pat/date_time.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch::pat {

/// The identity a token belongs to (JSON member "owner").
struct token_owner {
    std::string type = "IDENTITY"; ///< always "IDENTITY" in a parsed token
    std::string id;
    std::string name;
    /// Members of "owner" the model does not know, kept verbatim (always a JSON object).
    nlohmann::json unknown_members = nlohmann::json::object();
};

/// A Personal Access Token as the identity platform's token API shows it.
struct personal_access_token {
    std::string id;
    std::string name;
    /// JSON null or a missing member is nullopt.
    std::optional<std::vector<std::string>> scope;
    token_owner owner;
    /// RFC 3339 date-time in the form parse_date_time accepts, e.g. "2018-06-25T20:22:28.104Z".
    std::string created;
    /// JSON "lastUsed": a date-time like `created`, or null.
    std::optional<std::string> last_used;
    /// Defaults to false when the member is missing.
    bool managed = false;
    /// Members the model does not know (e.g. "expirationDate"), kept verbatim (always an object).
    nlohmann::json unknown_members = nlohmann::json::object();
};

/// Member-wise equality (unknown members compare as JSON values).
[[nodiscard]] inline bool operator==(const token_owner& a, const token_owner& b) {
    return a.type == b.type && a.id == b.id && a.name == b.name &&
           jsonpatch::detail::json_equal(a.unknown_members, b.unknown_members);
}
[[nodiscard]] inline bool operator!=(const token_owner& a, const token_owner& b) { return !(a == b); }

/// Member-wise equality (unknown members compare as JSON values).
[[nodiscard]] inline bool operator==(const personal_access_token& a, const personal_access_token& b) {
    return a.id == b.id && a.name == b.name && a.scope == b.scope && a.owner == b.owner &&
           a.created == b.created && a.last_used == b.last_used && a.managed == b.managed &&
           jsonpatch::detail::json_equal(a.unknown_members, b.unknown_members);
}
[[nodiscard]] inline bool operator!=(const personal_access_token& a, const personal_access_token& b) {
    return !(a == b);
}

namespace detail {

[[nodiscard]] inline jsonpatch::error field_error(errc code, std::string path, std::string message) {
    jsonpatch::error e;
    e.code = code;
    e.path = jsonpatch::detail::clip(path);
    e.message = std::move(message);
    return e;
}

// The string member `key` of `object` (found at pointer `at`), or missing_field / wrong_type.
[[nodiscard]] inline result<std::string> required_string(const nlohmann::json& object,
                                                         std::string_view key, const std::string& at) {
    const auto it = object.find(key);
    if (it == object.end()) {
        return field_error(errc::missing_field, at, "required member is missing");
    }
    if (!it->is_string()) {
        return field_error(errc::wrong_type, at, "member must be a string");
    }
    return it->get<std::string>();
}

// A copy of `object` without the members named in `known`.
[[nodiscard]] inline nlohmann::json unknown_of(const nlohmann::json& object,
                                               std::initializer_list<std::string_view> known) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool is_known = false;
        for (const std::string_view k : known) {
            is_known = is_known || it.key() == k;
        }
        if (!is_known) {
            out[it.key()] = jsonpatch::detail::deep_copy(it.value()); // unknown members may be deep
        }
    }
    return out;
}

[[nodiscard]] inline result<token_owner> parse_owner(const nlohmann::json& token_json) {
    const auto it = token_json.find("owner");
    if (it == token_json.end()) {
        return field_error(errc::missing_field, "/owner", "required member is missing");
    }
    if (!it->is_object()) {
        return field_error(errc::wrong_type, "/owner", "member must be an object");
    }
    token_owner owner;
    auto type = required_string(*it, "type", "/owner/type");
    if (!type) {
        return std::move(type).error();
    }
    if (*type != "IDENTITY") {
        return field_error(errc::validation_failed, "/owner/type", "owner type must be IDENTITY");
    }
    owner.type = std::move(*type);
    auto id = required_string(*it, "id", "/owner/id");
    if (!id) {
        return std::move(id).error();
    }
    owner.id = std::move(*id);
    auto name = required_string(*it, "name", "/owner/name");
    if (!name) {
        return std::move(name).error();
    }
    owner.name = std::move(*name);
    owner.unknown_members = unknown_of(*it, {"type", "id", "name"});
    return owner;
}

[[nodiscard]] inline result<std::optional<std::vector<std::string>>> parse_scope(
    const nlohmann::json& token_json) {
    const auto it = token_json.find("scope");
    if (it == token_json.end() || it->is_null()) {
        return std::optional<std::vector<std::string>>{};
    }
    if (!it->is_array()) {
        return field_error(errc::wrong_type, "/scope", "member must be an array of strings or null");
    }
    std::vector<std::string> scope;
    scope.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        const nlohmann::json& element = (*it)[i];
        if (!element.is_string()) {
            return field_error(errc::wrong_type, "/scope/" + std::to_string(i),
                               "scope element must be a string");
        }
        scope.push_back(element.get<std::string>());
    }
    return std::optional<std::vector<std::string>>(std::move(scope));
}

} // namespace detail

/// Reads a token document. Required: "id", "name", "created" (strings), "owner" (an object
/// with string "type", "id" and "name"). Optional: "scope" (array of strings, or null),
/// "lastUsed" (date-time or null), "managed" (bool, default false). Other members, at the top
/// level and inside "owner", are kept verbatim in `unknown_members`.
/// Errors (op_index empty, `path` the offending member's pointer, e.g. "/owner/id"):
/// errc::missing_field, errc::wrong_type (also for a document that is not an object, path ""),
/// errc::invalid_date_time ("created", "lastUsed"; see parse_date_time), and
/// errc::validation_failed when "owner"."type" is not "IDENTITY". Fields are checked in the
/// order listed, so the first problem is reported. O(size of the document).
[[nodiscard]] inline result<personal_access_token> parse_token(const nlohmann::json& token_json) {
    if (!token_json.is_object()) {
        return detail::field_error(errc::wrong_type, "", "token must be a JSON object");
    }
    personal_access_token token;
    auto id = detail::required_string(token_json, "id", "/id");
    if (!id) {
        return std::move(id).error();
    }
    token.id = std::move(*id);
    auto name = detail::required_string(token_json, "name", "/name");
    if (!name) {
        return std::move(name).error();
    }
    token.name = std::move(*name);
    auto scope = detail::parse_scope(token_json);
    if (!scope) {
        return std::move(scope).error();
    }
    token.scope = std::move(*scope);
    auto owner = detail::parse_owner(token_json);
    if (!owner) {
        return std::move(owner).error();
    }
    token.owner = std::move(*owner);
    auto created = detail::required_string(token_json, "created", "/created");
    if (!created) {
        return std::move(created).error();
    }
    if (!is_date_time(*created)) {
        return detail::field_error(errc::invalid_date_time, "/created",
                                   "member must be a date-time like 2018-06-25T20:22:28.104Z");
    }
    token.created = std::move(*created);
    if (const auto it = token_json.find("lastUsed"); it != token_json.end() && !it->is_null()) {
        if (!it->is_string()) {
            return detail::field_error(errc::wrong_type, "/lastUsed",
                                       "member must be a date-time string or null");
        }
        if (!is_date_time(it->get_ref<const std::string&>())) {
            return detail::field_error(errc::invalid_date_time, "/lastUsed",
                                       "member must be a date-time like 2018-06-25T20:22:28.104Z");
        }
        token.last_used = it->get<std::string>();
    }
    if (const auto it = token_json.find("managed"); it != token_json.end()) {
        if (!it->is_boolean()) {
            return detail::field_error(errc::wrong_type, "/managed", "member must be a boolean");
        }
        token.managed = it->get<bool>();
    }
    token.unknown_members = detail::unknown_of(
        token_json, {"id", "name", "scope", "owner", "created", "lastUsed", "managed"});
    return token;
}

/// The token as a JSON document. Every known member is written ("scope" and "lastUsed" as null
/// when empty, "managed" always), then the unknown members; a known member wins over an unknown
/// one of the same name. parse_token(to_json(t)) == t for every t parse_token produced.
[[nodiscard]] inline nlohmann::json to_json(const personal_access_token& token) {
    nlohmann::json out = token.unknown_members.is_object() ? token.unknown_members
                                                           : nlohmann::json::object();
    out["id"] = token.id;
    out["name"] = token.name;
    if (token.scope) {
        nlohmann::json scope = nlohmann::json::array();
        for (const std::string& s : *token.scope) {
            scope.push_back(s);
        }
        out["scope"] = std::move(scope);
    } else {
        out["scope"] = nullptr;
    }
    nlohmann::json owner = token.owner.unknown_members.is_object() ? token.owner.unknown_members
                                                                   : nlohmann::json::object();
    owner["type"] = token.owner.type;
    owner["id"] = token.owner.id;
    owner["name"] = token.owner.name;
    out["owner"] = std::move(owner);
    out["created"] = token.created;
    out["lastUsed"] = token.last_used ? nlohmann::json(*token.last_used) : nlohmann::json(nullptr);
    out["managed"] = token.managed;
    return out;
}

} // namespace jsonpatch::pat

#endif // JSONPATCH_PAT_PERSONAL_ACCESS_TOKEN_HPP
