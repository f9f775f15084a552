// SPDX-License-Identifier: MIT
// Compile-cost probe: nlohmann/json alone and one patch(), the baseline scripts/bench.sh compares with.
#include <nlohmann/json.hpp>

int main() {
    nlohmann::json doc = nlohmann::json::parse(R"({"a": {"b": 1}})");
    const auto patch = nlohmann::json::parse(R"([{"op": "replace", "path": "/a/b", "value": 2}])");
    doc = doc.patch(patch);
    return doc["a"]["b"] == 2 ? 0 : 1;
}
