// SPDX-License-Identifier: MIT
// The few socket calls the front end makes, with errors turned into values or exceptions.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SOCKET_OPS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SOCKET_OPS_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "buffer_stream.hpp"

namespace pat_service {

/// A non-blocking listening socket on `host`:`port` (0 picks a free port) with the given
/// backlog, and the port it got. Throws std::system_error.
struct listener {
    int fd = -1;
    int port = 0;
};
[[nodiscard]] listener open_listener(const std::string& host, int port, int backlog);

/// Accepts one pending connection as a non-blocking socket with TCP_NODELAY (every response
/// goes out in one write, so Nagle's algorithm would only add delay); nothing when none is
/// pending or accept failed.
[[nodiscard]] std::optional<int> accept_connection(int listen_fd, endpoints& ends);

/// Sends as much of `data` as the socket takes now, without blocking or raising SIGPIPE: the
/// byte count, or nothing when the connection is broken.
[[nodiscard]] std::optional<std::size_t> send_now(int fd, std::string_view data);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SOCKET_OPS_HPP
