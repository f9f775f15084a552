// SPDX-License-Identifier: MIT
// The plan of an array edit script: which elements are removed, moved, added or diffed in place.
#ifndef JSONPATCH_DETAIL_ARRAY_EDIT_HPP
#define JSONPATCH_DETAIL_ARRAY_EDIT_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/lcs.hpp>

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// One move of an array edit script: the element a[source] goes from position `from` to `to` of
/// the array as it is when the move runs (after the removals and the moves before it).
struct planned_move {
    std::size_t source = 0;
    std::size_t from = 0;
    std::size_t to = 0;
};

/// How array a becomes array b, in the order the operations run: removals (back to front, a
/// indices), moves, additions (front to back, b indices), then the pairs diffed in place (a
/// index, b index, in b order). Computed from element ids alone; diff turns it into operations.
struct array_plan {
    std::vector<std::size_t> removed;
    std::vector<planned_move> moves;
    std::vector<std::size_t> added;
    std::vector<kept_pair> paired;
};

/// Element ids of the two arrays, indexed by position in a and b.
struct array_ids {
    std::vector<std::size_t> a;
    std::vector<std::size_t> b;
};

// Two arrays being diffed: the common prefix and suffix, which the edit script keeps as they are,
// and the ids of the elements between them (the middle), where the edits are.
template <class J>
struct array_pair {
    const typename J::array_t& a;
    const typename J::array_t& b;
    std::size_t prefix = 0;
    std::size_t suffix = 0;
    array_ids ids; // for the middle elements only

    [[nodiscard]] std::size_t a_end() const noexcept { return a.size() - suffix; }
    [[nodiscard]] std::size_t b_end() const noexcept { return b.size() - suffix; }

    // Whether a[i] and b[i] are identical, for i at or after the prefix.
    [[nodiscard]] bool same_at(std::size_t i) const {
        if (i < a_end() && i < b_end()) {
            return ids.a[i] == ids.b[i];
        }
        return json_identical(a[i], b[i]);
    }
};

/// Works out an array_plan from the kept pairs of an edit script.
class array_planner {
  public:
    /// `kept` are the pairs of an edit script between arrays of `n` and `m` elements, increasing.
    array_planner(std::size_t n, std::size_t m, const std::vector<kept_pair>& kept)
        : a_fate_(n, fate::removed), b_fate_(m, fate::removed), source_(m, none), a_gap_(n),
          b_gap_(m) {
        for (const kept_pair& k : kept) {
            a_fate_[k.a] = fate::anchored;
            b_fate_[k.b] = fate::anchored;
            source_[k.b] = k.a;
        }
        number_gaps(kept);
    }

    /// Equal elements removed and added become one move each, while the moves cost at most
    /// `max_work` element shifts (placing one costs O(n)); beyond that they stay remove + add.
    void match_moves(const array_ids& ids, std::size_t max_work) {
        const std::vector<kept_pair> moves = equal_removed_and_added(ids);
        if (moves.size() > max_work / (a_fate_.size() + 1)) {
            return;
        }
        for (const kept_pair& move : moves) {
            a_fate_[move.a] = fate::moved;
            b_fate_[move.b] = fate::moved;
            source_[move.b] = move.a;
        }
    }

