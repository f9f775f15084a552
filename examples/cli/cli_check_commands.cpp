// SPDX-License-Identifier: MIT
// The jsonpatch commands that check without changing anything: validate and test.
#include <jsonpatch/options.hpp>
#include <jsonpatch/testing.hpp>
#include <jsonpatch/validate.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cli_commands.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_output.hpp"
#include "cli_problem.hpp"
#include "cli_report.hpp"

namespace jsonpatch_cli {
namespace {

std::string failure_lines(const std::string& name, const jsonpatch::testing::suite_report& r) {
    std::string out;
    for (const auto& failure : r.failures) {
        out += "FAIL " + name + " #" + std::to_string(failure.index) + " \"" +
               (failure.comment.empty() ? "(no comment)" : failure.comment) +
               "\": " + failure.explanation + "\n";
    }
    return out;
}

// Runs one suite file into `total`; exit_ok, or the status of the problem reported.
int run_suite_file(const std::string& name, jsonpatch::testing::suite_report& total,
                   const invocation& inv) {
    const auto suite = read_document(name);
    if (!suite.value) {
        return fail(suite.failure, inv);
    }
    if (!suite.value->is_array()) {
        problem p = plain_problem("not_a_suite",
                                  display_name(name) +
                                      " is not a json-patch-tests suite (an array of records)",
                                  exit_trouble);
        p.file = name;
        return fail(p, inv);
    }
    const auto report = jsonpatch::testing::run_suite(*suite.value);
    total += report;
    return print_text(failure_lines(display_name(name), report), inv);
}

} // namespace

// The problems go to standard output: they are what validate was asked for. The status is the
// worst of them, as apply would exit: 2 for a patch that is no patch, 1 for one that fails.
int run_validate(const invocation& inv) {
    const auto source = read_patch_text(inv.patch_text, inv.patch_text ? "" : inv.operands[0]);
    if (!source.value) {
        return fail(source.failure, inv);
    }
    const auto& [file, text] = *source.value;
    // DOC follows PATCH, or stands alone when --patch gives the patch.
    const std::size_t doc_operand = inv.patch_text ? 0 : 1;
    std::optional<document> doc;
    if (inv.operands.size() > doc_operand) {
        auto read = read_document(inv.operands[doc_operand]);
        if (!read.value) {
            return fail(read.failure, inv);
        }
        doc = std::move(read.value);
    }
    const auto problems = jsonpatch::validate(std::string_view(text), doc ? &*doc : nullptr,
                                              jsonpatch::ordered_apply_options{});
    std::string out;
    int status = exit_ok;
    for (const auto& e : problems) {
        const problem p = patch_text_problem(file, text, e);
        out += format_problem(p, inv.errors) + "\n";
        status = std::max(status, p.exit_status);
    }
    const int printed = print_text(out, inv);
    return printed != exit_ok ? printed : status;
}

int run_test(const invocation& inv) {
    jsonpatch::testing::suite_report total;
    for (const auto& name : inv.operands) {
        if (const int status = run_suite_file(name, total, inv); status != exit_ok) {
            return status;
        }
    }
    const int printed = print_text(total.summary() + "\n", inv);
    return printed != exit_ok ? printed : total.failed == 0 ? exit_ok : exit_failed;
}

} // namespace jsonpatch_cli
