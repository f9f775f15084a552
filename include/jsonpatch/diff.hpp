// SPDX-License-Identifier: MIT
/// \file
/// diff: a small RFC 6902 patch that turns one document into another, with moves in arrays.
#ifndef JSONPATCH_DIFF_HPP
#define JSONPATCH_DIFF_HPP

#include <jsonpatch/detail/array_edit.hpp>
#include <jsonpatch/detail/diff_output.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/lcs.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/pointer.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string_view>
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
    /// The limits the patch is made for: it has at most `limits.max_operations` operations and its
    /// pointers stay within `limits.max_pointer_length` and `limits.max_pointer_depth`, coarser
    /// operations (a replace of a whole container) standing in for finer ones that would not. Its
    /// values are parts of `b`, so apply(a, diff(a, b)) with these limits gives `b` whenever `b`
    /// itself is within the value limits. The defaults are apply()'s.
    apply_limits limits;
};

namespace detail {

// The recursion depth is bounded by diff_options::max_depth (a few frames per level).
template <class J>
class differ {
  public:
    using json = J;
    using op_list = detail::op_list<J>;
    using object_type = typename J::object_t;
    using array_type = typename J::array_t;

    /// Containers from `depth` reference tokens down are replaced whole when they differ (at
    /// most diff_options::max_depth).
    differ(const diff_options& options, std::size_t depth)
        : options_(options), max_depth_(std::min(depth, options.max_depth)) {}

    /// Appends to `out` the operations that turn `a` into `b`, both at the current path.
    void run(const json& a, const json& b, op_list& out) {
        ++calls_;
        const bool objects = a.is_object() && b.is_object();
        if ((!objects && !(a.is_array() && b.is_array())) || path_.size() >= max_depth_) {
            if (!json_identical(a, b)) {
                replace(a, b, out);
            }
            return;
        }
        const std::size_t first = out.ops.size();
        const std::size_t weight = out.weight;
        // Set below by an operation whose pointer exceeds the limits (see emit); one set before
        // this container was reached is its parent's business, and stays set.
        const bool parent_overlong = overlong_;
        overlong_ = false;
        if (objects) {
            diff_objects(a, b, out);
        } else {
            diff_arrays(a, b, out);
        }
        if (overlong_ && pointer_fits(path_.text_length(), path_.size())) {
            // The nearest container whose own pointer is within the limits is replaced whole.
            overlong_ = false;
            out.truncate(first, weight);
            replace(a, b, out);
        } else if (!overlong_ && out.ops.size() != first &&
                   replace_is_lighter(a, b, out.weight - weight)) {
            // One replace is never more operations; take it when it is also lighter.
            out.truncate(first, weight);
            replace(a, b, out);
        }
        overlong_ = overlong_ || parent_overlong;
    }

    /// The length of the deepest pointer emitted so far, in reference tokens.
    [[nodiscard]] std::size_t deepest() const noexcept { return deepest_; }

  private:
    // ---- Emitting operations ----

    [[nodiscard]] bool pointer_fits(std::size_t length, std::size_t depth) const noexcept {
        return length <= options_.limits.max_pointer_length &&
               depth <= options_.limits.max_pointer_depth;
    }

    // Every operation goes out through here, which notes one whose pointers exceed the limits.
    void emit(op_list& out, op_kind kind, pointer path, pointer from, const json* value) {
        for (const pointer* where : {&path, &from}) {
            overlong_ = overlong_ || !pointer_fits(where->to_string().size(), where->size());
            deepest_ = std::max(deepest_, where->size());
        }
        out.emit(kind, std::move(path), std::move(from), value);
    }

    void test(const json& old, const pointer& where, op_list& out) {
        if (options_.emit_test) {
            emit(out, op_kind::test, where, {}, &old);
        }
    }

    void replace(const json& a, const json& b, op_list& out) {
        pointer here = path_.to_pointer();
        test(a, here, out);
        emit(out, op_kind::replace, std::move(here), {}, &b);
    }

    void remove(const json& old, pointer where, op_list& out) {
        test(old, where, out);
        emit(out, op_kind::remove, std::move(where), {}, nullptr);
    }

