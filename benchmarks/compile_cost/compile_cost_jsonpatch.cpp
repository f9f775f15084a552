// SPDX-License-Identifier: MIT
// Compile-cost probe: the umbrella header and one apply, timed by scripts/bench.sh.
#include <jsonpatch/jsonpatch.hpp>

#include <nlohmann/json.hpp>

int main() {
    nlohmann::json doc = nlohmann::json::parse(R"({"a": {"b": 1}})");
    const auto patch = nlohmann::json::parse(R"([{"op": "replace", "path": "/a/b", "value": 2}])");
    return jsonpatch::apply(doc, patch) ? 0 : 1;
}
