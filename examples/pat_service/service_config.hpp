// SPDX-License-Identifier: MIT
// The configuration of pat_service: every option from the command line or from an environment
// variable PAT_SERVICE_<OPTION>, with its default and its check.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_CONFIG_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_CONFIG_HPP

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_server.hpp"
#include "pat_routes.hpp"

namespace pat_service {

/// Everything the command line and the environment decide.
struct service_config {
    std::string seed; ///< empty: none given (enough for a store that exists)
    std::string store = "memory:";
    /// The deadline of every store call; past it the request gets 503.
    std::chrono::milliseconds store_timeout{2'000};
    /// Accepted patches kept per token to rebase a PATCH with a stale If-Match; 0: off.
    std::size_t rebase_window = 16;
    std::size_t store_threads = 8; ///< reads
    std::size_t write_threads = 8; ///< PATCHes (PostgreSQL commits concurrent ones together)
    /// Store requests that may wait for a thread; past that, 503 at once.
    std::size_t max_queued = 1024;
    server_options server;
    route_options routes;
    /// --max-connections was given (else main sizes it to memory and the descriptor limit).
    bool max_connections_given = false;
};

/// The usage text printed by --help and after a command-line error: every option, its default
/// and its environment variable.
[[nodiscard]] std::string usage_text();

/// The environment variable of an option: "--store-timeout" reads "PAT_SERVICE_STORE_TIMEOUT".
[[nodiscard]] std::string environment_name(std::string_view option);

/// The configuration from `args` (argv without the program name) and `environment` ("NAME=value"
/// entries): a command-line option wins over its environment variable, an empty variable counts
/// as unset, and a switch's variable takes 1/true/yes/on or 0/false/no/off. Nothing after printing
/// why to stderr (an unknown option, a bad value, an option twice, --data with --store). An
/// unknown PAT_SERVICE_ variable is only warned about: orchestrators set some of their own (a
/// Kubernetes service named pat-service gets PAT_SERVICE_PORT=tcp://...; see the docs).
[[nodiscard]] std::optional<service_config>
parse_configuration(const std::vector<std::string_view>& args,
                    const std::vector<std::string_view>& environment);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_CONFIG_HPP
