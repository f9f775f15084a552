// SPDX-License-Identifier: MIT
// The service's HTTP/1.1 server on Boost.Beast and Asio: accepting, connection caps and
// deadlines, keep-alive, and a drain on stop.
#include "http_server.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>
#include <vector>

#include "http_session.hpp"

namespace pat_service {

namespace net = boost::asio;
using tcp = net::ip::tcp;

// ---- connection_registry ----------------------------------------------------------------------

connection_registry::entry connection_registry::add(const std::shared_ptr<http_session>& session) {
    const std::lock_guard<std::mutex> lock(mutex_);
    return sessions_.insert(sessions_.end(), session);
}

void connection_registry::remove(entry where) {
    std::size_t open = 0;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        sessions_.erase(where);
        open = sessions_.size();
    }
    on_removed_(open);
}

std::size_t connection_registry::size() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return sessions_.size();
}

bool connection_registry::evict_one() {
    std::shared_ptr<http_session> victim;
    std::shared_ptr<http_session> slowest;
    const auto too_old = std::chrono::steady_clock::now() - slow_request_age;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& weak : sessions_) {
            auto session = weak.lock();
            if (!session) {
                continue;
            }
            const auto phase = session->phase();
            if (phase == connection_phase::fresh || phase == connection_phase::idle ||
                phase == connection_phase::lingering) {
                victim = std::move(session);
                break;
            }
            const auto since = session->reading_since();
            if (phase == connection_phase::reading && since.time_since_epoch().count() != 0 &&
                since <= too_old && (!slowest || since < slowest->reading_since())) {
                slowest = std::move(session);
            }
        }
    }
    if (!victim) {
        victim = std::move(slowest);
    }
    if (!victim) {
        return false;
    }
    victim->evict();
    return true;
}

void connection_registry::for_each(
    const std::function<void(const std::shared_ptr<http_session>&)>& visit) {
    std::vector<std::shared_ptr<http_session>> live;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& weak : sessions_) {
            if (auto session = weak.lock()) {
                live.push_back(std::move(session));
            }
        }
    }
    for (const auto& session : live) {
        visit(session);
    }
}

// ---- http_server ------------------------------------------------------------------------------

namespace {

// accept() failing for want of descriptors or memory: pause, then try again, doubling the pause
// up to a second, instead of spinning on a listening socket that stays readable.
constexpr auto first_accept_pause = std::chrono::milliseconds(50);
constexpr auto longest_accept_pause = std::chrono::milliseconds(1000);

[[nodiscard]] bool is_resource_shortage(const boost::system::error_code& error) {
    const int code = error.value();
    return error.category() == boost::system::system_category() &&
           (code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM);
}

} // namespace

// One io_context per I/O thread, each run by that thread alone: a connection's handlers all run
// on the thread that owns it, so no event is handed from one thread to another (on a busy
// machine each hand-off waits for the scheduler). Connections are spread round-robin. The
// acceptor and the server's timers live on the first context.
class http_server::impl {
  public:
    impl(server_options options, server_parts parts)
        : state_{std::move(options),
                 parts,
                 connection_registry([this](std::size_t open) { on_connection_closed(open); }),
                 {}},
          contexts_(make_contexts(state_.options.io_threads)),
          home_(contexts_.front()->get_executor()), acceptor_(home_), pause_timer_(home_),
          drain_timer_(home_) {
        for (auto& context : contexts_) {
            keep_running_.push_back(net::make_work_guard(*context));
        }
    }
    impl(const impl&) = delete;
    impl& operator=(const impl&) = delete;
    // Connections still open are destroyed with the contexts; they must not reach back into them.
    ~impl() { destroying_.store(true); }

    int listen();
    void run();
    void stop();
    [[nodiscard]] std::chrono::steady_clock::time_point drain_deadline() const {
        return drain_deadline_.load();
    }

  private:
    using context_list = std::vector<std::unique_ptr<net::io_context>>;
    [[nodiscard]] static context_list make_contexts(std::size_t count) {
        context_list out;
        for (std::size_t i = 0; i < std::max<std::size_t>(1, count); ++i) {
            out.push_back(std::make_unique<net::io_context>(1));
        }
        return out;
    }
    [[nodiscard]] net::io_context& next_context() {
        next_ = (next_ + 1) % contexts_.size();
        return *contexts_[next_];
    }
    void stop_contexts() {
        for (auto& context : contexts_) {
            context->stop();
        }
    }
    void accept_next();
    void on_accept(const boost::system::error_code& error, tcp::socket socket);
    void on_pending(const boost::system::error_code& error);
    void on_connection_closed(std::size_t open);
    void begin_drain();

    server_state state_;
    std::atomic<bool> destroying_{false};
    context_list contexts_;
    std::vector<net::executor_work_guard<net::io_context::executor_type>> keep_running_;
    net::io_context::executor_type home_;
    tcp::acceptor acceptor_;
    net::steady_timer pause_timer_;
    net::steady_timer drain_timer_;
    std::size_t next_ = 0;
    std::chrono::milliseconds accept_pause_{first_accept_pause};
    std::chrono::steady_clock::time_point last_accept_warning_;
    bool paused_ = false; ///< at the cap with nothing to evict: waiting for a connection to close
    std::atomic<std::chrono::steady_clock::time_point> drain_deadline_{};
};

