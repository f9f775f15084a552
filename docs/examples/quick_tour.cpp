// SPDX-License-Identifier: MIT
// Apply a patch in place; a patch that fails changes nothing and says where and why.
#include <jsonpatch/apply.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    nlohmann::json order = nlohmann::json::parse(R"({"items": [{"sku": "A1", "qty": 1}]})");

    // Patch text, a patch document (nlohmann::json) or a parsed jsonpatch::patch.
    jsonpatch::status done = jsonpatch::apply(order, R"([
        {"op": "replace", "path": "/items/0/qty", "value": 2},
        {"op": "add",     "path": "/items/-",     "value": {"sku": "B2", "qty": 1}}
    ])");
    std::cout << std::boolalpha << done.has_value() << " " << order.dump() << "\n";

    done = jsonpatch::apply(order, R"([
        {"op": "replace", "path": "/items/1/qty", "value": 3},
        {"op": "remove",  "path": "/items/5"}
    ])");
    const jsonpatch::error& e = done.error(); // which operation, which pointer, why
    std::cout << jsonpatch::to_string(e.code) << " (" << static_cast<int>(e.code) << ") at op "
              << *e.op_index << ", path " << *e.path << "\n"
              << jsonpatch::describe(e) << "\n"
              << order.dump() << "\n"; // as it was: the replace was rolled back
}
