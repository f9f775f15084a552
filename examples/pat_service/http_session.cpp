// SPDX-License-Identifier: MIT
// One client connection of the HTTP server: Beast reads and frames its requests one after
// another, the routes answer them, and deadlines bound every wait.
#include "http_session.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/write.hpp>
#include <ctime>
#include <string_view>
#include <utility>

#include "request_target.hpp"

namespace pat_service {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

constexpr std::size_t read_chunk = 16 * 1024;
// After an answer that closes the connection the client may still be sending (a large body,
// pipelined requests): read and drop it for a while, so closing does not reset the connection
// before the client has read the answer.
constexpr auto linger_time = std::chrono::milliseconds(3000);
// While draining, a connection between requests gets this long to deliver one more.
constexpr auto drain_grace = std::chrono::milliseconds(200);

[[nodiscard]] std::string_view view(beast::string_view text) {
    return {text.data(), text.size()};
}

// An IMF-fixdate (RFC 9110 §5.6.7) for the Date header, formatted once per second per thread.
[[nodiscard]] const std::string& http_date() {
    thread_local std::time_t cached_second = 0;
    thread_local std::string cached;
    const std::time_t now = std::time(nullptr);
    if (now != cached_second || cached.empty()) {
        std::tm utc{};
        ::gmtime_r(&now, &utc);
        char text[64];
        cached.assign(text, std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc));
        cached_second = now;
    }
    return cached;
}

// Every value of `name`, joined with ", " as RFC 9110 §5.3 allows for list-based fields.
template <class Name>
[[nodiscard]] std::optional<std::string> joined(const request_header& header, const Name& name) {
    std::optional<std::string> out;
    const auto range = header.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) {
        if (out) {
            *out += ", ";
        } else {
            out.emplace();
        }
        *out += view(it->value());
    }
    return out;
}

// The client behind a proxy: the last X-Forwarded-For entry, which the proxy itself appended.
[[nodiscard]] std::optional<std::string> forwarded_client(const request_header& header) {
    const auto forwarded = joined(header, beast::string_view("X-Forwarded-For"));
    if (!forwarded) {
        return std::nullopt;
    }
    std::string_view last(*forwarded);
    last = last.substr(last.rfind(',') == std::string_view::npos ? 0 : last.rfind(',') + 1);
    while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) {
        last.remove_prefix(1);
    }
    while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) {
        last.remove_suffix(1);
    }
    beast::error_code invalid;
    const auto address = net::ip::make_address(std::string(last), invalid);
    if (invalid) {
        return std::nullopt;
    }
    return address.to_string();
}

} // namespace

http_session::http_session(net::ip::tcp::socket&& socket, server_state& state)
    : state_(state), stream_(std::move(socket)), timer_(stream_.get_executor()),
      buffer_(state.options.limits.max_header_bytes + read_chunk) {
    state_.parts.metrics.connection_opened();
    beast::error_code unknown;
    peer_ = stream_.socket().remote_endpoint(unknown).address().to_string();
    // Each answer goes out in one write: Nagle's algorithm would only add delay.
    stream_.socket().set_option(net::ip::tcp::no_delay(true), unknown);
}

http_session::~http_session() {
    if (entry_) {
        state_.registry.remove(*entry_);
    }
    state_.parts.metrics.connection_closed();
}

void http_session::start() {
    entry_ = state_.registry.add(shared_from_this());
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->wait_for_request(self->state_.options.first_byte_timeout);
    });
}

void http_session::evict() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        const auto phase = self->phase_.load();
        if (phase == connection_phase::fresh || phase == connection_phase::idle ||
            phase == connection_phase::lingering) {
            self->state_.parts.metrics.count_eviction();
            self->close();
        } else if (phase == connection_phase::reading &&
                   clock::now() - self->started_ >= slow_request_age) {
            self->state_.parts.metrics.count_eviction();
            self->cut_short();
        }
    });
}

