// SPDX-License-Identifier: MIT
// Typed-model benchmarks: apply_to on a C++ struct under a model, against the hand-written
// equivalent with no rules at all (to_json, nlohmann's patch_inplace, from_json), in the same run.
#ifndef JSONPATCH_BENCHMARKS_BENCH_TYPED_HPP
#define JSONPATCH_BENCHMARKS_BENCH_TYPED_HPP

#include <jsonpatch/apply_merge_to.hpp>
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch_bench::typed {

using json = nlohmann::json;

struct address {
    std::string street;
    std::string city;
    std::string zip;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(address, street, city, zip)

/// A user profile as a service keeps it: a dozen members, a nested struct, an array, a map.
struct profile {
    std::string id;
    std::string name;
    std::string email;
    int age = 0;
    bool active = true;
    address home;
    std::vector<std::string> tags;
    std::map<std::string, int> counters;
    std::string created;
    int version = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(profile, id, name, email, age, active, home, tags, counters,
                                   created, version)

inline profile sample() {
    return profile{"u-42",
                   "Ada Lovelace",
                   "ada@example.com",
                   36,
                   true,
                   {"12 St James's Square", "London", "SW1Y 4JH"},
                   {"math", "engines", "poetry", "music"},
                   {{"logins", 17}, {"edits", 3}},
                   "1815-12-10T00:00:00.000Z",
                   7};
}

/// The model a service would write for it.
inline const jsonpatch::model<profile>& profile_model() {
    using namespace jsonpatch;
    static const auto rules =
        model<profile>()
            .member("/name", may_replace, type_is({json_kind::string}), non_empty(), max_length(64))
            .member("/email", may_replace, non_empty(), max_length(254))
            .member("/age", may_replace)
            .member("/home/*", may_replace, non_empty())
            .member("/tags", may_replace, may_edit_items, unique_items(), max_items(16),
                    items_max_length(32))
            .read_only("/id")
            .read_only("/version")
            .other_members_fixed()
            .limits(small_resource_limits());
    return rules;
}

/// A workload: two patches applied in turn (there and back), in every form a contestant needs.
struct workload {
    const char* name;
    const char* description;
    json there;
    json back;
    jsonpatch::patch there_parsed;
    jsonpatch::patch back_parsed;
};

inline std::vector<workload> make_workloads() {
    std::vector<workload> out;
    const auto add = [&out](const char* name, const char* description, const char* there,
                            const char* back) {
        workload w{name, description, json::parse(there), json::parse(back), {}, {}};
        w.there_parsed = jsonpatch::parse_patch(w.there).value();
        w.back_parsed = jsonpatch::parse_patch(w.back).value();
        out.push_back(std::move(w));
    };
    add("T1 rename", "one replace of a top-level string",
        R"([{"op":"replace","path":"/name","value":"Ada King"}])",
        R"([{"op":"replace","path":"/name","value":"Ada Lovelace"}])");
    add("T2 three edits", "a nested replace, an array insertion and a number",
        R"([{"op":"replace","path":"/home/city","value":"Paris"},
            {"op":"add","path":"/tags/-","value":"chess"},
            {"op":"replace","path":"/age","value":37}])",
        R"([{"op":"replace","path":"/home/city","value":"London"},
            {"op":"remove","path":"/tags/4"},
            {"op":"replace","path":"/age","value":36}])");
    return out;
}

/// One contestant: patches `current` with the patch (parsed or JSON) and returns the new value.
struct contestant {
    const char* name;
    bool (*run)(const profile& current, const workload& w, bool there, profile& out);
};

inline const std::vector<contestant>& contestants() {
    static const std::vector<contestant> all = {
        {"apply_to (model)",
         [](const profile& current, const workload& w, bool there, profile& out) {
             auto r = jsonpatch::apply_to(current, there ? w.there_parsed : w.back_parsed,
                                          profile_model());
             if (!r) {
                 return false;
             }
             out = std::move(*r);
             return true;
         }},
        {"apply_to_outcome (model)",
         [](const profile& current, const workload& w, bool there, profile& out) {
             auto r = jsonpatch::apply_to_outcome(current, there ? w.there_parsed : w.back_parsed,
                                                  profile_model());
             if (!r || !r->changed) {
                 return false;
             }
             out = std::move(r->value);
             return true;
         }},
        // The floor: no policy, no rules, no atomicity; what a user writes without the library.
        {"to_json + patch_inplace + from_json",
         [](const profile& current, const workload& w, bool there, profile& out) {
             try {
                 json doc = current;
                 doc.patch_inplace(there ? w.there : w.back);
                 out = doc.get<profile>();
                 return true;
             } catch (const json::exception&) {
                 return false;
             }
         }},
    };
    return all;
}

/// Every contestant gives the same value for every step, there and back.
inline bool check(const std::vector<workload>& workloads) {
    bool ok = true;
    for (const workload& w : workloads) {
        for (const contestant& c : contestants()) {
            const profile start = sample();
            profile mid;
            profile end;
            const bool ran = c.run(start, w, true, mid) && c.run(mid, w, false, end);
            json expected_mid = json(start).patch(w.there);
            if (!ran || json(mid) != expected_mid || json(end) != json(start)) {
                std::fprintf(stderr, "bench: WRONG RESULT: %s on typed %s\n", c.name, w.name);
                ok = false;
            }
        }
    }
    return ok;
}

inline std::string key(const workload& w, const contestant& c) {
    return std::string("typed ") + w.name + "/" + c.name;
}

} // namespace jsonpatch_bench::typed

#endif // JSONPATCH_BENCHMARKS_BENCH_TYPED_HPP
