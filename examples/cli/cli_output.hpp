// SPDX-License-Identifier: MIT
// Where a command's result goes: standard output, or DOC itself with --in-place.
#ifndef JSONPATCH_CLI_OUTPUT_HPP
#define JSONPATCH_CLI_OUTPUT_HPP

#include <string_view>

#include "cli_io.hpp"
#include "cli_options.hpp"

namespace jsonpatch_cli {

/// Prints `text` on standard output; exit_ok, or the status of the problem it reported.
[[nodiscard]] int print_text(std::string_view text, const invocation& inv);

/// Prints `doc` as --compact or --indent say; exit_ok, or the status of the problem reported.
[[nodiscard]] int print_document(const document& doc, const invocation& inv);

/// A resulting document: printed, or written back to DOC (the first operand) with --in-place.
[[nodiscard]] int deliver(const document& result, const invocation& inv);

/// Writes `text` over file `name` (see replace_file); exit_ok, or the status of the problem.
[[nodiscard]] int replace(const std::string& name, std::string_view text, replace_target target,
                          const invocation& inv);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_OUTPUT_HPP
