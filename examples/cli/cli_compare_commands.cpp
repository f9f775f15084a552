// SPDX-License-Identifier: MIT
// The jsonpatch commands that compare two documents: diff (a JSON Patch) and merge-diff (a JSON
// Merge Patch).
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/pointer.hpp>

#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cli_commands.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_output.hpp"
#include "cli_problem.hpp"
#include "cli_report.hpp"

namespace jsonpatch_cli {
namespace {

// Documents A and B, or the problem reading one of them.
struct document_pair {
    document a;
    document b;
};

checked<document_pair> read_pair(const invocation& inv) {
    auto a = read_document(inv.operands[0]);
    if (!a.value) {
        return {std::nullopt, std::move(a.failure)};
    }
    auto b = read_document(inv.operands[1]);
    if (!b.value) {
        return {std::nullopt, std::move(b.failure)};
    }
    return {document_pair{std::move(*a.value), std::move(*b.value)}, {}};
}

// The first null member of B that no merge patch can give (RFC 7396: a null member removes):
// one that A does not hold as the very same null. Walks only where A and B differ, as
// merge_patch_diff does; "" when there is none.
std::string inexpressible_null(const document& a, const document& b) {
    std::vector<std::tuple<const document*, const document*, std::string>> pending;
    pending.emplace_back(&a, &b, "");
    while (!pending.empty()) {
        auto [before, after, where] = std::move(pending.back());
        pending.pop_back();
        if (!after->is_object()) {
            continue;
        }
        using members = document::object_t;
        static const members none;
        const bool had_members = before != nullptr && before->is_object();
        const jsonpatch::detail::member_lookup<members> in_before(
            had_members ? before->get_ref<const members&>() : none);
        for (const auto& [name, value] : after->get_ref<const members&>()) {
            const document* old = in_before.find(name);
            if (old != nullptr && jsonpatch::detail::json_identical(*old, value)) {
                continue;
            }
            const std::string here = where + "/" + jsonpatch::pointer::escape(name);
            if (value.is_null()) {
                return here;
            }
            pending.emplace_back(old, &value, here);
        }
    }
    return {};
}

} // namespace

int run_diff(const invocation& inv) {
    const auto pair = read_pair(inv);
    if (!pair.value) {
        return fail(pair.failure, inv);
    }
    jsonpatch::diff_options options;
    options.emit_test = inv.test_ops;
    options.allow_move = !inv.no_move;
    const auto patch = jsonpatch::diff(pair.value->a, pair.value->b, options);
    const int printed = print_document(patch.to_json(), inv);
    if (printed != exit_ok) {
        return printed;
    }
    return inv.exit_code && !patch.empty() ? exit_failed : exit_ok;
}

int run_merge_diff(const invocation& inv) {
    const auto pair = read_pair(inv);
    if (!pair.value) {
        return fail(pair.failure, inv);
    }
    const auto merge_patch = jsonpatch::merge_patch_diff(pair.value->a, pair.value->b);
    if (!merge_patch) {
        const std::string where = inexpressible_null(pair.value->a, pair.value->b);
        problem p =
            plain_problem("no_merge_patch",
                          "no merge patch turns " + display_name(inv.operands[0]) + " into " +
                              display_name(inv.operands[1]) + ": " + display_name(inv.operands[1]) +
                              " holds null at " + quoted_pointer(where) +
                              ", and a null in a merge patch removes the member instead",
                          exit_failed);
        p.file = inv.operands[1];
        return fail(p, inv);
    }
    return print_document(*merge_patch, inv);
}

} // namespace jsonpatch_cli
