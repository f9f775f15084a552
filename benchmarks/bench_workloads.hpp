// SPDX-License-Identifier: MIT
// Deterministic benchmark documents and net-zero patches, generated in-process from a fixed seed.
#ifndef JSONPATCH_BENCHMARKS_BENCH_WORKLOADS_HPP
#define JSONPATCH_BENCHMARKS_BENCH_WORKLOADS_HPP

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch_bench {

using json = nlohmann::json;

// A tiny xorshift generator: std::uniform_int_distribution differs between standard libraries, and
// the workloads must be identical on every machine that runs the suite.
class rng {
  public:
    explicit rng(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull + 1) {}
    std::uint64_t next() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 7;
        state_ ^= state_ << 17;
        return state_;
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

  private:
    std::uint64_t state_;
};

inline constexpr std::uint64_t seed = 20261127;

// The deep member every document carries, so W1 walks the same 7 tokens whatever the size.
inline constexpr const char* deep_path = "/config/service/limits/http/request/headers/max";

inline std::string word(rng& r) {
    static constexpr const char* syllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo"};
    std::string out;
    const std::size_t n = 2 + r.below(4);
    for (std::size_t i = 0; i < n; ++i) {
        out += syllables[r.below(8)];
    }
    return out;
}

// A record nests objects `depth` more levels, with arrays of small objects, strings and numbers.
inline json record(rng& r, std::size_t depth) {
    json out = json::object();
    out["id"] = r.next() % 1'000'000;
    out["name"] = word(r) + " " + word(r);
    out["score"] = static_cast<double>(r.below(100'000)) / 100.0;
    out["active"] = r.below(2) == 0;
    json tags = json::array();
    for (std::size_t i = 0, n = 1 + r.below(4); i < n; ++i) {
        tags.push_back(word(r));
    }
    out["tags"] = std::move(tags);
    json items = json::array();
    for (std::size_t i = 0, n = 1 + r.below(3); i < n; ++i) {
        items.push_back({{"sku", word(r)}, {"qty", r.below(50)}, {"price", r.below(10'000)}});
    }
    out["items"] = std::move(items);
    if (depth > 0) {
        out["child"] = record(r, depth - 1);
    }
    return out;
}

/// A document of roughly `bytes` serialized bytes: a fixed deep "config" spine and a map of
/// records nested 4 to 8 levels deep (counting the record map and the record itself).
inline json make_document(std::size_t bytes, std::uint64_t salt = 0) {
    rng r(seed + salt);
    json doc = json::object();
    doc["config"]["service"]["limits"]["http"]["request"]["headers"]["max"] = 8192;
    doc["config"]["service"]["name"] = "bench";
    json& records = doc["records"];
    records = json::object();
    std::size_t size = doc.dump().size();
    for (std::size_t i = 0; size < bytes; ++i) {
        json rec = record(r, 2 + r.below(5));
        size += rec.dump().size() + 12;
        std::string key = "r" + std::to_string(100000 + i);
        records[key] = std::move(rec);
    }
    return doc;
}

/// {"config": ..., "list": [ {"id": 0}, ... ]} with `n` elements.
inline json make_array_document(std::size_t n) {
    json doc = json::object();
    doc["config"]["service"]["limits"]["http"]["request"]["headers"]["max"] = 8192;
    json list = json::array();
    list.get_ref<json::array_t&>().reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        list.push_back({{"id", i}});
    }
    doc["list"] = std::move(list);
    return doc;
}

// Pointer text for a path made of already escaped-free tokens.
inline std::string join(const std::vector<std::string>& tokens) {
    std::string out;
    for (const auto& t : tokens) {
        out += '/';
        out += t;
    }
    return out;
}

// Locations in a document that the mixed patches can use.
struct places {
    std::vector<std::string> objects; // pointers to objects (records and their children)
    std::vector<std::string> leaves;  // pointers to scalars (members and elements)
    std::vector<std::string> members; // pointers to scalars that are object members
    std::vector<std::string> arrays;  // pointers to arrays
};

inline void collect(const json& node, std::vector<std::string>& path, places& out) {
    if (node.is_object()) {
        out.objects.push_back(join(path));
        for (const auto& [key, value] : node.items()) {
            path.push_back(key);
            collect(value, path, out);
            path.pop_back();
        }
    } else if (node.is_array()) {
        out.arrays.push_back(join(path));
        for (std::size_t i = 0; i < node.size(); ++i) {
            path.push_back(std::to_string(i));
            collect(node[i], path, out);
            path.pop_back();
        }
    } else if (!path.empty()) {
        out.leaves.push_back(join(path));
    }
    if (node.is_object()) {
        for (const auto& [key, value] : node.items()) {
            if (!value.is_structured()) {
                out.members.push_back(join(path) + "/" + key);
            }
        }
    }
}

inline json op(const char* name, const std::string& path) { return {{"op", name}, {"path", path}}; }
inline json op(const char* name, const std::string& path, json value) {
    return {{"op", name}, {"path", path}, {"value", std::move(value)}};
}
inline json op_from(const char* name, const std::string& from, const std::string& path) {
    return {{"op", name}, {"from", from}, {"path", path}};
}

/// `count` operations in net-zero groups (add+remove, replace and restore, move there and back,
/// copy then remove, test), so the patch leaves the document exactly as it found it and can be
/// applied again and again in place. Each group finishes before the next starts, so every group
/// sees the original document.
inline json mixed_patch(const json& doc, std::size_t count, std::uint64_t salt) {
    places p;
    std::vector<std::string> path;
    collect(doc, path, p);
    rng r(seed ^ (salt * 7919));
    json out = json::array();
    std::size_t unique = 0;
    const auto fresh = [&unique]() { return "bench_new_" + std::to_string(unique++); };
    while (out.size() < count) {
        const std::size_t room = count - out.size();
        const std::size_t kind = room == 1 ? 5 : r.below(6);
        switch (kind) {
        case 0: { // add a member, then remove it
            const std::string target = p.objects[r.below(p.objects.size())] + "/" + fresh();
            out.push_back(op("add", target, {{"sku", "added"}, {"qty", 1}, {"tags", {"a", "b"}}}));
            out.push_back(op("remove", target));
            break;
        }
        case 1: { // append to an array, then remove the appended element
            const std::string& arr = p.arrays[r.below(p.arrays.size())];
            const json& a = doc.at(json::json_pointer(arr));
            out.push_back(op("add", arr + "/-", "appended"));
            out.push_back(op("remove", arr + "/" + std::to_string(a.size())));
            break;
        }
        case 2: { // replace a scalar, then put the original back
            const std::string& leaf = p.leaves[r.below(p.leaves.size())];
            out.push_back(op("replace", leaf, {{"replaced", true}}));
            out.push_back(op("replace", leaf, doc.at(json::json_pointer(leaf))));
            break;
        }
        case 3: { // move a member to a new key of the same object, then back
            const std::string& leaf = p.members[r.below(p.members.size())];
            const std::string parent = leaf.substr(0, leaf.rfind('/'));
            const std::string moved = parent + "/" + fresh();
            out.push_back(op_from("move", leaf, moved));
            out.push_back(op_from("move", moved, leaf));
            break;
        }
        case 4: { // copy a small subtree into a new member, then remove the copy
            const std::string& from = p.arrays[r.below(p.arrays.size())];
            const std::string target = p.objects[r.below(p.objects.size())] + "/" + fresh();
            out.push_back(op_from("copy", from, target));
            out.push_back(op("remove", target));
            break;
        }
        default: { // test a scalar against its current value
            const std::string& leaf = p.leaves[r.below(p.leaves.size())];
            out.push_back(op("test", leaf, doc.at(json::json_pointer(leaf))));
            break;
        }
        }
    }
    return out;
}

} // namespace jsonpatch_bench

#endif // JSONPATCH_BENCHMARKS_BENCH_WORKLOADS_HPP
