// SPDX-License-Identifier: MIT
// Building the problems the jsonpatch command reports.
#include "cli_problem.hpp"

#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>

#include <nlohmann/json.hpp>

#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace jsonpatch_cli {
namespace {

// 'op 1 (path "/b", from "/a"): <message>'; 'path "/b": <message>' for an error of no
// operation; the message alone for a document-level error.
std::string operation_text(const jsonpatch::error& e) {
    std::string where;
    if (e.path) {
        where = "path " + quoted_pointer(*e.path);
        if (e.from) {
            where += ", from " + quoted_pointer(*e.from);
        }
    }
    if (e.op_index) {
        const std::string op = "op " + std::to_string(*e.op_index);
        return (where.empty() ? op : op + " (" + where + ")") + ": " + e.message;
    }
    return (where.empty() ? std::string() : where + ": ") + e.message;
}

} // namespace

int exit_status_of(jsonpatch::errc code) {
    const auto band = jsonpatch::band_of(code);
    return band == jsonpatch::errc_band::pointer_syntax || band == jsonpatch::errc_band::patch_shape
               ? exit_trouble
               : exit_failed;
}

problem usage_problem(std::string message) {
    problem p;
    p.code = "usage";
    p.message = std::move(message);
    return p;
}

problem read_problem(const std::string& file, int error) {
    problem p;
    p.code = "cannot_read";
    p.message = "cannot read " + display_name(file) + ": " + std::strerror(error);
    p.file = file;
    return p;
}

problem plain_problem(std::string code, std::string message, int exit_status) {
    problem p;
    p.code = std::move(code);
    p.message = std::move(message);
    p.exit_status = exit_status;
    return p;
}

problem patch_problem(const std::optional<std::string>& file, const jsonpatch::error& e) {
    problem p;
    p.code = std::string(jsonpatch::to_string(e.code));
    p.message = display_name(file) + ": " + operation_text(e);
    p.errc = e.code;
    p.file = file;
    p.error = e;
    p.exit_status = exit_status_of(e.code);
    return p;
}

std::string display_name(const std::optional<std::string>& file) {
    if (!file) {
        return "--patch";
    }
    return *file == "-" ? "standard input" : *file;
}

std::string quoted_pointer(std::string_view pointer) {
    return nlohmann::json(std::string(pointer))
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace jsonpatch_cli
