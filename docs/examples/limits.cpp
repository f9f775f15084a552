// SPDX-License-Identifier: MIT
// Limits sized for a small resource: a copy bomb stops at max_added_nodes and changes nothing.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

int main() {
    jsonpatch::apply_options options;
    options.limits.max_operations = 100;
    options.limits.max_patch_bytes = 64 * 1024;
    options.limits.max_added_nodes = 10'000;
    options.limits.max_value_depth = 16;
    options.limits.max_document_depth = 32;
    options.limits.max_array_size = 1'000;

    // Each copy doubles /a; twenty of them would add about a million nodes.
    std::string bomb = R"([{"op": "add", "path": "/a", "value": [1, 2, 3, 4, 5, 6, 7, 8]})";
    for (int i = 0; i < 20; ++i) {
        bomb += R"(, {"op": "copy", "from": "/a", "path": "/a/-"})";
    }
    bomb += "]";

    nlohmann::json doc = nlohmann::json::object();
    const auto parsed = jsonpatch::parse_patch(bomb, options.limits); // bounds text and nesting
    const auto done = jsonpatch::apply(doc, *parsed, options);
    std::cout << jsonpatch::to_string(done.error().code) << " (" << static_cast<int>(done.error().code)
              << "): " << jsonpatch::describe(done.error()) << "\n"
              << doc.dump() << "\n";

    const auto deep = jsonpatch::parse_patch(
        R"([{"op": "add", "path": "/x", "value": [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]}])",
        options.limits);
    std::cout << jsonpatch::to_string(deep.error().code) << ": " << jsonpatch::describe(deep.error())
              << "\n";
}
