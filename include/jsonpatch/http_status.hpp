// SPDX-License-Identifier: MIT
/// \file
/// Maps jsonpatch errors to an HTTP status and an ErrorResponseDto-shaped JSON body.
#ifndef JSONPATCH_HTTP_STATUS_HPP
#define JSONPATCH_HTTP_STATUS_HPP

#include <jsonpatch/detail/utf8.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace jsonpatch {

/// An HTTP error response: the status code and the JSON body (of type `J`) to send with it.
template <class J>
struct basic_http_error {
    /// The HTTP status code.
    int status = 400;
    /// {"detailCode", "trackingId", "messages": [{"locale", "localeOrigin", "text"}], "causes": [...]}
    J body;
};
/// An HTTP error response with an nlohmann::json body.
using http_error = basic_http_error<nlohmann::json>;

/// The detailCode of a 400 caused by the patch document or its result.
inline constexpr std::string_view bad_request_detail_code = "400.1 Bad Request Content";

namespace detail {

template <class J>
[[nodiscard]] J localized_text(std::string_view text) {
    J entry = J::object();
    entry["locale"] = "en-US";
    entry["localeOrigin"] = "DEFAULT";
    entry["text"] = valid_utf8(text);
    return entry;
}

} // namespace detail

/// A body of the ErrorResponseDto shape for any failure, e.g. a service-level one:
/// `make_http_error(404, "404 Not found", "token not found", tracking_id)`. `messages` holds
/// `text`, `causes` is empty. Text that is not valid UTF-8 is repaired (U+FFFD), so the body
/// always serialises.
/// The body is an nlohmann::json unless another basic_json type is asked for
/// (`make_http_error<nlohmann::ordered_json>(...)` keeps the members in the order above).
template <class J = nlohmann::json>
[[nodiscard]] basic_http_error<J> make_http_error(int status, std::string_view detail_code,
                                                  std::string_view text,
                                                  std::string_view tracking_id) {
    detail::require_document_type<J>();
    basic_http_error<J> out;
    out.status = status;
    out.body = J::object();
    out.body["detailCode"] = detail::valid_utf8(detail_code);
    out.body["trackingId"] = detail::valid_utf8(tracking_id);
    out.body["messages"] = J::array({detail::localized_text<J>(text)});
    out.body["causes"] = J::array();
    return out;
}

/// Maps any jsonpatch::error (a malformed or disallowed patch, a failed operation, an invalid
/// result, a conflict) to status 400 with detailCode "400.1 Bad Request Content". The message
/// text reads "op 1, path '/id', from '/x': <message>" (the parts that are set), and `causes`
/// lists, one entry each: "code <errc name> (<number>)", "op <index>", "path '<pointer>'",
/// "from '<pointer>'", again only those that are set. A service that wants another status for
/// some codes (409 for errc::conflict, say) overrides `status` on the result. The exception is
/// errc::invalid_model, the server's own programming error: status 500, detailCode
/// "500 Internal Server Error", a fixed text and no causes (the message describes the server's
/// configuration, for its logs).
/// The body is an nlohmann::json unless another basic_json type is asked for.
template <class J = nlohmann::json>
[[nodiscard]] basic_http_error<J> to_http_error(const error& e, std::string_view tracking_id) {
    if (e.code == errc::invalid_model) {
        return make_http_error<J>(500, "500 Internal Server Error",
                                  "the server cannot apply patches to this resource", tracking_id);
    }
    std::string where;
    std::string code = "code ";
    code += to_string(e.code);
    code += " (" + std::to_string(static_cast<int>(e.code)) + ")";
    J causes = J::array({detail::localized_text<J>(code)});
    const auto add_part = [&where, &causes](std::string part) {
        where += where.empty() ? "" : ", ";
        where += part;
        causes.push_back(detail::localized_text<J>(part));
    };
    if (e.op_index) {
        add_part("op " + std::to_string(*e.op_index));
    }
    if (e.path) {
        add_part("path '" + *e.path + "'");
    }
    if (e.from) {
        add_part("from '" + *e.from + "'");
    }
    const std::string text = where.empty() ? e.message : where + ": " + e.message;
    basic_http_error<J> out = make_http_error<J>(400, bad_request_detail_code, text, tracking_id);
    out.body["causes"] = std::move(causes);
    return out;
}

} // namespace jsonpatch

#endif // JSONPATCH_HTTP_STATUS_HPP
