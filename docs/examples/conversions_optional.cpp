// SPDX-License-Identifier: MIT
// std::optional members with nlohmann 3.11: to_json leaves an empty one out, from_json reads it
// with member_reader, and the model lets a patch set or remove it.
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/member_reader.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <optional>
#include <string>

struct contact {
    std::string name;
    std::optional<std::string> nickname; // left out of the JSON when empty
    std::optional<unsigned> age;         // null in the JSON when empty
};

void to_json(nlohmann::json& out, const contact& c) {
    out = {{"name", c.name}, {"age", c.age ? nlohmann::json(*c.age) : nlohmann::json(nullptr)}};
    if (c.nickname) {
        out["nickname"] = *c.nickname;
    }
}

void from_json(const nlohmann::json& in, contact& c) {
    contact read;
    jsonpatch::member_reader<nlohmann::json> members(in);
    members.required("name", read.name)
        .optional("nickname", read.nickname)
        .required("age", read.age);
    if (!members) {
        throw jsonpatch::patch_error(std::move(members).error()); // apply_to returns it as is
    }
    c = std::move(read);
}

int main() {
    using namespace jsonpatch;
    const auto rules = model<contact>()
                           .member("/name", may_replace, non_empty())
                           .optional_member("/nickname", may_replace, may_remove, non_empty())
                           .member("/age", may_replace);
    std::cout << "verified: " << std::boolalpha << static_cast<bool>(rules.verify()) << "\n";

    const contact ada{"Ada", std::nullopt, 36U};
    for (const char* patch : {R"([{"op": "add", "path": "/nickname", "value": "Countess"}])",
                              R"([{"op": "replace", "path": "/age", "value": null}])",
                              R"([{"op": "replace", "path": "/age", "value": -1}])",
                              R"([{"op": "remove", "path": "/name"}])"}) {
        const auto patched = apply_to(ada, patch, rules);
        if (patched) {
            std::cout << "ok: " << nlohmann::json(*patched).dump() << "\n";
        } else {
            std::cout << to_string(patched.error().code) << ": " << describe(patched.error())
                      << "\n";
        }
    }
    // The nickname is set now; a patch may take it away again.
    const contact countess =
        apply_to(ada, R"([{"op": "add", "path": "/nickname", "value": "C"}])", rules).value();
    const auto removed = apply_to(countess, R"([{"op": "remove", "path": "/nickname"}])", rules);
    std::cout << nlohmann::json(*removed).dump() << "\n";
}
