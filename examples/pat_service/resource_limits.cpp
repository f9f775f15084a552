// SPDX-License-Identifier: MIT
// How many connections the service can hold: memory for their buffers and file descriptors for
// their sockets, checked (and the descriptor limit raised) before it starts.
#include "resource_limits.hpp"

#include <algorithm>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

namespace pat_service {

namespace {

constexpr std::size_t per_connection_overhead = 64 * 1024;

// The cgroup's memory limit (v2, else v1), or nothing when there is none or it cannot be read.
[[nodiscard]] std::size_t cgroup_memory_limit() {
    for (const char* path :
         {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        std::ifstream in(path);
        std::string text;
        if (in >> text && !text.empty() && text != "max" &&
            text.find_first_not_of("0123456789") == std::string::npos && text.size() < 20) {
            return static_cast<std::size_t>(std::stoull(text));
        }
    }
    return 0;
}

[[nodiscard]] std::size_t usable_memory() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page_size = ::sysconf(_SC_PAGE_SIZE);
    std::size_t memory = pages > 0 && page_size > 0
                             ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page_size)
                             : 0;
    const std::size_t cgroup = cgroup_memory_limit();
    if (cgroup != 0 && (memory == 0 || cgroup < memory)) {
        memory = cgroup;
    }
    return memory;
}

} // namespace

std::size_t connection_memory(const http_limits& limits) {
    return limits.max_body + limits.max_header_bytes + per_connection_overhead;
}

std::size_t default_max_connections(const http_limits& limits) {
    const std::size_t budget = usable_memory() / 4;
    return std::clamp(budget / connection_memory(limits), min_default_connections,
                      max_default_connections);
}

std::size_t reserved_descriptors(std::size_t store_threads) {
    // Per store thread: a database connection (PostgreSQL), or a file with its -wal and -shm
    // (SQLite); plus stdio, the listening socket, epoll, timer and eventfd descriptors.
    return 64 + 4 * store_threads;
}

descriptor_limit fit_descriptors(std::size_t needed) {
    rlimit limit{};
    descriptor_limit out;
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return out;
    }
    const auto as_size = [](rlim_t value) {
        return value == RLIM_INFINITY ? static_cast<std::size_t>(-1)
                                      : static_cast<std::size_t>(value);
    };
    out.soft = as_size(limit.rlim_cur);
    out.hard = as_size(limit.rlim_max);
    if (out.soft < needed) {
        const std::size_t wanted = std::min(needed, out.hard);
        rlimit raised = limit;
        raised.rlim_cur = static_cast<rlim_t>(wanted);
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
            out.soft = wanted;
            out.raised = true;
        }
    }
    return out;
}

} // namespace pat_service