    /// Within one gap between kept pairs, the removals and additions left pair up in order and
    /// are diffed in place, as nlohmann pairs positions.
    void pair_in_gaps() {
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < a_fate_.size() && j < b_fate_.size()) {
            if (a_fate_[i] != fate::removed) {
                ++i;
            } else if (b_fate_[j] != fate::removed) {
                ++j;
            } else if (a_gap_[i] != b_gap_[j]) {
                ++(a_gap_[i] < b_gap_[j] ? i : j);
            } else {
                a_fate_[i] = fate::paired;
                b_fate_[j] = fate::paired;
                source_[j] = i;
                ++i;
                ++j;
            }
        }
    }

    /// The plan, with move positions worked out by replaying the moves on the surviving order.
    [[nodiscard]] array_plan plan() const {
        array_plan out;
        for (std::size_t i = a_fate_.size(); i > 0; --i) {
            if (a_fate_[i - 1] == fate::removed) {
                out.removed.push_back(i - 1);
            }
        }
        place_moves(out.moves);
        for (std::size_t j = 0; j < b_fate_.size(); ++j) {
            if (b_fate_[j] == fate::removed) {
                out.added.push_back(j);
            } else if (b_fate_[j] == fate::paired) {
                out.paired.push_back({source_[j], j});
            }
        }
        return out;
    }

  private:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);
    // For b, `removed` means "added".
    enum class fate : unsigned char { removed, anchored, moved, paired };

    // Gap g lies between kept pairs g - 1 and g.
    void number_gaps(const std::vector<kept_pair>& kept) {
        for (std::size_t i = 0, g = 0, next = 0; i < a_gap_.size(); ++i) {
            if (next < kept.size() && kept[next].a == i) {
                ++next;
                ++g;
            } else {
                a_gap_[i] = g;
            }
        }
        for (std::size_t j = 0, g = 0, next = 0; j < b_gap_.size(); ++j) {
            if (next < kept.size() && kept[next].b == j) {
                ++next;
                ++g;
            } else {
                b_gap_[j] = g;
            }
        }
    }

    // Each added element takes the first removed element equal to it that is not taken yet. Two
    // equal elements never sit in one gap (they would have lengthened the common subsequence),
    // so a move always crosses a kept element.
    [[nodiscard]] std::vector<kept_pair> equal_removed_and_added(const array_ids& ids) const {
        std::vector<std::pair<std::size_t, std::size_t>> removed; // (id, a index)
        for (std::size_t i = 0; i < a_fate_.size(); ++i) {
            if (a_fate_[i] == fate::removed) {
                removed.emplace_back(ids.a[i], i);
            }
        }
        std::sort(removed.begin(), removed.end());
        std::vector<std::size_t> next_unused(removed.size()); // per run of one id, at its start
        for (std::size_t r = 0; r < removed.size(); ++r) {
            next_unused[r] = r;
        }
        std::vector<kept_pair> moves;
        for (std::size_t j = 0; j < b_fate_.size(); ++j) {
            if (b_fate_[j] != fate::removed) {
                continue;
            }
            const auto run = std::lower_bound(removed.begin(), removed.end(),
                                              std::make_pair(ids.b[j], std::size_t{0}));
            if (run == removed.end() || run->first != ids.b[j]) {
                continue;
            }
            std::size_t& next = next_unused[static_cast<std::size_t>(run - removed.begin())];
            if (next < removed.size() && removed[next].first == ids.b[j]) {
                moves.push_back({removed[next].second, j});
                ++next;
            }
        }
        return moves;
    }

    // Replays the moves on the order of the surviving a elements to find each one's positions.
    void place_moves(std::vector<planned_move>& out) const {
        std::vector<std::size_t> order; // the a indices left after the removals, in order
        for (std::size_t i = 0; i < a_fate_.size(); ++i) {
            if (a_fate_[i] != fate::removed) {
                order.push_back(i);
            }
        }
        const auto position = [&order](std::size_t i) {
            return static_cast<std::size_t>(std::find(order.begin(), order.end(), i) -
                                            order.begin());
        };
        std::size_t predecessor = none; // source of the last b position placed so far
        for (std::size_t j = 0; j < b_fate_.size(); ++j) {
            if (b_fate_[j] == fate::moved) {
                const std::size_t from = position(source_[j]);
                order.erase(order.begin() + static_cast<std::ptrdiff_t>(from));
                const std::size_t to = predecessor == none ? 0 : position(predecessor) + 1;
                order.insert(order.begin() + static_cast<std::ptrdiff_t>(to), source_[j]);
                if (from != to) {
                    out.push_back({source_[j], from, to});
                }
            }
            if (source_[j] != none) {
                predecessor = source_[j];
            }
        }
    }

    std::vector<fate> a_fate_;
    std::vector<fate> b_fate_;
    std::vector<std::size_t> source_; // the a element that ends up at b[j]
    std::vector<std::size_t> a_gap_;
    std::vector<std::size_t> b_gap_;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_ARRAY_EDIT_HPP
