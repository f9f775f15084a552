// SPDX-License-Identifier: MIT
// The service's counters and the Prometheus text exposition of GET /metrics.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_METRICS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_METRICS_HPP

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "service_exchange.hpp"

namespace pat_service {

/// The store calls the routes make, as metrics name them.
enum class store_operation { list, find, patch, ready };

/// The number of store_operation values.
inline constexpr std::size_t store_operation_count = 4;

/// Lock-free counters, updated from any thread. Labels come from fixed sets (routes, statuses
/// 100-599, store operations), so no client can grow the output.
class service_metrics {
  public:
    /// Upper bounds of the latency histogram's buckets, in seconds (+Inf is implied).
    static constexpr std::array<double, 14> latency_buckets = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /// One answered request: its route, status and time from its first byte to its last byte
    /// sent.
    void count_request(route_id route, int status, std::chrono::nanoseconds duration);
    /// A store call that failed with store_unavailable.
    void count_store_error(store_operation operation);
    /// A request refused with 503 because every store thread was busy and the queue full.
    void count_store_queue_full() { store_queue_full_.fetch_add(1, std::memory_order_relaxed); }
    /// A request refused with 429 by the failed-authentication budget of its address.
    void count_auth_throttled() { auth_throttled_.fetch_add(1, std::memory_order_relaxed); }
    /// A failed authentication (401).
    void count_auth_failure() { auth_failures_.fetch_add(1, std::memory_order_relaxed); }
    void connection_opened();
    void connection_closed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
    /// A connection closed to make room for a new one (never used, or idle).
    void count_eviction() { evictions_.fetch_add(1, std::memory_order_relaxed); }
    /// A connection closed because its first byte or next request did not come in time.
    void count_idle_close() { idle_closes_.fetch_add(1, std::memory_order_relaxed); }
    /// accept() failed (EMFILE, ENFILE, ...); the server backs off.
    void count_accept_error() { accept_errors_.fetch_add(1, std::memory_order_relaxed); }

    /// What render() reads from elsewhere at the moment it runs.
    struct gauges {
        std::size_t reads_queued = 0; ///< store reads waiting for a thread
        std::size_t reads_running = 0;
        std::size_t writes_queued = 0; ///< PATCHes waiting for a thread
        std::size_t writes_running = 0;
        std::uint64_t log_lines_dropped = 0;
    };

    /// The Prometheus text format (version 0.0.4) of everything above and of `now`.
    [[nodiscard]] std::string render(const gauges& now) const;

  private:
    static constexpr int first_status = 100;
    static constexpr std::size_t status_slots = 500;
    using counter = std::atomic<std::uint64_t>;
    struct histogram {
        std::array<counter, latency_buckets.size()> buckets{};
        counter count{0};
        counter sum_ns{0};
    };

    std::array<std::array<counter, status_slots>, route_count> requests_{};
    std::array<histogram, route_count> latency_{};
    std::array<counter, store_operation_count> store_errors_{};
    counter store_queue_full_{0};
    counter auth_throttled_{0};
    counter auth_failures_{0};
    std::atomic<std::int64_t> open_connections_{0};
    counter connections_total_{0};
    counter evictions_{0};
    counter idle_closes_{0};
    counter accept_errors_{0};
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_METRICS_HPP