void http_session::drain() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        const auto phase = self->phase_.load();
        if (phase == connection_phase::fresh || phase == connection_phase::idle ||
            phase == connection_phase::lingering) {
            self->arm_timer(drain_grace);
        }
    });
}

void http_session::wait_for_request(std::chrono::milliseconds timeout) {
    phase_ = served_ == 0 ? connection_phase::fresh : connection_phase::idle;
    if (buffer_.size() > 0) {
        begin_request(); // pipelined: the next request is already here
        return;
    }
    if (state_.draining.load()) {
        timeout = std::min(timeout, std::chrono::milliseconds(drain_grace));
    }
    stream_.expires_after(timeout);
    stream_.async_read_some(
        buffer_.prepare(read_chunk),
        beast::bind_front_handler(&http_session::on_first_bytes, shared_from_this()));
}

void http_session::on_first_bytes(error_code error, std::size_t bytes) {
    if (error) {
        if (error == beast::error::timeout) {
            state_.parts.metrics.count_idle_close();
        }
        close(); // nothing was asked, so there is nothing to answer
        return;
    }
    buffer_.commit(bytes);
    begin_request();
}

void http_session::begin_request() {
    phase_ = connection_phase::reading;
    // RFC 9112 §2.2: empty lines before a request line are ignored.
    while (buffer_.size() >= 2 &&
           std::string_view(static_cast<const char*>(buffer_.data().data()), 2) == "\r\n") {
        buffer_.consume(2);
    }
    started_ = clock::now();
    reading_since_ = started_.time_since_epoch().count();
    tracking_id_ = state_.parts.ids.next();
    method_ = "-";
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(state_.options.limits.max_header_bytes));
    parser_->body_limit(state_.options.limits.max_body);
    scanned_ = 0;
    header_end_ = false;
    header_checked_ = false;
    request_timed_out_ = false;
    facts_ = header_facts{};
    // The whole request must arrive within request_timeout of its first byte: a client that
    // trickles (slowloris) runs out of time however steadily it sends. The timer is armed only
    // when the request does not arrive at once (read_more), as most do.
    stream_.expires_never();
    ++timer_generation_;
    request_timer_armed_ = false;
    parse();
}

void http_session::parse() {
    for (;;) {
        if (parser_->is_header_done() && !header_checked_) {
            header_checked_ = true;
            if (!on_header_done()) {
                return;
            }
        }
        if (parser_->is_done()) {
            on_request();
            return;
        }
        const std::string_view bytes(static_cast<const char*>(buffer_.data().data()),
                                     buffer_.size());
        if (!header_end_ && has_folded_line(bytes, scanned_, header_end_)) {
            refuse(refusal{400, "obsolete line folding is not accepted"});
            return;
        }
        if (bytes.empty()) {
            read_more();
            return;
        }
        error_code error;
        const std::size_t used = parser_->put(buffer_.data(), error);
        buffer_.consume(used);
        scanned_ -= std::min(scanned_, used);
        if (error == bhttp::error::need_more || (!error && used == 0)) {
            read_more();
            return;
        }
        if (error) {
            refuse(refusal_for(error, bytes.substr(used), !parser_->get().method_string().empty(),
                               state_.options.limits));
            return;
        }
    }
}

bool http_session::on_header_done() {
    method_ = std::string(view(parser_->get().method_string()));
    if (const auto why = check_header(parser_->get(), state_.options.limits, facts_)) {
        refuse(*why);
        return false;
    }
    // The routes decide before the body is read: a request they refuse (no bearer, no scope, a
    // wrong media type...) never gets its body buffered, nor a 100 Continue.
    service_request request = request_of_header();
    route_decision decision = state_.parts.routes.route(request);
    if (decision.response) {
        end_request();
        if (!parser_->is_done()) {
            close_after_ = true; // the body is left unread; the linger drops it
        }
        respond(std::move(*decision.response));
        return false;
    }
    pending_ = std::move(decision);
    parser_->eager(true);
    if (facts_.expects_continue && !parser_->is_done() && buffer_.size() == 0) {
        // RFC 9110 §10.1.1: the client waits for this before it sends the body.
        continue_ = {bhttp::status::continue_, 11};
        bhttp::async_write(stream_, continue_,
                           [self = shared_from_this()](error_code error, std::size_t) {
                               if (error) {
                                   self->close();
                                   return;
                               }
                               self->parse();
                           });
        return false;
    }
    return true;
}

