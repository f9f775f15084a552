// SPDX-License-Identifier: MIT
// Deterministic document pairs for the diff benchmarks, generated in-process from a fixed seed.
#ifndef JSONPATCH_BENCHMARKS_BENCH_DIFF_PAIRS_HPP
#define JSONPATCH_BENCHMARKS_BENCH_DIFF_PAIRS_HPP

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bench_workloads.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch_bench::diff_pairs {

using json = nlohmann::json;

/// One kind of pair: every pair of it is diffed once per timed pass.
struct pair_set {
    std::string name;
    std::string description;
    std::vector<std::pair<json, json>> pairs;
    bool nearly_equal = false; // held to 2x the floor
};

// A record of an array: an id, a few scalars, a small array and a nested object.
inline json array_record(rng& r, std::size_t id) {
    json out = json::object();
    out["id"] = id;
    out["name"] = word(r) + " " + word(r);
    out["qty"] = r.below(100);
    out["price"] = static_cast<double>(r.below(100'000)) / 100.0;
    out["tags"] = json::array({word(r), word(r)});
    out["owner"] = {{"id", "u" + std::to_string(r.below(5'000))}, {"team", word(r)}};
    return out;
}

inline json record_array(rng& r, std::size_t n, std::size_t first_id) {
    json out = json::array();
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(array_record(r, first_id + i));
    }
    return out;
}

// 10 arrays of 1,000 records: 10 removed, 10 inserted at random places, 5 changed in one field.
inline pair_set records_edited() {
    pair_set set{"D1 records edited",
                 "10 arrays of 1,000 records, each with 10 removals, 10 insertions and 5 changed "
                 "fields at random places",
                 {},
                 false};
    rng r(seed + 101);
    for (std::size_t k = 0; k < 10; ++k) {
        json a = record_array(r, 1'000, 0);
        json b = a;
        auto& elements = b.get_ref<json::array_t&>();
        for (std::size_t e = 0; e < 10; ++e) {
            const std::size_t gone = r.below(elements.size());
            elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(gone));
            const std::size_t at = r.below(elements.size() + 1);
            elements.insert(elements.begin() + static_cast<std::ptrdiff_t>(at),
                            array_record(r, 10'000 + e));
        }
        for (std::size_t e = 0; e < 5; ++e) {
            elements[r.below(elements.size())]["qty"] = 1'000 + e;
        }
        set.pairs.emplace_back(std::move(a), std::move(b));
    }
    return set;
}

// 2,000 records, the first 25 moved to the end.
inline pair_set records_rotated() {
    pair_set set{"D2 records rotated", "2,000 records rotated by 25", {}, false};
    rng r(seed + 102);
    json a = record_array(r, 2'000, 0);
    json b = a;
    auto& elements = b.get_ref<json::array_t&>();
    std::rotate(elements.begin(), elements.begin() + 25, elements.end());
    set.pairs.emplace_back(std::move(a), std::move(b));
    return set;
}

// The 6 MB benchmark document and a copy with one leaf changed deep inside a middle record.
inline pair_set one_leaf() {
    pair_set set{"D3 6 MB one leaf",
                 "a 6 MB document (the W1 generator) and a copy with one leaf changed, 3 levels "
                 "deep in its middle record",
                 {},
                 true};
    json a = make_document(6'000'000, 103);
    json b = a;
    auto& records = b["records"].get_ref<json::object_t&>();
    auto middle = records.begin();
    std::advance(middle, static_cast<std::ptrdiff_t>(records.size() / 2));
    json& child = middle->second["child"];
    child["score"] = -1.5;
    set.pairs.emplace_back(std::move(a), std::move(b));
    return set;
}

// An object of 10,000 members: 100 changed inside, 50 removed, 50 added.
inline pair_set wide_object() {
    pair_set set{"D4 wide object",
                 "an object of 10,000 members: 100 changed inside, 50 removed, 50 added",
                 {},
                 false};
    rng r(seed + 104);
    json a = json::object();
    for (std::size_t k = 0; k < 10'000; ++k) {
        a["key" + std::to_string(100'000 + k)] = {
            {"on", r.below(2) == 0}, {"n", r.below(1'000)}, {"tags", {word(r), word(r)}}};
    }
    json b = a;
    for (std::size_t e = 0; e < 100; ++e) {
        b["key" + std::to_string(100'000 + r.below(10'000))]["n"] = 5'000 + e;
    }
    for (std::size_t e = 0; e < 50; ++e) {
        b.erase("key" + std::to_string(100'000 + r.below(10'000)));
        b["new" + std::to_string(e)] = {{"on", true}, {"n", e}, {"tags", json::array()}};
    }
    set.pairs.emplace_back(std::move(a), std::move(b));
    return set;
}

// 0..999 and a shuffle of it.
inline pair_set shuffled_numbers() {
    pair_set set{"D5 shuffled numbers", "the numbers 0 to 999 and a shuffle of them", {}, false};
    rng r(seed + 105);
    json a = json::array();
    for (std::size_t i = 0; i < 1'000; ++i) {
        a.push_back(i);
    }
    json b = a;
    auto& elements = b.get_ref<json::array_t&>();
    for (std::size_t i = elements.size(); i > 1; --i) { // Fisher-Yates with our own draws
        std::swap(elements[i - 1], elements[r.below(i)]);
    }
    set.pairs.emplace_back(std::move(a), std::move(b));
    return set;
}

// A service configuration: 60 services with ports, environment, hosts, limits and feature flags.
inline json config_document(rng& r) {
    json services = json::object();
    for (std::size_t s = 0; s < 60; ++s) {
        json env = json::object();
        for (std::size_t e = 0, n = 4 + r.below(6); e < n; ++e) {
            env["VAR_" + word(r)] = word(r) + "-" + std::to_string(r.below(100));
        }
        json hosts = json::array();
        for (std::size_t h = 0, n = 1 + r.below(4); h < n; ++h) {
            hosts.push_back(word(r) + ".example.org");
        }
        json flags = json::object();
        for (std::size_t f = 0, n = 2 + r.below(4); f < n; ++f) {
            flags["feature_" + word(r)] = r.below(2) == 0;
        }
        services["svc-" + word(r) + std::to_string(s)] = {
            {"image", word(r) + ":" + std::to_string(1 + r.below(20))},
            {"replicas", 1 + r.below(8)},
            {"ports", {8000 + r.below(1000), 9000 + r.below(1000)}},
            {"env", std::move(env)},
            {"hosts", std::move(hosts)},
            {"limits",
             {{"cpu", static_cast<double>(1 + r.below(16)) / 4.0},
              {"memory", std::to_string(128 * (1 + r.below(16))) + "Mi"}}},
            {"flags", std::move(flags)}};
    }
    return {{"version", 3}, {"name", "production"}, {"services", std::move(services)}};
}

// 120 edits at random places of the configuration: 80 leaves changed, 20 members added, 20
// members removed.
inline pair_set config_edits() {
    pair_set set{"D6 config edits",
                 "a 60-service configuration (about 30 KB) with 120 scattered edits: 80 leaves "
                 "changed, 20 members added, 20 removed",
                 {},
                 false};
    rng r(seed + 106);
    json a = config_document(r);
    json b = a;
    std::size_t edits = 0;
    for (std::size_t attempt = 0; edits < 120 && attempt < 10'000; ++attempt) {
        places p;
        std::vector<std::string> path;
        collect(b, path, p);
        if (edits < 80) {
            const std::string& leaf = p.leaves[r.below(p.leaves.size())];
            json& target = b.at(json::json_pointer(leaf));
            target = target.is_string() ? json(word(r)) : json(r.below(100'000));
        } else if (edits < 100) {
            b.at(json::json_pointer(p.objects[r.below(p.objects.size())]))["added_" + word(r)] =
                word(r);
        } else {
            const std::string& member = p.members[r.below(p.members.size())];
            const std::size_t slash = member.rfind('/');
            json& parent = b.at(json::json_pointer(member.substr(0, slash)));
            if (parent.size() < 2) {
                continue; // keep every object non-empty
            }
            parent.erase(member.substr(slash + 1)); // generated names need no escaping
        }
        ++edits;
    }
    set.pairs.emplace_back(std::move(a), std::move(b));
    return set;
}

/// Every pair set whose name contains `only` (all when empty).
inline std::vector<pair_set> make_pair_sets(const std::string& only) {
    using maker = pair_set (*)();
    static constexpr const char* names[] = {"D1 records edited",   "D2 records rotated",
                                            "D3 6 MB one leaf",    "D4 wide object",
                                            "D5 shuffled numbers", "D6 config edits"};
    static constexpr maker makers[] = {records_edited, records_rotated,  one_leaf,
                                       wide_object,    shuffled_numbers, config_edits};
    std::vector<pair_set> out;
    for (std::size_t i = 0; i < std::size(names); ++i) {
        if (only.empty() || std::string(names[i]).find(only) != std::string::npos) {
            out.push_back(makers[i]());
        }
    }
    return out;
}

} // namespace jsonpatch_bench::diff_pairs

#endif // JSONPATCH_BENCHMARKS_BENCH_DIFF_PAIRS_HPP
