// SPDX-License-Identifier: MIT
// apply_with_inverse: apply a patch and get the patch that undoes it (an audit or undo log).
#include <jsonpatch/apply.hpp>
#include <jsonpatch/inverse.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    nlohmann::json doc = nlohmann::json::parse(R"({"a": [1, 2, 3], "b": {"c": "d"}})");
    const nlohmann::json original = doc;

    const auto undo = jsonpatch::apply_with_inverse(doc, R"([
        {"op": "remove", "path": "/a/0"},
        {"op": "add", "path": "/a/-", "value": 4},
        {"op": "move", "from": "/b/c", "path": "/e"}
    ])");
    std::cout << doc.dump() << "\n" << undo->to_json().dump() << "\n";

    // Every location the inverse writes is guarded by a test: it refuses a document that changed.
    nlohmann::json changed = doc;
    changed["e"] = "edited";
    std::cout << jsonpatch::to_string(jsonpatch::apply(changed, *undo).error().code) << "\n";

    std::cout << std::boolalpha << jsonpatch::apply(doc, *undo).has_value() << " "
              << (doc.dump() == original.dump()) << "\n";
}
