// SPDX-License-Identifier: MIT
// An RFC 7396 merge patch on a typed value: the same model as for JSON Patch, errors by member.
#include <jsonpatch/apply_merge_to.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <string>

struct product {
    std::string sku;
    std::string title;
    double price = 0;
    std::map<std::string, std::string> attributes;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(product, sku, title, price, attributes)

int main() {
    using namespace jsonpatch;
    const auto rules = model<product>()
                           .member("/title", may_replace, non_empty(), max_length(40))
                           .member("/price", may_replace)
                           .member("/attributes/*", may_replace, may_remove, non_empty())
                           .read_only("/sku");
    const product lamp{"L-1", "Desk lamp", 25.5, {{"color", "black"}}};
    for (const char* merge :
         {R"({"title": "Floor lamp", "attributes": {"color": null,
                                                                       "height": "150 cm"}})",
          R"({"sku": "L-2"})", R"({"title": null})", R"({"attributes": {"height": 150}})"}) {
        const auto patched = apply_merge_to(lamp, merge, rules); // `lamp` never changes
        if (patched) {
            std::cout << "ok: " << nlohmann::json(*patched).dump() << "\n";
        } else {
            // No op_index, no operation names: the client sent members, not operations.
            std::cout << to_problem_details(patched.error()).body.dump() << "\n";
        }
    }
}
