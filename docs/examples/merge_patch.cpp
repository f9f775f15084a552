// SPDX-License-Identifier: MIT
// RFC 7396 JSON Merge Patch: applied as JSON Patch operations, with the same policy and atomicity.
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    nlohmann::json doc = nlohmann::json::parse(R"({"title": "Hi", "author": {"name": "A", "email": "a@x"}})");

    // The operations a merge patch stands for (null removes a member).
    const auto merge = nlohmann::json::parse(R"({"title": "Hello", "author": {"email": null}})");
    std::cout << jsonpatch::translate_merge_patch(doc, merge)->to_json().dump() << "\n";

    jsonpatch::policy rules;
    rules.allow({jsonpatch::op_kind::replace}, "/title");
    jsonpatch::apply_options options;
    options.policy = &rules;
    const auto refused = jsonpatch::apply_merge_patch(doc, merge, options); // /author/email: no
    std::cout << jsonpatch::describe(refused.error()) << "\n" << doc.dump() << "\n";

    // Merge patch text is read as text: a repeated member is refused.
    if (jsonpatch::apply_merge_patch(doc, R"({"title": "Hello", "tags": ["a"]})")) {
        std::cout << doc.dump() << "\n";
    }
    std::cout << jsonpatch::to_string(
                     jsonpatch::apply_merge_patch(doc, R"({"a": 1, "a": 2})").error().code)
              << "\n";

    // The merge patch between two documents; nothing when b holds a null member a lacks.
    const auto a = nlohmann::json::parse(R"({"x": 1, "y": {"z": 2}})");
    const auto b = nlohmann::json::parse(R"({"y": {"z": 3}, "w": [null]})");
    std::cout << jsonpatch::merge_patch_diff(a, b)->dump() << " " << std::boolalpha
              << jsonpatch::merge_patch_diff(a, nlohmann::json::parse(R"({"q": null})")).has_value()
              << "\n";
}
