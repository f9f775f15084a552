// SPDX-License-Identifier: MIT
// Crash-safe file replacement: a reader sees the old content or the new, never a mix or a
// truncation.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_ATOMIC_FILE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_ATOMIC_FILE_HPP

#include <optional>
#include <string>
#include <string_view>

namespace pat_service {

/// Replaces the file at `path` with `content`: writes `.<name>.tmp` in the same directory, fsyncs
/// it, renames it over `path` and fsyncs the directory, so that after a crash at any moment `path`
/// holds either the complete old content or the complete new content. Returns a description of the
/// failure (lower case, naming the step and errno), or nothing on success.
[[nodiscard]] std::optional<std::string> write_file_atomically(const std::string& path,
                                                               std::string_view content);

/// The whole content of the file at `path`, or nothing when it cannot be opened or read.
[[nodiscard]] std::optional<std::string> read_file(const std::string& path);

/// True when something exists at `path`.
[[nodiscard]] bool file_exists(const std::string& path);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_ATOMIC_FILE_HPP
