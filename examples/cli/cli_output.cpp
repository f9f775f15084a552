// SPDX-License-Identifier: MIT
// Printing results and writing them back for the jsonpatch command.
#include "cli_output.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_problem.hpp"
#include "cli_report.hpp"

namespace jsonpatch_cli {

int print_text(std::string_view text, const invocation& inv) {
    const auto failure = write_stdout(text);
    return failure ? fail(*failure, inv) : exit_ok;
}

int print_document(const document& doc, const invocation& inv) {
    return print_text(render(doc, inv.indent), inv);
}

int replace(const std::string& name, std::string_view text, replace_target target,
            const invocation& inv) {
    auto failure = replace_file(name, text, target);
    if (!failure) {
        return exit_ok;
    }
    problem p = plain_problem("cannot_write", std::move(*failure), exit_trouble);
    p.file = name;
    return fail(p, inv);
}

int deliver(const document& result, const invocation& inv) {
    if (!inv.in_place) {
        return print_document(result, inv);
    }
    return replace(inv.operands[0], render(result, inv.indent), replace_target::existing_file, inv);
}

} // namespace jsonpatch_cli
