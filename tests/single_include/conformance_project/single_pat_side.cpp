// SPDX-License-Identifier: MIT
// One half of single_headers_together: the PAT single header first, then the engine's. Every
// header both files contain must vanish the second time (guards kept by scripts/amalgamate.sh).
#include <jsonpatch/jsonpatch.hpp>
#include <jsonpatch/pat.hpp>

#include <nlohmann/json.hpp>

#include <string_view>

bool renames_a_token() {
    const auto token = jsonpatch::pat::parse_token(nlohmann::json::parse(R"({
        "id": "5a8e4c1b-0b7e-4d2a-9f3c-1e2d3c4b5a61", "name": "ci-pipeline",
        "scope": ["urn:pat:api:read"],
        "owner": {"type": "IDENTITY", "id": "a1f0c2de-7b34-4c55-8e21-0d9f6b7a3c10", "name": "alice"},
        "created": "2018-06-25T20:22:28.104Z", "lastUsed": null, "managed": false})"));
    if (!token) {
        return false;
    }
    const auto never_taken = [](const auto&, std::string_view, std::string_view) { return false; };
    const auto renamed = jsonpatch::pat::apply_patch(
        *token, R"([{"op":"replace","path":"/name","value":"deploy"}])", never_taken);
    return renamed && renamed->name == "deploy";
}
