// SPDX-License-Identifier: MIT
// Parse a patch once (pointers decoded, indices pre-parsed) and apply it to many documents.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <vector>

int main() {
    auto patch = jsonpatch::parse_patch(R"([{"op": "add", "path": "/tags/-", "value": "seen"}])");
    if (!patch) { // a malformed patch is reported here, before any document is touched
        std::cout << jsonpatch::describe(patch.error()) << "\n";
        return 1;
    }
    std::vector<nlohmann::json> inbox = {nlohmann::json::parse(R"({"tags": []})"),
                                         nlohmann::json::parse(R"({"tags": ["urgent"]})"),
                                         nlohmann::json::parse(R"({"title": "no tags"})")};
    for (nlohmann::json& message : inbox) {
        const auto done = jsonpatch::apply(message, *patch);
        std::cout << message.dump() << "  "
                  << (done ? "ok" : jsonpatch::describe(done.error())) << "\n";
    }

    auto broken = jsonpatch::parse_patch(R"([{"op": "add", "path": "tags"}])");
    std::cout << jsonpatch::to_string(broken.error().code) << ": "
              << jsonpatch::describe(broken.error()) << "\n";
}
