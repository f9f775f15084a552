// SPDX-License-Identifier: MIT
/// \file
/// Errors as HTTP responses: RFC 5789 §2.2 statuses and RFC 9457 problem details bodies.
#ifndef JSONPATCH_PROBLEM_DETAILS_HPP
#define JSONPATCH_PROBLEM_DETAILS_HPP

#include <jsonpatch/detail/utf8.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace jsonpatch {

/// The media type of a problem details body (RFC 9457 §3).
inline constexpr std::string_view problem_json_media_type = "application/problem+json";

/// The HTTP status for an error, per RFC 5789 §2.2:
/// - 400 Bad Request: a malformed patch document (bands 100 and 200: pointer syntax, shape,
///   invalid JSON);
/// - 409 Conflict: the patch cannot apply to the resource as it is (band 300: a failed `test`, a
///   missing path, an index out of range), errc::conflict (e.g. a name already taken) and
///   errc::rebase_conflict (a stale patch touches what was changed since its base);
/// - 403 Forbidden: the policy forbids the change (errc::operation_not_allowed,
///   errc::from_not_allowed, errc::resource_read_only). Chosen over 422 because the request is
///   understood and valid, the server refuses it on who may change what, and a client should
///   not retry it with other values; 422 stays for values that make the resource invalid;
/// - 422 Unprocessable Content: the result would be an invalid resource (errc::validation_failed,
///   errc::missing_field, errc::wrong_type, errc::invalid_date_time), or an operation no state of
///   the resource can let succeed (errc::move_into_descendant, errc::root_not_removable: 409
///   would invite a retry after the resource changes, which cannot help);
/// - 413 Content Too Large: a limit of the 500 band. Every limit bounds how much one request may
///   ask of the server (bytes, operations, nesting, nodes), and 413 tells the client to send less;
/// - 500 Internal Server Error: errc::invalid_model, the server's own typed model is wrong (a
///   programming error no request can fix).
/// The 405, 415, 412 and 428 of a PATCH request are jsonpatch::http::handle_patch's
/// (<jsonpatch/http.hpp>); a service answers its other failures itself (see make_problem_details).
[[nodiscard]] constexpr int http_status_of(errc code) noexcept {
    switch (code) {
    case errc::invalid_model:
        return 500;
    case errc::conflict:
    case errc::rebase_conflict:
        return 409;
    case errc::operation_not_allowed:
    case errc::from_not_allowed:
    case errc::resource_read_only:
        return 403;
    case errc::validation_failed:
    case errc::missing_field:
    case errc::wrong_type:
    case errc::invalid_date_time:
    case errc::move_into_descendant:
    case errc::root_not_removable:
        return 422;
    default:
        break;
    }
    switch (band_of(code)) {
    case errc_band::apply:
        return 409;
    case errc_band::limits:
        return 413;
    default:
        return 400;
    }
}

/// The reason phrase of the statuses this header and the services that use it answer (RFC 9110
/// §15); "Error" for any other.
[[nodiscard]] constexpr std::string_view http_reason_phrase(int status) noexcept {
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 412:
        return "Precondition Failed";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 428:
        return "Precondition Required";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Error";
    }
}

/// A problem details response: the status and the RFC 9457 body (an object of type `J`), sent
/// with the media type problem_json_media_type.
template <class J> struct basic_problem_details {
    /// The HTTP status code; the same as the body's "status".
    int status = 400;
    /// The RFC 9457 body: "type", "title", "status", "detail" and any extension members.
    J body;
};
/// Problem details with an nlohmann::json body.
using problem_details = basic_problem_details<nlohmann::json>;

/// A problem details body for any failure, e.g. a service's own 415 or 412:
/// {"type", "title", "status", "detail"}. `type` defaults to "about:blank", and `title` then to
/// the status's reason phrase (RFC 9457 §4.2.1). Text is repaired to valid UTF-8.
template <class J = nlohmann::json>
[[nodiscard]] basic_problem_details<J> make_problem_details(int status, std::string_view detail,
                                                            std::string_view type = {},
                                                            std::string_view title = {}) {
    detail::require_document_type<J>();
    basic_problem_details<J> out;
    out.status = status;
    out.body = J::object();
    out.body["type"] = type.empty() ? std::string("about:blank") : detail::valid_utf8(type);
    out.body["title"] =
        title.empty() ? std::string(http_reason_phrase(status)) : detail::valid_utf8(title);
    out.body["status"] = status;
    out.body["detail"] = detail::valid_utf8(detail);
    return out;
}

/// The problem details for a jsonpatch error: the status of http_status_of, and the body
/// {"type", "title", "status", "detail", "code", "op_index", "path", "from"}, where "detail" is
/// describe(e) and the extension members are the error's own fields ("code" the errc name;
/// "op_index", "path" and "from" only when set, never null), so a client reads which operation
/// failed, where and why without parsing text. For a 500 (errc::invalid_model) "detail" does not
/// repeat the message, which describes the server's own configuration: log describe(e) instead.
/// With the default `type_base` the type is "about:blank" and the title the status's reason
/// phrase; with a base URI of the service's own (say "https://api.example.com/problems/") the
/// type is that base followed by the errc name, e.g. ".../path_not_found", and the title names
/// the kind of problem.
template <class J = nlohmann::json>
[[nodiscard]] basic_problem_details<J> to_problem_details(const error& e,
                                                          std::string_view type_base = {}) {
    const int status = http_status_of(e.code);
    std::string type;
    std::string_view title;
    if (!type_base.empty()) {
        type = std::string(type_base) + std::string(to_string(e.code));
        title = status == 400   ? "Malformed patch document"
                : status == 403 ? "Change not allowed"
                : status == 409 ? "Patch conflicts with the resource"
                : status == 413 ? "Patch exceeds a limit"
                : status == 500 ? "Server cannot apply patches to this resource"
                                : "Patched resource would be invalid";
    }
    const std::string detail =
        status >= 500 ? "the server cannot apply patches to this resource" : describe(e);
    auto out = make_problem_details<J>(status, detail, type, title);
    out.body["code"] = std::string(to_string(e.code));
    if (e.op_index) {
        out.body["op_index"] = *e.op_index;
    }
    if (e.path) {
        out.body["path"] = detail::valid_utf8(*e.path);
    }
    if (e.from) {
        out.body["from"] = detail::valid_utf8(*e.from);
    }
    return out;
}

} // namespace jsonpatch

#endif // JSONPATCH_PROBLEM_DETAILS_HPP
