// SPDX-License-Identifier: MIT
// Exact value identity (hash and ids) and a work-bounded Myers O(ND) common subsequence.
#ifndef JSONPATCH_DETAIL_LCS_HPP
#define JSONPATCH_DETAIL_LCS_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/seeded_hash.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// A hash of a scalar consistent with same_scalar: a signed and an unsigned integer of the same
/// value hash alike, and so does every NaN. Binary values hash by type only (equality sorts them
/// out).
template <class J>
[[nodiscard]] std::uint64_t scalar_hash(const J& node, const keyed_hash& hash) noexcept {
    switch (node.type()) {
    case J::value_t::string:
        return hash.step(4, hash.text(*node.template get_ptr<const typename J::string_t*>()));
    case J::value_t::boolean:
        return hash.step(5, *node.template get_ptr<const typename J::boolean_t*>() ? 1 : 2);
    case J::value_t::number_integer:
        return hash.step(6, static_cast<std::uint64_t>(static_cast<std::int64_t>(
                                *node.template get_ptr<const typename J::number_integer_t*>())));
    case J::value_t::number_unsigned:
        return hash.step(6, static_cast<std::uint64_t>(
                                *node.template get_ptr<const typename J::number_unsigned_t*>()));
    case J::value_t::number_float: {
        using float_type = typename J::number_float_t;
        const float_type f = *node.template get_ptr<const float_type*>();
        if (std::isnan(f)) {
            return hash.step(7, 0x7ff8ULL);
        }
        std::uint64_t bits = 0; // 0.0 and -0.0 differ, as they do for same_scalar
        std::memcpy(&bits, &f, sizeof f < sizeof bits ? sizeof f : sizeof bits);
        return hash.step(7, bits);
    }
    default:
        return hash.step(8, static_cast<std::uint64_t>(node.type()));
    }
}

/// A hash consistent with json_identical, for values of any depth: a pre-order walk (members in
/// the object's own order, which json_identical also requires) with an explicit stack.
/// `pending` is scratch space, reused across calls.
template <class J>
[[nodiscard]] std::uint64_t exact_hash(const J& value, const keyed_hash& hash,
                                       std::vector<const J*>& pending) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    pending.clear();
    pending.push_back(&value);
    while (!pending.empty()) {
        const J* node = pending.back();
        pending.pop_back();
        if (node == nullptr) { // end of a container: distinguishes [[1],2] from [[1,2]]
            h = hash.step(h, 0xe0dULL);
        } else if (node->is_object()) {
            h = hash.step(h, 1);
            pending.push_back(nullptr);
            const auto& members = node->template get_ref<const typename J::object_t&>();
            for (auto it = members.rbegin(); it != members.rend(); ++it) {
                pending.push_back(&it->second);
            }
            for (const auto& member : members) { // names first, in order, then the values
                h = hash.step(h, hash.text(member.first));
            }
        } else if (node->is_array()) {
            h = hash.step(h, 2);
            pending.push_back(nullptr);
            const auto& elements = node->template get_ref<const typename J::array_t&>();
            for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
                pending.push_back(&*it);
            }
        } else {
            h = hash.step(h, scalar_hash(*node, hash));
        }
    }
    return h;
}

/// Levels element_hash follows by plain recursion, which needs no heap and walks containers
/// forwards; a subtree deeper than that is hashed by exact_hash, the same way wherever it sits.
inline constexpr std::size_t hash_recursion_depth = 48;