    // Whether replacing a by b outweighs `weight`. Counting stops past `weight`, so a large value
    // costs no more than the operations it is compared with.
    [[nodiscard]] bool replace_is_lighter(const json& a, const json& b, std::size_t weight) const {
        const std::size_t old_value = options_.emit_test ? 1 + count_nodes_up_to(a, weight) : 0;
        return 1 + old_value + count_nodes_up_to(b, weight) < weight;
    }

    // ---- Objects: members by name (RFC 8259 objects are unordered) ----

    // In document order: a's members first, then the members only b has, in b's order, so an
    // ordered_json result appends them as b has them.
    void diff_objects(const json& a, const json& b, op_list& out) {
        const auto& ao = a.template get_ref<const object_type&>();
        const auto& bo = b.template get_ref<const object_type&>();
        if constexpr (keeps_member_order<J>) {
            ordered_members(ao, bo, out);
        } else {
            sorted_members(ao, bo, out);
        }
    }

    // A member both objects have: scalars are compared right here, the cheap common case.
    void common_member(std::string_view key, const json& x, const json& y, op_list& out) {
        if (!x.is_structured() && !y.is_structured()) {
            ++calls_;
            if (!same_scalar(x, y)) {
                path_.push(key);
                replace(x, y, out);
                path_.pop();
            }
            return;
        }
        path_.push(key);
        run(x, y, out);
        path_.pop();
    }

    // Sorted maps list members in key order, so one merge pass pairs them: O(n + m) name
    // comparisons rather than a lookup per member. Names are tested for equality first, the
    // common case, which is cheaper than ordering them.
    void sorted_members(const object_type& ao, const object_type& bo, op_list& out) {
        const auto less = ao.key_comp();
        std::vector<const typename object_type::value_type*> only_in_b;
        auto ai = ao.begin();
        auto bi = bo.begin();
        while (ai != ao.end() && bi != bo.end()) {
            if (ai->first == bi->first) {
                common_member(ai->first, ai->second, bi->second, out);
                ++ai;
                ++bi;
            } else if (less(ai->first, bi->first)) {
                remove(ai->second, path_.to_pointer(std::string_view(ai->first)), out);
                ++ai;
            } else {
                only_in_b.push_back(&*bi);
                ++bi;
            }
        }
        for (; ai != ao.end(); ++ai) {
            remove(ai->second, path_.to_pointer(std::string_view(ai->first)), out);
        }
        for (; bi != bo.end(); ++bi) {
            only_in_b.push_back(&*bi);
        }
        for (const auto* member : only_in_b) {
            emit(out, op_kind::add, path_.to_pointer(std::string_view(member->first)), {},
                 &member->second);
        }
    }

    // Documents that share a history mostly keep their common members at the same positions:
    // those pair up in one step, and only the others are looked up (wide objects get an index).
    void ordered_members(const object_type& ao, const object_type& bo, op_list& out) {
        std::optional<member_lookup<object_type>> b_members;
        std::size_t common = 0;
        auto same_position = bo.begin();
        for (const auto& [key, value] : ao) {
            const json* counterpart = nullptr;
            if (same_position != bo.end() && same_position->first == key) {
                counterpart = &same_position->second;
            } else {
                if (!b_members) {
                    b_members.emplace(bo);
                }
                counterpart = b_members->find(key);
            }
            if (same_position != bo.end()) {
                ++same_position;
            }
            if (counterpart == nullptr) {
                remove(value, path_.to_pointer(std::string_view(key)), out);
            } else {
                ++common;
                common_member(key, value, *counterpart, out);
            }
        }
        if (common == bo.size()) {
            return; // every member of b was paired
        }
        const member_lookup a_members(ao);
        for (const auto& [key, value] : bo) {
            if (a_members.find(key) == nullptr) {
                emit(out, op_kind::add, path_.to_pointer(std::string_view(key)), {}, &value);
            }
        }
    }

    // ---- Arrays: a shortest edit script, or nlohmann's index-wise script when shorter ----

