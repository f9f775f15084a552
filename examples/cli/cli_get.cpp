// SPDX-License-Identifier: MIT
// jsonpatch get: the value at an RFC 6901 pointer, or where and why the pointer stops resolving.
#include <jsonpatch/detail/operation_report.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/pointer.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "cli_commands.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_output.hpp"
#include "cli_problem.hpp"
#include "cli_report.hpp"

namespace jsonpatch_cli {
namespace {

// A pointer that is not RFC 6901 syntax (status 2): the library's code and message.
problem malformed_pointer(const std::string& text, const jsonpatch::error& e) {
    problem p =
        plain_problem(std::string(jsonpatch::to_string(e.code)),
                      "malformed pointer " + quoted_pointer(text) + ": " + e.message, exit_trouble);
    p.errc = e.code;
    p.path = text;
    return p;
}

// Why token `i` of `where` names nothing in `node`, the value at the tokens before it.
problem nothing_at(const std::string& file, const jsonpatch::pointer& where, std::size_t i,
                   const document& node) {
    using jsonpatch::errc;
    const std::string parent =
        i == 0 ? std::string("the document root") : quoted_pointer(where.prefix_text(i));
    const std::string token = quoted_pointer(where.token(i));
    errc code = errc::path_not_found;
    std::string why;
    if (node.is_object()) {
        why = "no member " + token + " in " + parent;
    } else if (!node.is_array()) {
        code = errc::not_a_container;
        why = parent + " is " + jsonpatch::detail::type_phrase(node) + ", not an object or array";
    } else if (where.array_index(i).kind == jsonpatch::array_token::not_an_index ||
               where.array_index(i).kind == jsonpatch::array_token::negative) {
        code = errc::invalid_array_index;
        why = token + " in " + parent + " is not an array index";
    } else if (where.array_index(i).kind == jsonpatch::array_token::end) {
        code = errc::array_index_out_of_range;
        why = "\"-\" in " + parent + " names no element: it stands for the position after the last";
    } else {
        code = errc::array_index_out_of_range;
        why = "index " + token + " is past the end of " + parent + ", an array of " +
              std::to_string(node.size()) + " element" + (node.size() == 1 ? "" : "s");
    }
    problem p = plain_problem(std::string(jsonpatch::to_string(code)),
                              display_name(file) + " has nothing at " +
                                  quoted_pointer(where.to_string()) + ": " + why,
                              exit_failed);
    p.errc = code;
    p.file = file;
    p.path = where.to_string();
    return p;
}

// The value `where` refers to in `doc`, or why there is none. Steps one token at a time, so that
// the error can say where the pointer stops resolving.
checked<const document*> resolve(const std::string& file, const document& doc,
                                 const jsonpatch::pointer& where) {
    const document* node = &doc;
    for (std::size_t i = 0; i < where.size(); ++i) {
        jsonpatch::pointer step;
        step.push_back(where.token(i));
        const document* next = jsonpatch::find(*node, step);
        if (next == nullptr) {
            return {std::nullopt, nothing_at(file, where, i, *node)};
        }
        node = next;
    }
    return {node, {}};
}

} // namespace

int run_get(const invocation& inv) {
    const std::string& pointer_text = inv.operands[1];
    const auto where = jsonpatch::pointer::parse(pointer_text);
    if (!where) {
        return fail(malformed_pointer(pointer_text, where.error()), inv);
    }
    const auto doc = read_document(inv.operands[0]);
    if (!doc.value) {
        return fail(doc.failure, inv);
    }
    const auto found = resolve(inv.operands[0], *doc.value, *where);
    if (!found.value) {
        return fail(found.failure, inv);
    }
    return print_document(**found.value, inv);
}

} // namespace jsonpatch_cli
