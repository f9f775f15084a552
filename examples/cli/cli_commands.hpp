// SPDX-License-Identifier: MIT
// The jsonpatch subcommands: apply, validate, diff, merge, test and help.
#ifndef JSONPATCH_CLI_COMMANDS_HPP
#define JSONPATCH_CLI_COMMANDS_HPP

#include "cli_options.hpp"

namespace jsonpatch_cli {

/// Exit statuses; the man page and `help` explain them (cli_help.cpp's exit_codes()).
inline constexpr int exit_ok = 0;
inline constexpr int exit_patch_error = 1;
inline constexpr int exit_usage_or_io = 2;

/// Runs the command `inv` names, with its options already read; returns the exit status.
[[nodiscard]] int run_command(const invocation& inv);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_COMMANDS_HPP