void http_session::read_more() {
    if (!request_timer_armed_) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            started_ + state_.options.request_timeout - clock::now());
        if (left.count() <= 0) {
            refuse(refusal{408, "the request did not arrive in time"});
            return;
        }
        arm_timer(left);
        request_timer_armed_ = true;
    }
    const std::size_t room = buffer_.max_size() - buffer_.size();
    if (room == 0) {
        // Only the unparsed part of one element stays in the buffer: a header section (whose cap
        // is smaller than the buffer) or a chunk-size or trailer line.
        refuse(parser_->is_header_done() ? refusal{400, "chunk line or trailer too long"}
                                         : refusal{431, "header section too large"});
        return;
    }
    stream_.async_read_some(buffer_.prepare(std::min(room, read_chunk)),
                            beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(error_code error, std::size_t bytes) {
    if (error == net::error::operation_aborted && request_timed_out_) {
        refuse(refusal{408, "the request did not arrive in time"});
        return;
    }
    if (error) {
        close(); // the client went away mid-request
        return;
    }
    buffer_.commit(bytes);
    parse();
}

std::string http_session::client_address() const {
    if (state_.options.trust_proxy) {
        if (auto forwarded = forwarded_client(parser_->get())) {
            return *forwarded;
        }
    }
    return peer_;
}

service_request http_session::request_of_header() {
    const auto& header = parser_->get();
    service_request request;
    request.method = method_;
    request.path = std::string(*target_path(view(header.target())));
    const auto authorization = header.equal_range(bhttp::field::authorization);
    request.authorization_count =
        static_cast<std::size_t>(std::distance(authorization.first, authorization.second));
    if (request.authorization_count > 0) {
        request.authorization = std::string(view(authorization.first->value()));
    }
    request.content_type = joined(header, bhttp::field::content_type);
    request.if_match = joined(header, bhttp::field::if_match);
    request.if_none_match = joined(header, bhttp::field::if_none_match);
    client_ = client_address();
    request.client_address = client_;
    request.tracking_id = tracking_id_;
    head_ = header.method() == bhttp::verb::head;
    close_after_ = !header.keep_alive() || header.version() < 11 ||
                   served_ + 1 >= state_.options.max_requests_per_connection;
    return request;
}

void http_session::end_request() {
    ++timer_generation_; // the request deadline no longer applies
    if (request_timer_armed_) {
        timer_.cancel();
    }
    phase_ = connection_phase::busy;
    reading_since_ = 0;
}

void http_session::on_request() {
    end_request();
    run_store_work(std::move(pending_), std::move(parser_->get().body()));
}

void http_session::run_store_work(route_decision decision, std::string body) {
    if (state_.options.store_work_inline) {
        respond(decision.store_work(std::move(body)));
        return;
    }
    service_response unavailable = decision.on_unavailable;
    store_pool& pool = decision.writes ? state_.parts.writes : state_.parts.reads;
    const bool queued =
        pool.try_submit([self = shared_from_this(), work = std::move(decision.store_work),
                         fallback = std::move(decision.on_unavailable),
                         body = std::move(body)](bool expired) mutable {
            service_response answer = expired ? std::move(fallback) : work(std::move(body));
            auto executor = self->stream_.get_executor();
            net::post(executor, [self = std::move(self), answer = std::move(answer)]() mutable {
                self->respond(std::move(answer));
            });
        });
    if (!queued) {
        state_.parts.metrics.count_store_queue_full();
        respond(std::move(unavailable));
    }
}

void http_session::respond(service_response answer) {
    if (state_.draining.load()) {
        close_after_ = true; // nobody new is served after this answer
    }
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(answer.status));
    response_.set(bhttp::field::date, http_date());
    response_.set(bhttp::field::cache_control, "no-store");
    for (const auto& [name, value] : answer.headers) {
        response_.set(name, value);
    }
    if (close_after_) {
        response_.set(bhttp::field::connection, "close");
    }
    if (answer.status != 204 && answer.status != 304) {
        response_.set(bhttp::field::content_type, answer.content_type);
        response_.content_length(answer.body.size());
        if (!head_) {
            response_.body() = std::move(answer.body);
        }
    }
    record(answer);
    stream_.expires_after(state_.options.write_timeout);
    bhttp::async_write(
        stream_, response_,
        [self = shared_from_this()](error_code error, std::size_t) { self->on_written(error); });
}

