// SPDX-License-Identifier: MIT
/// \file
/// diff: a small RFC 6902 patch that turns one document into another, with moves in arrays.
#ifndef JSONPATCH_DIFF_HPP
#define JSONPATCH_DIFF_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/lcs.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/pointer.hpp>

#include <algorithm>
#include <cstddef>
#include <deque>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jsonpatch {

/// What diff may emit and how much work it may spend.
struct diff_options {
    /// Put a `test` of the old value before every remove, replace and move, so the patch refuses
    /// to apply to a document other than the one it was computed from (RFC 6902 §4.6).
    bool emit_test = false;
    /// Let array edits use `move` (a removed element equal to an added one). When false, diff
    /// emits only add, remove, replace (and test); it never emits copy.
    bool allow_move = true;
    /// Containers nested deeper than this many reference tokens are replaced whole when they
    /// differ, which bounds recursion and keeps every path within apply_limits::max_pointer_depth.
    std::size_t max_depth = 256;
    /// The most edits (insertions plus deletions) one array's edit script may have; beyond it the
    /// array is diffed index by index, as nlohmann's json::diff does.
    std::size_t max_array_edits = 1'000;
    /// The most element comparisons one array's edit-script search may spend (the same fallback),
    /// and the most element shifts its moves may cost (beyond it they become remove and add).
    std::size_t max_array_work = 20'000'000;
    /// Value pairs diffed in total before diff stops also trying the index-by-index script for an
    /// array whose edit script came out longer than that script's lower bound.
    std::size_t max_alternative_work = 1'000'000;
};

namespace detail {

// Operations with their weight: one per operation plus the JSON nodes of its value, a stand-in
// for serialised size that is cheap to keep up to date.
template <class J>
struct op_list {
    std::vector<basic_operation<J>> ops;
    std::size_t weight = 0;

    // The value is copied with deep_copy: nlohmann's copy recurses, and diff inputs may be deep.
    void emit(op_kind kind, pointer path, pointer from, const J& value) {
        weight += 1;
        if (has_value(kind)) {
            weight += measure(value, std::numeric_limits<std::size_t>::max(),
                              std::numeric_limits<std::size_t>::max())
                          .nodes;
        }
        ops.push_back(
            basic_operation<J>{kind, std::move(path), std::move(from), deep_copy(value)});
    }
    void append(op_list&& other) {
        weight += other.weight;
        ops.insert(ops.end(), std::make_move_iterator(other.ops.begin()),
                   std::make_move_iterator(other.ops.end()));
    }
    [[nodiscard]] bool better_than(const op_list& other) const noexcept {
        return ops.size() != other.ops.size() ? ops.size() < other.ops.size()
                                              : weight <= other.weight;
    }
};

// Where the edit script's diff of the pair (i, i) sits in its op list, so the index-wise script
// can reuse it instead of diffing the pair again.
struct child_span {
    std::size_t first = 0;
    std::size_t last = 0;
    std::size_t weight = 0;
};
using child_spans = std::unordered_map<std::size_t, child_span>;

// The recursion depth is bounded by diff_options::max_depth (two frames per level).
template <class J>
class differ {
  public:
    using json = J;
    using op_list = detail::op_list<J>;
    using object_type = typename J::object_t;
    using array_type = typename J::array_t;

    explicit differ(const diff_options& options) : options_(options) {}

    void run(const json& a, const json& b, pointer& path, op_list& out) {
        ++calls_;
        const bool same_container =
            (a.is_object() && b.is_object()) || (a.is_array() && b.is_array());
        if (!same_container || path.size() >= options_.max_depth) {
            if (!json_identical(a, b)) {
                replace(a, b, path, out);
            }
            return;
        }
        op_list local;
        if (a.is_object()) {
            objects(a, b, path, local);
        } else {
            arrays(a, b, path, local);
        }
        if (local.ops.empty()) {
            return;
        }
        // One replace is never more operations; take it when it is also lighter.
        constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();
        const std::size_t replace_weight =
            1 + (options_.emit_test ? 1 + measure(a, unbounded, local.weight).nodes : 0) +
            measure(b, unbounded, local.weight).nodes;
        if (replace_weight < local.weight) {
            replace(a, b, path, out);
            return;
        }
        out.append(std::move(local));
    }

