// SPDX-License-Identifier: MIT
// Replays `accepted` on rebase's tree, in the merged view only: where every value it moved went,
// and what it wrote (each member, element and node records the accepted operation).
#ifndef JSONPATCH_DETAIL_REBASE_ACCEPTED_HPP
#define JSONPATCH_DETAIL_REBASE_ACCEPTED_HPP

#include <jsonpatch/detail/operation_report.hpp>
#include <jsonpatch/detail/rebase_conflict.hpp>
#include <jsonpatch/detail/rebase_locate.hpp>
#include <jsonpatch/detail/rebase_sequence.hpp>
#include <jsonpatch/detail/rebase_tree.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/pointer.hpp>

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// Replays the accepted operations in order, each on the document its predecessors made, as
/// apply() would (the same errors for an operation that does not apply), recording on the tree:
/// - `deleted_by` on a node accepted removed, replaced or overwrote (add, move or copy onto it);
/// - `written_by` on an object member it added, removed, replaced, moved from or onto, copied onto;
/// - `removed_by` / `moved_by` on an array element it took out;
/// - `written_inside_by` on every node above a place it wrote, as the document was at the time.
/// A moved value keeps its node, so whatever the patch says about it can be followed. A copy is
/// a copy of the touched part of its source (the rest is the source's value, which never
/// changes), up to a budget; past it the copy is untracked, and a value moved into one is lost
/// (the patch's operations on it conflict).
template <class J> class rebase_accepted_replay {
  public:
    using tree_type = rebase_tree<J>;

    rebase_accepted_replay(tree_type& tree, std::size_t clone_budget)
        : tree_(tree), clone_budget_(clone_budget) {}

    /// Replays `accepted`; the error of the first operation that does not apply, if any.
    [[nodiscard]] std::optional<jsonpatch::error> run(const basic_patch<J>& accepted) {
        for (std::size_t i = 0; i < accepted.size(); ++i) {
            if (auto e = perform(accepted[i], i)) {
                return rebase_accepted_error(std::move(*e));
            }
        }
        return std::nullopt;
    }

  private:
    using location = rebase_location;
    using kind = rebase_location::kind;

    [[nodiscard]] std::optional<jsonpatch::error> perform(const basic_operation<J>& op,
                                                          std::size_t index) {
        const operation_report report{op.op, op.path.to_string(), op.from.to_string(), index};
        location target;
        switch (op.op) {
        case op_kind::add:
            if (auto e = locate(op.path, rebase_target::insert, report, member::path, target)) {
                return e;
            }
            put(tree_.add_node(&op.value, merged_view), target, index);
            return std::nullopt;
        case op_kind::remove:
            if (op.path.is_root()) {
                return report.root_not_removable(member::path);
            }
            if (auto e = locate(op.path, rebase_target::existing, report, member::path, target)) {
                return e;
            }
            take_out(target, index, false);
            return std::nullopt;
        case op_kind::replace:
            if (auto e = locate(op.path, rebase_target::existing, report, member::path, target)) {
                return e;
            }
            put(tree_.add_node(&op.value, merged_view), target, index);
            return std::nullopt;
        case op_kind::move:
            return move(op, report, index);
        case op_kind::copy:
            return copy(op, report, index);
        case op_kind::test:
            return locate(op.path, rebase_target::existing, report, member::path, target);
        }
        return std::nullopt;
    }

    [[nodiscard]] std::optional<jsonpatch::error> locate(const pointer& where, rebase_target mode,
                                                         const operation_report& report,
                                                         member which, location& out) {
        return rebase_locate(tree_, merged_view, where, mode, report, which, out);
    }

    // RFC 6902 §4.4: the source must exist, a move into its own child is refused, and the source
    // is taken out before the target is resolved. A move onto itself is that too (apply() skips
    // the work, as the document ends the same): in an array the value goes back before the
    // element that follows it, so where it ends relative to later inserts is that of any move.
    [[nodiscard]] std::optional<jsonpatch::error>
    move(const basic_operation<J>& op, const operation_report& report, std::size_t index) {
        location source;
        if (auto e = rebase_locate_move_source(tree_, merged_view, op, report, source)) {
            return e;
        }
        if (op.from.is_root()) { // onto itself: the root cannot be taken out
            return std::nullopt;
        }
        const std::size_t moved = take_out(source, index, true);
        location target;
        if (auto e = locate(op.path, rebase_target::insert, report, member::path, target)) {
            return e;
        }
        if (target.what == kind::inside && source.what == kind::node) {
            // Into a copy rebase does not follow: the value is lost to the patch.
            tree_.at(moved).deleted_by = index;
        }
        put(moved, target, index);
        if (source.what == kind::node) {
            tree_.at(moved).moved_by = index;
        }
        return std::nullopt;
    }

    [[nodiscard]] std::optional<jsonpatch::error>
    copy(const basic_operation<J>& op, const operation_report& report, std::size_t index) {
        location source;
        if (auto e = locate(op.from, rebase_target::existing, report, member::from, source)) {
            return e;
        }
        const std::size_t made =
            source.what == kind::node ? clone(source.node) : tree_.add_node(nullptr, merged_view);
        location target;
        if (auto e = locate(op.path, rebase_target::insert, report, member::path, target)) {
            return e;
        }
        put(made, target, index);
        return std::nullopt;
    }

    // Takes what `where` names out of the merged view and returns its node: the node itself, or,
    // inside an untracked value, a new untracked node for the part taken. `moving` says whether
    // it goes on to a new place (a move) or is gone (a remove).
    std::size_t take_out(const location& where, std::size_t index, bool moving) {
        if (where.what == kind::inside) {
            tree_.mark_written_inside(where.node, index);
            return tree_.add_node(nullptr, merged_view);
        }
        const std::size_t n = where.node;
        const auto at = tree_.at(n).at[rebase_view_slot(merged_view)];
        auto& parent = tree_.at(at.parent);
        if (parent.kind == rebase_kind::object) {
            parent.members.find(at.key)->second.written_by = index;
        } else {
            auto& item = parent.elements.at(at.item);
            (moving ? item.moved_by : item.removed_by) = index;
        }
        if (!moving) {
            tree_.at(n).deleted_by = index;
        }
        tree_.detach(n, merged_view);
        tree_.mark_written_inside(at.parent, index);
        return n;
    }

    // Puts node `n` where `where` says (RFC 6902 §4.1): over an existing value, as a new member,
    // into an array, or nowhere rebase follows (inside an untracked value).
    void put(std::size_t n, const location& where, std::size_t index) {
        switch (where.what) {
        case kind::node: {
            const std::size_t old = where.node;
            const auto at = tree_.at(old).at[rebase_view_slot(merged_view)];
            tree_.at(old).deleted_by = index;
            if (at.parent != rebase_none) {
                auto& parent = tree_.at(at.parent);
                if (parent.kind == rebase_kind::object) {
                    parent.members.find(at.key)->second.written_by = index;
                } else {
                    parent.elements.at(at.item).removed_by = index;
                }
                tree_.mark_written_inside(at.parent, index);
            }
            tree_.substitute(old, n, merged_view);
            return;
        }
        case kind::member:
            tree_.put_member(where.node, where.key, n, merged_view);
            tree_.member(where.node, where.key).written_by = index;
            tree_.mark_written_inside(where.node, index);
            return;
        case kind::gap:
            tree_.insert_element(where.node, where.item, n, merged_view);
            tree_.mark_written_inside(where.node, index);
            return;
        case kind::inside:
            tree_.mark_written_inside(where.node, index);
            return;
        }
    }

    // A new node holding a copy of the merged view of `source`: the touched part node by node,
    // the rest as the same source values. Untracked when that would pass the budget.
    std::size_t clone(std::size_t source) {
        const std::size_t size = touched_size(source, clone_budget_);
        if (size > clone_budget_) {
            clone_budget_ = 0;
            return tree_.add_node(nullptr, merged_view);
        }
        clone_budget_ -= size;
        std::vector<std::pair<std::size_t, std::size_t>> todo; // (original, copy)
        const auto copy_of = [this, &todo](std::size_t original) {
            const std::size_t made = tree_.add_node(tree_.at(original).source, merged_view);
            todo.emplace_back(original, made);
            return made;
        };
        const std::size_t top = copy_of(source);
        while (!todo.empty()) {
            // Not a structured binding: lambdas below capture `made` (C++17 forbids that).
            const std::size_t original = todo.back().first;
            const std::size_t made = todo.back().second;
            todo.pop_back();
            const auto& from = tree_.at(original);
            if (from.kind == rebase_kind::object) {
                for (const auto& [key, member] : from.members) {
                    typename tree_type::member_slot fresh;
                    const std::size_t child = member.child[rebase_view_slot(merged_view)];
                    tree_.at(made).members.emplace(key, fresh); // absent here too when absent there
                    if (child != rebase_none) {
                        tree_.put_member(made, key, copy_of(child), merged_view);
                    }
                }
            } else if (from.kind == rebase_kind::array) {
                tree_.at(made).elements = rebase_sequence();
                from.elements.for_each(
                    [this, made](std::size_t first, std::size_t count, rebase_views views) {
                        if ((views & merged_view) != 0) {
                            tree_.at(made).elements.append_run(first, count, merged_view);
                        }
                    },
                    [this, made, &copy_of](const rebase_sequence::item& element) {
                        if ((element.visible & merged_view) != 0) {
                            tree_.insert_element(made, rebase_none, copy_of(element.node),
                                                 merged_view);
                        }
                    });
            }
        }
        return top;
    }

    // The number of nodes in the touched part of `n` in the merged view, or more than `cap`.
    [[nodiscard]] std::size_t touched_size(std::size_t n, std::size_t cap) const {
        std::vector<std::size_t> todo{n};
        std::size_t count = 0;
        while (!todo.empty() && count <= cap) {
            const auto& here = tree_.at(todo.back());
            todo.pop_back();
            ++count;
            for (const auto& member : here.members) {
                if (member.second.child[rebase_view_slot(merged_view)] != rebase_none) {
                    todo.push_back(member.second.child[rebase_view_slot(merged_view)]);
                }
            }
            here.elements.for_each([](std::size_t, std::size_t, rebase_views) {},
                                   [&todo](const rebase_sequence::item& element) {
                                       if ((element.visible & merged_view) != 0) {
                                           todo.push_back(element.node);
                                       }
                                   });
        }
        return count;
    }

    tree_type& tree_;
    std::size_t clone_budget_;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_REBASE_ACCEPTED_HPP