void http_session::record(const service_response& answer) {
    // Counted when the answer is handed to the socket, so a client that has read it finds it
    // in /metrics and in the log, in the order it was answered.
    const auto elapsed = clock::now() - started_;
    state_.parts.metrics.count_request(answer.route, answer.status, elapsed);
    access_record line;
    line.method = method_;
    line.route = route_label(answer.route);
    line.status = answer.status;
    line.duration_ms = std::chrono::duration<double, std::milli>(elapsed).count();
    line.tracking_id = tracking_id_;
    line.identity = answer.identity;
    line.token_id = answer.token_id;
    line.client = client_.empty() ? peer_ : client_;
    state_.parts.log.request(line);
}

void http_session::on_written(error_code error) {
    ++served_;
    response_.body().clear();
    parser_.reset();
    if (error) {
        close();
        return;
    }
    if (close_after_) {
        linger();
        return;
    }
    client_.clear();
    wait_for_request(state_.options.idle_timeout);
}

void http_session::refuse(const refusal& why) {
    end_request();
    close_after_ = true;
    head_ = false;
    if (client_.empty()) {
        client_ = peer_;
    }
    respond(error_response(why.status, why.text, tracking_id_));
}

void http_session::linger() {
    phase_ = connection_phase::lingering;
    error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
    buffer_.consume(buffer_.size());
    stream_.expires_never();
    arm_timer(linger_time);
    stream_.async_read_some(
        buffer_.prepare(read_chunk),
        beast::bind_front_handler(&http_session::on_linger_read, shared_from_this()));
}

void http_session::on_linger_read(error_code error, std::size_t) {
    if (error) {
        close(); // the client closed too (or the linger time is over)
        return;
    }
    buffer_.consume(buffer_.size());
    stream_.async_read_some(
        buffer_.prepare(read_chunk),
        beast::bind_front_handler(&http_session::on_linger_read, shared_from_this()));
}

void http_session::arm_timer(std::chrono::milliseconds after) {
    const std::uint64_t generation = ++timer_generation_;
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this(), generation](error_code error) {
        if (!error && generation == self->timer_generation_) {
            self->on_timer();
        }
    });
}

void http_session::on_timer() {
    switch (phase_.load()) {
    case connection_phase::reading:
        cut_short();
        return;
    case connection_phase::fresh:
    case connection_phase::idle:
    case connection_phase::lingering:
        close();
        return;
    case connection_phase::busy:
    case connection_phase::closed:
        return;
    }
}

void http_session::cut_short() {
    // The read in flight completes with operation_aborted, and on_read answers 408: answering
    // here would race with that read.
    request_timed_out_ = true;
    stream_.cancel();
}

void http_session::close() {
    if (phase_ == connection_phase::closed) {
        return;
    }
    phase_ = connection_phase::closed;
    ++timer_generation_;
    timer_.cancel();
    error_code ignored;
    stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
}

} // namespace pat_service
