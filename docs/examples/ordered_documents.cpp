// SPDX-License-Identifier: MIT
// nlohmann::ordered_json documents keep their member order; another basic_json works the same way.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/diff.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <vector>

// A specialisation with 32-bit integers and float numbers.
using compact_json = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int32_t,
                                          std::uint32_t, float>;

int main() {
    nlohmann::ordered_json config =
        nlohmann::ordered_json::parse(R"({"zeta": 1, "alpha": {"y": 2, "b": 3}})");
    const nlohmann::ordered_json before = config;
    // The patch is parsed as the document's own type, so its values keep their order too.
    if (auto done = jsonpatch::apply(config, R"([
            {"op": "add", "path": "/mid", "value": {"q": 1, "a": 2}},
            {"op": "remove", "path": "/alpha/y"}
        ])"); !done) {
        return 1;
    }
    std::cout << config.dump() << "\n";
    std::cout << jsonpatch::diff(before, config).to_json().dump() << "\n";

    compact_json counters = compact_json::parse(R"({"hits": 41, "ratio": 0.5})");
    if (!jsonpatch::apply(counters, R"([{"op": "replace", "path": "/hits", "value": 42}])")) {
        return 1;
    }
    std::cout << counters.dump() << "\n";
}