  private:
    void test(const json& old, const pointer& path, op_list& out) {
        if (options_.emit_test) {
            out.emit(op_kind::test, path, {}, old);
        }
    }

    void replace(const json& a, const json& b, const pointer& path, op_list& out) {
        test(a, path, out);
        out.emit(op_kind::replace, path, {}, b);
    }

    void remove(const json& old, const pointer& path, op_list& out) {
        test(old, path, out);
        out.emit(op_kind::remove, path, {}, {});
    }

    // Members by name (RFC 8259 objects are unordered), in document order: a's members first,
    // then the members only b has, in b's order, so an ordered_json result appends them as b
    // has them.
    void objects(const json& a, const json& b, pointer& path, op_list& out) {
        const auto& ao = a.template get_ref<const object_type&>();
        const auto& bo = b.template get_ref<const object_type&>();
        const member_lookup a_members(ao);
        const member_lookup b_members(bo);
        for (const auto& [key, value] : ao) {
            path.push_back(key);
            const json* counterpart = b_members.find(key);
            if (counterpart == nullptr) {
                remove(value, path, out);
            } else {
                run(value, *counterpart, path, out);
            }
            path.pop_back();
        }
        for (const auto& [key, value] : bo) {
            if (a_members.find(key) == nullptr) {
                path.push_back(key);
                out.emit(op_kind::add, path, {}, value);
                path.pop_back();
            }
        }
    }

    [[nodiscard]] static pointer at(const pointer& path, std::size_t index) {
        pointer p = path;
        p.push_back(index);
        return p;
    }

    // Index by index, as nlohmann's json::diff: common positions diffed, then the tail.
    void index_wise(const array_type& a, const array_type& b,
                    const std::vector<std::size_t>& a_id, const std::vector<std::size_t>& b_id,
                    pointer& path, op_list& out, const op_list* edit, const child_spans* known) {
        const std::size_t common = std::min(a.size(), b.size());
        for (std::size_t i = 0; i < common; ++i) {
            if (a_id[i] == b_id[i]) {
                continue;
            }
            if (known != nullptr) {
                if (const auto hit = known->find(i); hit != known->end()) {
                    const child_span& span = hit->second;
                    out.ops.insert(out.ops.end(),
                                   edit->ops.begin() + static_cast<std::ptrdiff_t>(span.first),
                                   edit->ops.begin() + static_cast<std::ptrdiff_t>(span.last));
                    out.weight += span.weight;
                    continue;
                }
            }
            path.push_back(i);
            run(a[i], b[i], path, out);
            path.pop_back();
        }
        for (std::size_t i = a.size(); i > common; --i) {
            remove(a[i - 1], at(path, i - 1), out);
        }
        for (std::size_t i = common; i < b.size(); ++i) {
            out.emit(op_kind::add, at(path, i), {}, b[i]);
        }
    }

