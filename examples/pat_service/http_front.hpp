// SPDX-License-Identifier: MIT
// The service's own front end: one event-loop thread owns every socket, and only complete
// requests reach the worker threads.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_FRONT_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_FRONT_HPP

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "buffer_stream.hpp"
#include "request_framer.hpp"
#include "tracking_ids.hpp"
#include "worker_pool.hpp"

namespace pat_service {

/// Threads, caps and timeouts of the front end.
struct front_options {
    std::string host = "127.0.0.1";
    int port = 0;
    std::size_t threads = 8;
    /// Open connections at most; also the listen backlog. Each costs at most one request's
    /// caps in memory (headers + max_body), so the worst case is bounded.
    std::size_t max_connections = 256;
    http_limits limits;
    /// From a request's first byte to its last; a slower client gets 408 and is closed.
    std::chrono::milliseconds request_timeout{10'000};
    /// A kept-alive connection waiting for its next request.
    std::chrono::milliseconds idle_timeout{5'000};
    /// A response the client does not read.
    std::chrono::milliseconds write_timeout{10'000};
    /// After stop(): time for the requests already received (and those arriving on open
    /// connections in the first moments) to be answered.
    std::chrono::milliseconds drain_timeout{5'000};
    std::size_t max_requests_per_connection = 1000;
};

/// Runs one complete request: appends the whole response to `response` and sets
/// `connection_closed` when the connection must not carry another request. Called on a worker
/// thread.
using request_handler =
    std::function<void(std::string_view request, const endpoints& ends, bool close_connection,
                       std::string& response, bool& connection_closed)>;

/// A slow or hostile client costs a socket and a bounded buffer, never a worker: the event loop
/// reads and frames each request (request_framer) and hands it on only when it is complete, so
/// `threads` workers serve whoever is ready while thousands of connections trickle. Workers
/// answer with one write; the loop finishes what the socket did not take.
class http_front {
  public:
    http_front(front_options options, request_handler handler, tracking_ids& ids);
    http_front(const http_front&) = delete;
    http_front& operator=(const http_front&) = delete;
    ~http_front();

    /// Binds and listens; returns the port. Throws std::system_error.
    int listen();

    /// Serves until stop(), then stops accepting (after taking what already waits in the
    /// backlog), answers what was received, and returns within drain_timeout plus the time the
    /// requests in the workers take.
    void run();

    /// Thread-safe; run() begins to drain.
    void stop();

  private:
    struct connection;
    struct completion {
        int fd = -1;
        std::string unsent;
        bool close = false;
        bool broken = false;
    };

    void on_event(int fd, unsigned events);
    void accept_pending(bool ignore_cap);
    [[nodiscard]] int find_idle_connection() const;
    void read_from(connection& c);
    void process_input(connection& c);
    void dispatch(connection& c);
    void run_request(int fd, const std::string& request, const endpoints& ends, bool close);
    void take_completions();
    void finish_response(connection& c, bool close);
    void respond_and_close(connection& c, int status, std::string_view text);
    void flush(connection& c);
    void start_linger(connection& c);
    void discard_input(connection& c);
    void sweep(std::chrono::steady_clock::time_point now);
    void begin_drain();
    void watch(connection& c, unsigned events);
    void close_connection(int fd);
    void set_accepting(bool on);

    front_options options_;
    request_handler handler_;
    tracking_ids& ids_;
    int epoll_fd_ = -1;
    int listen_fd_ = -1;
    int wake_fd_ = -1;
    bool accepting_ = false;
    bool draining_ = false;
    std::chrono::steady_clock::time_point drain_deadline_;
    std::atomic<bool> stop_requested_{false};
    std::unordered_map<int, std::unique_ptr<connection>> connections_;
    std::mutex completions_mutex_;
    std::vector<completion> completions_;
    std::unique_ptr<worker_pool> workers_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_FRONT_HPP