    void diff_arrays(const json& a_value, const json& b_value, op_list& out) {
        array_pair<J> p{a_value.template get_ref<const array_type&>(),
                        b_value.template get_ref<const array_type&>(),
                        0,
                        0,
                        {}};
        if (trim_common_ends(p)) {
            return; // equal arrays cost no hashing at all
        }
        identify_middle(p);
        const auto kept = common_subsequence(p);
        if (!kept) { // too dissimilar to search: degrade to the coarser index-wise script
            op_list plain;
            // When it stops early, `plain` outweighs a replace of the arrays, which run() then
            // emits instead.
            static_cast<void>(index_wise(p, plain, {}, replace_bound{&a_value, &b_value}));
            out.append(std::move(plain));
            return;
        }
        op_list edit;
        std::vector<child_span> same_index;
        edit_script(p, *kept, edit, same_index);
        if (calls_ > options_.max_alternative_work ||
            !index_wise_may_be_shorter(p, edit.ops.size())) {
            out.append(std::move(edit));
            return;
        }
        op_list plain;
        const bool complete = index_wise(p, plain, {&edit, &same_index, edit.ops.size()}, {});
        out.append(complete && plain.better_than(edit) ? std::move(plain) : std::move(edit));
    }

    // Step 1: the common prefix and suffix, compared directly. True when the arrays are equal.
    [[nodiscard]] static bool trim_common_ends(array_pair<J>& p) {
        const std::size_t n = p.a.size();
        const std::size_t m = p.b.size();
        while (p.prefix < n && p.prefix < m && json_identical(p.a[p.prefix], p.b[p.prefix])) {
            ++p.prefix;
        }
        if (p.prefix == n && p.prefix == m) {
            return true;
        }
        while (p.suffix < n - p.prefix && p.suffix < m - p.prefix &&
               json_identical(p.a[n - 1 - p.suffix], p.b[m - 1 - p.suffix])) {
            ++p.suffix;
        }
        return false;
    }

    // Step 2: every middle element gets the id of its value (hashed once), so the search and the
    // move matching compare integers.
    void identify_middle(array_pair<J>& p) {
        ids_.reset(p.a_end() - p.prefix + p.b_end() - p.prefix);
        p.ids.a.assign(p.a.size(), 0);
        p.ids.b.assign(p.b.size(), 0);
        for (std::size_t i = p.prefix; i < p.a_end(); ++i) {
            p.ids.a[i] = ids_.id(p.a[i]);
        }
        for (std::size_t j = p.prefix; j < p.b_end(); ++j) {
            p.ids.b[j] = ids_.id(p.b[j]);
        }
    }

    // Step 3: the pairs the edit script keeps (prefix, common subsequence of the middle, suffix),
    // or nothing when the script would exceed max_array_edits or max_array_work.
    [[nodiscard]] std::optional<std::vector<kept_pair>>
    common_subsequence(const array_pair<J>& p) const {
        const id_span x{p.ids.a.data() + p.prefix, p.a_end() - p.prefix};
        const id_span y{p.ids.b.data() + p.prefix, p.b_end() - p.prefix};
        if (x.size + y.size > options_.max_array_edits) {
            // A shuffled array: the common subsequence of distinct elements, found in
            // O(n log n), shows the script is too long before Myers spends O(n·limit) on it.
            auto length = distinct_lcs_length(x, y, ids_.size());
            if (!length) {
                length = distinct_lcs_length(y, x, ids_.size());
            }
            if (length && x.size + y.size - 2 * *length > options_.max_array_edits) {
                return std::nullopt;
            }
        }
        const auto middle = myers_lcs(x, y, options_.max_array_edits, options_.max_array_work);
        if (!middle) {
            return std::nullopt;
        }
        std::vector<kept_pair> kept;
        kept.reserve(p.prefix + middle->size() + p.suffix);
        for (std::size_t i = 0; i < p.prefix; ++i) {
            kept.push_back({i, i});
        }
        for (const kept_pair& k : *middle) {
            kept.push_back({k.a + p.prefix, k.b + p.prefix});
        }
        for (std::size_t i = p.suffix; i > 0; --i) {
            kept.push_back({p.a.size() - i, p.b.size() - i});
        }
        return kept;
    }

