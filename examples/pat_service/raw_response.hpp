// SPDX-License-Identifier: MIT
// Complete HTTP responses for requests the front end refuses before routing.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_RAW_RESPONSE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_RAW_RESPONSE_HPP

#include <string>
#include <string_view>

namespace pat_service {

/// The standard reason phrase of `status` ("Payload Too Large"), or "Error".
[[nodiscard]] std::string_view reason_phrase(int status);

/// "HTTP/1.1 <status> <reason>" with an ErrorResponseDto body (as jsonpatch::make_http_error
/// builds it, detailCode "<status> <reason>") and "Connection: close": the front end closes the
/// connection after every such answer, since the request's framing can no longer be trusted.
[[nodiscard]] std::string raw_error_response(int status, std::string_view text,
                                             std::string_view tracking_id);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_RAW_RESPONSE_HPP
