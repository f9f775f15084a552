// SPDX-License-Identifier: MIT
// The HTTP/1.1 rules the service adds to what Boost.Beast's parser enforces: the checks on a
// parsed header that decide 400, 413, 414, 415, 417, 431, 501 and 505, and the status of each of
// Beast's parse errors.
#include "http_rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "request_target.hpp"

namespace pat_service {

namespace {

namespace http = boost::beast::http;

[[nodiscard]] std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

[[nodiscard]] bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The methods of RFC 9110 §9 and RFC 5789; the routes answer 405 for those they do not allow.
[[nodiscard]] bool is_known_method(std::string_view method) {
    static constexpr std::array<std::string_view, 9> known = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    return std::find(known.begin(), known.end(), method) != known.end();
}

// RFC 9110 §7.2: Host = uri-host [ ":" port ], an IP literal, IPv4 address or reg-name; an empty
// value is allowed (RFC 9112 §3.2).
[[nodiscard]] bool is_host_value(std::string_view host) {
    return std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
               std::string_view("-._~!$&'()*+,;=:%[]").find(c) != std::string_view::npos;
    });
}

[[nodiscard]] std::optional<refusal> check_framing(const request_header& header) {
    if (header.count(http::field::content_length) > 1) {
        return refusal{400, "more than one Content-Length field"};
    }
    if (const auto length = header.find(http::field::content_length); length != header.end()) {
        const auto value = length->value();
        if (value.empty() ||
            !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return refusal{400, "Content-Length must be one decimal number"};
        }
    }
    if (const auto coding = header.find(http::field::transfer_encoding); coding != header.end()) {
        if (header.version() < 11) {
            return refusal{400, "Transfer-Encoding in an HTTP/1.0 request"};
        }
        if (!equals_ignoring_case(trim(coding->value()), "chunked")) {
            return refusal{501, "only the chunked transfer coding is supported"};
        }
    }
    const auto codings = header.equal_range(http::field::content_encoding);
    for (auto it = codings.first; it != codings.second; ++it) {
        if (!equals_ignoring_case(trim(it->value()), "identity")) {
            return refusal{415, "content codings are not accepted"};
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<refusal> check_header(const request_header& header, const http_limits& limits,
                                    header_facts& facts) {
    if (!is_known_method(header.method_string())) {
        return refusal{501, "method not implemented"};
    }
    const auto target = header.target();
    if (target.size() > limits.max_request_line) {
        return refusal{414, "request target too long"};
    }
    const auto path = target_path(target);
    if (!path || (*path == "*" && header.method() != http::verb::options)) {
        return refusal{400, "malformed request target"};
    }
    std::size_t fields = 0;
    for (const auto& field : header) {
        if (++fields > limits.max_header_count) {
            return refusal{431, "too many header fields"};
        }
        if (field.name_string().size() + 2 + field.value().size() > limits.max_header_line) {
            return refusal{431, "header field line too long"};
        }
    }
    if (auto framing = check_framing(header)) {
        return framing;
    }
    const auto expectations = header.count(http::field::expect);
    if (expectations > 0) {
        if (expectations > 1 ||
            !equals_ignoring_case(trim(header.find(http::field::expect)->value()),
                                  "100-continue")) {
            return refusal{417, "unsupported expectation"};
        }
        facts.expects_continue = true;
    }
    const auto hosts = header.count(http::field::host);
    if (hosts > 1 || (hosts == 0 && header.version() >= 11)) {
        return refusal{400, "a request needs exactly one Host field"};
    }
    if (hosts == 1 && !is_host_value(header.find(http::field::host)->value())) {
        return refusal{400, "invalid Host field"};
    }
    return std::nullopt;
}

refusal refusal_for(boost::beast::error_code error, std::string_view unparsed, bool line_parsed,
                    const http_limits& limits) {
    if (error == http::error::header_limit || error == http::error::buffer_overflow) {
        const auto line_end = unparsed.find("\r\n");
        if (!line_parsed &&
            (line_end == std::string_view::npos || line_end > limits.max_request_line)) {
            return refusal{414, "request line too long"};
        }
        return refusal{431, "header section too large"};
    }
    if (error == http::error::body_limit) {
        return refusal{413, "request body too large"};
    }
    if (error == http::error::bad_version) {
        const auto line = unparsed.substr(0, unparsed.find("\r\n"));
        const auto version = line.size() >= 8 ? line.substr(line.size() - 8) : std::string_view();
        const bool looks_like_http = version.size() == 8 && version.substr(0, 5) == "HTTP/" &&
                                     std::isdigit(static_cast<unsigned char>(version[5])) != 0 &&
                                     version[6] == '.' &&
                                     std::isdigit(static_cast<unsigned char>(version[7])) != 0;
        if (looks_like_http && version[5] >= '2') {
            return refusal{505, "HTTP version not supported"};
        }
    }
    return refusal{400, "malformed request"};
}

bool has_folded_line(std::string_view bytes, std::size_t& scanned, bool& header_end) {
    std::size_t i = scanned;
    for (; !header_end && i + 2 < bytes.size(); ++i) {
        if (bytes[i] != '\r' || bytes[i + 1] != '\n') {
            continue;
        }
        const char next = bytes[i + 2];
        if (next == ' ' || next == '\t') {
            return true;
        }
        if (next == '\r') {
            if (i + 3 >= bytes.size()) {
                break; // the empty line's LF is yet to come
            }
            header_end = bytes[i + 3] == '\n';
        }
    }
    scanned = i;
    return false;
}

} // namespace pat_service
