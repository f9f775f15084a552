// SPDX-License-Identifier: MIT
// The service's HTTP/1.1 server on Boost.Beast and Asio: accepting, connection caps and
// deadlines, keep-alive, and a drain on stop.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_SERVER_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_SERVER_HPP

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "access_log.hpp"
#include "http_limits.hpp"
#include "pat_routes.hpp"
#include "service_metrics.hpp"
#include "store_pool.hpp"
#include "tracking_ids.hpp"

namespace pat_service {

/// Threads, caps and deadlines of the server.
struct server_options {
    std::string host = "127.0.0.1";
    int port = 0;
    /// Threads that run HTTP, each with an io_context of its own (main: the cores, up to 16).
    std::size_t io_threads = 2;
    /// Open connections at most (the listen backlog holds the next ones). Every connection may
    /// cost one request's caps in memory, so main sizes the default to the machine's memory and
    /// the descriptor limit.
    std::size_t max_connections = 256;
    http_limits limits;
    /// A new connection that sends nothing for this long is closed without an answer.
    std::chrono::milliseconds first_byte_timeout{2'000};
    /// From a request's first byte to its last; a slower client gets 408 and is closed.
    std::chrono::milliseconds request_timeout{10'000};
    /// A kept-alive connection waiting for its next request.
    std::chrono::milliseconds idle_timeout{5'000};
    /// A response the client does not read.
    std::chrono::milliseconds write_timeout{10'000};
    /// After stop(): time for the requests already received to be answered.
    std::chrono::milliseconds drain_timeout{5'000};
    std::size_t max_requests_per_connection = 1000;
    /// Take the client's address from the last X-Forwarded-For entry (only behind a proxy that
    /// sets it), for the failed-authentication budget and the access log.
    bool trust_proxy = false;
    /// Run store work on the HTTP thread that read the request, for a store that never waits
    /// for anything (memory:): a hop to a store thread and back would cost more than the call.
    bool store_work_inline = false;
};

/// Everything a request meets on its way, shared by every connection; all must outlive the
/// server.
struct server_parts {
    pat_routes& routes;
    store_pool& reads;  ///< GET, list, readiness
    store_pool& writes; ///< PATCH
    service_metrics& metrics;
    access_log& log;
    tracking_ids& ids;
};

/// Boost.Beast frames every request (with the caps of `limits` and the rules of http_rules.hpp)
/// on `io_threads` threads; store work goes to the store pool, so a slow store never holds an
/// I/O thread, and a slow client costs a socket and its buffers, never a thread. A connection
/// that has never sent a byte, has finished its answer or waits between requests gives its slot
/// to a new one when the cap is reached; otherwise new clients wait in the backlog. accept()
/// failures (EMFILE, ENFILE) pause accepting instead of spinning.
class http_server {
  public:
    http_server(server_options options, server_parts parts);
    http_server(const http_server&) = delete;
    http_server& operator=(const http_server&) = delete;
    ~http_server();

    /// Binds and listens; returns the port. Throws std::system_error.
    int listen();

    /// Serves until stop() and the drain that follows: stops accepting, answers what was
    /// received (with "Connection: close"), and returns when every connection is closed or
    /// drain_timeout has passed since stop(), whichever is first.
    void run();

    /// Thread-safe: begins the drain.
    void stop();

    /// When stop() was called; the drain ends drain_timeout after it.
    [[nodiscard]] std::chrono::steady_clock::time_point drain_deadline() const;

  private:
    class impl;
    std::unique_ptr<impl> impl_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_SERVER_HPP
