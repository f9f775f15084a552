// SPDX-License-Identifier: MIT
// Inputs chosen to hit worst cases, timed against ordinary inputs of the same size: the ratio must
// stay within a bound (issue 21: colliding diff elements, wide ordered_json patch text).
#ifndef JSONPATCH_BENCHMARKS_BENCH_HOSTILE_HPP
#define JSONPATCH_BENCHMARKS_BENCH_HOSTILE_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/seeded_hash.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bench_workloads.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch_bench::hostile {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

/// One hostile input against its ordinary twin, and nlohmann (the anchor) on the hostile input:
/// the best of seven interleaved runs of each. The gate judges hostile / ordinary; hostile /
/// anchor is reported so the cost is also seen against what nlohmann pays for the same input.
struct comparison {
    std::string name;
    std::string description;
    std::string anchor; ///< what the anchor column times
    double hostile_ms = 0;
    double ordinary_ms = 0;
    double anchor_ms = 0;
    double limit = 2.0;
    [[nodiscard]] double ratio() const { return hostile_ms / ordinary_ms; }
    [[nodiscard]] double anchor_ratio() const { return hostile_ms / anchor_ms; }
    [[nodiscard]] bool holds() const { return ratio() <= limit; }
};

// The minimum over `rounds` alternating runs of each function (each run calls it `calls` times),
// in milliseconds per call, in the order given: the minimum is what the code costs, anything
// above it is the machine's other load.
inline std::vector<double> best_of(const std::vector<std::function<std::size_t()>>& functions,
                                   int rounds = 7, int calls = 3) {
    const auto time = [calls](const std::function<std::size_t()>& f, std::size_t& sink) {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < calls; ++i) {
            sink += f();
        }
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                   .count() /
               calls;
    };
    std::size_t sink = 0;
    std::vector<double> best(functions.size(), 1e300);
    for (int i = 0; i < rounds; ++i) {
        for (std::size_t f = 0; f < functions.size(); ++f) {
            best[f] = std::min(best[f], time(functions[f], sink));
        }
    }
    if (sink == 0) {
        std::fprintf(stderr, "bench: hostile inputs did no work\n");
    }
    return best;
}

// Times the three sides of `c`: hostile, ordinary, anchor.
inline void time_sides(comparison& c, const std::function<std::size_t()>& hostile,
                       const std::function<std::size_t()>& ordinary,
                       const std::function<std::size_t()>& anchor) {
    const std::vector<double> best = best_of({hostile, ordinary, anchor});
    c.hostile_ms = best[0];
    c.ordinary_ms = best[1];
    c.anchor_ms = best[2];
}

inline std::string bytes_of(std::uint64_t first, std::uint64_t second) {
    std::string out(16, '\0');
    std::memcpy(out.data(), &first, 8);
    std::memcpy(out.data() + 8, &second, 8);
    return out;
}

// 16-byte strings that all hash alike under a hash that folds 8-byte words into a state one at a
// time: a random first word, then a last word that cancels the state it led to, so the last step
// always sees the same input. `state_after_first(w)` is the state after the first word.
inline std::vector<std::string>
colliding_strings(std::size_t count, rng& r,
                  const std::function<std::uint64_t(std::uint64_t)>& state_after_first,
                  std::uint64_t cancel) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t first = r.next();
        out.push_back(bytes_of(first, state_after_first(first) ^ cancel));
    }
    return out;
}

// The element hash before issue 21: fixed, so anyone could compute collisions offline.
inline std::uint64_t old_fixed_step(std::uint64_t h, std::uint64_t v) {
    h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 32U);
}

// The worst case for the keyed hash: an attacker who knows this process's key (which never
// leaves it). The key's steps are replayed from seeded_hash.hpp; the gate checks that the strings
// do collide, so a change there cannot make this comparison pass by accident.
inline std::vector<std::string> colliding_under_key(std::size_t count, rng& r) {
    const jsonpatch::detail::keyed_hash hash;
    const jsonpatch::detail::hash_key& key = jsonpatch::detail::process_hash_key();
    const std::uint64_t start = hash.step(0x6a09e667f3bcc908ULL, 16);
    return colliding_strings(
        count, r, [&](std::uint64_t first) { return hash.step(start, first); }, key.mix);
}

inline std::vector<std::string> colliding_under_old_hash(std::size_t count, rng& r) {
    const std::uint64_t start = old_fixed_step(0xcbf29ce484222325ULL, 16);
    return colliding_strings(
        count, r, [&](std::uint64_t first) { return old_fixed_step(start, first); }, 0);
}

inline std::vector<std::string> random_strings(std::size_t count, rng& r) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(bytes_of(r.next(), r.next()));
    }
    return out;
}