/// A hash consistent with json_identical, as exact_hash, computed recursively (see
/// hash_recursion_depth); `pending` is exact_hash's scratch space.
template <class J>
[[nodiscard]] std::uint64_t element_hash(const J& node, std::size_t levels, const keyed_hash& hash,
                                         std::vector<const J*>& pending) {
    if (!node.is_structured()) {
        return scalar_hash(node, hash);
    }
    if (levels == 0) {
        return exact_hash(node, hash, pending);
    }
    if (node.is_object()) {
        const auto& members = node.template get_ref<const typename J::object_t&>();
        std::uint64_t h = hash.step(1, members.size());
        for (const auto& member : members) {
            h = hash.step(h, hash.text(member.first));
            h = hash.step(h, element_hash(member.second, levels - 1, hash, pending));
        }
        return h;
    }
    const auto& elements = node.template get_ref<const typename J::array_t&>();
    std::uint64_t h = hash.step(2, elements.size());
    for (const J& element : elements) {
        h = hash.step(h, element_hash(element, levels - 1, hash, pending));
    }
    return h;
}

/// The hash value_ids uses by default: element_hash under this process's key.
template <class J>
class element_hasher {
  public:
    [[nodiscard]] std::uint64_t operator()(const J& value) {
        return element_hash(value, hash_recursion_depth, hash_, scratch_);
    }

  private:
    keyed_hash hash_;
    std::vector<const J*> scratch_;
};

/// Gives every distinct value (under json_identical) a small integer, 0, 1, 2, ... in order of
/// first sight, so sequences of elements compare as integers. An open-addressing table sized once
/// per reset(), so naming n values allocates nothing per value; one object serves a whole diff.
///
/// Values whose hashes are equal must be compared. The hash is keyed per process, so input cannot
/// aim for that; should it happen anyway, a value that has met `max_same_hash` different values
/// of its hash gets an id of its own without being stored. An equal value met later then gets
/// another id, which costs diff a longer patch, never a wrong one, and no value costs more than
/// `max_same_hash` comparisons.
template <class J, class Hash = element_hasher<J>>
class value_ids {
  public:
    /// Comparisons one value may cost with values that share its hash.
    static constexpr std::size_t max_same_hash = 4;

    /// Forgets every value and makes room for up to `count` distinct ones.
    void reset(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < 2 * count) {
            capacity *= 2;
        }
        slots_.assign(capacity, slot{});
        mask_ = capacity - 1;
        next_ = 0;
    }

    /// The id of `value`, which must outlive this table's next reset().
    [[nodiscard]] std::size_t id(const J& value) {
        const std::uint64_t hash = hash_(value);
        std::size_t same_hash = 0;
        for (std::size_t i = static_cast<std::size_t>(hash) & mask_;; i = (i + 1) & mask_) {
            slot& s = slots_[i];
            if (s.value == nullptr) {
                s = slot{hash, &value, next_};
                return next_++;
            }
            if (s.hash == hash) {
                if (same_hash == max_same_hash) {
                    return next_++; // not stored: the run of this hash grows no longer
                }
                ++same_hash;
                ++comparisons_;
                if (json_identical(*s.value, value)) {
                    return s.id;
                }
            }
        }
    }

    /// How many distinct values have ids (the ids are below it).
    [[nodiscard]] std::size_t size() const noexcept { return next_; }
    /// Values compared so far because their hashes were equal (for tests of the bound).
    [[nodiscard]] std::size_t comparisons() const noexcept { return comparisons_; }

  private:
    struct slot {
        std::uint64_t hash = 0;
        const J* value = nullptr;
        std::size_t id = 0;
    };
    std::vector<slot> slots_;
    std::size_t mask_ = 0;
    std::size_t next_ = 0;
    std::size_t comparisons_ = 0;
    Hash hash_;
};

/// A pair of equal positions kept by an edit script.
struct kept_pair {
    std::size_t a = 0;
    std::size_t b = 0;
};

/// A read-only run of element ids (std::span is C++20).
struct id_span {
    const std::size_t* data = nullptr;
    std::size_t size = 0;
    [[nodiscard]] std::size_t operator[](std::size_t i) const noexcept { return data[i]; }
};

