// SPDX-License-Identifier: MIT
// A PATCH handler's defences: limits sized to the resource, a policy, and parsing with both.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/problem_details.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string_view>

jsonpatch::problem_details handle_patch(nlohmann::json& document, std::string_view body) {
    static const jsonpatch::policy rules = [] {
        jsonpatch::policy p;
        p.allow({jsonpatch::op_kind::replace}, "/name").read_only("/id");
        return p;
    }();
    jsonpatch::apply_options options;
    options.limits.max_operations = 100;
    options.limits.max_patch_bytes = 64 * 1024;
    options.limits.max_added_nodes = 10'000;
    options.limits.max_value_depth = 16;
    options.limits.max_document_depth = 32;
    options.limits.max_array_size = 1'000;
    options.policy = &rules;

    // Not nlohmann::json::parse: this bounds size and nesting while reading, and refuses
    // operation objects with repeated members.
    auto parsed = jsonpatch::parse_patch(body, options.limits);
    if (!parsed) {
        return jsonpatch::to_problem_details(parsed.error());
    }
    if (auto done = jsonpatch::apply(document, *parsed, options); !done) {
        return jsonpatch::to_problem_details(done.error());
    }
    return {200, document};
}

int main() {
    nlohmann::json doc = nlohmann::json::parse(R"({"id": "r1", "name": "old"})");
    for (const char* body : {R"([{"op": "replace", "path": "/name", "value": "new"}])",
                             R"([{"op": "replace", "path": "/id", "value": "r2"}])",
                             R"([{"op": "replace", "path": "/name", "path": "/id", "value": 1}])",
                             R"([{"op": "replace", "path": "/name", "value": [[[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]]}])"}) {
        const auto answer = handle_patch(doc, body);
        std::cout << answer.status << " " << answer.body.value("code", answer.body.dump()) << "\n";
    }
}
