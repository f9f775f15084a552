// SPDX-License-Identifier: MIT
/// \file
/// HTTP glue for a PATCH endpoint, without any HTTP framework: patch media types (RFC 5789,
/// RFC 6902, RFC 7396), entity tags and conditional requests (RFC 9110 §8.8.3, §13).
#ifndef JSONPATCH_HTTP_HPP
#define JSONPATCH_HTTP_HPP

#include <jsonpatch/detail/http_fields.hpp>

#include <optional>
#include <string>
#include <string_view>

/// HTTP helpers: content negotiation for patch bodies, entity tags and preconditions. They know
/// RFC 9110 and nothing about sockets, so they fit any HTTP library.
namespace jsonpatch::http {

/// The media type of a JSON Patch body (RFC 6902 §6).
inline constexpr std::string_view json_patch_media_type = "application/json-patch+json";
/// The media type of a JSON Merge Patch body (RFC 7396 §4).
inline constexpr std::string_view merge_patch_media_type = "application/merge-patch+json";

/// The two patch formats a PATCH body may come in.
enum class patch_format {
    json_patch,  ///< RFC 6902, application/json-patch+json
    merge_patch, ///< RFC 7396, application/merge-patch+json
};

/// The patch format a Content-Type field value names, or nullopt for anything else. Type and
/// subtype compare case-insensitively, whitespace around the value and around parameters is
/// allowed (RFC 9110 §8.3.1), parameters are allowed and ignored except `charset`, which must be
/// `utf-8` (any case, quoted or not): JSON text is UTF-8 (RFC 8259 §8.1), so another charset is
/// not JSON. `application/json`, an empty value, a malformed one and percent-encoded text are
/// nullopt.
[[nodiscard]] inline std::optional<patch_format> patch_format_of(std::string_view content_type) {
    const auto media = detail::parse_media_type(content_type);
    if (!media || !detail::equals_ignoring_ascii_case(media->type, "application")) {
        return std::nullopt;
    }
    if (media->charset && !detail::equals_ignoring_ascii_case(*media->charset, "utf-8")) {
        return std::nullopt;
    }
    if (detail::equals_ignoring_ascii_case(media->subtype, "json-patch+json")) {
        return patch_format::json_patch;
    }
    if (detail::equals_ignoring_ascii_case(media->subtype, "merge-patch+json")) {
        return patch_format::merge_patch;
    }
    return std::nullopt;
}

/// The value of an Accept-Patch field (RFC 5789 §3.1) listing both formats:
/// "application/json-patch+json, application/merge-patch+json". Send it with 415 responses and
/// with OPTIONS.
[[nodiscard]] inline std::string accept_patch() {
    std::string out(json_patch_media_type);
    out += ", ";
    out += merge_patch_media_type;
    return out;
}

/// A strong entity tag for the opaque text `opaque` (RFC 9110 §8.8.3), as sent in an ETag field:
/// `strong_etag("v7") == "\"v7\""`. Bytes an entity tag may not hold (`"`, space, control
/// characters, DEL) and `%` itself are written as `%XX`, so any text gives a valid tag and two
/// different texts never give the same one.
[[nodiscard]] inline std::string strong_etag(std::string_view opaque) {
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(opaque.size() + 2);
    out += '"';
    for (const char c : opaque) {
        if (detail::is_etagc(c) && c != '%') {
            out += c;
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += hex[byte >> 4U];
            out += hex[byte & 0xFU];
        }
    }
    out += '"';
    return out;
}

/// What the preconditions of a request decide (RFC 9110 §13.2.2).
enum class precondition {
    proceed,      ///< perform the method
    not_modified, ///< answer 304 Not Modified (GET or HEAD whose If-None-Match matched)
    failed,       ///< answer 412 Precondition Failed
    required,     ///< answer 428 Precondition Required (RFC 6585 §3): If-Match is missing
};

/// Evaluates If-Match and If-None-Match for a request, in the order of RFC 9110 §13.2.2, against
/// the selected resource: `current_etag` is its entity tag as sent in an ETag field (e.g. what
/// strong_etag returns), ignored when `resource_exists` is false. The field values are given as
/// received; a field sent on several lines is one value with the lines joined by ", "
/// (RFC 9110 §5.3).
/// - With `require_if_match`, a PATCH, PUT or DELETE without If-Match is `required` (428),
///   whatever else it carries.
/// - If-Match: "*" holds when the resource exists; a list of entity tags holds when one of them
///   matches `current_etag` by strong comparison (a weak tag never matches, §8.8.3.2). When it
///   does not hold, or its value is empty or not "*" or a list of entity tags, the result is
///   `failed`.
/// - If-None-Match (only evaluated when If-Match held or is absent): "*" matches when the
///   resource exists, a list when one tag matches `current_etag` by weak comparison. A match is
///   `not_modified` for GET and HEAD and `failed` for any other method; an empty or malformed
///   value is `failed` for every method (a condition that cannot be read never passes).
/// - Otherwise `proceed`. Methods are case-sensitive (RFC 9110 §9.1): "get" is not GET.
[[nodiscard]] inline precondition evaluate_preconditions(
    std::string_view method, std::optional<std::string_view> if_match,
    std::optional<std::string_view> if_none_match, std::string_view current_etag,
    bool resource_exists, bool require_if_match = false) {
    const bool changes_state = method == "PATCH" || method == "PUT" || method == "DELETE";
    if (require_if_match && changes_state && !if_match) {
        return precondition::required;
    }
    std::optional<detail::entity_tag> current;
    if (resource_exists) {
        current = detail::parse_entity_tag(current_etag);
    }
    if (if_match) {
        const auto condition = detail::parse_entity_tag_condition(*if_match);
        if (!condition) {
            return precondition::failed;
        }
        bool holds = condition->any && resource_exists;
        if (!condition->any && current && !current->weak) {
            for (const detail::entity_tag& tag : condition->tags) {
                holds = holds || (!tag.weak && tag.opaque == current->opaque);
            }
        }
        if (!holds) {
            return precondition::failed;
        }
    }
    if (if_none_match) {
        const auto condition = detail::parse_entity_tag_condition(*if_none_match);
        if (!condition) {
            return precondition::failed;
        }
        bool matches = condition->any && resource_exists;
        if (!condition->any && current) {
            for (const detail::entity_tag& tag : condition->tags) {
                matches = matches || tag.opaque == current->opaque; // weak comparison
            }
        }
        if (matches) {
            return method == "GET" || method == "HEAD" ? precondition::not_modified
                                                       : precondition::failed;
        }
    }
    return precondition::proceed;
}

// TODO(issue 23): patch_request, patch_response and handle_patch, on apply_to_outcome and
// apply_merge_to_outcome (issue 22).

} // namespace jsonpatch::http

#endif // JSONPATCH_HTTP_HPP
