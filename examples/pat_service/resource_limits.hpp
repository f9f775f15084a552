// SPDX-License-Identifier: MIT
// How many connections the service can hold: memory for their buffers and file descriptors for
// their sockets, checked (and the descriptor limit raised) before it starts.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_RESOURCE_LIMITS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_RESOURCE_LIMITS_HPP

#include <cstddef>

#include "http_limits.hpp"

namespace pat_service {

/// Connections the default cap never goes below or above.
inline constexpr std::size_t min_default_connections = 64;
/// See min_default_connections.
inline constexpr std::size_t max_default_connections = 100000;

/// Bytes one connection may hold at worst: a whole header section and body at their caps, plus
/// buffers and bookkeeping.
[[nodiscard]] std::size_t connection_memory(const http_limits& limits);

/// The default --max-connections: a quarter of the memory the process may use (physical memory,
/// or the cgroup's limit when lower) divided by connection_memory(), within
/// [min_default_connections, max_default_connections].
[[nodiscard]] std::size_t default_max_connections(const http_limits& limits);

/// File descriptors the service needs besides its connections: the listening socket, stdio,
/// the event loop's and timers' descriptors, and the store's files and database connections.
[[nodiscard]] std::size_t reserved_descriptors(std::size_t store_threads);

/// The soft and hard RLIMIT_NOFILE after fit_descriptors.
struct descriptor_limit {
    std::size_t soft = 0;
    std::size_t hard = 0;
    bool raised = false; ///< the soft limit was raised
};

/// Raises the soft RLIMIT_NOFILE (never past the hard limit) so that `needed` descriptors fit,
/// and reports the limits that hold afterwards.
[[nodiscard]] descriptor_limit fit_descriptors(std::size_t needed);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_RESOURCE_LIMITS_HPP
