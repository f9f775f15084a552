// SPDX-License-Identifier: MIT
// The service's own front end: one event-loop thread owns every socket, and only complete
// requests reach the worker threads.
#include "http_front.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>
#include <utility>

#include "raw_response.hpp"
#include "socket_ops.hpp"

namespace pat_service {

namespace {

using clock = std::chrono::steady_clock;

// After an error answer the client may still be sending (a 256 MiB body, say): read and drop it
// for a while, so closing does not reset the connection before the client has read the answer.
constexpr auto linger_time = std::chrono::seconds(3);
// While draining, an idle kept-alive connection still gets this long to send a request.
constexpr auto drain_idle_grace = std::chrono::milliseconds(200);
constexpr std::size_t read_chunk = 64 * 1024;
constexpr int tick_ms = 50;
constexpr unsigned read_events = EPOLLIN | EPOLLRDHUP;

} // namespace

struct http_front::connection {
    enum class phase { reading, dispatched, writing, lingering };

    connection(int socket, endpoints where, const http_limits& limits)
        : fd(socket), ends(std::move(where)), framer(limits) {}

    int fd;
    endpoints ends;
    phase state = phase::reading;
    std::string in;
    request_framer framer;
    bool request_started = false;
    std::string out;
    std::size_t out_offset = 0;
    bool close_after_write = false;
    clock::time_point deadline;
    std::size_t served = 0;
    bool watched = false;

    [[nodiscard]] bool is_idle() const {
        return state == phase::reading && !request_started && in.empty();
    }
};

http_front::http_front(front_options options, request_handler handler, tracking_ids& ids)
    : options_(std::move(options)), handler_(std::move(handler)), ids_(ids) {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd_ < 0 || wake_fd_ < 0) {
        throw std::system_error(errno, std::generic_category(), "epoll/eventfd");
    }
    epoll_event wake{};
    wake.events = EPOLLIN;
    wake.data.fd = wake_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
}

http_front::~http_front() {
    workers_.reset();
    for (const auto& entry : connections_) {
        ::close(entry.first);
    }
    if (listen_fd_ >= 0) {
        ::close(listen_fd_);
    }
    ::close(wake_fd_);
    ::close(epoll_fd_);
}

int http_front::listen() {
    // The backlog holds connections while all max_connections slots are taken, so a burst of
    // clients waits briefly instead of being refused.
    const int backlog =
        static_cast<int>(std::clamp<std::size_t>(options_.max_connections, 16, 4096));
    const listener bound = open_listener(options_.host, options_.port, backlog);
    listen_fd_ = bound.fd;
    epoll_event e{};
    e.data.fd = listen_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &e);
    set_accepting(true);
    return bound.port;
}

void http_front::stop() {
    stop_requested_.store(true);
    const std::uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
}

void http_front::run() {
    workers_ = std::make_unique<worker_pool>(options_.threads);
    std::array<epoll_event, 128> events{};
    for (;;) {
        if (stop_requested_.load() && !draining_) {
            begin_drain();
        }
        const auto now = clock::now();
        if (draining_ && (connections_.empty() || now >= drain_deadline_)) {
            break;
        }
        const int ready =
            ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), tick_ms);
        for (int i = 0; i < ready; ++i) {
            on_event(events[static_cast<std::size_t>(i)].data.fd,
                     events[static_cast<std::size_t>(i)].events);
        }
        take_completions();
        sweep(clock::now());
    }
    // Requests still in a worker finish and are answered (the worker writes); then every
    // remaining socket closes.
    workers_.reset();
}

void http_front::on_event(int fd, unsigned events) {
    if (fd == wake_fd_) {
        std::uint64_t count = 0;
        (void)!::read(wake_fd_, &count, sizeof count);
        return;
    }
    if (fd == listen_fd_) {
        accept_pending(false);
        return;
    }
    const auto found = connections_.find(fd);
    if (found == connections_.end()) {
        return;
    }
    connection& c = *found->second;
    switch (c.state) {
    case connection::phase::reading:
        read_from(c);
        break;
    case connection::phase::writing:
        if ((events & (EPOLLERR | EPOLLHUP)) != 0U) {
            close_connection(fd);
        } else {
            flush(c);
        }
        break;
    case connection::phase::lingering:
        discard_input(c);
        break;
    case connection::phase::dispatched:
        break; // a worker owns the socket until it reports back
    }
}

