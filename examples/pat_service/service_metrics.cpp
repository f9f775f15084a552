// SPDX-License-Identifier: MIT
// The service's counters and the Prometheus text exposition of GET /metrics.
#include "service_metrics.hpp"

#include <cstdio>

namespace pat_service {

namespace {

constexpr std::array<std::string_view, store_operation_count> operation_labels = {"list", "find",
                                                                                  "patch", "ready"};

void append_number(std::string& out, double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.9g", value);
    out += text;
}

void append_metric(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type, std::uint64_t value) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

// A gauge kept apart for the store's readers and its writers (PATCH), which run on threads of
// their own.
void append_read_write(std::string& out, std::string_view name, std::string_view help,
                       std::size_t reads, std::size_t writes) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append("{kind=\"read\"} ").append(std::to_string(reads)).append("\n");
    out.append(name).append("{kind=\"write\"} ").append(std::to_string(writes)).append("\n");
}

} // namespace

void service_metrics::count_request(route_id route, int status, std::chrono::nanoseconds duration) {
    const auto r = static_cast<std::size_t>(route);
    if (status >= first_status && status < first_status + static_cast<int>(status_slots)) {
        requests_[r][static_cast<std::size_t>(status - first_status)].fetch_add(
            1, std::memory_order_relaxed);
    }
    histogram& h = latency_[r];
    const double seconds = std::chrono::duration<double>(duration).count();
    for (std::size_t i = 0; i < latency_buckets.size(); ++i) {
        if (seconds <= latency_buckets[i]) {
            h.buckets[i].fetch_add(1, std::memory_order_relaxed); // cumulated when rendered
            break;
        }
    }
    h.count.fetch_add(1, std::memory_order_relaxed);
    h.sum_ns.fetch_add(static_cast<std::uint64_t>(duration.count()), std::memory_order_relaxed);
}

void service_metrics::count_store_error(store_operation operation) {
    store_errors_[static_cast<std::size_t>(operation)].fetch_add(1, std::memory_order_relaxed);
}

void service_metrics::connection_opened() {
    open_connections_.fetch_add(1, std::memory_order_relaxed);
    connections_total_.fetch_add(1, std::memory_order_relaxed);
}

std::string service_metrics::render(const gauges& now) const {
    std::string out;
    out.reserve(8192);
    out += "# HELP pat_service_requests_total Requests answered, by route and status.\n"
           "# TYPE pat_service_requests_total counter\n";
    for (std::size_t r = 0; r < route_count; ++r) {
        const auto label = route_label(static_cast<route_id>(r));
        for (std::size_t s = 0; s < status_slots; ++s) {
            const auto value = requests_[r][s].load(std::memory_order_relaxed);
            if (value != 0) {
                out.append("pat_service_requests_total{route=\"").append(label);
                out.append("\",status=\"")
                    .append(std::to_string(first_status + static_cast<int>(s)));
                out.append("\"} ").append(std::to_string(value)).append("\n");
            }
        }
    }
    out += "# HELP pat_service_request_duration_seconds Time from a request's first byte to the "
           "last byte of its response.\n"
           "# TYPE pat_service_request_duration_seconds histogram\n";
    for (std::size_t r = 0; r < route_count; ++r) {
        const histogram& h = latency_[r];
        const auto count = h.count.load(std::memory_order_relaxed);
        if (count == 0) {
            continue;
        }
        const std::string route =
            "route=\"" + std::string(route_label(static_cast<route_id>(r))) + "\"";
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < latency_buckets.size(); ++i) {
            cumulative += h.buckets[i].load(std::memory_order_relaxed);
            out.append("pat_service_request_duration_seconds_bucket{").append(route);
            out.append(",le=\"");
            append_number(out, latency_buckets[i]);
            out.append("\"} ").append(std::to_string(cumulative)).append("\n");
        }
        out.append("pat_service_request_duration_seconds_bucket{").append(route);
        out.append(",le=\"+Inf\"} ").append(std::to_string(count)).append("\n");
        out.append("pat_service_request_duration_seconds_sum{").append(route).append("} ");
        append_number(out, static_cast<double>(h.sum_ns.load(std::memory_order_relaxed)) / 1e9);
        out.append("\n");
        out.append("pat_service_request_duration_seconds_count{").append(route).append("} ");
        out.append(std::to_string(count)).append("\n");
    }
    out += "# HELP pat_service_store_errors_total Store calls that failed or timed out, by "
           "operation.\n"
           "# TYPE pat_service_store_errors_total counter\n";
    for (std::size_t o = 0; o < store_operation_count; ++o) {
        out.append("pat_service_store_errors_total{operation=\"").append(operation_labels[o]);
        out.append("\"} ")
            .append(std::to_string(store_errors_[o].load(std::memory_order_relaxed)))
            .append("\n");
    }
    append_metric(out, "pat_service_store_queue_full_total",
                  "Requests refused with 503 because no store thread was free.", "counter",
                  store_queue_full_.load(std::memory_order_relaxed));
    append_read_write(out, "pat_service_store_queue_depth", "Store requests waiting for a thread.",
                      now.reads_queued, now.writes_queued);
    append_read_write(out, "pat_service_store_calls_running", "Store requests running now.",
                      now.reads_running, now.writes_running);
    append_metric(out, "pat_service_auth_failures_total", "Failed authentications (401).",
                  "counter", auth_failures_.load(std::memory_order_relaxed));
    append_metric(out, "pat_service_auth_throttled_total",
                  "Requests refused because their address spent its failed-authentication "
                  "budget.",
                  "counter", auth_throttled_.load(std::memory_order_relaxed));
    const auto open = open_connections_.load(std::memory_order_relaxed);
    append_metric(out, "pat_service_open_connections", "Connections open now.", "gauge",
                  static_cast<std::uint64_t>(open < 0 ? 0 : open));
    append_metric(out, "pat_service_connections_total", "Connections accepted.", "counter",
                  connections_total_.load(std::memory_order_relaxed));
    append_metric(out, "pat_service_connections_evicted_total",
                  "Connections closed to make room for a new one at the connection cap.", "counter",
                  evictions_.load(std::memory_order_relaxed));
    append_metric(out, "pat_service_connections_timed_out_total",
                  "Connections closed because no request came in time.", "counter",
                  idle_closes_.load(std::memory_order_relaxed));
    append_metric(out, "pat_service_accept_errors_total",
                  "Failed accepts (such as EMFILE), each followed by a pause.", "counter",
                  accept_errors_.load(std::memory_order_relaxed));
    append_metric(out, "pat_service_log_lines_dropped_total",
                  "Access-log lines dropped because stderr did not keep up.", "counter",
                  now.log_lines_dropped);
    return out;
}

} // namespace pat_service
