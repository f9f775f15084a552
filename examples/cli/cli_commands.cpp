// SPDX-License-Identifier: MIT
// The dispatch to the jsonpatch subcommands, and the commands that change a document: apply and
// merge. Every document is an nlohmann::ordered_json, so what is printed keeps the members in
// the order they were read.
#include "cli_commands.hpp"

#include <jsonpatch/apply.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/parse.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cli_help.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_output.hpp"
#include "cli_problem.hpp"
#include "cli_report.hpp"

namespace jsonpatch_cli {
namespace {

// A patch and where it came from: PATCH's file name, or none for --patch text.
struct patch_source {
    std::optional<std::string> file;
    jsonpatch::ordered_patch patch;
};

// The patch of `apply`: --patch's text or the file PATCH, parsed as ordered_json too, so that
// values the patch adds keep their members' order.
checked<patch_source> read_patch(const invocation& inv) {
    const auto source = read_patch_text(inv.patch_text, inv.patch_text ? "" : inv.operands[1]);
    if (!source.value) {
        return {std::nullopt, source.failure};
    }
    const auto& [file, text] = *source.value;
    auto patch = jsonpatch::parse_patch<document>(text);
    if (!patch) {
        return {std::nullopt, patch_text_problem(file, text, patch.error())};
    }
    return {patch_source{file, std::move(*patch)}, {}};
}

// apply --inverse: the undo patch is written first, so that once DOC has changed (--in-place)
// the way back exists already.
int apply_keeping_inverse(const invocation& inv, document& doc, const patch_source& source) {
    const auto inverse = jsonpatch::apply_with_inverse(doc, source.patch);
    if (!inverse) {
        return fail(patch_problem(source.file, inverse.error()), inv);
    }
    const std::string text = render(inverse->to_json(), inv.indent);
    if (const int status = replace(*inv.inverse_file, text, replace_target::any, inv);
        status != exit_ok) {
        return status;
    }
    return deliver(doc, inv);
}

int run_help(const invocation& inv) {
    if (inv.operands.empty()) {
        return print_text(overview_help(), inv);
    }
    const command_doc* command = find_command(inv.operands[0]);
    if (command == nullptr) {
        report(usage_problem("unknown command '" + inv.operands[0] + "'"), inv.errors);
        return exit_trouble;
    }
    return print_text(command_help(*command), inv);
}

} // namespace

int run_apply(const invocation& inv) {
    auto doc = read_document(inv.operands[0]);
    if (!doc.value) {
        return fail(doc.failure, inv);
    }
    const auto source = read_patch(inv);
    if (!source.value) {
        return fail(source.failure, inv);
    }
    if (inv.inverse_file) {
        return apply_keeping_inverse(inv, *doc.value, *source.value);
    }
    if (const auto outcome = jsonpatch::apply(*doc.value, source.value->patch); !outcome) {
        return fail(patch_problem(source.value->file, outcome.error()), inv);
    }
    return deliver(*doc.value, inv);
}

int run_merge(const invocation& inv) {
    auto doc = read_document(inv.operands[0]);
    if (!doc.value) {
        return fail(doc.failure, inv);
    }
    const auto merge_patch = read_document(inv.operands[1]);
    if (!merge_patch.value) {
        return fail(merge_patch.failure, inv);
    }
    if (const auto outcome = jsonpatch::apply_merge_patch(*doc.value, *merge_patch.value);
        !outcome) {
        // The index counts the JSON Patch operations the merge patch became: nothing the user
        // wrote, so only the path is named.
        jsonpatch::error e = outcome.error();
        e.op_index.reset();
        return fail(patch_problem(inv.operands[1], e), inv);
    }
    return deliver(*doc.value, inv);
}

int run_command(const invocation& inv) {
    using runner = int (*)(const invocation&);
    static const std::pair<std::string_view, runner> runners[] = {
        {"apply", run_apply},
        {"validate", run_validate},
        {"diff", run_diff},
        {"merge", run_merge},
        {"merge-diff", run_merge_diff},
        {"get", run_get},
        {"test", run_test},
        {"help", run_help},
    };
    if (inv.help) {
        return print_text(command_help(*inv.command), inv);
    }
    for (const auto& [name, run] : runners) {
        if (name == inv.command->name) {
            return run(inv);
        }
    }
    return fail(plain_problem("internal",
                              "no runner for command '" + std::string(inv.command->name) + "'",
                              exit_trouble),
                inv);
}

} // namespace jsonpatch_cli
