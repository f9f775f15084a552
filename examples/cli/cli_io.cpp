// SPDX-License-Identifier: MIT
// Reading documents and printing results for the jsonpatch command.
#include "cli_io.hpp"

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/options.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>

namespace jsonpatch_cli {
namespace {

// Reads `fd` to its end; 0 or the errno of the failing read.
int read_all(int fd, std::string& out) {
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            out.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0) {
            return 0;
        } else if (errno != EINTR) {
            return errno;
        }
    }
}

std::string cannot_read(const std::string& name, int error) {
    return "cannot read " + display_name(name) + ": " + std::strerror(error);
}

// "line L, column C" of byte `offset` (1-based, as nlohmann counts) in `text`.
std::string position_of(const std::string& text, std::size_t offset) {
    const std::size_t end = offset == 0 ? 0 : std::min(offset - 1, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

} // namespace

std::string display_name(const std::string& name) {
    return name == "-" ? "standard input" : name;
}

checked<std::string> read_text(const std::string& name) {
    checked<std::string> result;
    const bool from_stdin = name == "-";
    const int fd = from_stdin ? STDIN_FILENO : ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        result.failure = cannot_read(name, errno);
        return result;
    }
    std::string text;
    const int error = read_all(fd, text);
    if (!from_stdin) {
        ::close(fd);
    }
    if (error != 0) {
        result.failure = cannot_read(name, error);
        return result;
    }
    result.value = std::move(text);
    return result;
}

checked<document> read_document(const std::string& name) {
    checked<document> result;
    auto text = read_text(name);
    if (!text.value) {
        result.failure = std::move(text.failure);
        return result;
    }
    // nlohmann's lexer takes a NUL byte for the end of the input and would ignore what follows;
    // JSON text holds none.
    if (const auto nul = text.value->find('\0'); nul != std::string::npos) {
        result.failure = display_name(name) + " is not valid JSON (" +
                         position_of(*text.value, nul + 1) + ": a NUL byte)";
        return result;
    }
    try {
        result.value = document::parse(*text.value);
    } catch (const nlohmann::json::parse_error& e) {
        // Only the position: nlohmann's own message quotes the input, which may hold secrets.
        result.failure =
            display_name(name) + " is not valid JSON (" + position_of(*text.value, e.byte) + ")";
        return result;
    }
    const std::size_t max_depth = jsonpatch::apply_limits{}.max_document_depth;
    const auto shape = jsonpatch::detail::measure(*result.value, max_depth,
                                                  std::numeric_limits<std::size_t>::max());
    if (shape.depth > max_depth) {
        result.value.reset();
        result.failure =
            display_name(name) + " nests deeper than " + std::to_string(max_depth) + " levels";
    }
    return result;
}

std::string render(const document& doc, int indent) {
    return doc.dump(indent) + "\n";
}

int write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno != EINTR) {
            return errno;
        }
        if (n > 0) {
            text.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    return 0;
}

std::optional<std::string> write_stdout(std::string_view text) {
    if (const int error = write_all(STDOUT_FILENO, text); error != 0) {
        return std::string("cannot write standard output: ") + std::strerror(error);
    }
    return std::nullopt;
}

} // namespace jsonpatch_cli
