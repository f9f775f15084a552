// SPDX-License-Identifier: MIT
// The elements of one array as rebase sees them in two views at once (the document after
// `accepted`, and the document as `patch` sees it), with positions found in O(log edits).
#ifndef JSONPATCH_DETAIL_REBASE_SEQUENCE_HPP
#define JSONPATCH_DETAIL_REBASE_SEQUENCE_HPP

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace jsonpatch::detail {

/// "No such index": no node, no item, no operation.
inline constexpr std::size_t rebase_none = static_cast<std::size_t>(-1);

/// A view of the document, as a bit: a sequence keeps both views' visibility per element.
using rebase_views = unsigned char;
/// The document after `accepted`, then after the operations of `patch` already rebased.
inline constexpr rebase_views merged_view = 1;
/// The document `patch` sees: `base`, then after the operations of `patch` before this one.
inline constexpr rebase_views patch_view = 2;
/// Both views.
inline constexpr rebase_views both_views = merged_view | patch_view;
/// The index of a single view in per-view arrays: 0 for merged_view, 1 for patch_view.
[[nodiscard]] constexpr std::size_t rebase_view_slot(rebase_views view) noexcept {
    return view == merged_view ? 0 : 1;
}

/// One array's elements, in one order shared by both views, each element visible in either view,
/// both or neither (a removed element stays as a tombstone, so that "the gap before it" keeps a
/// meaning). Elements nobody has named yet are not materialised: a run stands for a stretch of
/// the array's source elements, so an array of a million elements touched twice holds five
/// pieces. Pieces live in a treap (a binary search tree by position, balanced by random
/// priorities) whose nodes count the visible elements below them in each view, so finding the
/// element at a position, the position of an element and inserting all cost O(log pieces).
/// Items (materialised elements) have stable indices; the node they hold is the caller's.
class rebase_sequence {
  public:
    /// A materialised element.
    struct item {
        std::size_t node = rebase_none;       ///< the caller's node at this position
        rebase_views visible = 0;             ///< the views it is visible in
        std::size_t removed_by = rebase_none; ///< the accepted op that removed or replaced it
        std::size_t moved_by = rebase_none;   ///< the accepted op that moved it away
        std::size_t piece = rebase_none;      ///< its treap node
    };

    /// Where an element is: a piece, and for a run the offset in it.
    struct spot {
        std::size_t piece = rebase_none;
        std::size_t offset = 0;
    };

    rebase_sequence() = default;
    /// The `size` source elements of an array, visible in `views`.
    rebase_sequence(std::size_t size, rebase_views views) {
        if (size > 0) {
            root_ = new_piece(true, 0, size, views);
        }
    }

    /// Number of elements visible in `view`.
    [[nodiscard]] std::size_t size(rebase_views view) const noexcept { return sum(root_, view); }

    /// The element at `rank` (< size(view)) among those visible in `view`.
    [[nodiscard]] spot locate(rebase_views view, std::size_t rank) const noexcept {
        std::size_t at = root_;
        for (;;) {
            const piece& p = pieces_[at];
            const std::size_t left = sum(p.left, view);
            if (rank < left) {
                at = p.left;
                continue;
            }
            rank -= left;
            const std::size_t here = own(p, view);
            if (rank < here) {
                return {at, p.is_run ? rank : 0};
            }
            rank -= here;
            at = p.right;
        }
    }

    /// The item at `where`, or rebase_none when it lies in a run.
    [[nodiscard]] std::size_t item_at(const spot& where) const noexcept {
        const piece& p = pieces_[where.piece];
        return p.is_run ? rebase_none : p.first;
    }
    /// The source index of a run element.
    [[nodiscard]] std::size_t source_index(const spot& where) const noexcept {
        return pieces_[where.piece].first + where.offset;
    }

    /// Turns the run element at `where` into an item holding `node`; returns the item.
    std::size_t materialise(const spot& where, std::size_t node) {
        const piece run = pieces_[where.piece];
        assert(run.is_run && where.offset < run.count);
        const std::size_t index = items_.size();
        items_.push_back(item{node, run.visible, rebase_none, rebase_none, rebase_none});
        std::size_t item_piece = where.piece;
        if (where.offset == 0) { // the run's piece becomes the item's
            piece& p = pieces_[where.piece];
            p.is_run = false;
            p.first = index;
            p.count = 1;
        } else {
            pieces_[where.piece].count = where.offset;
            item_piece = insert_piece_after(where.piece, new_piece(false, index, 1, 0));
        }
        items_[index].piece = item_piece;
        pull_up(item_piece);
        if (where.offset + 1 < run.count) {
            insert_piece_after(item_piece, new_piece(true, run.first + where.offset + 1,
                                                     run.count - where.offset - 1, run.visible));
        }
        return index;
    }

    /// The number of elements visible in `view` before item `i`.
    [[nodiscard]] std::size_t rank(rebase_views view, std::size_t i) const noexcept {
        std::size_t at = items_[i].piece;
        std::size_t out = sum(pieces_[at].left, view);
        while (pieces_[at].parent != rebase_none) {
            const std::size_t up = pieces_[at].parent;
            if (pieces_[up].right == at) {
                out += sum(pieces_[up].left, view) + own(pieces_[up], view);
            }
            at = up;
        }
        return out;
    }

    /// A new item holding `node`, visible in `views`, right before item `before`, or last when
    /// `before` is rebase_none. Returns the new item.
    std::size_t insert_before(std::size_t before, std::size_t node, rebase_views views) {
        const std::size_t index = new_item(node, views);
        if (before == rebase_none) {
            items_[index].piece = insert_piece_last(items_[index].piece);
        } else {
            insert_piece_before(items_[before].piece, items_[index].piece);
        }
        return index;
    }
    /// A new item holding `node`, visible in `views`, right after item `after`.
    std::size_t insert_after(std::size_t after, std::size_t node, rebase_views views) {
        const std::size_t index = new_item(node, views);
        insert_piece_after(items_[after].piece, items_[index].piece);
        return index;
    }

    /// Appends a run of `count` source elements from `first`, visible in `views`.
    void append_run(std::size_t first, std::size_t count, rebase_views views) {
        insert_piece_last(new_piece(true, first, count, views));
    }

    /// Makes item `i` visible in exactly `views`.
    void set_visible(std::size_t i, rebase_views views) {
        items_[i].visible = views;
        pull_up(items_[i].piece);
    }

    /// Item `i`.
    [[nodiscard]] item& at(std::size_t i) noexcept { return items_[i]; }
    /// Item `i`.
    [[nodiscard]] const item& at(std::size_t i) const noexcept { return items_[i]; }

    /// Calls `run(first, count, views)` for each run and `element(item)` for each item, in order.
    /// Iterative: the treap's depth is not bounded by anything the caller controls.
    template <class Run, class Element> void for_each(Run&& run, Element&& element) const {
        std::size_t at = leftmost(root_);
        while (at != rebase_none) {
            const piece& p = pieces_[at];
            if (p.is_run) {
                run(p.first, p.count, p.visible);
            } else {
                element(items_[p.first]);
            }
            at = successor(at);
        }
    }

  private:
    struct piece {
        std::size_t left = rebase_none;
        std::size_t right = rebase_none;
        std::size_t parent = rebase_none;
        std::uint32_t priority = 0;
        bool is_run = false;
        rebase_views visible = 0;    // a run's; an item's visibility is in its item
        std::size_t first = 0;       // a run's first source index, or the item's index
        std::size_t count = 0;       // a run's length (1 for an item)
        std::size_t sum[2] = {0, 0}; // visible elements in this subtree, per view
    };

    [[nodiscard]] std::size_t own(const piece& p, rebase_views view) const noexcept {
        if (p.is_run) {
            return (p.visible & view) != 0 ? p.count : 0;
        }
        return (items_[p.first].visible & view) != 0 ? 1 : 0;
    }
    [[nodiscard]] std::size_t sum(std::size_t at, rebase_views view) const noexcept {
        return at == rebase_none ? 0 : pieces_[at].sum[rebase_view_slot(view)];
    }
    void pull(std::size_t at) noexcept {
        piece& p = pieces_[at];
        for (const rebase_views view : {merged_view, patch_view}) {
            p.sum[rebase_view_slot(view)] = sum(p.left, view) + own(p, view) + sum(p.right, view);
        }
    }
    void pull_up(std::size_t at) noexcept {
        for (; at != rebase_none; at = pieces_[at].parent) {
            pull(at);
        }
    }

    std::size_t new_item(std::size_t node, rebase_views views) {
        const std::size_t index = items_.size();
        items_.push_back(item{node, views, rebase_none, rebase_none, rebase_none});
        items_[index].piece = new_piece(false, index, 1, 0);
        return index;
    }
    std::size_t new_piece(bool is_run, std::size_t first, std::size_t count, rebase_views views) {
        // xorshift32: deterministic, so a run is reproducible; balance needs no secrecy here.
        seed_ ^= seed_ << 13;
        seed_ ^= seed_ >> 17;
        seed_ ^= seed_ << 5;
        piece p;
        p.priority = seed_;
        p.is_run = is_run;
        p.visible = views;
        p.first = first;
        p.count = count;
        pieces_.push_back(p);
        pull(pieces_.size() - 1);
        return pieces_.size() - 1;
    }

    [[nodiscard]] std::size_t leftmost(std::size_t at) const noexcept {
        while (at != rebase_none && pieces_[at].left != rebase_none) {
            at = pieces_[at].left;
        }
        return at;
    }
    [[nodiscard]] std::size_t rightmost(std::size_t at) const noexcept {
        while (pieces_[at].right != rebase_none) {
            at = pieces_[at].right;
        }
        return at;
    }
    [[nodiscard]] std::size_t successor(std::size_t at) const noexcept {
        if (pieces_[at].right != rebase_none) {
            return leftmost(pieces_[at].right);
        }
        while (pieces_[at].parent != rebase_none && pieces_[pieces_[at].parent].right == at) {
            at = pieces_[at].parent;
        }
        return pieces_[at].parent;
    }

    std::size_t insert_piece_last(std::size_t fresh) {
        if (root_ == rebase_none) {
            root_ = fresh;
            return fresh;
        }
        attach(rightmost(root_), false, fresh);
        return fresh;
    }
    void insert_piece_before(std::size_t before, std::size_t fresh) {
        if (pieces_[before].left == rebase_none) {
            attach(before, true, fresh);
        } else {
            attach(rightmost(pieces_[before].left), false, fresh);
        }
    }
    std::size_t insert_piece_after(std::size_t after, std::size_t fresh) {
        if (pieces_[after].right == rebase_none) {
            attach(after, false, fresh);
        } else {
            attach(leftmost(pieces_[after].right), true, fresh);
        }
        return fresh;
    }

    // Hangs `fresh` under `parent` (on the side given), then restores the heap order.
    void attach(std::size_t parent, bool as_left, std::size_t fresh) {
        (as_left ? pieces_[parent].left : pieces_[parent].right) = fresh;
        pieces_[fresh].parent = parent;
        pull_up(fresh);
        while (pieces_[fresh].parent != rebase_none &&
               pieces_[pieces_[fresh].parent].priority < pieces_[fresh].priority) {
            rotate_up(fresh);
        }
    }

    // Rotates `x` above its parent; subtree totals above them do not change.
    void rotate_up(std::size_t x) noexcept {
        const std::size_t p = pieces_[x].parent;
        const std::size_t g = pieces_[p].parent;
        if (pieces_[p].left == x) {
            pieces_[p].left = pieces_[x].right;
            if (pieces_[x].right != rebase_none) {
                pieces_[pieces_[x].right].parent = p;
            }
            pieces_[x].right = p;
        } else {
            pieces_[p].right = pieces_[x].left;
            if (pieces_[x].left != rebase_none) {
                pieces_[pieces_[x].left].parent = p;
            }
            pieces_[x].left = p;
        }
        pieces_[p].parent = x;
        pieces_[x].parent = g;
        if (g == rebase_none) {
            root_ = x;
        } else if (pieces_[g].left == p) {
            pieces_[g].left = x;
        } else {
            pieces_[g].right = x;
        }
        pull(p);
        pull(x);
    }

    std::vector<piece> pieces_;
    std::vector<item> items_;
    std::size_t root_ = rebase_none;
    std::uint32_t seed_ = 0x9E3779B9u;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_REBASE_SEQUENCE_HPP
