// SPDX-License-Identifier: MIT
// How the jsonpatch command reports problems: patch errors as text or JSON, everything else as
// one line of text on standard error.
#ifndef JSONPATCH_CLI_REPORT_HPP
#define JSONPATCH_CLI_REPORT_HPP

#include <jsonpatch/error.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "cli_help.hpp"
#include "cli_options.hpp"

namespace jsonpatch_cli {

/// `text` with control characters (C0 and DEL) written as \xHH, so that file names and messages
/// printed on a terminal cannot move the cursor or change its settings.
[[nodiscard]] std::string printable(std::string_view text);

/// The format of errors written to file descriptor `fd`: the one asked for, else text when `fd`
/// is a terminal (a person reads it) and json otherwise (a program does).
[[nodiscard]] error_format resolve_format(std::optional<error_format> asked, int fd);

/// One error on one line, without the newline. Text: 'op 1 (path "/b", from "/a"): <message>
/// [from_not_found]'; json: the error's JSON object (jsonpatch's to_json).
[[nodiscard]] std::string format_error(const jsonpatch::error& e, error_format format);

/// A patch error on standard error, in the format asked for (see resolve_format).
void report_patch_error(const jsonpatch::error& e, std::optional<error_format> asked);

/// "jsonpatch: <message>" on standard error.
void report_failure(std::string_view message);

/// A usage problem on standard error, and where to read how `command` is used.
void report_usage(std::string_view problem, const command_doc* command);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_REPORT_HPP
