// SPDX-License-Identifier: MIT
// Where an operation's pointer leads in one view of rebase's tree: a node, a new member, a gap
// between array elements, or somewhere inside a value rebase does not look into.
#ifndef JSONPATCH_DETAIL_REBASE_LOCATE_HPP
#define JSONPATCH_DETAIL_REBASE_LOCATE_HPP

#include <jsonpatch/detail/operation_report.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/detail/rebase_sequence.hpp>
#include <jsonpatch/detail/rebase_tree.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/pointer.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jsonpatch::detail {

/// What a pointer names, in terms of identities rather than text.
struct rebase_location {
    enum class kind : unsigned char {
        node,   ///< an existing value: `node`
        member, ///< a member object `node` does not have: `key`
        gap,    ///< a place in array `node` right before `item` (or at the end: rebase_none)
        inside, ///< inside untracked `node`, reached by the first `depth` tokens
    };
    kind what = kind::node;
    std::size_t node = rebase_none;
    std::string key;
    std::size_t item = rebase_none;
    bool dash = false; ///< a gap written as "-"
    std::size_t depth = 0;
};

/// How the last token is read: as a value that must exist (remove, replace, test, from), or as
/// where a value goes (add, and the targets of move and copy; RFC 6902 §4.1).
enum class rebase_target : unsigned char { existing, insert };

/// Resolves `where` in `view` of `tree`, with the errors apply() would report for the same
/// pointer (`report` names the operation, `which` the member). Materialises what it passes.
/// O(depth × log edits).
template <class J>
[[nodiscard]] std::optional<jsonpatch::error>
rebase_locate(rebase_tree<J>& tree, rebase_views view, const pointer& where, rebase_target mode,
              const operation_report& report, member which, rebase_location& out) {
    out = rebase_location{};
    std::size_t at = tree.root(view);
    const pointer_view tokens = view_of(where);
    for (std::size_t i = 0; i < where.size(); ++i) {
        const bool last = i + 1 == where.size();
        const auto& here = tree.at(at);
        if (here.kind == rebase_kind::untracked) {
            out.what = rebase_location::kind::inside;
            out.node = at;
            out.depth = i;
            return std::nullopt;
        }
        if (here.kind == rebase_kind::scalar) {
            return report.not_container(tokens, i, *here.source, which);
        }
        if (here.kind == rebase_kind::object) {
            const std::size_t child = tree.member(at, where.token(i)).child[rebase_view_slot(view)];
            if (child == rebase_none) {
                if (last && mode == rebase_target::insert) {
                    out.what = rebase_location::kind::member;
                    out.node = at;
                    out.key = std::string(where.token(i));
                    return std::nullopt;
                }
                return report.missing_member(tokens, i, which);
            }
            at = child;
            continue;
        }
        const std::size_t size = here.elements.size(view);
        const bool insert = last && mode == rebase_target::insert;
        std::size_t position = 0;
        if (auto e = array_position(report, size, tokens, i, insert, false, which, position)) {
            return e;
        }
        if (insert) {
            out.what = rebase_location::kind::gap;
            out.node = at;
            out.item = position < size ? tree.element(at, view, position) : rebase_none;
            out.dash = where.array_index(i).kind == array_token::end;
            return std::nullopt;
        }
        const std::size_t item = tree.element(at, view, position);
        at = tree.at(at).elements.at(item).node;
    }
    out.what = rebase_location::kind::node;
    out.node = at;
    return std::nullopt;
}

/// Resolves the source of a move (RFC 6902 §4.4, as apply() checks it): it must exist, and not
/// be a proper prefix of the target.
template <class J>
[[nodiscard]] std::optional<jsonpatch::error>
rebase_locate_move_source(rebase_tree<J>& tree, rebase_views view, const basic_operation<J>& op,
                          const operation_report& report, rebase_location& out) {
    if (auto e = rebase_locate(tree, view, op.from, rebase_target::existing, report, member::from,
                               out)) {
        return e;
    }
    if (op.from.is_proper_prefix_of(op.path)) {
        return report.move_into_descendant();
    }
    return std::nullopt;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_REBASE_LOCATE_HPP
