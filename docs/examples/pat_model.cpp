// SPDX-License-Identifier: MIT
// What the PAT service does with a PATCH body: parse the stored token, apply the patch under the
// token's model with a name-uniqueness lookup, and answer the result or an ErrorResponseDto.
#include <jsonpatch/pat.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <string_view>

namespace pat = jsonpatch::pat;

int main() {
    const auto stored = nlohmann::json::parse(R"({
        "id": "5a8e", "name": "ci-pipeline", "scope": ["urn:pat:api:read", "urn:pat:api:write"],
        "owner": {"type": "IDENTITY", "id": "a1f0", "name": "alice"},
        "created": "2018-06-25T20:22:28.104Z", "lastUsed": null, "managed": false,
        "expirationDate": "2026-11-30T23:59:59.999Z"})");
    const auto token = pat::parse_token(stored); // field-level errors, e.g. path "/owner/id"
    if (!token) {
        return 1;
    }

    pat::patch_options options;
    options.max_name_length = 64; // code points, not bytes
    // Does the owner have ANOTHER token (not `id`) with this name? A store lookup in a service.
    const auto name_taken = [](const pat::token_owner& owner, std::string_view name,
                               std::string_view id) {
        return owner.id == "a1f0" && name == "laptop-cli" && id != "7c2f";
    };

    for (const char* body : {
             R"([{"op": "replace", "path": "/name", "value": "ci-pipeline-2024"},
                 {"op": "remove", "path": "/scope/1"},
                 {"op": "add", "path": "/scope/-", "value": "urn:pat:deploy:write"}])",
             R"([{"op": "replace", "path": "/owner/id", "value": "someone-else"}])",
             R"([{"op": "replace", "path": "/name", "value": "laptop-cli"}])",
             R"([{"op": "add", "path": "/scope/-", "value": "urn:pat:api:read"}])"}) {
        const auto patched = pat::apply_patch(*token, body, name_taken, options);
        if (patched) { // unknown members such as expirationDate come back untouched
            std::cout << "200 " << pat::to_json(*patched).dump() << "\n";
        } else {
            const auto http = jsonpatch::to_http_error(patched.error(), "trk-1");
            std::cout << http.status << " " << http.body["messages"][0]["text"].get<std::string>()
                      << " [" << jsonpatch::to_string(patched.error().code) << "]\n";
        }
    }
}