    void arrays(const json& a_value, const json& b_value, pointer& path, op_list& out) {
        const auto& a = a_value.template get_ref<const array_type&>();
        const auto& b = b_value.template get_ref<const array_type&>();
        const std::size_t n = a.size();
        const std::size_t m = b.size();
        // The common prefix is compared directly: equal arrays cost no hashing at all.
        std::size_t prefix = 0;
        while (prefix < n && prefix < m && json_identical(a[prefix], b[prefix])) {
            ++prefix;
        }
        if (prefix == n && prefix == m) {
            return;
        }
        value_ids<J> ids;
        std::vector<std::size_t> a_id(n);
        std::vector<std::size_t> b_id(m);
        for (std::size_t i = prefix; i < n; ++i) {
            a_id[i] = ids.id(a[i]);
        }
        for (std::size_t j = prefix; j < m; ++j) {
            b_id[j] = ids.id(b[j]);
        }
        std::size_t lower_bound = n > m ? n - m : m - n; // of the index-wise script
        for (std::size_t i = prefix; i < std::min(n, m); ++i) {
            lower_bound += a_id[i] != b_id[i] ? 1U : 0U;
        }
        std::size_t suffix = 0;
        while (suffix < n - prefix && suffix < m - prefix &&
               a_id[n - 1 - suffix] == b_id[m - 1 - suffix]) {
            ++suffix;
        }
        const std::vector<std::size_t> x(a_id.begin() + static_cast<std::ptrdiff_t>(prefix),
                                         a_id.end() - static_cast<std::ptrdiff_t>(suffix));
        const std::vector<std::size_t> y(b_id.begin() + static_cast<std::ptrdiff_t>(prefix),
                                         b_id.end() - static_cast<std::ptrdiff_t>(suffix));
        auto middle = myers_lcs(x, y, options_.max_array_edits, options_.max_array_work);
        if (!middle) { // too dissimilar to search: degrade to the coarser index-wise script
            index_wise(a, b, a_id, b_id, path, out, nullptr, nullptr);
            return;
        }
        std::vector<kept_pair> kept;
        kept.reserve(prefix + middle->size() + suffix);
        for (std::size_t i = 0; i < prefix; ++i) {
            kept.push_back({i, i});
        }
        for (const kept_pair& k : *middle) {
            kept.push_back({k.a + prefix, k.b + prefix});
        }
        for (std::size_t i = suffix; i > 0; --i) {
            kept.push_back({n - i, m - i});
        }

        op_list edit;
        child_spans same_index;
        edit_script(a, b, a_id, b_id, kept, path, edit, same_index);
        if (edit.ops.size() <= lower_bound || calls_ > options_.max_alternative_work) {
            out.append(std::move(edit));
            return;
        }
        op_list plain;
        index_wise(a, b, a_id, b_id, path, plain, &edit, &same_index);
        out.append(plain.better_than(edit) ? std::move(plain) : std::move(edit));
    }

    // The array script from the kept pairs: removes (back to front), moves, adds (front to
    // back), then the diffs of elements that were paired in place.
    void edit_script(const array_type& a, const array_type& b,
                     const std::vector<std::size_t>& a_id, const std::vector<std::size_t>& b_id,
                     const std::vector<kept_pair>& kept, pointer& path, op_list& out,
                     child_spans& same_index) {
        constexpr std::size_t none = static_cast<std::size_t>(-1);
        enum class fate : unsigned char { removed, anchored, moved, paired };
        const std::size_t n = a.size();
        const std::size_t m = b.size();
        std::vector<fate> a_fate(n, fate::removed);
        std::vector<std::size_t> source(m, none);   // the a element that ends up at b[j]
        std::vector<fate> b_fate(m, fate::removed); // `removed` here means "added"
        std::vector<std::size_t> a_gap(n);
        std::vector<std::size_t> b_gap(m);
        for (const kept_pair& k : kept) {
            a_fate[k.a] = fate::anchored;
            b_fate[k.b] = fate::anchored;
            source[k.b] = k.a;
        }
        for (std::size_t i = 0, g = 0, next = 0; i < n; ++i) {
            if (next < kept.size() && kept[next].a == i) {
                ++next;
                ++g;
                continue;
            }
            a_gap[i] = g;
        }
        for (std::size_t j = 0, g = 0, next = 0; j < m; ++j) {
            if (next < kept.size() && kept[next].b == j) {
                ++next;
                ++g;
                continue;
            }
            b_gap[j] = g;
        }
        if (options_.allow_move) {
            // Equal elements removed and added are one move. They always sit in different gaps:
            // two equal elements in one gap would have lengthened the common subsequence.
            std::unordered_map<std::size_t, std::deque<std::size_t>> removed_by_id;
            for (std::size_t i = 0; i < n; ++i) {
                if (a_fate[i] == fate::removed) {
                    removed_by_id[a_id[i]].push_back(i);
                }
            }
            std::vector<kept_pair> moves;
            for (std::size_t j = 0; j < m; ++j) {
                if (b_fate[j] != fate::removed) {
                    continue;
                }
                const auto it = removed_by_id.find(b_id[j]);
                if (it != removed_by_id.end() && !it->second.empty()) {
                    moves.push_back({it->second.front(), j});
                    it->second.pop_front();
                }
            }
            // Placing a move costs O(n) below; past the work bound, moves stay remove + add.
            if (moves.size() <= options_.max_array_work / (n + 1)) {
                for (const kept_pair& move : moves) {
                    a_fate[move.a] = fate::moved;
                    b_fate[move.b] = fate::moved;
                    source[move.b] = move.a;
                }
            }
        }
        // Within one gap, the remaining removals and additions pair up in order and are diffed
        // in place, as nlohmann pairs positions.
        {
            std::size_t i = 0;
            std::size_t j = 0;
            while (i < n && j < m) {
                if (a_fate[i] != fate::removed) {
                    ++i;
                } else if (b_fate[j] != fate::removed) {
                    ++j;
                } else if (a_gap[i] < b_gap[j]) {
                    ++i;
                } else if (b_gap[j] < a_gap[i]) {
                    ++j;
                } else {
                    a_fate[i] = fate::paired;
                    b_fate[j] = fate::paired;
                    source[j] = i;
                    ++i;
                    ++j;
                }
            }
        }

        for (std::size_t i = n; i > 0; --i) {
            if (a_fate[i - 1] == fate::removed) {
                remove(a[i - 1], at(path, i - 1), out);
            }
        }
        std::vector<std::size_t> order; // the a indices left, in their current order
        for (std::size_t i = 0; i < n; ++i) {
            if (a_fate[i] != fate::removed) {
                order.push_back(i);
            }
        }
        const auto position = [&order](std::size_t i) {
            return static_cast<std::size_t>(std::find(order.begin(), order.end(), i) -
                                            order.begin());
        };
        std::size_t predecessor = none; // source of the last b position placed so far
        for (std::size_t j = 0; j < m; ++j) {
            if (b_fate[j] == fate::moved) {
                const std::size_t from = position(source[j]);
                order.erase(order.begin() + static_cast<std::ptrdiff_t>(from));
                const std::size_t to = predecessor == none ? 0 : position(predecessor) + 1;
                order.insert(order.begin() + static_cast<std::ptrdiff_t>(to), source[j]);
                if (from != to) {
                    test(a[source[j]], at(path, from), out);
                    out.emit(op_kind::move, at(path, to), at(path, from), {});
                }
            }
            if (source[j] != none) {
                predecessor = source[j];
            }
        }
        for (std::size_t j = 0; j < m; ++j) {
            if (b_fate[j] == fate::removed) {
                out.emit(op_kind::add, at(path, j), {}, b[j]);
            }
        }
        for (std::size_t j = 0; j < m; ++j) {
            if (b_fate[j] == fate::paired) {
                const std::size_t first = out.ops.size();
                const std::size_t weight = out.weight;
                path.push_back(j);
                run(a[source[j]], b[j], path, out);
                path.pop_back();
                if (source[j] == j) {
                    same_index.emplace(j, child_span{first, out.ops.size(), out.weight - weight});
                }
            }
        }
    }

