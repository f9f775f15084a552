// SPDX-License-Identifier: MIT
/// \file
/// HTTP glue for a PATCH endpoint, without any HTTP framework: patch media types (RFC 5789,
/// RFC 6902, RFC 7396), entity tags and conditional requests (RFC 9110 §8.8.3, §13), and
/// handle_patch, which answers a PATCH request with RFC 9457 problem details.
#ifndef JSONPATCH_HTTP_HPP
#define JSONPATCH_HTTP_HPP

#include <jsonpatch/apply_merge_to.hpp>
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/detail/http_fields.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/problem_details.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// HTTP helpers: content negotiation for patch bodies, entity tags, preconditions and a whole
/// PATCH handler. They know RFC 9110 and nothing about sockets, so they fit any HTTP library.
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
/// strong_etag returns; empty for a representation without one), ignored when `resource_exists`
/// is false. The field values are given as received; a field sent on several lines is one value
/// with the lines joined by ", " (RFC 9110 §5.3).
/// - CONNECT, OPTIONS and TRACE select no representation: their preconditions are ignored
///   (RFC 9110 §13.2.1), the result is `proceed`.
/// - With `require_if_match`, a PATCH, PUT or DELETE without If-Match is `required` (428,
///   RFC 6585 §3), whatever else it carries; `If-Match: *` counts as present.
/// - If-Match: "*" holds when the resource exists; a list of entity tags holds when one of them
///   matches `current_etag` by strong comparison (a weak tag, on either side, never matches,
///   §8.8.3.2). When it does not hold, or its value is empty or not "*" or a list of entity
///   tags, the result is `failed`.
/// - If-None-Match (only evaluated when If-Match held or is absent): "*" matches when the
///   resource exists, a list when one tag matches `current_etag` by weak comparison. A match is
///   `not_modified` for GET and HEAD and `failed` for any other method; an empty or malformed
///   value is `failed` for every method (a condition that cannot be read never passes).
/// - A list compared with a `current_etag` that is not an entity tag (unquoted, say) is `failed`
///   too, for either field: the caller's mistake never lets a condition pass.
/// - Otherwise `proceed`. Methods are case-sensitive (RFC 9110 §9.1): "get" is not GET.
[[nodiscard]] inline precondition
evaluate_preconditions(std::string_view method, std::optional<std::string_view> if_match,
                       std::optional<std::string_view> if_none_match, std::string_view current_etag,
                       bool resource_exists, bool require_if_match = false) {
    if (method == "CONNECT" || method == "OPTIONS" || method == "TRACE") {
        return precondition::proceed;
    }
    const bool changes_state = method == "PATCH" || method == "PUT" || method == "DELETE";
    if (require_if_match && changes_state && !if_match) {
        return precondition::required;
    }
    using detail::tag_comparison;
    using detail::tag_condition;
    if (if_match && detail::match_entity_tags(*if_match, resource_exists, current_etag,
                                              tag_comparison::strong) != tag_condition::matches) {
        return precondition::failed;
    }
    if (if_none_match) {
        switch (detail::match_entity_tags(*if_none_match, resource_exists, current_etag,
                                          tag_comparison::weak)) {
        case tag_condition::does_not_match:
            break;
        case tag_condition::matches:
            return method == "GET" || method == "HEAD" ? precondition::not_modified
                                                       : precondition::failed;
        case tag_condition::unreadable:
            return precondition::failed;
        }
    }
    return precondition::proceed;
}

/// A PATCH request as handle_patch needs it, read from any HTTP library: views of the request's
/// method, fields and body, which must outlive the call. An absent field is nullopt; a present
/// but empty one is an empty view (and fails, see evaluate_preconditions).
struct patch_request {
    /// The request method, case-sensitive; anything but "PATCH" is answered 405.
    std::string_view method = "PATCH";
    /// The Content-Type field value (empty when absent: 415).
    std::string_view content_type;
    /// The If-Match field value, all its lines joined by ", ".
    std::optional<std::string_view> if_match;
    /// The If-None-Match field value, all its lines joined by ", ".
    std::optional<std::string_view> if_none_match;
    /// The request content, as received (after the HTTP library removed any transfer coding).
    std::string_view body;
    /// Answer 428 to a request without If-Match, so that no client overwrites a change it has not
    /// seen (the lost-update problem, RFC 6585 §3).
    bool require_if_match = false;
};

/// What handle_patch answers: the status, the header fields to send, and either a problem
/// details body or the patched value.
template <class T> struct patch_response {
    /// The HTTP status: 200, or the status of the problem.
    int status = 200;
    /// Header fields to send, in order, e.g. {"Content-Type", "application/problem+json"}.
    std::vector<std::pair<std::string, std::string>> headers;
    /// The RFC 9457 problem details on failure (application/problem+json); empty on success.
    std::string body;
    /// The new value on success (the current one after a patch that changed nothing), nullopt on
    /// failure. The caller stores it, serialises it as the response content and sets its
    /// Content-Type.
    std::optional<T> updated;
    /// Whether the patch changed the resource's JSON form; only then does the caller store a new
    /// version and send a new ETag.
    bool changed = false;
};

} // namespace jsonpatch::http

