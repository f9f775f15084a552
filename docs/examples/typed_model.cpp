// SPDX-License-Identifier: MIT
// Patch a C++ struct under a model: grants and value rules read like its schema.
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

struct address {
    std::string city;
    std::string zip;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(address, city, zip)

struct user {
    std::string id;
    std::string name;
    int age = 0;
    std::vector<address> addresses;
    std::vector<std::string> tags;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(user, id, name, age, addresses, tags)

int main() {
    using namespace jsonpatch;
    const auto rules =
        model<user>()
            .member("/name", may_replace, type_is({json_kind::string}), non_empty(), max_length(20))
            .member("/age", may_replace)
            .member("/addresses/*/city", may_replace, non_empty())
            .member("/tags", may_edit_items, unique_items(), max_items(3))
            .read_only("/id")
            .check([](const change<user>& c) -> status {
                if (c.after.age < c.before.age) {
                    return make_error(errc::validation_failed, "/age", "age may not decrease");
                }
                return {};
            });
    // Every pattern above names a member of user's JSON form: a typo would be reported here.
    if (const status verdict = rules.verify(); !verdict) {
        std::cout << describe(verdict.error()) << "\n";
        return 1;
    }

    const user ada{"u1", "Ada", 36, {{"London", "N1"}}, {"math"}};
    for (const std::string patch : {
             R"([{"op": "replace", "path": "/addresses/0/city", "value": "Paris"},
                 {"op": "add", "path": "/tags/-", "value": "poetry"}])",
             R"([{"op": "replace", "path": "/addresses/0/zip", "value": "75001"}])",
             R"([{"op": "add", "path": "/tags/-", "value": "math"}])",
             R"([{"op": "replace", "path": "/age", "value": "thirty-seven"}])",
             R"([{"op": "replace", "path": "/age", "value": 35}])"}) {
        const result<user> patched = apply_to(ada, patch, rules); // `ada` never changes
        if (patched) {
            std::cout << "ok: " << patched->addresses[0].city << ", " << patched->tags.size()
                      << " tags\n";
        } else {
            std::cout << to_string(patched.error().code) << ": " << describe(patched.error())
                      << "\n";
        }
    }
}
