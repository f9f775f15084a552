// SPDX-License-Identifier: MIT
// Exact value identity (hash and equality) and a work-bounded Myers O(ND) common subsequence.
#ifndef JSONPATCH_DETAIL_LCS_HPP
#define JSONPATCH_DETAIL_LCS_HPP

#include <jsonpatch/detail/json_walk.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// A hash consistent with json_identical, over a pre-order walk (members in the object's own
/// order, which json_identical also requires). Iterative; O(nodes). `pending` is scratch space,
/// reused across calls.
template <class J>
[[nodiscard]] std::uint64_t exact_hash(const J& value, std::vector<const J*>& pending) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    const auto mix = [&h](std::uint64_t v) {
        h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
        h *= 0x100000001b3ULL;
    };
    const auto mix_text = [&mix](const std::string& s) {
        mix(std::hash<std::string>{}(s));
        mix(s.size());
    };
    pending.clear();
    pending.push_back(&value);
    while (!pending.empty()) {
        const J* node = pending.back();
        pending.pop_back();
        if (node == nullptr) { // end of a container: distinguishes [[1],2] from [[1,2]]
            mix(0xe0dULL);
            continue;
        }
        if (node->is_number_float()) {
            using float_type = typename J::number_float_t;
            mix(7);
            mix(std::hash<float_type>{}(node->template get_ref<const float_type&>()));
            continue;
        }
        if (node->is_number()) {
            mix(6);
            mix(node->is_number_unsigned()
                    ? static_cast<std::uint64_t>(
                          node->template get_ref<const typename J::number_unsigned_t&>())
                    : static_cast<std::uint64_t>(static_cast<std::int64_t>(
                          node->template get_ref<const typename J::number_integer_t&>())));
            continue;
        }
        mix(static_cast<std::uint64_t>(node->type()));
        switch (node->type()) {
        case J::value_t::object: {
            pending.push_back(nullptr);
            const auto& members = node->template get_ref<const typename J::object_t&>();
            for (auto it = members.rbegin(); it != members.rend(); ++it) {
                pending.push_back(&it->second);
            }
            for (const auto& member : members) { // keys first, in order, then the values
                mix_text(member.first);
            }
            break;
        }
        case J::value_t::array: {
            pending.push_back(nullptr);
            const auto& elements = node->template get_ref<const typename J::array_t&>();
            for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
                pending.push_back(&*it);
            }
            break;
        }
        case J::value_t::string:
            mix_text(node->template get_ref<const typename J::string_t&>());
            break;
        case J::value_t::boolean:
            mix(node->template get_ref<const typename J::boolean_t&>() ? 1 : 2);
            break;
        default:
            break;
        }
    }
    return h;
}

/// Gives every distinct value (under json_identical) a small integer, so sequences of elements can
/// be compared by integers.
template <class J>
class value_ids {
  public:
    [[nodiscard]] std::size_t id(const J& value) {
        auto& bucket = buckets_[exact_hash(value, scratch_)];
        for (const auto& [representative, known] : bucket) {
            if (json_identical(*representative, value)) {
                return known;
            }
        }
        bucket.emplace_back(&value, next_);
        return next_++;
    }

  private:
    std::unordered_map<std::uint64_t, std::vector<std::pair<const J*, std::size_t>>> buckets_;
    std::vector<const J*> scratch_;
    std::size_t next_ = 0;
};

/// A pair of equal positions kept by an edit script.
struct kept_pair {
    std::size_t a = 0;
    std::size_t b = 0;
};

/// Myers' O((N+M)·D) shortest edit script between `x` and `y`, as the kept pairs in increasing
/// order. Gives nothing when the script needs more than `max_edits` edits or the search would
/// cost more than `max_work` comparisons, so huge dissimilar arrays cost a bounded amount.
/// Memory O(D²) for the trace.
[[nodiscard]] inline std::optional<std::vector<kept_pair>>
myers_lcs(const std::vector<std::size_t>& x, const std::vector<std::size_t>& y,
          std::size_t max_edits, std::size_t max_work) {
    using index = std::ptrdiff_t;
    const index n = static_cast<index>(x.size());
    const index m = static_cast<index>(y.size());
    const index limit = static_cast<index>(std::min<std::size_t>(max_edits, x.size() + y.size()));
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
