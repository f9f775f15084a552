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
    const std::string& file = inv.operands[0];
    const auto patch_text = read_text(file);
    if (!patch_text.value) {
        return fail(patch_text.failure, inv);
    }
    std::optional<document> doc;
    if (inv.operands.size() == 2) {
        auto read = read_document(inv.operands[1]);
        if (!read.value) {
            return fail(read.failure, inv);
        }
        doc = std::move(read.value);
    }
    const auto problems =
        jsonpatch::validate(std::string_view(*patch_text.value), doc ? &*doc : nullptr,
                            jsonpatch::ordered_apply_options{});
    std::string out;
    int status = exit_ok;
    for (const auto& e : problems) {
        const problem p = patch_text_problem(file, *patch_text.value, e);
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