void http_front::set_accepting(bool on) {
    if (listen_fd_ < 0 || accepting_ == on) {
        return;
    }
    accepting_ = on;
    epoll_event e{};
    e.events = on ? EPOLLIN : 0U;
    e.data.fd = listen_fd_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, listen_fd_, &e);
}

void http_front::accept_pending(bool ignore_cap) {
    for (;;) {
        const bool full = !ignore_cap && connections_.size() >= options_.max_connections;
        if (full && find_idle_connection() < 0) {
            // Full of busy connections: leave the rest in the backlog until one closes.
            set_accepting(false);
            return;
        }
        endpoints ends;
        const auto fd = accept_connection(listen_fd_, ends);
        if (!fd) {
            return;
        }
        if (full) {
            // A kept-alive connection that is only waiting gives its slot to the new client.
            close_connection(find_idle_connection());
        }
        auto c = std::make_unique<connection>(*fd, std::move(ends), options_.limits);
        c->deadline = clock::now() + options_.idle_timeout;
        connection& added = *c;
        connections_.emplace(*fd, std::move(c));
        watch(added, read_events);
    }
}

int http_front::find_idle_connection() const {
    for (const auto& [fd, c] : connections_) {
        if (c->is_idle() && c->served > 0) {
            return fd;
        }
    }
    return -1;
}

void http_front::watch(connection& c, unsigned events) {
    // A dispatched connection is taken out of the set entirely: level-triggered EPOLLHUP would
    // otherwise wake the loop again and again while a worker holds it.
    if (events == 0) {
        if (c.watched) {
            ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
            c.watched = false;
        }
        return;
    }
    epoll_event e{};
    e.events = events;
    e.data.fd = c.fd;
    ::epoll_ctl(epoll_fd_, c.watched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c.fd, &e);
    c.watched = true;
}

void http_front::close_connection(int fd) {
    ::close(fd); // also takes it out of the epoll set
    connections_.erase(fd);
    if (!draining_ && connections_.size() < options_.max_connections) {
        set_accepting(true);
    }
}

void http_front::read_from(connection& c) {
    std::array<char, read_chunk> chunk{};
    const ssize_t n = ::recv(c.fd, chunk.data(), chunk.size(), MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
        close_connection(c.fd); // the client went away, with or without a partial request
        return;
    }
    if (n > 0) {
        c.in.append(chunk.data(), static_cast<std::size_t>(n));
        process_input(c);
    }
}

void http_front::process_input(connection& c) {
    if (!c.request_started && !c.in.empty()) {
        // The whole request must arrive within request_timeout of its first byte: a client
        // that trickles headers (slowloris) runs out of time however steadily it sends.
        c.request_started = true;
        c.deadline = clock::now() + options_.request_timeout;
    }
    switch (c.framer.feed(c.in)) {
    case request_framer::status::failed:
        respond_and_close(c, c.framer.error().status, c.framer.error().text);
        return;
    case request_framer::status::need_more:
        if (c.framer.should_send_continue()) {
            (void)send_now(c.fd, "HTTP/1.1 100 Continue\r\n\r\n");
        }
        return;
    case request_framer::status::complete:
        dispatch(c);
        return;
    }
}

void http_front::dispatch(connection& c) {
    c.state = connection::phase::dispatched;
    watch(c, 0);
    const bool close = draining_ || c.served + 1 >= options_.max_requests_per_connection;
    workers_->submit([this, fd = c.fd, request = c.framer.take_request(), ends = c.ends, close] {
        run_request(fd, request, ends, close);
    });
}

// On a worker thread. The loop does not touch a dispatched connection, so writing here is safe.
void http_front::run_request(int fd, const std::string& request, const endpoints& ends,
                             bool close) {
    std::string response;
    bool closed = false;
    handler_(request, ends, close, response, closed);
    const auto sent = send_now(fd, response);
    completion done;
    done.fd = fd;
    done.close = close || closed;
    done.broken = !sent;
    if (sent) {
        done.unsent = response.substr(*sent);
    }
    {
        const std::lock_guard<std::mutex> lock(completions_mutex_);
        completions_.push_back(std::move(done));
    }
    const std::uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
}

