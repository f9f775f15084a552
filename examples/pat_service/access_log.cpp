// SPDX-License-Identifier: MIT
// One JSON line per answered request (and per service event) on stderr, written by a thread of
// its own.
#include "access_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <optional>
#include <poll.h>
#include <unistd.h>

namespace pat_service {

namespace {

constexpr auto write_interval = std::chrono::milliseconds(100);
constexpr std::size_t eager_write_bytes = 64 * 1024;

// "2024-05-01T12:34:56.789Z" (RFC 3339, UTC, milliseconds).
void append_time(std::string& out) {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() %
        1000;
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(millis));
    out += text;
}

// Appends `text` to `out` as a JSON string (quotes included), escaping what JSON requires.
void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7f) {
            out += "\\u00";
            out += hex[byte >> 4U];
            out += hex[byte & 0xfU];
        } else {
            out += c;
        }
    }
    out += '"';
}

void start_line(std::string& line, std::string_view event) {
    line += "{\"time\":\"";
    append_time(line);
    line += "\",\"event\":";
    append_json_string(line, event);
}

} // namespace

access_log::access_log(int fd, std::size_t max_buffer)
    : fd_(fd), max_buffer_(max_buffer), writer_([this] { write_loop(); }) {}

access_log::~access_log() {
    stop_requested_.store(true);
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    writer_.join();
}

void access_log::request(const access_record& record) {
    std::string line;
    line.reserve(320);
    start_line(line, "request");
    line += ",\"method\":";
    append_json_string(line, record.method);
    line += ",\"route\":";
    append_json_string(line, record.route);
    line += ",\"status\":";
    line += std::to_string(record.status);
    char duration[32];
    std::snprintf(duration, sizeof duration, ",\"durationMs\":%.3f", record.duration_ms);
    line += duration;
    line += ",\"trackingId\":";
    append_json_string(line, record.tracking_id);
    line += ",\"identity\":";
    if (record.identity.empty()) {
        line += "null";
    } else {
        append_json_string(line, record.identity);
    }
    if (!record.token_id.empty()) {
        line += ",\"tokenId\":";
        append_json_string(line, record.token_id);
    }
    line += ",\"client\":";
    append_json_string(line, record.client);
    line += "}\n";
    append_line(line);
}

void access_log::event(std::string_view event, std::string_view message) {
    std::string line;
    start_line(line, event);
    line += ",\"message\":";
    append_json_string(line, message);
    line += "}\n";
    append_line(line);
}

void access_log::append_line(std::string& line) {
    bool wake = false;
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (pending_.size() + line.size() > max_buffer_) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        pending_ += line;
        ++appended_;
        wake = pending_.size() >= eager_write_bytes;
    }
    if (wake) {
        wake_.notify_one();
    }
}

void access_log::flush(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    const std::uint64_t target = appended_;
    flush_wanted_ = true;
    wake_.notify_one();
    written_.wait_for(lock, timeout, [this, target] { return flushed_ >= target; });
}

void access_log::write_out(const std::string& batch) const {
    // In pieces a pipe takes at once, each after poll() says it will: a stderr that does not
    // drain then holds only this thread back while the service runs, and once it stops, at most
    // a second more, so that a reader that went away cannot keep the process from exiting.
    constexpr std::size_t atomic_piece = 4096; // PIPE_BUF
    constexpr int poll_ms = 100;
    std::optional<std::chrono::steady_clock::time_point> give_up;
    std::size_t done = 0;
    while (done < batch.size()) {
        if (stop_requested_.load() && !give_up) {
            give_up = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        }
        if (give_up && std::chrono::steady_clock::now() >= *give_up) {
            return;
        }
        pollfd ready{fd_, POLLOUT, 0};
        const int polled = ::poll(&ready, 1, poll_ms);
        if (polled == 0 || (polled < 0 && errno == EINTR)) {
            continue;
        }
        const ssize_t n = polled < 0 ? -1
                                     : ::write(fd_, batch.data() + done,
                                               std::min(batch.size() - done, atomic_piece));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; // stderr is gone: nothing sensible left to do with the lines
        }
        done += static_cast<std::size_t>(n);
    }
}

void access_log::write_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    std::string batch;
    for (;;) {
        wake_.wait_for(lock, write_interval, [this] {
            return stopping_ || flush_wanted_ || pending_.size() >= eager_write_bytes;
        });
        flush_wanted_ = false;
        batch.swap(pending_);
        const std::uint64_t lines = appended_;
        const bool stop = stopping_;
        lock.unlock();
        write_out(batch);
        batch.clear();
        lock.lock();
        flushed_ = lines;
        written_.notify_all();
        if (stop && pending_.empty()) {
            return;
        }
    }
}

} // namespace pat_service
