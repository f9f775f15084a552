// SPDX-License-Identifier: MIT
/// \file
/// The Personal Access Token model: typed fields, field-level parse errors, lossless serialisation.
#ifndef JSONPATCH_PAT_PERSONAL_ACCESS_TOKEN_HPP
#define JSONPATCH_PAT_PERSONAL_ACCESS_TOKEN_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/member_reader.hpp>
#include <jsonpatch/pat/date_time.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

/// The identity platform's Personal Access Token: the typed token, its date-times, its patch
/// model and policy, and apply_patch. Built from jsonpatch's public headers alone.
namespace jsonpatch::pat {

/// The identity a token belongs to (JSON member "owner").
struct token_owner {
    std::string type = "IDENTITY"; ///< always "IDENTITY" in a parsed token
    std::string id;                ///< the identity's id
    std::string name;              ///< the identity's name
    /// Members of "owner" the model does not know, kept verbatim (always a JSON object).
    nlohmann::json unknown_members = nlohmann::json::object();
};

/// A Personal Access Token as the identity platform's token API shows it.
struct personal_access_token {
    std::string id;                                ///< the token's id
    std::string name;                              ///< unique among its owner's tokens
    std::optional<std::vector<std::string>> scope; ///< JSON null or a missing member: nullopt
    token_owner owner;                             ///< the identity the token belongs to
    /// RFC 3339 date-time in the form parse_date_time accepts, e.g. "2018-06-25T20:22:28.104Z".
    std::string created;
    std::optional<std::string> last_used; ///< JSON "lastUsed": a date-time like `created`, or null
    bool managed = false;                 ///< false when the member is missing
    /// Members the model does not know (e.g. "expirationDate"), kept verbatim (always an object).
    nlohmann::json unknown_members = nlohmann::json::object();
};

/// Member-wise equality (unknown members compare as JSON values).
[[nodiscard]] inline bool operator==(const token_owner& a, const token_owner& b) {
    return std::tie(a.type, a.id, a.name) == std::tie(b.type, b.id, b.name) &&
           jsonpatch::detail::json_equal(a.unknown_members, b.unknown_members);
}
/// Not member-wise equal.
[[nodiscard]] inline bool operator!=(const token_owner& a, const token_owner& b) {
    return !(a == b);
}
/// Member-wise equality (unknown members compare as JSON values).
[[nodiscard]] inline bool operator==(const personal_access_token& a,
                                     const personal_access_token& b) {
    return std::tie(a.id, a.name, a.scope, a.owner, a.created, a.last_used, a.managed) ==
               std::tie(b.id, b.name, b.scope, b.owner, b.created, b.last_used, b.managed) &&
           jsonpatch::detail::json_equal(a.unknown_members, b.unknown_members);
}
/// Not member-wise equal.
[[nodiscard]] inline bool operator!=(const personal_access_token& a,
                                     const personal_access_token& b) {
    return !(a == b);
}

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
    constexpr std::string_view form = "member must be a date-time like 2018-06-25T20:22:28.104Z";
    personal_access_token t;
    member_reader<nlohmann::json> read(token_json);
    read.required("id", t.id).required("name", t.name).optional("scope", t.scope);
    read.object("owner", [&t](member_reader<nlohmann::json>& owner) {
        owner.required("type", t.owner.type)
            .expect(t.owner.type == "IDENTITY", errc::validation_failed,
                    "owner type must be IDENTITY")
            .required("id", t.owner.id)
            .required("name", t.owner.name)
            .others(t.owner.unknown_members);
    });
    read.required("created", t.created)
        .expect(is_date_time(t.created), errc::invalid_date_time, form)
        .optional("lastUsed", t.last_used)
        .expect(!t.last_used || is_date_time(*t.last_used), errc::invalid_date_time, form)
        .optional("managed", t.managed)
        .others(t.unknown_members);
    if (!read) {
        return std::move(read).error();
    }
    return t;
}

/// The token as a JSON document. Every known member is written ("scope" and "lastUsed" as null
/// when empty, "managed" always), then the unknown members; a known member wins over an unknown
/// one of the same name. parse_token(to_json(t)) == t for every t parse_token produced. Unknown
/// members of any depth are copied without recursion.
[[nodiscard]] inline nlohmann::json to_json(const personal_access_token& token) {
    // Unknown members are kept however deep they are: copied without recursion.
    const auto kept = [](const nlohmann::json& unknown) {
        return unknown.is_object() ? jsonpatch::detail::deep_copy(unknown)
                                   : nlohmann::json::object();
    };
    nlohmann::json out = kept(token.unknown_members);
    out["id"] = token.id;
    out["name"] = token.name;
    out["scope"] = token.scope ? nlohmann::json(*token.scope) : nlohmann::json(nullptr);
    nlohmann::json owner = kept(token.owner.unknown_members);
    owner["type"] = token.owner.type;
    owner["id"] = token.owner.id;
    owner["name"] = token.owner.name;
    out["owner"] = std::move(owner);
    out["created"] = token.created;
    out["lastUsed"] = token.last_used ? nlohmann::json(*token.last_used) : nlohmann::json(nullptr);
    out["managed"] = token.managed;
    return out;
}

/// nlohmann's ADL to_json, the function above; with from_json below, apply_to patches tokens.
inline void to_json(nlohmann::json& out, const personal_access_token& token) {
    out = to_json(token);
}
/// parse_token(in), throwing its error as patch_error (apply_to returns it as it is).
inline void from_json(const nlohmann::json& in, personal_access_token& token) {
    token = parse_token(in).value();
}

} // namespace jsonpatch::pat

#endif // JSONPATCH_PAT_PERSONAL_ACCESS_TOKEN_HPP
