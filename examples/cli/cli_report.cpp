// SPDX-License-Identifier: MIT
// Reporting problems on standard error for the jsonpatch command.
#include "cli_report.hpp"

#include <jsonpatch/detail/utf8.hpp>
#include <jsonpatch/error.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

#include "cli_help.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_problem.hpp"

namespace jsonpatch_cli {
namespace {

template <class T> nlohmann::json or_null(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The members every JSON error has; a library error brings its own (op_index, path, from,
// member) and its message without the file and operation the text line adds.
std::string problem_json(const problem& p) {
    nlohmann::json j = p.error
                           ? nlohmann::json(*p.error)
                           : nlohmann::json{{"op_index", nullptr},
                                            {"path", or_null(p.path)},
                                            {"from", nullptr},
                                            {"member", nullptr},
                                            {"message", jsonpatch::detail::valid_utf8(p.message)}};
    j["code"] = p.code;
    j["value"] = p.errc ? nlohmann::json(static_cast<int>(*p.errc)) : nlohmann::json(nullptr);
    j["file"] =
        p.file ? nlohmann::json(jsonpatch::detail::valid_utf8(*p.file)) : nlohmann::json(nullptr);
    j["line"] = or_null(p.line);
    j["column"] = or_null(p.column);
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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

std::string format_problem(const problem& p, error_format format) {
    if (format == error_format::json) {
        return problem_json(p);
    }
    return printable(p.message) + (p.error ? " [" + p.code + "]" : std::string());
}

void report(const problem& p, error_format format, const command_doc* command) {
    if (format == error_format::json) {
        write_stderr(format_problem(p, format) + "\n");
        return;
    }
    std::string text = "jsonpatch: " + format_problem(p, format) + "\n";
    if (p.code == "usage") {
        text += "Run 'jsonpatch help";
        if (command != nullptr) {
            // Appended piece by piece: g++ 12 -O3 warns falsely (-Wrestrict) on " " + std::string.
            text += ' ';
            text += command->name;
        }
        text += "' for usage.\n";
    }
    write_stderr(text);
}

int fail(const problem& p, const invocation& inv) {
    report(p, inv.errors, inv.command);
    return p.exit_status;
}

} // namespace jsonpatch_cli
