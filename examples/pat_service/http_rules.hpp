// SPDX-License-Identifier: MIT
// The HTTP/1.1 rules the service adds to what Boost.Beast's parser enforces: the checks on a
// parsed header that decide 400, 413, 414, 415, 417, 431, 501 and 505, and the status of each of
// Beast's parse errors.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_RULES_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_RULES_HPP

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "http_limits.hpp"

namespace pat_service {

/// Why a request is refused before it reaches the routes. The connection closes after the answer.
struct refusal {
    int status = 400;
    std::string text;
};

/// A request's header as Beast parsed it.
using request_header = boost::beast::http::request<boost::beast::http::string_body>;

/// What the header says beyond Beast's own checks.
struct header_facts {
    bool expects_continue = false; ///< "Expect: 100-continue"
};

/// RFC 9112 and RFC 9110 rules on a parsed header, the first broken one (in this order) as a
/// refusal: an unknown method 501 (RFC 9110 §9.1); a target over the request-line cap 414, or not
/// in origin, absolute or (OPTIONS only) asterisk form 400 (RFC 9112 §3.2); more fields than the
/// cap or a field line over its cap 431; two Content-Length fields or a list in one 400 (RFC 9112
/// §6.3, even with equal values: a proxy in front may have read them differently);
/// Transfer-Encoding in HTTP/1.0 400, any coding but exactly "chunked" 501 (RFC 9112 §6.1); a
/// Content-Encoding other than identity 415 (decoding would let a small body grow past every cap,
/// RFC 7694 §3); an expectation other than 100-continue 417 (RFC 9110 §10.1.1); no Host in
/// HTTP/1.1, two Host fields or an invalid Host 400 (RFC 9112 §3.2).
[[nodiscard]] std::optional<refusal> check_header(const request_header& header,
                                                  const http_limits& limits, header_facts& facts);

/// The refusal for a Beast parse error: header_limit 431, or 414 when the request line itself is
/// longer than its cap (`unparsed` are the bytes Beast did not consume; `line_parsed` whether it
/// read the request line); body_limit 413; a bad version 505 for "HTTP/<digit>.<digit>" above 1.1,
/// 400 otherwise; every other syntax error 400.
[[nodiscard]] refusal refusal_for(boost::beast::error_code error, std::string_view unparsed,
                                  bool line_parsed, const http_limits& limits);

/// Looks for obsolete line folding (a field line starting with SP or HTAB, RFC 9112 §5.2) in the
/// header bytes `bytes`, from `scanned` on; sets `scanned` to where the next call resumes and
/// `header_end` once the empty line ending the header section is seen. Beast would unfold such a
/// line; the service refuses it (400), as RFC 9112 §5.2 allows, so that no proxy in front can
/// read the field differently.
[[nodiscard]] bool has_folded_line(std::string_view bytes, std::size_t& scanned, bool& header_end);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_RULES_HPP