namespace jsonpatch::detail {

// The Accept-Patch field every answer carries: RFC 5789 §3.1 lets it appear on any response,
// and it tells a client which formats to use instead of the one it sent.
inline std::pair<std::string, std::string> accept_patch_field() {
    return {"Accept-Patch", http::accept_patch()};
}

// An answer with a problem details body (RFC 9457 §3) and no value.
template <class T, class J>
[[nodiscard]] http::patch_response<T> problem_answer(const basic_problem_details<J>& problem) {
    http::patch_response<T> out;
    out.status = problem.status;
    out.headers.emplace_back("Content-Type", std::string(problem_json_media_type));
    out.headers.push_back(accept_patch_field());
    // The body's text is already valid UTF-8 (make_problem_details repairs it); replace is a
    // second guard, so that dumping can never throw.
    out.body = problem.body.dump(-1, ' ', false, J::error_handler_t::replace);
    return out;
}

// The answers that come before the patch is looked at, in RFC 9110 §13.2.1's order: what the
// request cannot be (405, 415), then the preconditions (412, 428). nullopt: apply the patch.
// `format` is patch_format_of(request.content_type).
template <class T, class J>
[[nodiscard]] std::optional<http::patch_response<T>>
refusal_before_body(const http::patch_request& request, std::optional<http::patch_format> format,
                    std::string_view current_etag) {
    if (request.method != "PATCH") {
        auto out = problem_answer<T>(make_problem_details<J>(
            405, "the method is not PATCH; this handler answers PATCH only"));
        out.headers.emplace_back("Allow", "PATCH");
        return out;
    }
    if (!format) {
        return problem_answer<T>(
            make_problem_details<J>(415, "the content type must be application/json-patch+json or "
                                         "application/merge-patch+json (see Accept-Patch)"));
    }
    if (!current_etag.empty() && !parse_entity_tag(current_etag)) {
        // The server's own tag is malformed (unquoted, say): no precondition can be evaluated.
        return problem_answer<T>(make_problem_details<J>(
            500, "the server cannot evaluate preconditions for this resource"));
    }
    switch (http::evaluate_preconditions("PATCH", request.if_match, request.if_none_match,
                                         current_etag, true, request.require_if_match)) {
    case http::precondition::proceed:
        return std::nullopt;
    case http::precondition::required:
        return problem_answer<T>(make_problem_details<J>(
            428, "this request must be conditional: send If-Match with the ETag of the version "
                 "the patch was written against"));
    case http::precondition::failed:
    case http::precondition::not_modified: // GET and HEAD only; a PATCH's match is a failure
        break;
    }
    return problem_answer<T>(make_problem_details<J>(
        412, "If-Match or If-None-Match does not hold for the current version of the resource"));
}

} // namespace jsonpatch::detail

namespace jsonpatch::http {

/// Answers a PATCH request to a resource whose current value is `current`: everything between
/// the HTTP library and apply_to, with no socket and no framework. `current_etag` is the current
/// representation's entity tag as sent in an ETag field (quoted, as strong_etag returns it;
/// empty if it has none). In order:
/// 1. a method other than "PATCH": 405 with `Allow: PATCH` (route other methods elsewhere);
/// 2. a Content-Type patch_format_of does not recognise (empty included): 415;
/// 3. a `current_etag` that is neither empty nor an entity tag: 500 (a server bug);
/// 4. the preconditions (evaluate_preconditions, `resource_exists` true): 428 when If-Match is
///    required and missing, 412 when If-Match or If-None-Match does not hold. The body has not
///    been looked at: a stale client learns so whatever it sent;
/// 5. the body, parsed as the model's JSON type `J`, applied with apply_to_outcome (JSON Patch)
///    or apply_merge_to_outcome (merge patch) under `model` and the per-call `checks`: any error
///    is answered with the status of to_problem_details (400 malformed or invalid UTF-8, 403 not
///    granted, 409 a failed test or a check's errc::conflict, 413 a limit of the model's such as
///    max_patch_bytes, 422 an invalid result, 500 a model that does not verify). Merge patch
///    errors name the member (`path`), never an op_index;
/// 6. success: 200, `updated` holds the new value and `changed` whether it differs (false for a
///    no-op, such as a patch of tests), and the body is empty.
///
/// Every failure has an RFC 9457 body (`type`, `title`, `status`, `detail`, and for an error of
/// the patch `code`, `op_index`, `path`, `from`) sent with `Content-Type:
/// application/problem+json`, and no `updated` value. Every answer carries Accept-Patch. Send
/// `headers` as given, plus on success the serialised `updated`, its Content-Type, and an ETag:
/// a new one when `changed`, the same one otherwise. Thread safety: that of apply_to (the model
/// may serve concurrent calls); reading `current` and storing `updated` is the caller's
/// transaction. Only std::bad_alloc, and what a check throws that is not a std::exception,
/// propagates.
template <class T, class J, class... Checks>
[[nodiscard]] patch_response<T>
handle_patch(const patch_request& request, const T& current, std::string_view current_etag,
             const basic_model<T, J>& model, const Checks&... checks) {
    const std::optional<patch_format> format = patch_format_of(request.content_type);
    if (auto refused = detail::refusal_before_body<T, J>(request, format, current_etag)) {
        return std::move(*refused);
    }
    auto outcome = format == patch_format::json_patch
                       ? apply_to_outcome(current, request.body, model, checks...)
                       : apply_merge_to_outcome(current, request.body, model, checks...);
    if (!outcome) {
        return detail::problem_answer<T>(to_problem_details<J>(outcome.error()));
    }
    patch_response<T> out;
    out.headers.push_back(detail::accept_patch_field());
    out.changed = outcome->changed;
    out.updated = std::move(outcome->value);
    return out;
}

} // namespace jsonpatch::http

#endif // JSONPATCH_HTTP_HPP
