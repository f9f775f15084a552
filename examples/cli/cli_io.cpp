// SPDX-License-Identifier: MIT
// Reading documents and printing results for the jsonpatch command.
#include "cli_io.hpp"

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/errc.hpp>
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

#include "cli_problem.hpp"

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

// Byte `offset` of `text` (1-based, as nlohmann counts; 0 is the start) as a line and a column,
// both 1-based. Columns count characters, as editors do: UTF-8 continuation bytes add none.
void locate(const std::string& text, std::size_t offset, problem& p) {
    const std::size_t end = offset == 0 ? 0 : std::min(offset - 1, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < end; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0U) != 0x80U) {
            ++column;
        }
    }
    p.line = line;
    p.column = column;
}

// A SAX consumer that builds nothing and keeps where the parser gave up.
struct error_position {
    std::optional<std::size_t> byte;

    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(document::number_integer_t) { return true; }
    bool number_unsigned(document::number_unsigned_t) { return true; }
    bool number_float(document::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(document::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(std::string&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception&) {
        byte = position;
        return false;
    }
};

std::string position_text(const problem& p) {
    return "line " + std::to_string(*p.line) + ", column " + std::to_string(*p.column);
}

} // namespace

checked<std::string> read_text(const std::string& name) {
    checked<std::string> result;
    const bool from_stdin = name == "-";
    const int fd = from_stdin ? STDIN_FILENO : ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        result.failure = read_problem(name, errno);
        return result;
    }
    std::string text;
    const int error = read_all(fd, text);
    if (!from_stdin) {
        ::close(fd);
    }
    if (error != 0) {
        result.failure = read_problem(name, error);
        return result;
    }
    result.value = std::move(text);
    return result;
}

checked<patch_text> read_patch_text(const std::optional<std::string>& inline_text,
                                    const std::string& name) {
    if (inline_text) {
        return {patch_text{std::nullopt, *inline_text}, {}};
    }
    auto read = read_text(name);
    if (!read.value) {
        return {std::nullopt, std::move(read.failure)};
    }
    return {patch_text{name, std::move(*read.value)}, {}};
}

problem syntax_problem(const std::optional<std::string>& file, const std::string& text) {
    problem p;
    p.code = "invalid_json";
    p.errc = jsonpatch::errc::invalid_json;
    p.file = file;
    const std::string name = display_name(file);
    // nlohmann's lexer takes a NUL byte for the end of the input and would ignore what follows;
    // JSON text holds none.
    if (const auto nul = text.find('\0'); nul != std::string::npos) {
        locate(text, nul + 1, p);
        p.message = name + " is not valid JSON (" + position_text(p) + ": a NUL byte)";
        return p;
    }
    error_position sax;
    if (document::sax_parse(text, &sax) || !sax.byte) {
        p.message = name + " is not valid JSON"; // not reached: the caller's parser refused it
        return p;
    }
    // Only the position: nlohmann's own message quotes the input, which may hold secrets.
    locate(text, *sax.byte, p);
    p.message = name + " is not valid JSON (" + position_text(p) + ")";
    return p;
}

problem patch_text_problem(const std::optional<std::string>& file, const std::string& text,
                           const jsonpatch::error& e) {
    return e.code == jsonpatch::errc::invalid_json ? syntax_problem(file, text)
                                                   : patch_problem(file, e);
}

checked<document> parse_document(const std::optional<std::string>& file, const std::string& text) {
    checked<document> result;
    result.value = document::parse(text, nullptr, false);
    if (text.find('\0') != std::string::npos || result.value->is_discarded()) {
        result.value.reset();
        result.failure = syntax_problem(file, text);
        return result;
    }
    const std::size_t max_depth = jsonpatch::apply_limits{}.max_document_depth;
    const auto shape = jsonpatch::detail::measure(*result.value, max_depth,
                                                  std::numeric_limits<std::size_t>::max());
    if (shape.depth > max_depth) {
        result.value.reset();
        result.failure.code = "document_too_deep";
        result.failure.errc = jsonpatch::errc::document_too_deep;
        result.failure.file = file;
        result.failure.message =
            display_name(file) + " nests deeper than " + std::to_string(max_depth) + " levels";
    }
    return result;
}

checked<document> read_document(const std::string& name) {
    auto text = read_text(name);
    if (!text.value) {
        return {std::nullopt, std::move(text.failure)};
    }
    return parse_document(name, *text.value);
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

std::optional<problem> write_stdout(std::string_view text) {
    if (const int error = write_all(STDOUT_FILENO, text); error != 0) {
        return plain_problem("cannot_write",
                             std::string("cannot write standard output: ") + std::strerror(error),
                             exit_trouble);
    }
    return std::nullopt;
}

} // namespace jsonpatch_cli
