// SPDX-License-Identifier: MIT
// rebase: a patch written against version 7 applies after the patch that made version 8, or
// says which of its operations conflict.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/rebase.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    using nlohmann::json;
    // Version 7, which clients A and B both read.
    const json v7 = json::parse(R"({"name": "ci", "scope": ["read", "write", "admin"]})");

    // A's patch was accepted first and made version 8.
    const auto by_a = jsonpatch::parse_patch(
                          json::parse(R"([{"op": "add", "path": "/scope/0", "value": "deploy"}])"))
                          .value();
    json v8 = v7;
    jsonpatch::apply(v8, by_a).value();

    // B, still at version 7, removes "admin" by index: applied as it is, it would remove "write".
    const auto by_b =
        jsonpatch::parse_patch(json::parse(R"([{"op": "remove", "path": "/scope/2"}])")).value();
    const auto rebased = jsonpatch::rebase(v7, by_a, by_b);
    std::cout << "rebased: " << rebased->to_json().dump() << "\n";
    jsonpatch::apply(v8, *rebased).value();
    std::cout << "version 9: " << v8.dump() << "\n";

    // C, also at version 7, renames the token and sets the whole scope: that would drop what A
    // added, so the second operation conflicts (the rename alone would rebase).
    const auto by_c = jsonpatch::parse_patch(json::parse(R"([
        {"op": "replace", "path": "/name", "value": "deployer"},
        {"op": "replace", "path": "/scope", "value": ["read"]}])"))
                          .value();
    const auto refused = jsonpatch::rebase(v7, by_a, by_c);
    const jsonpatch::error& e = refused.error();
    std::cout << jsonpatch::to_string(e.code) << ": " << jsonpatch::describe(e) << "\n";
}
