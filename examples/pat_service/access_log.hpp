// SPDX-License-Identifier: MIT
// One JSON line per answered request (and per service event) on stderr, written by a thread of
// its own.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_ACCESS_LOG_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_ACCESS_LOG_HPP

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace pat_service {

/// What one access-log line says about a request. Never a bearer, a body or a header value.
struct access_record {
    std::string_view method; ///< "-" when the request line could not be read
    std::string_view route;  ///< route_label(): the route, never the raw target
    int status = 0;
    double duration_ms = 0; ///< first byte of the request to last byte of the response
    std::string_view tracking_id;
    std::string_view identity; ///< empty: not authenticated
    std::string_view token_id; ///< empty: not a token route, or an id that was not valid
    std::string_view client;   ///< the client's address
};

/// Lines go to a buffer that a background thread writes to `fd` (stderr) at least every 100 ms,
/// so a request costs no system call of its own. When the writer falls more than `max_buffer`
/// bytes behind (stderr blocked), lines are dropped and counted rather than slowing requests.
/// Thread-safe.
class access_log {
  public:
    explicit access_log(int fd = 2, std::size_t max_buffer = 4U << 20U);
    access_log(const access_log&) = delete;
    access_log& operator=(const access_log&) = delete;
    /// Writes what is buffered and joins the writer.
    ~access_log();

    /// `{"time":...,"event":"request","method":...,"route":...,"status":...,"durationMs":...,
    /// "trackingId":...,"identity":...,"tokenId":...,"client":...}`.
    void request(const access_record& record);

    /// `{"time":...,"event":"<event>","message":"<message>"}`: start, stop, store failures,
    /// accept errors.
    void event(std::string_view event, std::string_view message);

    /// Waits until everything logged so far is written, or `timeout` passes.
    void flush(std::chrono::milliseconds timeout);

    [[nodiscard]] std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

  private:
    void append_line(std::string& line);
    void write_out(const std::string& batch) const;
    void write_loop();

    int fd_;
    std::size_t max_buffer_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable written_;
    std::string pending_;
    std::uint64_t appended_ = 0; ///< lines taken into pending_
    std::uint64_t flushed_ = 0;  ///< lines written
    bool stopping_ = false;
    bool flush_wanted_ = false;
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<bool> stop_requested_{false};
    std::thread writer_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_ACCESS_LOG_HPP
