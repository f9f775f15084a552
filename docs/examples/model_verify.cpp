// SPDX-License-Identifier: MIT
// A model checks its own rules against the resource's JSON form: a typo fails closed, loudly.
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <vector>

struct article {
    std::string id;
    std::string title;
    std::vector<std::string> tags;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(article, id, title, tags)

int main() {
    using namespace jsonpatch;
    // "/titel" is a typo: unchecked, its rule would never run and "" would pass as a title.
    // (A chain on a temporary returns the model by value, so the reference does not dangle.)
    const auto& typo = model<article>().member("/titel", may_replace, non_empty()).read_only("/id");
    const status verdict = typo.verify();
    std::cout << to_string(verdict.error().code) << ": " << verdict.error().message << "\n";

    // apply_to refuses every patch under a model that does not verify: a 500, never a pass.
    const article post{"a1", "Hello", {"news"}};
    const auto refused =
        apply_to(post, R"([{"op": "replace", "path": "/title", "value": ""}])", typo);
    const problem_details problem = to_problem_details(refused.error());
    std::cout << problem.status << " " << problem.body.dump() << "\n";

    // Fixed, it verifies. "*" over an array names its elements, even when T{} has none.
    const auto& rules = model<article>()
                            .member("/title", may_replace, non_empty())
                            .member("/tags/*", may_replace, non_empty())
                            .read_only("/id");
    std::cout << "verified: " << std::boolalpha << static_cast<bool>(rules.verify()) << "\n";

    // may_replace on the elements replaces one; it never grows the array.
    for (const char* patch : {R"([{"op": "replace", "path": "/tags/0", "value": "sport"}])",
                              R"([{"op": "add", "path": "/tags/-", "value": "sport"}])"}) {
        const auto patched = apply_to(post, patch, rules);
        if (patched) {
            std::cout << "ok: " << nlohmann::json(*patched).dump() << "\n";
        } else {
            std::cout << describe(patched.error()) << "\n";
        }
    }
}
