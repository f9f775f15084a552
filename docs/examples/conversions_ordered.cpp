// SPDX-License-Identifier: MIT
// A type patched as ordered_json: conversions written for any basic_json (nlohmann 3.11's
// NLOHMANN_DEFINE_TYPE_* target nlohmann::json only), with a map member.
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/member_reader.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <string>
#include <utility>

struct plan {
    std::string name;
    std::map<std::string, int> quotas; // a JSON object: one member per key
};

template <class J> void to_json(J& out, const plan& p) {
    out = J::object();
    out["name"] = p.name;
    out["quotas"] = J::object();
    for (const auto& [key, value] : p.quotas) {
        out["quotas"][key] = value;
    }
}

template <class J> void from_json(const J& in, plan& p) {
    plan read;
    jsonpatch::member_reader<J> members(in);
    members.required("name", read.name).required("quotas", read.quotas);
    if (!members) {
        throw jsonpatch::patch_error(std::move(members).error());
    }
    p = std::move(read);
}

int main() {
    using namespace jsonpatch;
    using ordered = nlohmann::ordered_json;
    const auto rules = basic_model<plan, ordered>()
                           .member("/name", may_replace, non_empty())
                           .member("/quotas/*", may_replace, may_remove);
    const plan basic{"basic", {{"storage", 10}, {"api", 1000}}};
    for (const char* patch : {R"([{"op": "add", "path": "/quotas/seats", "value": 3},
                                 {"op": "remove", "path": "/quotas/api"}])",
                              R"([{"op": "add", "path": "/quotas/seats", "value": "three"}])",
                              R"([{"op": "replace", "path": "/quotas", "value": {}}])"}) {
        const auto patched = apply_to(basic, ordered::parse(patch), rules);
        if (patched) {
            std::cout << "ok: " << ordered(*patched).dump() << "\n";
        } else {
            std::cout << to_string(patched.error().code) << ": " << describe(patched.error())
                      << "\n";
        }
    }
}
