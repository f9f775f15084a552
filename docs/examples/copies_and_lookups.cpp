// SPDX-License-Identifier: MIT
// patched() returns a patched copy, find() looks a pointer up, validate() lists every problem.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/validate.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    const nlohmann::json config = nlohmann::json::parse(R"({"db": {"host": "a", "port": 5432}})");

    // A copy with the patch applied; `config` itself is const and stays as it is.
    const auto moved = jsonpatch::patched(config, R"([{"op": "replace", "path": "/db/host", "value": "b"}])");
    std::cout << moved->dump() << " from " << config.dump() << "\n";

    // RFC 6901 lookups: nullptr when nothing is there, an error for malformed pointer text.
    const auto port = jsonpatch::find(config, "/db/port");
    std::cout << **port << " " << (*jsonpatch::find(config, "/db/user") == nullptr) << " "
              << jsonpatch::to_string(jsonpatch::find(config, "db").error().code) << "\n";

    // A dry run that reports every problem, not only the first; the document is not changed.
    const auto problems = jsonpatch::validate(R"([
        {"op": "remove",  "path": "/db/user"},
        {"op": "replace", "path": "/db/port", "value": 6543},
        {"op": "move",    "from": "/db", "path": "/db/old"}
    ])", &config);
    for (const jsonpatch::error& e : problems) {
        std::cout << jsonpatch::describe(e) << " [" << jsonpatch::to_string(e.code) << "]\n";
    }
}
