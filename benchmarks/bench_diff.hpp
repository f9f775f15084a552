// SPDX-License-Identifier: MIT
// Diff benchmarks: jsonpatch::diff against nlohmann's json::diff and an equality-walk floor.
#ifndef JSONPATCH_BENCHMARKS_BENCH_DIFF_HPP
#define JSONPATCH_BENCHMARKS_BENCH_DIFF_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/diff.hpp>

#include <nlohmann/json.hpp>

#include <bench_diff_pairs.hpp>
#include <cstddef>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch_bench::diff_bench {

using json = nlohmann::json;
using diff_pairs::pair_set;

/// A pair set with what its contestants need, prepared outside the timed region.
struct prepared_set {
    pair_set set;
    std::vector<json> copies; // a deep copy of each pair's `a`, for the floor
    std::size_t ours_ops = 0; // operations in one pass (all pairs)
    std::size_t theirs_ops = 0;
};

/// One contestant: diffs (or compares) every pair of a set once and returns a number that
/// depends on the work, so the optimiser cannot drop it.
struct contestant {
    const char* name;
    std::size_t (*run)(const prepared_set& s);
};

inline std::size_t run_ours(const prepared_set& s) {
    std::size_t ops = 0;
    for (const auto& [a, b] : s.set.pairs) {
        ops += jsonpatch::diff(a, b).size();
    }
    return ops;
}

inline std::size_t run_theirs(const prepared_set& s) {
    std::size_t ops = 0;
    for (const auto& [a, b] : s.set.pairs) {
        ops += json::diff(a, b).size();
    }
    return ops;
}

// The floor: one full equality walk over a pair of documents of the pair's size. `a == b` would
// stop at the first difference, so the walk compares `a` with an equal copy of it: every node
// is visited, as any diff must visit every node of two nearly equal documents.
inline std::size_t run_floor(const prepared_set& s) {
    std::size_t equal = 0;
    for (std::size_t i = 0; i < s.set.pairs.size(); ++i) {
        equal += s.set.pairs[i].first == s.copies[i] ? 1U : 0U;
    }
    return equal;
}

inline const std::vector<contestant>& contestants() {
    static const std::vector<contestant> all = {
        {"ours diff", run_ours}, {"nlohmann diff", run_theirs}, {"floor walk", run_floor}};
    return all;
}

inline std::vector<prepared_set> prepare(const std::string& only) {
    std::vector<prepared_set> out;
    for (pair_set& set : diff_pairs::make_pair_sets(only)) {
        prepared_set p;
        p.set = std::move(set);
        for (const auto& pair : p.set.pairs) {
            p.copies.push_back(pair.first);
        }
        out.push_back(std::move(p));
    }
    return out;
}

/// The diff part of the correctness gate, and the operation counts for the report: our patch
/// turns a into b exactly (dump() equal) and has no more operations than nlohmann's, whose own
/// patch must also reproduce b; the floor's copies are equal to their originals.
inline bool check(std::vector<prepared_set>& sets) {
    bool ok = true;
    for (prepared_set& s : sets) {
        s.ours_ops = 0;
        s.theirs_ops = 0;
        for (std::size_t i = 0; i < s.set.pairs.size(); ++i) {
            const auto& [a, b] = s.set.pairs[i];
            const jsonpatch::patch ours = jsonpatch::diff(a, b);
            const json theirs = json::diff(a, b);
            json doc = a;
            const bool applied = static_cast<bool>(jsonpatch::apply(doc, ours));
            const char* wrong = !applied                      ? "our patch does not apply"
                                : doc.dump() != b.dump()      ? "our patch does not give b"
                                : ours.size() > theirs.size() ? "more operations than nlohmann's"
                                : a.patch(theirs) != b        ? "nlohmann's patch does not give b"
                                : !(s.copies[i] == a)         ? "the floor's copy differs"
                                                              : nullptr;
            if (wrong != nullptr) {
                std::fprintf(stderr, "bench: WRONG RESULT: diff of %s, pair %zu: %s\n",
                             s.set.name.c_str(), i, wrong);
                ok = false;
            }
            s.ours_ops += ours.size();
            s.theirs_ops += theirs.size();
        }
    }
    return ok;
}

inline std::string key(const prepared_set& s, const contestant& c) {
    return s.set.name + "/" + c.name;
}

} // namespace jsonpatch_bench::diff_bench

#endif // JSONPATCH_BENCHMARKS_BENCH_DIFF_HPP
