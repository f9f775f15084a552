// SPDX-License-Identifier: MIT
// The part of a document that rebase's operations touch, as nodes with identities seen in two
// views: where each node is after `accepted` (and the rebased operations so far), and where the
// operations of `patch` see it.
#ifndef JSONPATCH_DETAIL_REBASE_TREE_HPP
#define JSONPATCH_DETAIL_REBASE_TREE_HPP

#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/rebase_sequence.hpp>
#include <jsonpatch/pointer.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// What rebase knows of a node's content.
enum class rebase_kind : unsigned char {
    object,    ///< an object: members found in its source, or in its member table once touched
    array,     ///< an array: elements in a rebase_sequence over its source
    scalar,    ///< neither; a pointer cannot go through it
    untracked, ///< a value rebase does not look into (one `patch` made; or a copy too big to
               ///< follow)
};

/// The nodes of `base` that the operations reach, and those the operations made, each with an
/// identity that survives moves. A node is materialised when a pointer first reaches it, from its
/// source value (a value of `base` or of `accepted`), so the cost follows the pointers, never the
/// document. Each node has a place per view (parent and member name, or parent and sequence
/// item); a node without a parent in a view is that view's root, or not in that view at all.
/// Nodes live in a deque, so references to them survive materialising others, and nothing here
/// recurses: the tree can be as deep as the longest pointer.
template <class J> class rebase_tree {
  public:
    /// A node's place in one view.
    struct place {
        std::size_t parent = rebase_none;
        std::string key;                ///< in an object parent
        std::size_t item = rebase_none; ///< in an array parent
    };
    /// A member of an object node, per view, and who in `accepted` wrote it.
    struct member_slot {
        std::size_t child[2] = {rebase_none, rebase_none};
        std::size_t written_by = rebase_none;
    };
    /// One node.
    struct node {
        const J* source = nullptr; ///< the value it started as; null when untracked
        rebase_kind kind = rebase_kind::untracked;
        rebase_views views = 0;                      ///< the views its content belongs to
        place at[2];                                 ///< per view: merged, patch
        std::size_t deleted_by = rebase_none;        ///< the accepted operation that deleted it
        std::size_t moved_by = rebase_none;          ///< the last accepted operation that moved it
        std::size_t written_inside_by = rebase_none; ///< the first accepted write strictly inside
        bool diverged = false;  ///< a conflicting operation of the patch wrote inside it
        bool displaced = false; ///< a conflicting move of the patch put it elsewhere
        std::map<std::string, member_slot, std::less<>> members;
        rebase_sequence elements;
    };

    explicit rebase_tree(const J& base) {
        const std::size_t root = add_node(&base, both_views);
        roots_[0] = root;
        roots_[1] = root;
    }

    [[nodiscard]] node& at(std::size_t id) noexcept { return nodes_[id]; }
    [[nodiscard]] const node& at(std::size_t id) const noexcept { return nodes_[id]; }
    [[nodiscard]] std::size_t root(rebase_views view) const noexcept { return roots_[rebase_view_slot(view)]; }
    [[nodiscard]] std::size_t node_count() const noexcept { return nodes_.size(); }

    /// A new node for `source` (untracked when null) whose content belongs to `views`.
    std::size_t add_node(const J* source, rebase_views views) {
        node n;
        n.source = source;
        n.views = views;
        if (source == nullptr) {
            n.kind = rebase_kind::untracked;
        } else if (source->is_object()) {
            n.kind = rebase_kind::object;
        } else if (source->is_array()) {
            n.kind = rebase_kind::array;
            n.elements = rebase_sequence(source->size(), views);
        } else {
            n.kind = rebase_kind::scalar;
        }
        nodes_.push_back(std::move(n));
        return nodes_.size() - 1;
    }

    /// The member `key` of object node `parent`, read from its source the first time.
    member_slot& member(std::size_t parent, std::string_view key) {
        auto& members = nodes_[parent].members;
        if (const auto it = members.find(key); it != members.end()) {
            return it->second;
        }
        member_slot fresh;
        std::size_t child = rebase_none;
        if (const J* source = nodes_[parent].source; source != nullptr) {
            const auto& object = source->template get_ref<const typename J::object_t&>();
            if (const auto found = find_member(object, key); found != object.end()) {
                child = add_node(&found->second, nodes_[parent].views);
            }
        }
        auto& slot_ref = members.emplace(std::string(key), fresh).first->second;
        if (child != rebase_none) {
            for (const rebase_views view : {merged_view, patch_view}) {
                if ((nodes_[parent].views & view) != 0) {
                    slot_ref.child[rebase_view_slot(view)] = child;
                    nodes_[child].at[rebase_view_slot(view)] = place{parent, std::string(key), rebase_none};
                }
            }
        }
        return slot_ref;
    }

    /// The item at `rank` (< size) among the elements of array node `parent` visible in `view`,
    /// materialised with a node of its own.
    std::size_t element(std::size_t parent, rebase_views view, std::size_t rank) {
        const auto where = nodes_[parent].elements.locate(view, rank);
        const std::size_t existing = nodes_[parent].elements.item_at(where);
        if (existing != rebase_none) {
            return existing;
        }
        const auto& array = nodes_[parent].source->template get_ref<const typename J::array_t&>();
        const std::size_t child =
            add_node(&array[nodes_[parent].elements.source_index(where)], nodes_[parent].views);
        const std::size_t item = nodes_[parent].elements.materialise(where, child);
        place_in_item(child, parent, item, nodes_[parent].elements.at(item).visible);
        return item;
    }

    /// Takes node `n` out of its place in each of `views` (its parent keeps a tombstone).
    void detach(std::size_t n, rebase_views views) {
        for (const rebase_views view : {merged_view, patch_view}) {
            if ((views & view) == 0) {
                continue;
            }
            place& where = nodes_[n].at[rebase_view_slot(view)];
            if (where.parent == rebase_none) {
                if (roots_[rebase_view_slot(view)] == n) {
                    roots_[rebase_view_slot(view)] = rebase_none;
                }
                continue;
            }
            node& parent = nodes_[where.parent];
            if (parent.kind == rebase_kind::object) {
                parent.members.find(where.key)->second.child[rebase_view_slot(view)] = rebase_none;
            } else {
                const rebase_views visible = parent.elements.at(where.item).visible;
                parent.elements.set_visible(where.item, static_cast<rebase_views>(visible & ~view));
            }
            where = place{};
        }
    }

    /// Puts node `n` at member `key` of object node `parent` in `views`; the member must be empty
    /// there.
    void put_member(std::size_t parent, std::string_view key, std::size_t n, rebase_views views) {
        member_slot& target = member(parent, key);
        for (const rebase_views view : {merged_view, patch_view}) {
            if ((views & view) != 0) {
                target.child[rebase_view_slot(view)] = n;
                nodes_[n].at[rebase_view_slot(view)] = place{parent, std::string(key), rebase_none};
            }
        }
    }

    /// Inserts node `n` into array node `parent` right before item `before` (last when
    /// rebase_none), visible in `views`; returns the new item.
    std::size_t insert_element(std::size_t parent, std::size_t before, std::size_t n,
                               rebase_views views) {
        const std::size_t item = nodes_[parent].elements.insert_before(before, n, views);
        place_in_item(n, parent, item, views);
        return item;
    }

    /// Makes `n` the root of `views`.
    void set_root(std::size_t n, rebase_views views) {
        for (const rebase_views view : {merged_view, patch_view}) {
            if ((views & view) != 0) {
                roots_[rebase_view_slot(view)] = n;
                nodes_[n].at[rebase_view_slot(view)] = place{};
            }
        }
    }

    /// Puts `fresh` where `old` is in each of `views`, and takes `old` out. Where both views share
    /// `old`'s array item, `fresh` shares one item too.
    void substitute(std::size_t old, std::size_t fresh, rebase_views views) {
        for (const rebase_views view : {merged_view, patch_view}) {
            if ((views & view) == 0) {
                continue;
            }
            const place where = nodes_[old].at[rebase_view_slot(view)];
            if (where.parent == rebase_none) {
                set_root(fresh, view);
                nodes_[old].at[rebase_view_slot(view)] = place{};
                continue;
            }
            node& parent = nodes_[where.parent];
            if (parent.kind == rebase_kind::object) {
                parent.members.find(where.key)->second.child[rebase_view_slot(view)] = fresh;
                nodes_[fresh].at[rebase_view_slot(view)] = where;
                nodes_[old].at[rebase_view_slot(view)] = place{};
                continue;
            }
            // Every view in `views` that sees `old` at this same item is handled now.
            rebase_views here = 0;
            for (const rebase_views other : {merged_view, patch_view}) {
                const place& there = nodes_[old].at[rebase_view_slot(other)];
                if ((views & other) != 0 && there.parent == where.parent &&
                    there.item == where.item) {
                    here = static_cast<rebase_views>(here | other);
                }
            }
            auto& item = parent.elements.at(where.item);
            const auto rest = static_cast<rebase_views>(item.visible & ~here);
            if (rest == 0) {
                item.node = fresh;
                place_in_item(fresh, where.parent, where.item, here);
            } else {
                parent.elements.set_visible(where.item, rest);
                const std::size_t split = parent.elements.insert_after(where.item, fresh, here);
                place_in_item(fresh, where.parent, split, here);
            }
            for (const rebase_views other : {merged_view, patch_view}) {
                if ((here & other) != 0) {
                    nodes_[old].at[rebase_view_slot(other)] = place{};
                }
            }
            views = static_cast<rebase_views>(views & ~here);
        }
    }

    /// The node where `n`'s chain of parents in `view` ends: that view's root when `n` is in the
    /// view, else the node that was taken out (with `n` below it).
    [[nodiscard]] std::size_t top_of(std::size_t n, rebase_views view) const noexcept {
        while (nodes_[n].at[rebase_view_slot(view)].parent != rebase_none) {
            n = nodes_[n].at[rebase_view_slot(view)].parent;
        }
        return n;
    }
    /// True when `ancestor` is `n` or above it in `view`.
    [[nodiscard]] bool is_at_or_above(std::size_t ancestor, std::size_t n,
                                      rebase_views view) const noexcept {
        for (; n != rebase_none; n = nodes_[n].at[rebase_view_slot(view)].parent) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    /// The pointer to `n` in `view` (where `n` must be). O(depth × log edits).
    [[nodiscard]] pointer path_of(std::size_t n, rebase_views view) const {
        std::vector<const place*> chain;
        for (; nodes_[n].at[rebase_view_slot(view)].parent != rebase_none;
             n = nodes_[n].at[rebase_view_slot(view)].parent) {
            chain.push_back(&nodes_[n].at[rebase_view_slot(view)]);
        }
        pointer out;
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            const node& parent = nodes_[(*it)->parent];
            if (parent.kind == rebase_kind::object) {
                out.push_back(std::string_view((*it)->key));
            } else {
                out.push_back(parent.elements.rank(view, (*it)->item));
            }
        }
        return out;
    }

    /// Records that accepted operation `op` wrote inside `parent`, on it and every node above it
    /// in the merged view.
    void mark_written_inside(std::size_t parent, std::size_t op) noexcept {
        for (; parent != rebase_none; parent = nodes_[parent].at[rebase_view_slot(merged_view)].parent) {
            if (nodes_[parent].written_inside_by == rebase_none) {
                nodes_[parent].written_inside_by = op;
            }
        }
    }

    /// Records that a conflicting operation of the patch wrote inside `parent`: on it and every
    /// node above it in the patch view, which now differ from the merged view.
    void mark_diverged(std::size_t parent) noexcept {
        for (; parent != rebase_none; parent = nodes_[parent].at[rebase_view_slot(patch_view)].parent) {
            nodes_[parent].diverged = true;
        }
    }

  private:
    void place_in_item(std::size_t n, std::size_t parent, std::size_t item, rebase_views views) {
        for (const rebase_views view : {merged_view, patch_view}) {
            if ((views & view) != 0) {
                nodes_[n].at[rebase_view_slot(view)] = place{parent, std::string(), item};
            }
        }
    }

    std::deque<node> nodes_;
    std::size_t roots_[2] = {rebase_none, rebase_none};
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_REBASE_TREE_HPP
