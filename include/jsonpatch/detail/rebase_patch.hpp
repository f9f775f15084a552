// SPDX-License-Identifier: MIT
// Rebases the operations of `patch` one by one over the tree `accepted` left: each is resolved as
// the patch sees the document, checked against what accepted wrote, and written out where the
// same values are after accepted.
#ifndef JSONPATCH_DETAIL_REBASE_PATCH_HPP
#define JSONPATCH_DETAIL_REBASE_PATCH_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/operation_report.hpp>
#include <jsonpatch/detail/rebase_conflict.hpp>
#include <jsonpatch/detail/rebase_locate.hpp>
#include <jsonpatch/detail/rebase_sequence.hpp>
#include <jsonpatch/detail/rebase_tree.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/pointer.hpp>

#include <cassert>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// Runs the operations of `patch` on the tree in both views. In the patch view every operation
/// is applied, so each resolves exactly as it did against `base`. In the merged view only those
/// that do not conflict are, and while none has conflicted each is written out: its pointers are
/// where its values are in the merged view. The values the patch adds are untracked nodes: no
/// accepted operation wrote inside them, so pointers into them keep their tail as written.
template <class J> class rebase_patch_replay {
  public:
    using tree_type = rebase_tree<J>;

    /// With `collect`, goes on after a conflict to find every one (rebase_conflicts).
    rebase_patch_replay(tree_type& tree, const basic_patch<J>& accepted, bool collect)
        : tree_(tree), accepted_(accepted), collect_(collect) {}

    /// Rebases `patch`; see rebased() and errors().
    void run(const basic_patch<J>& operations) {
        rebased_.reserve(operations.size());
        for (std::size_t i = 0; i < operations.size(); ++i) {
            if (auto e = perform(operations[i], i)) { // the patch itself does not apply to base
                errors_.push_back(std::move(*e));
                return;
            }
            if (!collect_ && !errors_.empty()) {
                return;
            }
        }
    }

    /// The rebased patch; meaningful when errors() is empty.
    [[nodiscard]] basic_patch<J>& rebased() noexcept { return rebased_; }
    /// The conflicts (and a last error when the patch does not apply to base), in order.
    [[nodiscard]] std::vector<jsonpatch::error>& errors() noexcept { return errors_; }

  private:
    using location = rebase_location;
    using kind = rebase_location::kind;
    using reason = std::optional<rebase_conflict_reason>;

    [[nodiscard]] std::optional<jsonpatch::error> perform(const basic_operation<J>& op,
                                                          std::size_t index) {
        const operation_report report{op.op, op.path.to_string(), op.from.to_string(), index};
        switch (op.op) {
        case op_kind::add:
        case op_kind::replace:
        case op_kind::test:
        case op_kind::remove:
            return write(op, report);
        case op_kind::move:
            return move(op, report);
        case op_kind::copy:
            return copy(op, report);
        }
        return std::nullopt;
    }

    [[nodiscard]] std::optional<jsonpatch::error> locate(const pointer& where, rebase_target mode,
                                                         const operation_report& report,
                                                         member which, location& out) {
        return rebase_locate(tree_, patch_view, where, mode, report, which, out);
    }

    // add, replace, test and remove: one pointer.
    [[nodiscard]] std::optional<jsonpatch::error> write(const basic_operation<J>& op,
                                                        const operation_report& report) {
        if (op.op == op_kind::remove && op.path.is_root()) {
            return report.root_not_removable(member::path);
        }
        const rebase_target mode =
            op.op == op_kind::add ? rebase_target::insert : rebase_target::existing;
        location target;
        if (auto e = locate(op.path, mode, report, member::path, target)) {
            return e;
        }
        const reason clash = check(target, member::path, op.op == op_kind::remove);
        const rebase_views views = settle(report, clash);
        if (clash && op.op != op_kind::test) {
            mark_diverged(target);
        }
        if (emitting()) {
            op_kind out = op.op;
            // An add over an existing member that accepted moved into an array would insert
            // there; a replace keeps the meaning.
            if (out == op_kind::add && target.what == kind::node && in_array(target.node)) {
                out = op_kind::replace;
            }
            emit(out, merged_pointer(target, op.path), pointer(),
                 has_value(op.op) ? &op.value : nullptr);
        }
        if (op.op == op_kind::remove) {
            if (target.what == kind::node) {
                tree_.detach(target.node, views);
            }
        } else if (op.op != op_kind::test) {
            put(tree_.add_node(nullptr, views), target, views);
        }
        return std::nullopt;
    }

    // RFC 6902 §4.4, as rebase_accepted_replay::move reads it: a move onto itself is a removal
    // and an insertion too, so that rebasing it again still knows where the value goes.
    [[nodiscard]] std::optional<jsonpatch::error> move(const basic_operation<J>& op,
                                                       const operation_report& report) {
        location source;
        if (auto e = rebase_locate_move_source(tree_, patch_view, op, report, source)) {
            return e;
        }
        if (op.from.is_root()) { // the root onto itself: nothing moves
            const reason clash = check(source, member::from, false);
            settle(report, clash);
            if (emitting()) {
                emit(op_kind::move, pointer(), pointer(), nullptr);
            }
            return std::nullopt;
        }
        const reason from_clash = check(source, member::from, true);
        const bool tracked = source.what == kind::node;
        const std::size_t moved = tracked ? source.node : tree_.add_node(nullptr, both_views);
        std::optional<pointer> from_out;
        if (emitting() && !from_clash) {
            from_out = merged_pointer(source, op.from);
        }
        // Where the value leaves, in the patch view (marked as diverged if the move conflicts).
        const std::size_t left =
            tracked ? tree_.at(moved).at[rebase_view_slot(patch_view)].parent : source.node;
        if (tracked) {
            tree_.detach(moved, patch_view);
        }
        location target;
        if (auto e = locate(op.path, rebase_target::insert, report, member::path, target)) {
            return e;
        }
        reason clash = from_clash ? from_clash : check(target, member::path, false, moved);
        if (!clash && tracked && tree_.is_at_or_above(moved, target.node, merged_view)) {
            // Only after an earlier conflict can the merged view hold the target inside the
            // moved value (accepted writing there is a conflict of its own).
            clash =
                rebase_conflict_reason{rebase_clash::earlier_conflict, rebase_none, member::path};
        }
        const rebase_views views = settle(report, clash);
        if (clash) {
            tree_.mark_diverged(left);
            mark_diverged(target);
            tree_.at(moved).displaced = true;
        }
        if (tracked && (views & merged_view) != 0) {
            tree_.detach(moved, merged_view);
        }
        if (emitting()) {
            if (target.what == kind::node && in_array(target.node)) {
                const pointer replaced = tree_.path_of(target.node, merged_view);
                emit_move(*from_out, replaced);
                emit(op_kind::remove, bumped(replaced, replaced.size() - 1), pointer(), nullptr);
            } else {
                emit_move(*from_out, merged_pointer(target, op.path));
            }
        }
        put(moved, target, views);
        return std::nullopt;
    }

    [[nodiscard]] std::optional<jsonpatch::error> copy(const basic_operation<J>& op,
                                                       const operation_report& report) {
        location source;
        if (auto e = locate(op.from, rebase_target::existing, report, member::from, source)) {
            return e;
        }
        location target;
        if (auto e = locate(op.path, rebase_target::insert, report, member::path, target)) {
            return e;
        }
        const reason from_clash = check(source, member::from, false);
        const reason clash = from_clash ? from_clash : check(target, member::path, false);
        const rebase_views views = settle(report, clash);
        if (clash) {
            mark_diverged(target);
        }
        if (emitting()) {
            const pointer from_out = merged_pointer(source, op.from);
            if (target.what == kind::node && in_array(target.node)) {
                const pointer replaced = tree_.path_of(target.node, merged_view);
                emit(op_kind::copy, replaced, from_out, nullptr);
                emit(op_kind::remove, bumped(replaced, replaced.size() - 1), pointer(), nullptr);
            } else {
                emit(op_kind::copy, merged_pointer(target, op.path), from_out, nullptr);
            }
        }
        put(tree_.add_node(nullptr, views), target, views);
        return std::nullopt;
    }

    // The conflict rules (docs/concurrency.md). `taking`: the operation takes the value away
    // (remove, the source of a move); `leaving`: the value a move takes away, which may still be
    // at its target in the merged view (a move onto itself).
    [[nodiscard]] reason check(const location& where, member which, bool taking,
                               std::size_t leaving = rebase_none) {
        if (auto gone = removed(where.node, which)) {
            return gone;
        }
        // The patch view reaches the location through a value a conflicting move put there.
        for (std::size_t up = where.node; up != rebase_none;
             up = tree_.at(up).at[rebase_view_slot(patch_view)].parent) {
            if (tree_.at(up).displaced) {
                return rebase_conflict_reason{rebase_clash::earlier_conflict, rebase_none, which};
            }
        }
        const auto& n = tree_.at(where.node);
        switch (where.what) {
        case kind::node:
            if (taking && where.node == tree_.root(merged_view)) {
                return rebase_conflict_reason{rebase_clash::made_root, n.moved_by, which};
            }
            if (n.written_inside_by != rebase_none) {
                return rebase_conflict_reason{rebase_clash::changed_inside, n.written_inside_by,
                                              which};
            }
            return diverged(n, which);
        case kind::member: {
            const auto& slot = tree_.member(where.node, where.key);
            if (slot.written_by != rebase_none) {
                return rebase_conflict_reason{rebase_clash::member_written, slot.written_by, which};
            }
            const std::size_t there = slot.child[rebase_view_slot(merged_view)];
            if (there != rebase_none && there != leaving) {
                return rebase_conflict_reason{rebase_clash::earlier_conflict, rebase_none, which};
            }
            return std::nullopt;
        }
        case kind::gap: {
            if (where.item == rebase_none) {
                return std::nullopt;
            }
            const auto& item = n.elements.at(where.item);
            if ((item.visible & merged_view) != 0) {
                return std::nullopt;
            }
            if (item.removed_by != rebase_none) {
                return rebase_conflict_reason{rebase_clash::anchor_removed, item.removed_by, which};
            }
            if (item.moved_by != rebase_none) {
                return rebase_conflict_reason{rebase_clash::anchor_moved, item.moved_by, which};
            }
            return rebase_conflict_reason{rebase_clash::earlier_conflict, rebase_none, which};
        }
        case kind::inside:
            return diverged(n, which);
        }
        return std::nullopt;
    }

    // Whether a conflicting operation before wrote inside `n` as the patch sees it: then the
    // merged view holds something else there.
    template <class Node> [[nodiscard]] static reason diverged(const Node& n, member which) {
        if (!n.diverged) {
            return std::nullopt;
        }
        return rebase_conflict_reason{rebase_clash::earlier_conflict, rebase_none, which};
    }

    // After a conflicting write at `where`: the patch view differs from the merged view there.
    void mark_diverged(const location& where) {
        if (where.what == kind::node) {
            tree_.mark_diverged(tree_.at(where.node).at[rebase_view_slot(patch_view)].parent);
        } else {
            tree_.mark_diverged(where.node);
        }
    }

    // Whether `n` is gone from the merged view: accepted removed or replaced it or a value above
    // it (what the patch wrote under such a value goes with it).
    [[nodiscard]] reason removed(std::size_t n, member which) const {
        const std::size_t top = tree_.top_of(n, merged_view);
        if (top == tree_.root(merged_view)) {
            return std::nullopt;
        }
        const std::size_t by = tree_.at(top).deleted_by;
        return rebase_conflict_reason{
            by == rebase_none ? rebase_clash::earlier_conflict : rebase_clash::removed, by, which};
    }

    // Records a conflict, if any; returns the views the operation is then applied in.
    rebase_views settle(const operation_report& report, const reason& clash) {
        if (!clash) {
            return both_views;
        }
        errors_.push_back(rebase_conflict_error(report, *clash, accepted_));
        return patch_view;
    }

    // Puts node `n` where `where` says in `views` (an untracked inside swallows it).
    void put(std::size_t n, const location& where, rebase_views views) {
        switch (where.what) {
        case kind::node:
            tree_.substitute(where.node, n, views);
            return;
        case kind::member:
            tree_.put_member(where.node, where.key, n, views);
            return;
        case kind::gap:
            tree_.insert_element(where.node, where.item, n, views);
            return;
        case kind::inside:
            return;
        }
    }

    [[nodiscard]] bool emitting() const noexcept { return errors_.empty(); }

    // Whether node `n` is an array element in the merged view.
    [[nodiscard]] bool in_array(std::size_t n) const noexcept {
        const std::size_t parent = tree_.at(n).at[rebase_view_slot(merged_view)].parent;
        return parent != rebase_none && tree_.at(parent).kind == rebase_kind::array;
    }

    // Where `where` is in the merged view, as a pointer; `written` is the pointer the patch wrote.
    [[nodiscard]] pointer merged_pointer(const location& where, const pointer& written) const {
        pointer out = tree_.path_of(where.node, merged_view);
        switch (where.what) {
        case kind::node:
            break;
        case kind::member:
            out.push_back(std::string_view(where.key));
            break;
        case kind::gap: {
            const auto& elements = tree_.at(where.node).elements;
            if (where.dash) {
                out.push_back(std::string_view("-"));
            } else if (where.item == rebase_none) {
                out.push_back(elements.size(merged_view));
            } else {
                out.push_back(elements.rank(merged_view, where.item));
            }
            break;
        }
        case kind::inside:
            // The tail is inside a value the patch made or moved there: as written.
            for (std::size_t k = where.depth; k < written.size(); ++k) {
                out.push_back(written.token(k));
            }
            return out;
        }
        return out;
    }

    // `where` with array index token `i` one higher.
    [[nodiscard]] static pointer bumped(const pointer& where, std::size_t i) {
        pointer out;
        for (std::size_t k = 0; k < where.size(); ++k) {
            if (k == i) {
                assert(where.array_index(k).kind == array_token::index);
                out.push_back(where.array_index(k).value + 1);
            } else {
                out.push_back(where.token(k));
            }
        }
        return out;
    }

    // A move from `from` to `to` (merged pointers, `to` read after the removal). When index
    // shifts put `to` inside the element that slid into `from`'s place, the move would be one
    // into its own child (RFC 6902 §4.4 forbids it): it is written as a copy to where that
    // element is before the removal, then the removal.
    void emit_move(const pointer& from, const pointer& to) {
        if (from.is_proper_prefix_of(to)) {
            emit(op_kind::copy, bumped(to, from.size() - 1), from, nullptr);
            emit(op_kind::remove, from, pointer(), nullptr);
            return;
        }
        emit(op_kind::move, to, from, nullptr);
    }

    void emit(op_kind kind_of, pointer path, pointer from, const J* value) {
        basic_operation<J> out;
        out.op = kind_of;
        out.path = std::move(path);
        out.from = std::move(from);
        if (value != nullptr) {
            out.value = deep_copy(*value);
        }
        rebased_.push_back(std::move(out));
    }

    tree_type& tree_;
    const basic_patch<J>& accepted_;
    bool collect_;
    basic_patch<J> rebased_;
    std::vector<jsonpatch::error> errors_;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_REBASE_PATCH_HPP
