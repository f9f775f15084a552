// SPDX-License-Identifier: MIT
// Finds where one HTTP/1.1 request ends, enforcing size caps as the bytes arrive.
#include "request_framer.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <utility>

namespace pat_service {

namespace {

// A chunk-size line with its extensions; nothing legitimate comes near it.
constexpr std::size_t max_chunk_line = 4096;

// RFC 9110 §5.6.2 tchar.
[[nodiscard]] bool is_tchar(char c) {
    static constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           specials.find(c) != std::string_view::npos;
}

[[nodiscard]] bool is_token(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

// The methods httplib's request parser accepts; the routes answer 405 for those they refuse.
[[nodiscard]] bool is_known_method(std::string_view method) {
    static constexpr std::string_view known[] = {"GET",     "HEAD",    "POST",  "PUT",  "DELETE",
                                                 "CONNECT", "OPTIONS", "TRACE", "PATCH"};
    return std::find(std::begin(known), std::end(known), method) != std::end(known);
}

[[nodiscard]] std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

[[nodiscard]] std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// Field values may hold HTAB and obs-text but no other control character (RFC 9110 §5.5).
[[nodiscard]] bool is_field_value(std::string_view value) {
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && c != '\t') || byte == 0x7F;
    });
}

[[nodiscard]] bool is_request_target(std::string_view target) {
    return !target.empty() && std::all_of(target.begin(), target.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte > 0x20 && byte != 0x7F;
    });
}

// Decimal digits to a value, saturating at `ceiling` + 1 (the caller only compares with it).
[[nodiscard]] std::uint64_t parse_decimal(std::string_view digits, std::uint64_t ceiling) {
    std::uint64_t value = 0;
    for (const char c : digits) {
        value = std::min(ceiling + 1, value * 10 + static_cast<std::uint64_t>(c - '0'));
    }
    return value;
}

} // namespace

request_framer::status request_framer::fail(int code, std::string text) {
    state_ = state::failed;
    error_ = framing_error{code, std::move(text)};
    return status::failed;
}

request_framer::status request_framer::feed(std::string& buffer) {
    for (;;) {
        status step = status::need_more;
        switch (state_) {
        case state::request_line:
            step =
                take_line(buffer, limits_.max_request_line, 414, &request_framer::on_request_line);
            break;
        case state::headers:
            step = take_line(buffer, limits_.max_header_line, 431, &request_framer::on_header_line);
            break;
        case state::trailers:
            step =
                take_line(buffer, limits_.max_header_line, 431, &request_framer::on_trailer_line);
            break;
        case state::chunk_size:
            step = take_line(buffer, max_chunk_line, 400, &request_framer::on_chunk_size);
            break;
        case state::body:
        case state::chunk_data:
            step = take_body(buffer);
            break;
        case state::chunk_end:
            if (buffer.size() < 2) {
                return status::need_more;
            }
            if (buffer.compare(0, 2, "\r\n") != 0) {
                return fail(400, "chunk data is not followed by CRLF");
            }
            buffer.erase(0, 2);
            state_ = state::chunk_size;
            step = status::complete;
            break;
        case state::done:
            return status::complete;
        case state::failed:
            return status::failed;
        }
        if (step != status::complete) {
            return step;
        }
    }
}

// `complete` here means "made progress, go on"; feed() turns the final state into its answer.
request_framer::status
request_framer::take_line(std::string& buffer, std::size_t cap, int cap_status,
                          status (request_framer::*handler)(std::string_view)) {
    const bool in_fields = state_ == state::headers || state_ == state::trailers;
    const auto newline = buffer.find('\n');
    const std::size_t pending = newline == std::string::npos ? buffer.size() : newline + 1;
    if (pending > cap) {
        return fail(cap_status,
                    cap_status == 414 ? "request line too long" : "header or chunk line too long");
    }
    if (in_fields && header_bytes_ + pending > limits_.max_header_bytes) {
        return fail(431, "header section too large");
    }
    if (newline == std::string::npos) {
        return status::need_more;
    }
    if (newline == 0 || buffer[newline - 1] != '\r') {
        return fail(400, "line not terminated by CRLF");
    }
    const std::string line = buffer.substr(0, newline - 1);
    buffer.erase(0, newline + 1);
    started_ = true;
    if (line.find_first_of(std::string_view("\r\0", 2)) != std::string::npos) {
        return fail(400, "bare CR or NUL in a line");
    }
    if (in_fields && !line.empty()) {
        header_bytes_ += line.size() + 2;
        if (++header_count_ > limits_.max_header_count) {
            return fail(431, "too many header fields");
        }
    }
    const status outcome = (this->*handler)(line);
    return outcome == status::failed ? outcome : status::complete;
}

