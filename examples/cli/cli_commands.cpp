// SPDX-License-Identifier: MIT
// The jsonpatch subcommands. Every document is an nlohmann::ordered_json, so what is printed
// keeps the members in the order they were read.
#include "cli_commands.hpp"

#include <jsonpatch/apply.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/testing.hpp>
#include <jsonpatch/validate.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>
#include <utility>

#include "cli_help.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_report.hpp"

namespace jsonpatch_cli {
namespace {

int io_failed(const std::string& failure) {
    report_failure(failure);
    return exit_usage_or_io;
}

int patch_failed(const jsonpatch::error& e, const invocation& inv) {
    report_patch_error(e, inv.errors);
    return exit_patch_error;
}

int print_text(std::string_view text) {
    const auto failure = write_stdout(text);
    return failure ? io_failed(*failure) : exit_ok;
}

// A resulting document: printed, or written back to DOC with --in-place.
int deliver(const invocation& inv, const document& result) {
    const std::string text = render(result, inv.indent);
    if (!inv.in_place) {
        return print_text(text);
    }
    const auto failure = replace_file(inv.operands[0], text, replace_target::existing_file);
    return failure ? io_failed(*failure) : exit_ok;
}

// apply --inverse: the undo patch is written first, so that once DOC has changed (--in-place)
// the way back exists already.
int apply_keeping_inverse(const invocation& inv, document& doc,
                          const jsonpatch::ordered_patch& patch) {
    const auto inverse = jsonpatch::apply_with_inverse(doc, patch);
    if (!inverse) {
        return patch_failed(inverse.error(), inv);
    }
    const std::string text = render(inverse->to_json(), inv.indent);
    if (auto failure = replace_file(*inv.inverse_file, text, replace_target::any)) {
        return io_failed(*failure);
    }
    return deliver(inv, doc);
}

int run_apply(const invocation& inv) {
    auto doc = read_document(inv.operands[0]);
    if (!doc.value) {
        return io_failed(doc.failure);
    }
    const auto patch_text = read_text(inv.operands[1]);
    if (!patch_text.value) {
        return io_failed(patch_text.failure);
    }
    // Parsed as ordered_json too, so that values the patch adds keep their members' order.
    const auto patch = jsonpatch::parse_patch<document>(*patch_text.value);
    if (!patch) {
        return patch_failed(patch.error(), inv);
    }
    if (inv.inverse_file) {
        return apply_keeping_inverse(inv, *doc.value, *patch);
    }
    if (const auto outcome = jsonpatch::apply(*doc.value, *patch); !outcome) {
        return patch_failed(outcome.error(), inv);
    }
    return deliver(inv, *doc.value);
}

int run_validate(const invocation& inv) {
    const auto patch_text = read_text(inv.operands[0]);
    if (!patch_text.value) {
        return io_failed(patch_text.failure);
    }
    std::optional<document> doc;
    if (inv.operands.size() == 2) {
        auto read = read_document(inv.operands[1]);
        if (!read.value) {
            return io_failed(read.failure);
        }
        doc = std::move(read.value);
    }
    const document* against = doc ? &*doc : nullptr;
    const auto problems = jsonpatch::validate(std::string_view(*patch_text.value), against,
                                              jsonpatch::ordered_apply_options{});
    // The problems are validate's output, so their format follows standard output.
    const error_format format = resolve_format(inv.errors, STDOUT_FILENO);
    std::string out;
    for (const auto& e : problems) {
        out += format_error(e, format) + "\n";
    }
    const int printed = print_text(out);
    return printed != exit_ok ? printed : problems.empty() ? exit_ok : exit_patch_error;
}

int run_diff(const invocation& inv) {
    const auto a = read_document(inv.operands[0]);
    if (!a.value) {
        return io_failed(a.failure);
    }
    const auto b = read_document(inv.operands[1]);
    if (!b.value) {
        return io_failed(b.failure);
    }
    jsonpatch::diff_options options;
    options.emit_test = inv.test_ops;
    options.allow_move = !inv.no_move;
    return deliver(inv, jsonpatch::diff(*a.value, *b.value, options).to_json());
}

int run_merge(const invocation& inv) {
    auto doc = read_document(inv.operands[0]);
    if (!doc.value) {
        return io_failed(doc.failure);
    }
    const auto merge_patch = read_document(inv.operands[1]);
    if (!merge_patch.value) {
        return io_failed(merge_patch.failure);
    }
    if (const auto outcome = jsonpatch::apply_merge_patch(*doc.value, *merge_patch.value);
        !outcome) {
        return patch_failed(outcome.error(), inv);
    }
    return deliver(inv, *doc.value);
}

std::string failure_lines(const std::string& name, const jsonpatch::testing::suite_report& r) {
    std::string out;
    for (const auto& failure : r.failures) {
        out += "FAIL " + name + " #" + std::to_string(failure.index) + " \"" +
               (failure.comment.empty() ? "(no comment)" : failure.comment) +
               "\": " + failure.explanation + "\n";
    }
    return out;
}

int run_test(const invocation& inv) {
    jsonpatch::testing::suite_report total;
    for (const auto& name : inv.operands) {
        const auto suite = read_document(name);
        if (!suite.value) {
            return io_failed(suite.failure);
        }
        const auto report = jsonpatch::testing::run_suite(*suite.value);
        if (const int printed = print_text(failure_lines(name, report)); printed != exit_ok) {
            return printed;
        }
        total += report;
    }
    const int printed = print_text(total.summary() + "\n");
    return printed != exit_ok ? printed : total.failed == 0 ? exit_ok : exit_patch_error;
}

int run_help(const invocation& inv) {
    if (inv.operands.empty()) {
        return print_text(overview_help());
    }
    const command_doc* command = find_command(inv.operands[0]);
    if (command == nullptr) {
        report_usage("unknown command '" + inv.operands[0] + "'", nullptr);
        return exit_usage_or_io;
    }
    return print_text(command_help(*command));
}

} // namespace

int run_command(const invocation& inv) {
    using runner = int (*)(const invocation&);
    static const std::pair<std::string_view, runner> runners[] = {
        {"apply", run_apply}, {"validate", run_validate}, {"diff", run_diff},
        {"merge", run_merge}, {"test", run_test},         {"help", run_help},
    };
    if (inv.help) {
        return print_text(command_help(*inv.command));
    }
    for (const auto& [name, run] : runners) {
        if (name == inv.command->name) {
            return run(inv);
        }
    }
    report_failure("no runner for command '" + std::string(inv.command->name) + "'");
    return exit_usage_or_io;
}

} // namespace jsonpatch_cli
