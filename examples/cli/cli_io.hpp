// SPDX-License-Identifier: MIT
// Files and streams for the jsonpatch command: reading documents, printing, and replacing a file
// atomically (temporary file, fsync, rename).
#ifndef JSONPATCH_CLI_IO_HPP
#define JSONPATCH_CLI_IO_HPP

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace jsonpatch_cli {

/// Every document the command reads and prints: ordered, so members keep the input's order.
using document = nlohmann::ordered_json;

/// A value, or why there is none ("cannot read a.json: No such file or directory").
template <class T> struct checked {
    std::optional<T> value;
    std::string failure;
};

/// "standard input" for "-", else the name itself.
[[nodiscard]] std::string display_name(const std::string& name);

/// All bytes of file `name`, or of standard input for "-".
[[nodiscard]] checked<std::string> read_text(const std::string& name);

/// File `name` parsed as one JSON document, refused when nested deeper than the library's
/// document-depth limit (printing and copying recurse, so such a document could exhaust the stack).
[[nodiscard]] checked<document> read_document(const std::string& name);

/// `doc` as printed: one line for indent -1, else indented by `indent` spaces; ends with "\n".
[[nodiscard]] std::string render(const document& doc, int indent);

/// Writes all of `text` to file descriptor `fd`, retrying short writes; 0, or the errno.
[[nodiscard]] int write_all(int fd, std::string_view text);

/// Writes all of `text` to standard output; the failure, if any.
[[nodiscard]] std::optional<std::string> write_stdout(std::string_view text);

/// What replace_file may replace.
enum class replace_target {
    existing_file, ///< --in-place: a regular file that exists (symbolic links followed)
    any, ///< --inverse: a new or regular file; a /dev/ name, device or FIFO is appended to
};

/// Replaces file `name` with `content`: a temporary file in the same directory is written,
/// given the target's mode (and owner and group where permitted), fsynced and renamed over the
/// target, and the directory is fsynced. A symbolic link is followed, so the link stays. On any
/// failure before the rename the target is untouched and the temporary file is removed.
[[nodiscard]] std::optional<std::string>
replace_file(const std::string& name, std::string_view content, replace_target target);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_IO_HPP
