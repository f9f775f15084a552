// SPDX-License-Identifier: MIT
// Complete HTTP responses for requests the front end refuses before routing.
#include "raw_response.hpp"

#include <jsonpatch/http_status.hpp>

namespace pat_service {

std::string_view reason_phrase(int status) {
    switch (status) {
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 431:
        return "Request Header Fields Too Large";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Error";
    }
}

std::string raw_error_response(int status, std::string_view text, std::string_view tracking_id) {
    const std::string status_line =
        std::to_string(status) + " " + std::string(reason_phrase(status));
    const std::string body =
        jsonpatch::make_http_error(status, status_line, text, tracking_id).body.dump(2) + "\n";
    std::string out = "HTTP/1.1 " + status_line + "\r\n";
    out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += body;
    return out;
}

} // namespace pat_service
