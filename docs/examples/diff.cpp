// SPDX-License-Identifier: MIT
// diff: a small patch that turns one document into another, with moves for reordered elements.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/diff.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    const auto a = nlohmann::json::parse(R"({"list": ["x", "y", "z"], "n": 1, "old": true})");
    const auto b = nlohmann::json::parse(R"({"list": ["z", "x", "y"], "n": 2, "new": {}})");

    const jsonpatch::patch p = jsonpatch::diff(a, b);
    std::cout << p.to_json().dump() << "\n";

    jsonpatch::diff_options options;
    options.emit_test = true;   // a test of the old value before every remove, replace and move
    options.allow_move = false; // only add, remove and replace (and test)
    std::cout << jsonpatch::diff(a, b, options).to_json().dump() << "\n";

    // nlohmann's own diff for comparison: every shifted element is rewritten.
    std::cout << nlohmann::json::diff(a, b).size() << " operations from nlohmann::json::diff, "
              << p.size() << " from jsonpatch::diff\n";

    nlohmann::json doc = a;
    std::cout << std::boolalpha << jsonpatch::apply(doc, p).has_value() << " " << (doc == b)
              << "\n";
}
