// SPDX-License-Identifier: MIT
// Finds where one HTTP/1.1 request ends, enforcing size caps as the bytes arrive.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_REQUEST_FRAMER_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_REQUEST_FRAMER_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pat_service {

/// Caps on one request; every one is checked before the bytes it limits are kept.
struct http_limits {
    std::size_t max_body = 1024 * 1024;       ///< decoded body bytes, any framing: 413
    std::size_t max_request_line = 8 * 1024;  ///< "METHOD target HTTP/1.1": 414
    std::size_t max_header_line = 8 * 1024;   ///< one header field line: 431
    std::size_t max_header_bytes = 32 * 1024; ///< all header (and trailer) lines: 431
    std::size_t max_header_count = 100;       ///< header (and trailer) fields: 431
};

/// Why a request was refused before it reached the routes: the status and a short text.
struct framing_error {
    int status = 400;
    std::string text;
};

/// An incremental HTTP/1.1 request parser (RFC 9112) that only frames: it reads the request
/// line and header fields, decodes a Content-Length or chunked body, and hands on the request
/// rewritten with a plain Content-Length (no Transfer-Encoding, no Expect), so the request
/// handler behind it never sees an unbounded or half-received body. Strict where leniency would
/// let this parser and the handler's disagree: bare LF or CR, obs-fold, whitespace before a
/// colon, Content-Length together with Transfer-Encoding, and conflicting Content-Lengths are
/// all 400.
class request_framer {
  public:
    enum class status { need_more, complete, failed };

    explicit request_framer(const http_limits& limits) : limits_(limits) {}

    /// Consumes what it can from the front of `buffer` (erasing it). complete: take_request()
    /// holds the request and `buffer` starts with whatever followed it; failed: error() says why
    /// and the connection must close.
    [[nodiscard]] status feed(std::string& buffer);

    /// True once any byte of the current request has been consumed.
    [[nodiscard]] bool has_started() const { return state_ != state::request_line || started_; }

    /// True when the header section asked for "100-continue" and the body has yet to come.
    [[nodiscard]] bool should_send_continue();

    [[nodiscard]] const framing_error& error() const { return error_; }

    /// The complete request, and a reset for the next one on the connection.
    [[nodiscard]] std::string take_request();

  private:
    enum class state {
        request_line,
        headers,
        body,
        chunk_size,
        chunk_data,
        chunk_end,
        trailers,
        done,
        failed
    };

    status fail(int code, std::string text);
    status on_request_line(std::string_view line);
    status on_header_line(std::string_view line);
    status on_headers_end();
    status on_chunk_size(std::string_view line);
    status on_trailer_line(std::string_view line);
    status take_line(std::string& buffer, std::size_t cap, int cap_status,
                     status (request_framer::*handler)(std::string_view));
    status take_body(std::string& buffer);

    http_limits limits_;
    state state_ = state::request_line;
    bool started_ = false;
    framing_error error_;
    std::string head_;
    std::string body_;
    bool http10_ = false;
    bool has_length_ = false;
    std::uint64_t length_ = 0;
    std::string transfer_encoding_;
    std::string content_encoding_;
    bool expects_continue_ = false;
    bool continue_sent_ = false;
    std::size_t header_count_ = 0;
    std::size_t header_bytes_ = 0;
    std::uint64_t chunk_left_ = 0;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_REQUEST_FRAMER_HPP
