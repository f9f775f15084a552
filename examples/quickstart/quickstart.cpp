// SPDX-License-Identifier: MIT
// The README's tour in one program: parse once, apply atomically, read structured errors.
#include <jsonpatch/jsonpatch.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    using nlohmann::json;
    json order = json::parse(R"({"id": 7, "items": [{"sku": "A1", "qty": 1}], "status": "open"})");

    // Parse once (pointers decoded, indices pre-parsed), apply many times.
    auto patch = jsonpatch::parse_patch(R"([
        {"op": "test",    "path": "/status",      "value": "open"},
        {"op": "add",     "path": "/items/-",     "value": {"sku": "B2", "qty": 3}},
        {"op": "replace", "path": "/items/0/qty", "value": 2}
    ])");
    if (!patch) {
        std::cerr << jsonpatch::describe(patch.error()) << "\n";
        return 1;
    }
    if (auto applied = jsonpatch::apply(order, *patch); !applied) {
        std::cerr << jsonpatch::describe(applied.error()) << "\n";
        return 1;
    }
    std::cout << order.dump() << "\n";

    // A failing patch reports which operation failed, where and why, and changes nothing.
    const json before = order;
    auto failed = jsonpatch::apply(order, json::parse(R"([
        {"op": "remove", "path": "/items/0"},
        {"op": "replace", "path": "/items/5/qty", "value": 1}
    ])"));
    if (failed || order != before) {
        return 1;
    }
    const jsonpatch::error& e = failed.error();
    std::cout << jsonpatch::to_string(e.code) << " at op " << *e.op_index << " path " << *e.path
              << "\n";
    return e.code == jsonpatch::errc::array_index_out_of_range && *e.op_index == 1 ? 0 : 1;
}