// Arrays a and b of the same strings, b in another order: every element is in the middle, so
// diff names each of the 2 × count elements through its hash table.
inline std::pair<json, json> shuffled_pair(const std::vector<std::string>& strings, rng& r) {
    json a = json::array();
    for (const std::string& s : strings) {
        a.push_back(s);
    }
    json b = a;
    auto& elements = b.get_ref<json::array_t&>();
    for (std::size_t i = elements.size(); i > 1; --i) {
        std::swap(elements[i - 1], elements[r.below(i)]);
    }
    return {std::move(a), std::move(b)};
}

inline bool all_collide(const std::vector<std::string>& strings) {
    const jsonpatch::detail::keyed_hash hash;
    return std::all_of(strings.begin(), strings.end(), [&](const std::string& s) {
        return hash.text(s) == hash.text(strings.front());
    });
}

// Diff applies and reproduces b, whatever the input: the ratio means nothing otherwise.
inline bool diff_is_exact(const json& a, const json& b) {
    json doc = a;
    return jsonpatch::apply(doc, jsonpatch::diff(a, b)).has_value() && doc == b;
}

inline comparison diff_of_colliding(const char* name, const char* description,
                                    const std::vector<std::string>& colliding, rng& r,
                                    bool& ok) {
    const std::pair<json, json> hostile = shuffled_pair(colliding, r);
    const std::pair<json, json> ordinary = shuffled_pair(random_strings(colliding.size(), r), r);
    if (!diff_is_exact(hostile.first, hostile.second) ||
        !diff_is_exact(ordinary.first, ordinary.second)) {
        std::fprintf(stderr, "bench: WRONG RESULT: diff of %s\n", name);
        ok = false;
    }
    comparison c{name, description, "nlohmann `json::diff`, hostile input"};
    time_sides(
        c, [&hostile] { return jsonpatch::diff(hostile.first, hostile.second).size(); },
        [&ordinary] { return jsonpatch::diff(ordinary.first, ordinary.second).size(); },
        [&hostile] { return json::diff(hostile.first, hostile.second).size(); });
    return c;
}

// An object of `members` members as JSON text, as dump() writes it.
inline std::string wide_object_text(std::size_t members) {
    std::string text = "{";
    for (std::size_t i = 0; i < members; ++i) {
        text += (i == 0 ? "\"m" : ",\"m") + std::to_string(i) + "\":" + std::to_string(i);
    }
    return text + "}";
}

/// Runs every comparison; `ok` turns false on a wrong result (the timing is judged by the caller).
inline std::vector<comparison> run(bool& ok) {
    std::vector<comparison> out;
    rng r(seed + 2100);
    constexpr std::size_t strings = 10'000;
    const std::vector<std::string> keyed = colliding_under_key(strings, r);
    if (!all_collide(keyed)) {
        std::fprintf(stderr, "bench: the colliding strings do not collide: update "
                             "bench_hostile.hpp to the hash in detail/seeded_hash.hpp\n");
        ok = false;
    }
    out.push_back(diff_of_colliding(
        "H1 diff, one hash (key known)",
        "10,000 strings with one element hash under this process's key, shuffled, against "
        "10,000 random strings",
        keyed, r, ok));
    out.push_back(diff_of_colliding(
        "H2 diff, one hash (old fixed hash)",
        "10,000 strings that shared one hash under the fixed hash used before, shuffled, against "
        "10,000 random strings",
        colliding_under_old_hash(strings, r), r, ok));

    const std::string value = wide_object_text(40'000);
    const std::string text = R"([{"op":"add","path":"/wide","value":)" + value + "}]";
    const auto ordered = jsonpatch::parse_patch<ordered_json>(text);
    const auto plain = jsonpatch::parse_patch<json>(text);
    if (!ordered || !plain || (*ordered)[0].value.dump() != value ||
        (*plain)[0].value.size() != 40'000) {
        std::fprintf(stderr, "bench: WRONG RESULT: wide ordered_json patch text\n");
        ok = false;
    }
    comparison parse{"H3 parse, 40,000 members",
                     "patch text whose value is an object of 40,000 members: "
                     "parse_patch<ordered_json> against parse_patch<json>",
                     "nlohmann `json::parse`, same text"};
    time_sides(
        parse, [&] { return jsonpatch::parse_patch<ordered_json>(text)->size(); },
        [&] { return jsonpatch::parse_patch<json>(text)->size(); },
        [&] { return json::parse(text).size(); });
    out.push_back(parse);
    return out;
}

} // namespace jsonpatch_bench::hostile

#endif // JSONPATCH_BENCHMARKS_BENCH_HOSTILE_HPP
