// SPDX-License-Identifier: MIT
// Files and streams for the jsonpatch command: reading and parsing documents, printing, and
// replacing a file atomically (temporary file, fsync, rename).
#ifndef JSONPATCH_CLI_IO_HPP
#define JSONPATCH_CLI_IO_HPP

#include <jsonpatch/error.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "cli_problem.hpp"

namespace jsonpatch_cli {

/// Every document the command reads and prints: ordered, so members keep the input's order.
using document = nlohmann::ordered_json;

/// A value, or the problem that there is none.
template <class T> struct checked {
    std::optional<T> value;
    problem failure;
};

/// All bytes of file `name`, or of standard input for "-".
[[nodiscard]] checked<std::string> read_text(const std::string& name);

/// `text`, which came from `file` (none: --patch text), parsed as one JSON document. Invalid JSON
/// is named with its line and column; a document nested deeper than the library's document-depth
/// limit is refused (printing and copying recurse, so it could exhaust the stack).
[[nodiscard]] checked<document> parse_document(const std::optional<std::string>& file,
                                               const std::string& text);

/// Patch text and where it came from: the file PATCH ("-": standard input), or none for
/// --patch text.
struct patch_text {
    std::optional<std::string> file;
    std::string text;
};

/// The patch to read: `inline_text` (--patch) when given, else the whole of file `name`.
[[nodiscard]] checked<patch_text> read_patch_text(const std::optional<std::string>& inline_text,
                                                  const std::string& name);

/// File `name` ("-": standard input) read and parsed as one JSON document.
[[nodiscard]] checked<document> read_document(const std::string& name);

/// The invalid_json problem of `text` from `file`: where nlohmann's parser stops in it.
[[nodiscard]] problem syntax_problem(const std::optional<std::string>& file,
                                     const std::string& text);

/// The problem the library found in patch text `text` from `file`: invalid JSON by its line and
/// column, anything else by the operation (patch_problem).
[[nodiscard]] problem patch_text_problem(const std::optional<std::string>& file,
                                         const std::string& text, const jsonpatch::error& e);

/// `doc` as printed: one line for indent -1, else indented by `indent` spaces; ends with "\n".
[[nodiscard]] std::string render(const document& doc, int indent);

/// Writes all of `text` to file descriptor `fd`, retrying short writes; 0, or the errno.
[[nodiscard]] int write_all(int fd, std::string_view text);

/// Writes all of `text` to standard output; the problem, if any.
[[nodiscard]] std::optional<problem> write_stdout(std::string_view text);

/// What replace_file may replace.
enum class replace_target {
    existing_file, ///< --in-place: a regular file that exists (symbolic links followed)
    any, ///< --inverse: a new or regular file; a /dev/ name, device or FIFO is appended to
};

/// Replaces file `name` with `content`: a temporary file in the same directory is written,
/// given the target's mode (and owner and group where permitted), fsynced and renamed over the
/// target, and the directory is fsynced. A symbolic link is followed, so the link stays. On any
/// failure before the rename the target is untouched and the temporary file is removed.
/// Returns the failure ("cannot write a.json: Permission denied"), if any.
[[nodiscard]] std::optional<std::string>
replace_file(const std::string& name, std::string_view content, replace_target target);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_IO_HPP
