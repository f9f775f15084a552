// SPDX-License-Identifier: MIT
// How the jsonpatch command reports problems: one line of text for a person (the default) or one
// JSON object for a program (--errors=json), on standard error.
#ifndef JSONPATCH_CLI_REPORT_HPP
#define JSONPATCH_CLI_REPORT_HPP

#include <string>
#include <string_view>

#include "cli_help.hpp"
#include "cli_options.hpp"
#include "cli_problem.hpp"

namespace jsonpatch_cli {

/// `text` with control characters (C0 and DEL) written as \xHH, so that file names and messages
/// printed on a terminal cannot move the cursor or change its settings.
[[nodiscard]] std::string printable(std::string_view text);

/// One problem on one line, without the newline. Text: the message, and the error code in
/// brackets for the library's errors ('a.json: op 1 (path "/b"): ... [path_not_found]'); json:
/// one object with the members code, value, file, line, column, op_index, path, from, member and
/// message (null where they do not apply).
[[nodiscard]] std::string format_problem(const problem& p, error_format format);

/// A problem on standard error: "jsonpatch: " and the text, or the JSON object; for a usage
/// problem in text, also where to read how `command` (null: the program) is used.
void report(const problem& p, error_format format, const command_doc* command = nullptr);

/// Reports `p` in the format `inv` asks for and returns its exit status.
[[nodiscard]] int fail(const problem& p, const invocation& inv);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_REPORT_HPP
