// SPDX-License-Identifier: MIT
// What the HTTP server hands the routes and what they give back, free of any HTTP library's types.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_EXCHANGE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_EXCHANGE_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pat_service {

/// The routes a request can take; metrics and the access log name requests by these, never by
/// the raw target (which a client chooses, so it would let anyone grow the metrics without bound).
enum class route_id { collection, token, healthz, readyz, metrics, unmatched };

/// The number of route_id values.
inline constexpr std::size_t route_count = 6;

/// The label of a route in metrics and logs: "/personal-access-tokens/{id}" and so on;
/// "unmatched" for anything else, including requests refused before they were routed.
[[nodiscard]] std::string_view route_label(route_id route);

/// One request the server has framed and checked against HTTP/1.1's rules. Field values are
/// verbatim (RFC 9110 §5.5): never percent-decoded, never cut. A field that came in several field
/// lines is joined with ", " (RFC 9110 §5.3); `authorization_count` says how many there were.
struct service_request {
    std::string method; ///< "GET", "PATCH", ...; any token the client sent
    std::string path;   ///< the target's path, still percent-encoded ("/" for an empty one)
    std::optional<std::string> authorization;
    std::size_t authorization_count = 0;
    std::optional<std::string> content_type;
    std::optional<std::string> if_match;
    std::optional<std::string> if_none_match;
    std::string body;           ///< empty while the routes decide from the header
    std::string client_address; ///< the peer, or the proxy's X-Forwarded-For entry (--trust-proxy)
    std::string tracking_id;    ///< fresh per request: error bodies and the access log carry it
};

/// One response, before the server adds Date, Cache-Control, Content-Length and Connection.
struct service_response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string content_type = "application/json";

    // For the access log and metrics; never sent.
    route_id route = route_id::unmatched;
    std::string identity;      ///< the authenticated identity, empty when there is none
    std::string token_id;      ///< the (validated) token id a token route named, else empty
    bool store_failed = false; ///< a store call failed (store_unavailable)
};

/// Seconds a client is asked to wait (Retry-After) after a 503: the store is slow or gone, or
/// every store thread is busy.
inline constexpr int unavailable_retry_seconds = 1;

/// The platform's ErrorResponseDto for `status`: detailCode "<status> <reason phrase>", one
/// English message `text` and the request's tracking id. Every error the service sends has
/// this shape, whatever produced it.
[[nodiscard]] service_response error_response(int status, std::string_view text,
                                              std::string_view tracking_id);

/// 503 with Retry-After and the error body: the store did not answer in time, or no store thread
/// was free.
[[nodiscard]] service_response unavailable_response(std::string_view text,
                                                    std::string_view tracking_id);

/// The reason phrase of an error status the service sends (RFC 9110 §15), "Error" for others.
[[nodiscard]] std::string_view reason_phrase(int status);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_EXCHANGE_HPP