    // Step 4: the edit script from the kept pairs: removes (back to front), moves, adds (front to
    // back), then the diffs of elements paired in place, whose spans `same_index` records when
    // they stayed at their index.
    void edit_script(const array_pair<J>& p, const std::vector<kept_pair>& kept, op_list& out,
                     std::vector<child_span>& same_index) {
        array_planner planner(p.a.size(), p.b.size(), kept);
        if (options_.allow_move) {
            planner.match_moves(p.ids, options_.max_array_work);
        }
        planner.pair_in_gaps();
        const array_plan plan = planner.plan();
        for (const std::size_t i : plan.removed) {
            remove(p.a[i], path_.to_pointer(i), out);
        }
        for (const planned_move& move : plan.moves) {
            pointer from = path_.to_pointer(move.from);
            test(p.a[move.source], from, out);
            emit(out, op_kind::move, path_.to_pointer(move.to), std::move(from), nullptr);
        }
        for (const std::size_t j : plan.added) {
            emit(out, op_kind::add, path_.to_pointer(j), {}, &p.b[j]);
        }
        for (const kept_pair& pair : plan.paired) {
            const std::size_t first = out.ops.size();
            const std::size_t weight = out.weight;
            path_.push(pair.b);
            run(p.a[pair.a], p.b[pair.b], out);
            path_.pop();
            if (pair.a == pair.b) {
                same_index.push_back({pair.b, first, out.ops.size(), out.weight - weight});
            }
        }
    }

    // Step 5: whether the index-wise script could have fewer than `ops` operations. Its lower
    // bound (one per differing position) is counted only as far as `ops`.
    [[nodiscard]] static bool index_wise_may_be_shorter(const array_pair<J>& p, std::size_t ops) {
        const std::size_t n = p.a.size();
        const std::size_t m = p.b.size();
        std::size_t bound = n > m ? n - m : m - n;
        for (std::size_t i = p.prefix; i < std::min(n, m) && bound < ops; ++i) {
            bound += p.same_at(i) ? 0U : 1U;
        }
        return bound < ops;
    }

    // The edit script the index-wise script competes with: its diffs of same-index pairs are
    // reused, and the index-wise script stops once it has more than `max_ops` operations.
    struct rival {
        const op_list* edit = nullptr;
        const std::vector<child_span>* same_index = nullptr;
        std::size_t max_ops = std::numeric_limits<std::size_t>::max();
    };
    // With no rival, the whole arrays: the index-wise script stops once replacing them is lighter.
    struct replace_bound {
        const json* a = nullptr;
        const json* b = nullptr;
    };

    // Step 6: index by index, as nlohmann's json::diff: common positions diffed, then the tail.
    // False when it stopped early, having lost to its rival or to a replace of the whole array.
    [[nodiscard]] bool index_wise(const array_pair<J>& p, op_list& out, const rival& against,
                                  const replace_bound& bound) {
        const std::size_t common = std::min(p.a.size(), p.b.size());
        std::size_t known = 0;
        std::size_t next_check = 64; // replace_is_lighter costs O(weight): at doubling weights
        for (std::size_t i = p.prefix; i < common; ++i) {
            if (p.same_at(i)) {
                continue;
            }
            const bool reused = against.same_index != nullptr &&
                                reuse(*against.edit, *against.same_index, i, known, out);
            if (!reused) {
                path_.push(i);
                run(p.a[i], p.b[i], out);
                path_.pop();
            }
            if (out.ops.size() > against.max_ops) {
                return false;
            }
            if (bound.a != nullptr && out.weight >= next_check) {
                if (replace_is_lighter(*bound.a, *bound.b, out.weight)) {
                    return false; // the caller's run() replaces the arrays
                }
                next_check = 2 * out.weight;
            }
        }
        for (std::size_t i = p.a.size(); i > common; --i) {
            remove(p.a[i - 1], path_.to_pointer(i - 1), out);
        }
        for (std::size_t i = common; i < p.b.size(); ++i) {
            emit(out, op_kind::add, path_.to_pointer(i), {}, &p.b[i]);
        }
        return true;
    }

    // Copies the edit script's diff of the pair (i, i) when it made one; `next` is a cursor into
    // the spans, which index_wise visits in increasing order.
    static bool reuse(const op_list& edit, const std::vector<child_span>& spans, std::size_t i,
                      std::size_t& next, op_list& out) {
        while (next < spans.size() && spans[next].index < i) {
            ++next;
        }
        if (next == spans.size() || spans[next].index != i) {
            return false;
        }
        const child_span& span = spans[next];
        for (std::size_t k = span.first; k < span.last; ++k) {
            const basic_operation<J>& op = edit.ops[k];
            // The values may be deep: copied without recursion (nlohmann's copy recurses).
            out.ops.push_back({op.op, op.path, op.from, deep_copy(op.value)});
        }
        out.weight += span.weight;
        return true;
    }

