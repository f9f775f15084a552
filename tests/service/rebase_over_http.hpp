// SPDX-License-Identifier: MIT
// Issue 24 over HTTP: two clients read one version of alice's ci token and PATCH it with that
// version in If-Match, through the service at `port_a` and the one at `port_b` (the same service,
// or two instances on one PostgreSQL database). policy_test.cpp runs it on memory and SQLite,
// pg_test.cpp on PostgreSQL with two instances.
#ifndef JSONPATCH_TESTS_SERVICE_REBASE_OVER_HTTP_HPP
#define JSONPATCH_TESTS_SERVICE_REBASE_OVER_HTTP_HPP

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <string>

#include "raw_http.hpp"
#include "service_helpers.hpp"
#include "store_faults.hpp"

namespace service_test {

/// The ETag of alice's ci token as the service at `port` gives it now.
[[nodiscard]] inline std::string current_tag(int port) {
    const auto answer = request_once(port, get_request(ci_token, alice_bearer));
    REQUIRE(answer);
    REQUIRE(answer->status == 200);
    return answer->header("etag");
}

/// A PATCH of alice's ci token with `operations` (JSON Patch text) and `If-Match: tag`.
[[nodiscard]] inline raw_response patch_if_match(int port, const std::string& operations,
                                                 const std::string& tag) {
    const auto answer =
        request_once(port, patch_request(ci_token, alice_bearer, operations, "If-Match: " + tag + "\r\n"));
    REQUIRE(answer);
    return *answer;
}

/// A adds a scope, then B, from the same version, removes another scope entry by index: both
/// changes are kept, B's removal lands on the element B meant. Then, from one version again, A
/// replaces an entry and B removes that entry (after renaming): 412 listing B's removal only,
/// and nothing of B's patch is applied.
inline void check_rebase_over_http(int port_a, int port_b) {
    const nlohmann::json seeded = fetch_token(port_a, ci_token);
    REQUIRE(seeded["scope"] == nlohmann::json::array({"urn:pat:api:read", "urn:pat:api:write"}));
    const std::string base = current_tag(port_a);

    const raw_response by_a = patch_if_match(
        port_a, R"([{"op": "add", "path": "/scope/0", "value": "urn:pat:api:admin"}])", base);
    REQUIRE(by_a.status == 200);
    // B read [read, write] and removes "read", index 0, which A's insert moved to index 1.
    const raw_response by_b =
        patch_if_match(port_b, R"([{"op": "remove", "path": "/scope/0"}])", base);
    INFO(by_b.body);
    REQUIRE(by_b.status == 200);
    CHECK(etag_version(by_b.header("etag")) == etag_version(base) + 2);
    const nlohmann::json both = nlohmann::json::parse(by_b.body);
    CHECK(both["scope"] == nlohmann::json::array({"urn:pat:api:admin", "urn:pat:api:write"}));
    CHECK(fetch_token(port_a, ci_token)["scope"] == both["scope"]);

    const std::string second = current_tag(port_b);
    const raw_response replaced = patch_if_match(
        port_a, R"([{"op": "replace", "path": "/scope/1", "value": "urn:pat:api:deploy"}])",
        second);
    REQUIRE(replaced.status == 200);
    const raw_response refused = patch_if_match(
        port_b,
        R"([{"op": "replace", "path": "/name", "value": "renamed-by-b"},
            {"op": "remove", "path": "/scope/1"}])",
        second);
    INFO(refused.body);
    CHECK(is_error_body(refused, 412));
    const nlohmann::json problem = nlohmann::json::parse(refused.body, nullptr, false);
    REQUIRE(problem.contains("conflicts"));
    REQUIRE(problem["conflicts"].size() == 1);
    CHECK(problem["conflicts"][0]["op_index"] == 1);
    CHECK(problem["conflicts"][0]["path"] == "/scope/1");
    const nlohmann::json after = fetch_token(port_a, ci_token);
    CHECK(after["name"] == seeded["name"]);
    CHECK(after["scope"] == nlohmann::json::array({"urn:pat:api:admin", "urn:pat:api:deploy"}));
}

/// With --rebase-window 0 a stale If-Match is 412 whatever the patch, as before rebasing. The
/// token keeps the name it was seeded with (check_rebase_over_http may have run before).
inline void check_no_rebase_over_http(int port) {
    const std::string base = current_tag(port);
    REQUIRE(patch_if_match(port, R"([{"op": "add", "path": "/scope/-", "value": "urn:pat:api:audit"}])",
                           base)
                .status == 200);
    const raw_response stale =
        patch_if_match(port, R"([{"op": "replace", "path": "/name", "value": "other"}])", base);
    CHECK(is_error_body(stale, 412));
    const nlohmann::json problem = nlohmann::json::parse(stale.body, nullptr, false);
    CHECK(problem.value("conflicts", nlohmann::json()) == nlohmann::json::array());
    CHECK(fetch_token(port, ci_token)["name"] == "ci-pipeline");
}

} // namespace service_test

#endif // JSONPATCH_TESTS_SERVICE_REBASE_OVER_HTTP_HPP
