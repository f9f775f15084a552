// SPDX-License-Identifier: MIT
// What the jsonpatch command reports when something goes wrong, and the exit status it means.
#ifndef JSONPATCH_CLI_PROBLEM_HPP
#define JSONPATCH_CLI_PROBLEM_HPP

#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jsonpatch_cli {

/// Exit statuses, the same for every command (cli_help.cpp's exit_codes() explains them).
inline constexpr int exit_ok = 0;
/// The patch did not apply, the documents differ (diff --exit-code), the pointer names nothing.
inline constexpr int exit_failed = 1;
/// Usage errors, unreadable or unwritable files, input that is not JSON or not a patch.
inline constexpr int exit_trouble = 2;

/// One problem: the line a person reads and the fields a program reads (--errors=json).
struct problem {
    /// An errc name ("path_not_found") or one of the command's own codes ("usage",
    /// "cannot_read", "cannot_write", "not_a_suite", "no_merge_patch").
    std::string code;
    /// What happened, naming the file: "a.json is not valid JSON (line 2, column 5)".
    std::string message;
    /// The errc when `code` is one (its number is the JSON "value").
    std::optional<jsonpatch::errc> errc;
    /// The operand the problem is about ("-" for standard input); none for inline --patch text.
    std::optional<std::string> file;
    /// The pointer the problem is about, when it is no operation's (get's POINTER).
    std::optional<std::string> path;
    /// Where in the file, for invalid JSON (1-based; the column counts characters).
    std::optional<std::size_t> line;
    std::optional<std::size_t> column;
    /// The library's error, for a patch that failed: its operation, path, from and member.
    std::optional<jsonpatch::error> error;
    int exit_status = exit_trouble;
};

/// The exit status of a library error: a pointer or a patch that is malformed (the 100 and 200
/// bands) is not a patch at all (2); anything else means the patch did not apply (1).
[[nodiscard]] int exit_status_of(jsonpatch::errc code);

/// A usage error: a wrong option, operand or command.
[[nodiscard]] problem usage_problem(std::string message);

/// A file that cannot be read (`error` is its errno): "cannot read a.json: No such file or
/// directory", code "cannot_read".
[[nodiscard]] problem read_problem(const std::string& file, int error);

/// A failure that concerns no file (out of memory, a full standard output).
[[nodiscard]] problem plain_problem(std::string code, std::string message, int exit_status);

/// The library's error `e` about the patch (or merge patch) from `file` (none: --patch text),
/// with the exit status of its band.
[[nodiscard]] problem patch_problem(const std::optional<std::string>& file,
                                    const jsonpatch::error& e);

/// "standard input" for "-", "--patch" for inline text (no file), else the name itself.
[[nodiscard]] std::string display_name(const std::optional<std::string>& file);

/// A pointer or one of its tokens as a JSON string, for messages: quoted and escaped, so that ""
/// (the root) and odd characters are unambiguous; invalid UTF-8 becomes U+FFFD, not an exception.
[[nodiscard]] std::string quoted_pointer(std::string_view pointer);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_PROBLEM_HPP