/// The length of a longest common subsequence of `x` and `y` when the ids of `x` are distinct
/// (all below `id_count`), else nothing. Then each element of `y` matches at most one position of
/// `x`, and the common subsequences are the increasing runs of those positions: patience sorting
/// finds the longest in O((N+M) log N), where Myers needs O((N+M)·D). Used to skip a Myers search
/// that is bound to exceed its edit limit (a shuffled array).
[[nodiscard]] inline std::optional<std::size_t> distinct_lcs_length(id_span x, id_span y,
                                                                    std::size_t id_count) {
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::vector<std::size_t> position(id_count, none);
    for (std::size_t i = 0; i < x.size; ++i) {
        if (position[x[i]] != none) {
            return std::nullopt;
        }
        position[x[i]] = i;
    }
    std::vector<std::size_t> tails; // tails[k]: the smallest end of an increasing run of k + 1
    for (std::size_t j = 0; j < y.size; ++j) {
        const std::size_t p = position[y[j]];
        if (p == none) {
            continue;
        }
        const auto it = std::lower_bound(tails.begin(), tails.end(), p);
        if (it == tails.end()) {
            tails.push_back(p);
        } else {
            *it = p;
        }
    }
    return tails.size();
}

/// Myers' O((N+M)·D) shortest edit script between `x` and `y`, as the kept pairs in increasing
/// order. Gives nothing when the script needs more than `max_edits` edits or the search would
/// cost more than `max_work` comparisons, so huge dissimilar arrays cost a bounded amount.
/// Memory O(D²) for the trace.
[[nodiscard]] inline std::optional<std::vector<kept_pair>>
myers_lcs(id_span x, id_span y, std::size_t max_edits, std::size_t max_work) {
    using index = std::ptrdiff_t;
    const index n = static_cast<index>(x.size);
    const index m = static_cast<index>(y.size);
    const index limit = static_cast<index>(std::min<std::size_t>(max_edits, x.size + y.size));
    // trace[d] holds V after round d for diagonals -d..d, at offset k + d.
    std::vector<std::vector<index>> trace;
    std::vector<index> v(static_cast<std::size_t>(2 * limit + 3), 0);
    const index offset = limit + 1;
    const auto at = [&v, offset](index k) -> index& {
        return v[static_cast<std::size_t>(k + offset)];
    };
    std::size_t work = 0;
    index found = -1;
    for (index d = 0; d <= limit && found < 0; ++d) {
        for (index k = -d; k <= d; k += 2) {
            const bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
            const index start = down ? at(k + 1) : at(k - 1) + 1;
            index px = start;
            index py = px - k;
            while (px < n && py < m &&
                   x[static_cast<std::size_t>(px)] == y[static_cast<std::size_t>(py)]) {
                ++px;
                ++py;
            }
            work += 1 + static_cast<std::size_t>(px - start);
            at(k) = px;
            if (px >= n && py >= m) {
                found = d;
                break;
            }
        }
        trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
        if (work > max_work) {
            return std::nullopt;
        }
    }
    if (found < 0) {
        return std::nullopt;
    }
    std::vector<kept_pair> kept;
    index cx = n;
    index cy = m;
    for (index d = found; d > 0; --d) {
        const std::vector<index>& prev = trace[static_cast<std::size_t>(d - 1)];
        const auto prev_at = [&prev, d](index k) {
            return prev[static_cast<std::size_t>(k + d - 1)];
        };
        const index k = cx - cy;
        const bool down = k == -d || (k != d && prev_at(k - 1) < prev_at(k + 1));
        const index pk = down ? k + 1 : k - 1;
        const index sx = down ? prev_at(pk) : prev_at(pk) + 1; // where the snake of round d began
        const index sy = sx - k;
        while (cx > sx && cy > sy) {
            --cx;
            --cy;
            kept.push_back({static_cast<std::size_t>(cx), static_cast<std::size_t>(cy)});
        }
        cx = prev_at(pk);
        cy = cx - pk;
    }
    while (cx > 0 && cy > 0) { // round 0's snake
        --cx;
        --cy;
        kept.push_back({static_cast<std::size_t>(cx), static_cast<std::size_t>(cy)});
    }
    return std::vector<kept_pair>(kept.rbegin(), kept.rend());
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_LCS_HPP
