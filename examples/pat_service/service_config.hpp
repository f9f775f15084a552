// SPDX-License-Identifier: MIT
// The command line of pat_service: options, defaults and their checks.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_CONFIG_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_CONFIG_HPP

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_front.hpp"
#include "pat_routes.hpp"
#include "store_options.hpp"

namespace pat_service {

/// Everything the command line decides.
struct service_config {
    std::string seed; ///< empty: none given (enough for a store that exists)
    std::string store = "memory:";
    store_options store_settings;
    front_options front;
    route_options routes;
};

/// The usage text printed by --help and after a command-line error.
[[nodiscard]] const char* usage_text();

/// The parsed command line, or nothing after printing why to stderr.
[[nodiscard]] std::optional<service_config>
parse_command_line(const std::vector<std::string_view>& args);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SERVICE_CONFIG_HPP
