// SPDX-License-Identifier: MIT
// A policy says which operations may touch which paths; validators check the result. Both run
// inside the transaction: a refusal changes nothing.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

int main() {
    using jsonpatch::op_kind;
    jsonpatch::policy rules; // denies every write, allows test anywhere
    rules.allow({op_kind::replace}, "/items/*/qty")                          // any item's quantity
        .allow({op_kind::add, op_kind::remove}, "/tags", jsonpatch::scope::descendants)
        .allow({op_kind::replace, op_kind::copy}, "/note")
        .allow_from({op_kind::copy}, "/items/*/sku") // copy may read it; move may not take it
        .read_only("/id");

    jsonpatch::apply_options options;
    options.policy = &rules; // must outlive the calls that use the options
    options.validators.push_back([](const nlohmann::json& patched) -> jsonpatch::status {
        for (const nlohmann::json& item : patched["items"]) {
            if (item["qty"].get<int>() > 99) {
                return jsonpatch::make_error(jsonpatch::errc::validation_failed, "/items",
                                             "a quantity is above 99");
            }
        }
        return {};
    });

    const nlohmann::json original = nlohmann::json::parse(
        R"({"id": 7, "items": [{"sku": "A1", "qty": 1}], "tags": ["new"], "note": ""})");
    for (const std::string patch : {
             R"([{"op": "replace", "path": "/items/0/qty", "value": 3},
                 {"op": "add", "path": "/tags/-", "value": "gift"},
                 {"op": "copy", "from": "/items/0/sku", "path": "/note"}])",
             R"([{"op": "replace", "path": "/id", "value": 8}])",
             R"([{"op": "move", "from": "/items/0/sku", "path": "/note"}])",
             R"([{"op": "remove", "path": "/tags"}])",
             R"([{"op": "replace", "path": "/items/0/qty", "value": 500}])"}) {
        nlohmann::json doc = original;
        const auto done = jsonpatch::apply(doc, patch, options);
        if (done) {
            std::cout << "ok: " << doc.dump() << "\n";
        } else {
            std::cout << jsonpatch::to_string(done.error().code) << ": "
                      << jsonpatch::describe(done.error()) << "\n";
        }
    }
}