    const diff_options& options_;
    std::size_t max_depth_;
    diff_path path_;
    std::size_t calls_ = 0;
    bool overlong_ = false;
    std::size_t deepest_ = 0;
    value_ids<J> ids_; // scratch for identify_middle, reused by every array
};

/// diff() for two documents of one type; explicitly instantiated by the compiled mode. When the
/// patch has more operations than the limit, the containers below some depth are replaced whole
/// instead: the deepest such cut whose patch fits, found by bisection (a cut at depth 0 replaces
/// the root, one operation, and two with emit_test).
template <class J>
[[nodiscard]] basic_patch<J> diff_documents(const J& a, const J& b, const diff_options& options) {
    const auto diff_cut_at = [&](std::size_t depth, std::size_t* deepest) {
        op_list<J> out;
        differ<J> d(options, depth);
        d.run(a, b, out);
        if (deepest != nullptr) {
            *deepest = d.deepest();
        }
        return std::move(out.ops);
    };
    std::size_t deepest = 0;
    auto ops = diff_cut_at(options.max_depth, &deepest);
    const std::size_t max_operations = options.limits.max_operations;
    if (ops.size() <= max_operations) {
        return basic_patch<J>(std::move(ops));
    }
    // Cuts at `fits` or above fit (depth 0 always does, as far as anything can); cuts at
    // `too_fine` or below do not. A cut below the deepest pointer changes nothing.
    std::size_t fits = 0;
    std::size_t too_fine = deepest;
    std::vector<basic_operation<J>> best;
    while (too_fine - fits > 1) {
        const std::size_t middle = fits + (too_fine - fits) / 2;
        auto cut = diff_cut_at(middle, nullptr);
        if (cut.size() <= max_operations) {
            fits = middle;
            best = std::move(cut);
        } else {
            too_fine = middle;
        }
    }
    if (fits == 0) {
        best = diff_cut_at(0, nullptr);
    }
    return basic_patch<J>(std::move(best));
}

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
/// std::bad_alloc escapes. Cost: one walk over both documents where they are equal (common array
/// ends are compared before anything is hashed), plus hashing the elements between them and
/// O((N+M)·D) per array of N and M elements with D edits, bounded by diff_options. Recursion is
/// bounded by diff_options::max_depth. The patch keeps to diff_options::limits (apply()'s default
/// limits unless set): at most max_operations operations, pointers within max_pointer_length and
/// max_pointer_depth, with a replace of a whole container where finer operations would not fit
/// (at worst one replace of the root), so apply(a, diff(a, b)) with those limits gives `b` whenever
/// `b` is within their value limits. Too many operations cost up to ⌈log2(max_depth + 1)⌉ more
/// passes.
template <class J, class Other>
[[nodiscard]] basic_patch<J> diff(const J& a, const Other& b, const diff_options& options = {}) {
    if constexpr (detail::require_document_type<J>() &&
                  detail::require_same_document_type<J, Other>()) {
        return detail::diff_documents(a, b, options);
    } else {
        return {}; // not reached: an assertion above has failed and said why
    }
}

} // namespace jsonpatch

// Compiled mode (see the end of <jsonpatch/apply.hpp>): the diff for nlohmann::json and
// nlohmann::ordered_json come compiled in the jsonpatch::compiled library.
#if defined(JSONPATCH_COMPILED)
namespace jsonpatch::detail {
extern template basic_patch<nlohmann::json>
diff_documents<nlohmann::json>(const nlohmann::json&, const nlohmann::json&, const diff_options&);
extern template basic_patch<nlohmann::ordered_json>
diff_documents<nlohmann::ordered_json>(const nlohmann::ordered_json&,
                                       const nlohmann::ordered_json&, const diff_options&);
} // namespace jsonpatch::detail
#endif

#endif // JSONPATCH_DIFF_HPP
