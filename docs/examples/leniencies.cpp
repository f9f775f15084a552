// SPDX-License-Identifier: MIT
// Strict RFC 6902 by default; each leniency is one named option.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/options.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

namespace {

void show(const char* what, const jsonpatch::apply_options& options) {
    nlohmann::json doc = nlohmann::json::parse(R"({"list": [1, 2, 3]})");
    const auto done = jsonpatch::apply(doc, R"([
        {"op": "remove", "path": "/list/-1"},
        {"op": "remove", "path": "/gone"},
        {"op": "add",    "path": "/a/b/c", "value": true}
    ])", options);
    std::cout << what << ": "
              << (done ? doc.dump() : std::string(jsonpatch::to_string(done.error().code)))
              << "\n";
}

} // namespace

int main() {
    jsonpatch::apply_options options; // strict
    show("strict", options);
    options.allow_negative_array_index = true; // "-1" is the last element
    show("+ negative indices", options);
    options.allow_missing_remove_target = true; // removing what is not there succeeds
    show("+ missing remove targets", options);
    options.create_missing_parents = true; // add creates missing parent objects
    show("+ missing parents", options);
}
