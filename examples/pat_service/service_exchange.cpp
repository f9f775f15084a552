// SPDX-License-Identifier: MIT
// What the HTTP server hands the routes and what they give back, free of any HTTP library's types.
#include "service_exchange.hpp"

#include <jsonpatch/http_status.hpp>
#include <jsonpatch/problem_details.hpp>

#include <array>

namespace pat_service {

std::string_view route_label(route_id route) {
    static constexpr std::array<std::string_view, route_count> labels = {
        "/personal-access-tokens",
        "/personal-access-tokens/{id}",
        "/healthz",
        "/readyz",
        "/metrics",
        "unmatched"};
    return labels[static_cast<std::size_t>(route)];
}

std::string_view reason_phrase(int status) {
    // The statuses only the HTTP layer sends; the library knows the others.
    switch (status) {
    case 408:
        return "Request Timeout";
    case 414:
        return "URI Too Long";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return jsonpatch::http_reason_phrase(status);
    }
}

service_response error_response(int status, std::string_view text, std::string_view tracking_id) {
    const std::string detail = std::to_string(status) + " " + std::string(reason_phrase(status));
    service_response out;
    out.status = status;
    out.body = jsonpatch::make_http_error(status, detail, text, tracking_id).body.dump(2);
    out.body += '\n';
    return out;
}

service_response unavailable_response(std::string_view text, std::string_view tracking_id) {
    service_response out = error_response(503, text, tracking_id);
    out.headers.emplace_back("Retry-After", std::to_string(unavailable_retry_seconds));
    return out;
}

} // namespace pat_service
