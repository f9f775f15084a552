// SPDX-License-Identifier: MIT
// Reporting problems on standard error for the jsonpatch command.
#include "cli_report.hpp"

#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

#include "cli_help.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"

namespace jsonpatch_cli {
namespace {

// A pointer as a JSON string: quoted and escaped, so "" (the root) and odd characters are
// unambiguous; invalid UTF-8 is replaced rather than thrown on.
std::string quoted_pointer(const std::string& pointer) {
    return nlohmann::json(pointer).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string error_text(const jsonpatch::error& e) {
    std::string line;
    if (e.op_index) {
        line = "op " + std::to_string(*e.op_index);
        if (e.path) {
            line += " (path " + quoted_pointer(*e.path);
            if (e.from) {
                line += ", from " + quoted_pointer(*e.from);
            }
            line += ")";
        }
        line += ": ";
    }
    return line + printable(e.message) + " [" + std::string(jsonpatch::to_string(e.code)) + "]";
}

void write_stderr(const std::string& text) {
    // Nothing is left to tell anyone if standard error itself cannot be written.
    static_cast<void>(write_all(STDERR_FILENO, text));
}

} // namespace

std::string printable(std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    return out;
}

error_format resolve_format(std::optional<error_format> asked, int fd) {
    if (asked) {
        return *asked;
    }
    return ::isatty(fd) == 1 ? error_format::text : error_format::json;
}

std::string format_error(const jsonpatch::error& e, error_format format) {
    return format == error_format::text ? error_text(e) : nlohmann::json(e).dump();
}

void report_patch_error(const jsonpatch::error& e, std::optional<error_format> asked) {
    const error_format format = resolve_format(asked, STDERR_FILENO);
    write_stderr((format == error_format::text ? "jsonpatch: " : "") + format_error(e, format) +
                 "\n");
}

void report_failure(std::string_view message) {
    write_stderr("jsonpatch: " + printable(message) + "\n");
}

void report_usage(std::string_view problem, const command_doc* command) {
    std::string hint = "Run 'jsonpatch help";
    if (command != nullptr) {
        // Appended piece by piece: g++ 12 -O3 warns falsely (-Wrestrict) on " " + std::string.
        hint += ' ';
        hint += command->name;
    }
    write_stderr("jsonpatch: " + printable(problem) + "\n" + hint + "' for usage.\n");
}

} // namespace jsonpatch_cli
