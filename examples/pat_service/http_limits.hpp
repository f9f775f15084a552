// SPDX-License-Identifier: MIT
// The caps on one HTTP request.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_LIMITS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_LIMITS_HPP

#include <cstddef>

namespace pat_service {

/// Caps on one request. Beast enforces the header section and body caps while it reads; the
/// others are checked on the parsed header (http_rules.hpp).
struct http_limits {
    std::size_t max_body = 1024 * 1024;       ///< body bytes, Content-Length or chunked: 413
    std::size_t max_request_line = 8 * 1024;  ///< "METHOD target HTTP/1.1": 414
    std::size_t max_header_line = 8 * 1024;   ///< one field line: 431
    std::size_t max_header_bytes = 32 * 1024; ///< the whole header section: 431
    std::size_t max_header_count = 100;       ///< field lines (trailers included): 431
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_LIMITS_HPP
