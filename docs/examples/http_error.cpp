// SPDX-License-Identifier: MIT
// The platform's ErrorResponseDto body for an error (what the PAT service answers).
#include <jsonpatch/apply.hpp>
#include <jsonpatch/http_status.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    jsonpatch::policy rules;
    rules.allow({jsonpatch::op_kind::replace}, "/name");
    jsonpatch::apply_options options;
    options.policy = &rules;

    nlohmann::json token = nlohmann::json::parse(R"({"name": "ci", "owner": {"id": "a1"}})");
    const auto done = jsonpatch::apply(token, R"([
        {"op": "replace", "path": "/name", "value": "ci-2"},
        {"op": "replace", "path": "/owner/id", "value": "someone-else"}
    ])", options);

    // Always 400 with detailCode "400.1 Bad Request Content"; a service may change the status.
    const jsonpatch::http_error http = jsonpatch::to_http_error(done.error(), "trk-1");
    std::cout << http.status << "\n" << http.body.dump(2) << "\n";

    // Service-level failures (401, 404, 415) in the same shape, with no causes.
    const auto not_found =
        jsonpatch::make_http_error(404, "404 Not Found", "personal access token not found", "trk-2");
    std::cout << not_found.status << " " << not_found.body.dump() << "\n";
}