    const diff_options& options_;
    std::size_t calls_ = 0;
};

} // namespace detail

/// A patch that turns `a` into `b`, two documents of the same nlohmann::basic_json type:
/// apply(a, diff(a, b)) leaves a document equal to `b` (dump() equal for nlohmann::json).
/// Operations come in document order. Objects are compared as member sets, so with ordered_json
/// the result holds b's members, with a's order for the members both have and b's order for the
/// members only b has (equal to `b` member for member; dump() equal whenever b keeps a's relative
/// order). Objects are compared by key; arrays by a shortest edit script (Myers), where an element
/// removed and an equal one added become one `move`, and elements changed in place are diffed
/// recursively; a whole subtree is replaced when that is lighter. Unless a work bound of
/// diff_options was hit, the patch never has more operations than nlohmann's json::diff on the
/// same pair (each array takes the shorter of its edit script and nlohmann's index-wise script),
/// and a reordered array costs one move per displaced element. Numbers compare exactly: 1 and 1.0
/// differ (nlohmann's diff treats them as equal and would not reproduce `b`). Cannot fail; only
/// std::bad_alloc escapes. Cost: O(size of a and b × depth) for hashing, plus O((N+M)·D) per
/// array of N and M elements with D edits, bounded by diff_options. Recursion is bounded by
/// diff_options::max_depth.
template <class J, class Other>
[[nodiscard]] basic_patch<J> diff(const J& a, const Other& b, const diff_options& options = {}) {
    detail::require_document_type<J>();
    detail::require_same_document_type<J, Other>();
    detail::op_list<J> out;
    pointer root;
    detail::differ<J>(options).run(a, b, root, out);
    return basic_patch<J>(std::move(out.ops));
}

} // namespace jsonpatch

#endif // JSONPATCH_DIFF_HPP