int http_server::impl::listen() {
    const auto address = net::ip::make_address(state_.options.host);
    const tcp::endpoint where(address, static_cast<unsigned short>(state_.options.port));
    acceptor_.open(where.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(where);
    // The backlog holds connections while every slot is taken (or accept() is paused for want
    // of descriptors), so a burst of clients waits briefly instead of being refused.
    acceptor_.listen(
        static_cast<int>(std::clamp<std::size_t>(state_.options.max_connections, 1024, 4096)));
    return acceptor_.local_endpoint().port();
}

void http_server::impl::run() {
    net::post(home_, [this] { accept_next(); });
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < contexts_.size(); ++i) {
        threads.emplace_back([this, i] { contexts_[i]->run(); });
    }
    contexts_.front()->run();
    for (auto& thread : threads) {
        thread.join();
    }
}

void http_server::impl::accept_next() {
    if (state_.draining.load() || !acceptor_.is_open()) {
        return;
    }
    if (state_.registry.size() >= state_.options.max_connections) {
        // Full: accept only once a client is actually waiting, and only after a slot is freed.
        acceptor_.async_wait(tcp::acceptor::wait_read,
                             [this](const boost::system::error_code& error) { on_pending(error); });
        return;
    }
    acceptor_.async_accept(next_context(),
                           [this](const boost::system::error_code& error, tcp::socket socket) {
                               on_accept(error, std::move(socket));
                           });
}

void http_server::impl::on_pending(const boost::system::error_code& error) {
    if (error) {
        return; // the acceptor was closed: draining
    }
    if (state_.registry.size() >= state_.options.max_connections && !state_.registry.evict_one()) {
        paused_ = true; // every slot holds a request; on_connection_closed resumes
        return;
    }
    acceptor_.async_accept(next_context(),
                           [this](const boost::system::error_code& failure, tcp::socket socket) {
                               on_accept(failure, std::move(socket));
                           });
}

void http_server::impl::on_accept(const boost::system::error_code& error, tcp::socket socket) {
    if (error == net::error::operation_aborted || state_.draining.load()) {
        return;
    }
    if (error) {
        state_.parts.metrics.count_accept_error();
        if (!is_resource_shortage(error)) {
            accept_next(); // the client gave up before it was accepted (ECONNABORTED, ...)
            return;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now - last_accept_warning_ >= std::chrono::seconds(1)) {
            last_accept_warning_ = now;
            // strerror, not error.message(): no virtual call while descriptors are short (the
            // sanitizers' own checks need one to read memory, and report a false vptr error).
            state_.parts.log.event("accept_failed", std::string(std::strerror(error.value())) +
                                                        "; pausing " +
                                                        std::to_string(accept_pause_.count()) +
                                                        " ms (raise the descriptor limit or lower "
                                                        "--max-connections)");
        }
        pause_timer_.expires_after(accept_pause_);
        accept_pause_ = std::min(accept_pause_ * 2, longest_accept_pause);
        pause_timer_.async_wait([this](const boost::system::error_code& cancelled) {
            if (!cancelled) {
                accept_next();
            }
        });
        return;
    }
    accept_pause_ = first_accept_pause;
    std::make_shared<http_session>(std::move(socket), state_)->start();
    accept_next();
}

void http_server::impl::on_connection_closed(std::size_t open) {
    if (destroying_.load()) {
        return;
    }
    if (state_.draining.load()) {
        if (open == 0) {
            stop_contexts(); // every connection is answered and closed: the drain is over
        }
        return;
    }
    if (open < state_.options.max_connections) {
        net::post(home_, [this] {
            if (paused_) {
                paused_ = false;
                accept_next();
            }
        });
    }
}

void http_server::impl::stop() {
    net::post(home_, [this] { begin_drain(); });
}

void http_server::impl::begin_drain() {
    if (state_.draining.exchange(true)) {
        return;
    }
    const auto deadline = std::chrono::steady_clock::now() + state_.options.drain_timeout;
    drain_deadline_.store(deadline);
    state_.parts.routes.set_draining();
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    pause_timer_.cancel();
    state_.registry.for_each(
        [](const std::shared_ptr<http_session>& session) { session->drain(); });
    if (state_.registry.size() == 0) {
        stop_contexts();
        return;
    }
    drain_timer_.expires_at(deadline);
    drain_timer_.async_wait([this](const boost::system::error_code& cancelled) {
        if (!cancelled) {
            stop_contexts(); // what is still open is closed when the server is destroyed
        }
    });
}

// ---- the public face --------------------------------------------------------------------------

http_server::http_server(server_options options, server_parts parts)
    : impl_(std::make_unique<impl>(std::move(options), parts)) {}

http_server::~http_server() = default;

int http_server::listen() {
    try {
        return impl_->listen();
    } catch (const boost::system::system_error& failure) {
        throw std::system_error(failure.code().value(), std::generic_category(), failure.what());
    }
}

void http_server::run() {
    impl_->run();
}

void http_server::stop() {
    impl_->stop();
}

std::chrono::steady_clock::time_point http_server::drain_deadline() const {
    return impl_->drain_deadline();
}

} // namespace pat_service
