// SPDX-License-Identifier: MIT
// The jsonpatch subcommands: one function each, and the dispatch to them.
#ifndef JSONPATCH_CLI_COMMANDS_HPP
#define JSONPATCH_CLI_COMMANDS_HPP

#include "cli_options.hpp"

namespace jsonpatch_cli {

/// Runs the command `inv` names, with its options already read; returns the exit status
/// (cli_problem.hpp).
[[nodiscard]] int run_command(const invocation& inv);

// Documents changed by a patch (cli_commands.cpp).
[[nodiscard]] int run_apply(const invocation& inv);
[[nodiscard]] int run_merge(const invocation& inv);
// Patches and suites checked (cli_check_commands.cpp).
[[nodiscard]] int run_validate(const invocation& inv);
[[nodiscard]] int run_test(const invocation& inv);
// Two documents compared (cli_compare_commands.cpp).
[[nodiscard]] int run_diff(const invocation& inv);
[[nodiscard]] int run_merge_diff(const invocation& inv);
// A value looked up (cli_get.cpp).
[[nodiscard]] int run_get(const invocation& inv);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_COMMANDS_HPP
