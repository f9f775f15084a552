// SPDX-License-Identifier: MIT
// One client connection of the HTTP server: Beast reads and frames its requests one after
// another, the routes answer them, and deadlines bound every wait.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_SESSION_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_SESSION_HPP

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http_rules.hpp"
#include "http_server.hpp"

namespace pat_service {

class http_session;

/// Where a connection is in its life. At the connection cap, those that hold no request give
/// their slot to a new connection first; then a request that has been arriving for too long.
enum class connection_phase { fresh, reading, busy, idle, lingering, closed };

/// A request still arriving after this long may be cut short (408) to make room at the cap: a
/// client that sends a whole request in less never loses it to another.
inline constexpr std::chrono::milliseconds slow_request_age{1000};

/// Every open connection, oldest first. Thread-safe.
class connection_registry {
  public:
    using entry = std::list<std::weak_ptr<http_session>>::iterator;

    /// `on_removed(open_after)` runs (on the removing thread) after each removal.
    explicit connection_registry(std::function<void(std::size_t)> on_removed)
        : on_removed_(std::move(on_removed)) {}

    [[nodiscard]] entry add(const std::shared_ptr<http_session>& session);
    void remove(entry where);
    [[nodiscard]] std::size_t size() const;

    /// Asks the oldest connection that holds no request (its answer sent and lingering, never
    /// used, or idle between requests) to close; when there is none, the one whose request has
    /// been arriving longest, if that is longer than slow_request_age, to answer 408 and close
    /// (a slowloris client holding many connections loses them before anyone else). False when
    /// there is neither.
    [[nodiscard]] bool evict_one();

    /// Calls `visit` on every live connection.
    void for_each(const std::function<void(const std::shared_ptr<http_session>&)>& visit);

  private:
    mutable std::mutex mutex_;
    std::list<std::weak_ptr<http_session>> sessions_;
    std::function<void(std::size_t)> on_removed_;
};

/// What every connection shares.
struct server_state {
    server_options options;
    server_parts parts;
    connection_registry registry;
    std::atomic<bool> draining{false};
};

/// One connection. Every handler runs on the thread of the io_context that owns it; evict() and
/// drain() may be called from any thread.
class http_session : public std::enable_shared_from_this<http_session> {
  public:
    http_session(boost::asio::ip::tcp::socket&& socket, server_state& state);
    http_session(const http_session&) = delete;
    http_session& operator=(const http_session&) = delete;
    ~http_session();

    /// Registers the connection and waits for its first request.
    void start();
    /// Closes the connection if it holds no request, or answers 408 if its request has been
    /// arriving longer than slow_request_age (see connection_registry::evict_one).
    void evict();
    /// The server is draining: a connection that holds no request closes after a short grace
    /// (a client may be sending its next request right now); the others close after their answer.
    void drain();

    [[nodiscard]] connection_phase phase() const { return phase_.load(); }
    /// When the request now arriving began; the epoch when none is.
    [[nodiscard]] std::chrono::steady_clock::time_point reading_since() const {
        return std::chrono::steady_clock::time_point(
            std::chrono::steady_clock::duration(reading_since_.load()));
    }

  private:
    using clock = std::chrono::steady_clock;
    using error_code = boost::beast::error_code;

    void wait_for_request(std::chrono::milliseconds timeout);
    void on_first_bytes(error_code error, std::size_t bytes);
    void begin_request();
    void parse();
    [[nodiscard]] bool on_header_done();
    void read_more();
    void on_read(error_code error, std::size_t bytes);
    [[nodiscard]] service_request request_of_header();
    void end_request();
    void on_request();
    void run_store_work(route_decision decision, std::string body);
    void respond(service_response answer);
    void record(const service_response& answer);
    void on_written(error_code error);
    void refuse(const refusal& why);
    void linger();
    void on_linger_read(error_code error, std::size_t bytes);
    void arm_timer(std::chrono::milliseconds after);
    void on_timer();
    void cut_short();
    void close();
    [[nodiscard]] std::string client_address() const;

    server_state& state_;
    boost::beast::tcp_stream stream_;
    boost::asio::steady_timer timer_;
    std::uint64_t timer_generation_ = 0;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    boost::beast::http::response<boost::beast::http::string_body> response_;
    boost::beast::http::response<boost::beast::http::empty_body> continue_;
    std::atomic<connection_phase> phase_{connection_phase::fresh};
    std::atomic<std::chrono::steady_clock::rep> reading_since_{0};
    std::optional<connection_registry::entry> entry_;
    std::string peer_;
    std::size_t served_ = 0;
    // The request being read.
    std::size_t scanned_ = 0;
    bool header_end_ = false;
    bool header_checked_ = false;
    bool request_timer_armed_ = false;
    bool request_timed_out_ = false;
    header_facts facts_;
    clock::time_point started_;
    std::string tracking_id_;
    std::string method_ = "-";
    std::string client_;
    route_decision pending_; ///< what the routes decided, waiting for the body
    // The answer being written.
    bool close_after_ = false;
    bool head_ = false;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_SESSION_HPP