request_framer::status request_framer::on_request_line(std::string_view line) {
    if (line.empty()) {
        return status::complete; // RFC 9112 §2.2: ignore empty lines before a request line
    }
    const auto first = line.find(' ');
    const auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos) {
        return fail(400, "malformed request line");
    }
    const auto method = line.substr(0, first);
    const auto target = line.substr(first + 1, second - first - 1);
    const auto version = line.substr(second + 1);
    if (!is_token(method) || !is_request_target(target)) {
        return fail(400, "malformed request line");
    }
    if (!is_known_method(method)) {
        // httplib would answer an extension method with a bare 400; RFC 9110 §9.1 says 501.
        return fail(501, "method not implemented");
    }
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        const bool looks_like_http = version.size() == 8 && version.substr(0, 5) == "HTTP/" &&
                                     std::isdigit(static_cast<unsigned char>(version[5])) != 0 &&
                                     version[6] == '.' &&
                                     std::isdigit(static_cast<unsigned char>(version[7])) != 0;
        return looks_like_http ? fail(505, "HTTP version not supported")
                               : fail(400, "malformed request line");
    }
    http10_ = version == "HTTP/1.0";
    head_.assign(line);
    head_ += "\r\n";
    state_ = state::headers;
    return status::complete;
}

request_framer::status request_framer::on_header_line(std::string_view line) {
    if (line.empty()) {
        return on_headers_end();
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
        // Also catches obs-fold and whitespace before the colon (RFC 9112 §5.1, §5.2).
        return fail(400, "malformed header field");
    }
    const auto name = line.substr(0, colon);
    const auto value = trim(line.substr(colon + 1));
    if (!is_field_value(value)) {
        return fail(400, "control character in a header field");
    }
    const std::string key = lower(name);
    if (key == "content-length") {
        if (value.empty() || !std::all_of(value.begin(), value.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c)) != 0;
            })) {
            return fail(400, "invalid Content-Length");
        }
        const std::uint64_t length = parse_decimal(value, limits_.max_body);
        if (has_length_ && length != length_) {
            return fail(400, "conflicting Content-Length fields");
        }
        has_length_ = true;
        length_ = length;
        return status::complete;
    }
    if (key == "transfer-encoding") {
        transfer_encoding_ += transfer_encoding_.empty() ? "" : ", ";
        transfer_encoding_ += value;
        return status::complete;
    }
    if (key == "expect") {
        if (lower(value) != "100-continue") {
            return fail(417, "unsupported expectation");
        }
        expects_continue_ = true;
        return status::complete;
    }
    if (key == "content-encoding") {
        content_encoding_ += content_encoding_.empty() ? "" : ", ";
        content_encoding_ += value;
    }
    head_.append(name).append(": ").append(value).append("\r\n");
    return status::complete;
}

request_framer::status request_framer::on_headers_end() {
    if (!content_encoding_.empty() && lower(trim(content_encoding_)) != "identity") {
        // Decoding would let a small body expand past every cap; RFC 7694 §3 answers 415.
        return fail(415, "content codings are not accepted");
    }
    if (!transfer_encoding_.empty()) {
        if (http10_ || has_length_) {
            return fail(400, "Transfer-Encoding with HTTP/1.0 or with Content-Length");
        }
        if (lower(trim(transfer_encoding_)) != "chunked") {
            return fail(501, "only the chunked transfer coding is supported");
        }
        state_ = state::chunk_size;
        return status::complete;
    }
    if (has_length_ && length_ > limits_.max_body) {
        return fail(413, "request body too large");
    }
    chunk_left_ = length_;
    state_ = length_ == 0 ? state::done : state::body;
    return status::complete;
}

request_framer::status request_framer::on_chunk_size(std::string_view line) {
    std::size_t digits = 0;
    std::uint64_t size = 0;
    const std::uint64_t room = limits_.max_body - body_.size();
    while (digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits])) != 0) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(line[digits])));
        size = std::min(room + 1,
                        size * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10));
        ++digits;
    }
    const auto rest = trim(line.substr(digits));
    if (digits == 0 || (!rest.empty() && rest.front() != ';')) {
        return fail(400, "malformed chunk size");
    }
    if (size > room) {
        // Refused before a byte of this chunk is kept.
        return fail(413, "request body too large");
    }
    chunk_left_ = size;
    state_ = size == 0 ? state::trailers : state::chunk_data;
    return status::complete;
}

request_framer::status request_framer::on_trailer_line(std::string_view line) {
    if (line.empty()) {
        state_ = state::done;
        return status::complete;
    }
    // Trailer fields count against the header caps (take_line did that) and are dropped.
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
        return fail(400, "malformed trailer field");
    }
    return status::complete;
}

request_framer::status request_framer::take_body(std::string& buffer) {
    const std::size_t count =
        static_cast<std::size_t>(std::min<std::uint64_t>(chunk_left_, buffer.size()));
    if (count == 0) {
        return status::need_more;
    }
    body_.append(buffer, 0, count);
    buffer.erase(0, count);
    chunk_left_ -= count;
    if (chunk_left_ == 0) {
        state_ = state_ == state::body ? state::done : state::chunk_end;
    }
    return status::complete;
}

bool request_framer::should_send_continue() {
    const bool waiting_for_body = state_ == state::body || state_ == state::chunk_size ||
                                  state_ == state::chunk_data || state_ == state::chunk_end;
    if (!expects_continue_ || continue_sent_ || !waiting_for_body || !body_.empty()) {
        return false;
    }
    continue_sent_ = true;
    return true;
}

std::string request_framer::take_request() {
    std::string request = std::move(head_);
    request += "Content-Length: " + std::to_string(body_.size()) + "\r\n\r\n";
    request += body_;
    *this = request_framer(limits_);
    return request;
}

} // namespace pat_service