void http_front::take_completions() {
    std::vector<completion> done;
    {
        const std::lock_guard<std::mutex> lock(completions_mutex_);
        done.swap(completions_);
    }
    for (auto& d : done) {
        const auto found = connections_.find(d.fd);
        if (found == connections_.end()) {
            continue;
        }
        connection& c = *found->second;
        ++c.served;
        if (d.broken) {
            close_connection(d.fd);
        } else if (!d.unsent.empty()) {
            c.out = std::move(d.unsent);
            c.out_offset = 0;
            c.close_after_write = d.close;
            c.state = connection::phase::writing;
            c.deadline = clock::now() + options_.write_timeout;
            watch(c, EPOLLOUT);
        } else {
            finish_response(c, d.close);
        }
    }
}

void http_front::finish_response(connection& c, bool close) {
    if (close) {
        start_linger(c);
        return;
    }
    // Not even while draining: the response promised keep-alive, so the client may already be
    // sending its next request; that one is answered with "Connection: close".
    c.state = connection::phase::reading;
    c.request_started = false;
    c.deadline =
        clock::now() +
        (draining_ ? std::chrono::duration_cast<std::chrono::milliseconds>(drain_idle_grace)
                   : options_.idle_timeout);
    watch(c, read_events);
    if (!c.in.empty()) {
        process_input(c); // a pipelined request is already here
    }
}

void http_front::respond_and_close(connection& c, int status, std::string_view text) {
    c.out = raw_error_response(status, text, ids_.next());
    c.out_offset = 0;
    c.close_after_write = true;
    c.state = connection::phase::writing;
    c.deadline = clock::now() + options_.write_timeout;
    c.in.clear();
    watch(c, EPOLLOUT);
    flush(c);
}

void http_front::flush(connection& c) {
    const auto sent = send_now(c.fd, std::string_view(c.out).substr(c.out_offset));
    if (!sent) {
        close_connection(c.fd);
        return;
    }
    c.out_offset += *sent;
    if (c.out_offset < c.out.size()) {
        return; // EPOLLOUT brings us back
    }
    c.out.clear();
    c.out_offset = 0;
    finish_response(c, c.close_after_write);
}

void http_front::start_linger(connection& c) {
    // FIN after the answer; then drop what the client still sends until it closes too.
    ::shutdown(c.fd, SHUT_WR);
    c.state = connection::phase::lingering;
    c.deadline = clock::now() + linger_time;
    c.in.clear();
    watch(c, read_events);
}

void http_front::discard_input(connection& c) {
    std::array<char, read_chunk> sink{};
    for (int i = 0; i < 16; ++i) {
        const ssize_t n = ::recv(c.fd, sink.data(), sink.size(), MSG_DONTWAIT);
        if (n > 0) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            return;
        }
        close_connection(c.fd);
        return;
    }
}

void http_front::sweep(clock::time_point now) {
    std::vector<int> expired;
    for (const auto& [fd, c] : connections_) {
        if (c->state != connection::phase::dispatched && c->deadline <= now) {
            expired.push_back(fd);
        }
    }
    for (const int fd : expired) {
        connection& c = *connections_.at(fd);
        if (c.state == connection::phase::reading && c.request_started) {
            respond_and_close(c, 408, "the request did not arrive in time");
        } else {
            close_connection(fd);
        }
    }
}

void http_front::begin_drain() {
    // Connections the kernel already completed are accepted and served; then nobody new.
    accept_pending(true);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
    ::close(listen_fd_);
    listen_fd_ = -1;
    draining_ = true;
    const auto now = clock::now();
    drain_deadline_ = now + options_.drain_timeout;
    for (auto& entry : connections_) {
        connection& c = *entry.second;
        if (c.is_idle()) {
            c.deadline = std::min(c.deadline, now + drain_idle_grace);
        }
    }
}

} // namespace pat_service
