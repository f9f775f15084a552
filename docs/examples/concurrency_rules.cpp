// SPDX-License-Identifier: MIT
// The rebase rules, one small case each: what a patch becomes after an accepted one, or why not.
#include <jsonpatch/error.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/rebase.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

namespace {

void show(const std::string& rule, const char* base, const char* accepted, const char* patch) {
    using nlohmann::json;
    const auto a = jsonpatch::parse_patch(json::parse(accepted)).value();
    const auto p = jsonpatch::parse_patch(json::parse(patch)).value();
    const auto rebased = jsonpatch::rebase(json::parse(base), a, p);
    std::cout << rule << "\n  " << accepted << " | " << patch << "\n  -> "
              << (rebased ? rebased->to_json().dump() : jsonpatch::describe(rebased.error()))
              << "\n";
}

} // namespace

int main() {
    const char* list = R"({"l": ["a", "b", "c"], "o": {}})";
    show("an index follows its element", list, R"([{"op":"remove","path":"/l/0"}])",
         R"([{"op":"replace","path":"/l/2","value":"C"}])");
    show("'-' stays '-'", list, R"([{"op":"add","path":"/l/0","value":"z"}])",
         R"([{"op":"add","path":"/l/-","value":"d"}])");
    show("an insert stays before its element, after accepted's inserts there", list,
         R"([{"op":"add","path":"/l/1","value":"x"}])",
         R"([{"op":"add","path":"/l/1","value":"p"}])");
    show("a numeric insert at the end goes to the end", list,
         R"([{"op":"add","path":"/l/-","value":"x"}])",
         R"([{"op":"add","path":"/l/3","value":"p"}])");
    show(
        "a value accepted moved is followed", R"({"todo": [{"t": "a"}, {"t": "b"}], "done": []})",
        R"([{"op":"move","from":"/todo/0","path":"/done/0"}])",
        R"([{"op":"add","path":"/todo/0/due","value":1},{"op":"test","path":"/todo/1/t","value":"b"}])");
    show("conflict: the same location", list, R"([{"op":"replace","path":"/l/1","value":"B"}])",
         R"([{"op":"remove","path":"/l/1"}])");
    show("conflict: accepted wrote above it", list, R"([{"op":"remove","path":"/l"}])",
         R"([{"op":"add","path":"/l/-","value":"d"}])");
    show("conflict: accepted wrote below it", list, R"([{"op":"add","path":"/l/0","value":"z"}])",
         R"([{"op":"test","path":"/l","value":["a","b","c"]}])");
    show("conflict: an insert before an element accepted removed", list,
         R"([{"op":"remove","path":"/l/1"}])", R"([{"op":"add","path":"/l/1","value":"p"}])");
    show("conflict: an insert before an element accepted moved", list,
         R"([{"op":"move","from":"/l/1","path":"/l/0"}])",
         R"([{"op":"add","path":"/l/1","value":"p"}])");
    show("conflict: both add the same member", list, R"([{"op":"add","path":"/o/k","value":1}])",
         R"([{"op":"add","path":"/o/k","value":2}])");
}
