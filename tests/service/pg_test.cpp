// SPDX-License-Identifier: MIT
// Two pat_service instances on one throwaway PostgreSQL cluster (issue #14): no duplicate names
// under concurrent renames, each sees the other's changes, If-Match works across them, and a
// stopped database gives 500 until it is back. Under CI=true a cluster that cannot be made is a
// failure, never a skip.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <cstdlib>
#include <future>
#include <set>
#include <string>

#include "pg_cluster.hpp"
#include "raw_http.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"

using namespace service_test;
using nlohmann::json;

namespace {

[[nodiscard]] bool in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

// Fails (in CI) or skips the running test when the cluster could not be made.
void require_cluster(const pg_cluster& cluster) {
    if (cluster.uri().empty()) {
        if (in_ci()) {
            FAIL("no PostgreSQL cluster: " << cluster.why());
        }
        SKIP("no PostgreSQL cluster (apt-get install postgresql): " << cluster.why());
    }
}

[[nodiscard]] std::vector<std::string> store_args(const pg_cluster& cluster) {
    return {"--store", cluster.uri(), "--rate-limit", "0"};
}

} // namespace

TEST_CASE("postgresql: concurrent renames through two instances never leave a duplicate name",
          "[service][postgresql]") {
    const pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    const service a(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    const service b(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    for (int round = 0; round < 40; ++round) {
        const std::string name = "shared-" + std::to_string(round);
        auto first = std::async(std::launch::async, [&] {
            return request_once(a.port(), patch_request(ci_token, alice_bearer, rename_body(name)));
        });
        auto second = std::async(std::launch::async, [&] {
            return request_once(b.port(),
                                patch_request(laptop_token, alice_bearer, rename_body(name)));
        });
        const auto x = first.get();
        const auto y = second.get();
        REQUIRE(x);
        REQUIRE(y);
        INFO("round " << round << ": " << x->status << " and " << y->status);
        REQUIRE(((x->status == 200 && y->status == 400) || (x->status == 400 && y->status == 200)));
        const auto& refused = x->status == 400 ? *x : *y;
        CHECK(refused.body.find("conflict") != std::string::npos);
    }
    for (const int port : {a.port(), b.port()}) {
        const auto listing =
            request_once(port, http_request("GET", "/personal-access-tokens", auth(alice_bearer)));
        REQUIRE(listing);
        const json tokens = json::parse(listing->body);
        std::set<std::string> names;
        for (const auto& token : tokens) {
            names.insert(token["name"].get<std::string>());
        }
        CHECK(names.size() == tokens.size());
    }
}

TEST_CASE("postgresql: a change through one instance is visible through the other, with If-Match",
          "[service][postgresql]") {
    const pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    const service a(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    const service b(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    const std::string tag =
        request_once(a.port(), get_request(ci_token, alice_bearer))->header("etag");
    CHECK(request_once(b.port(), get_request(ci_token, alice_bearer))->header("etag") == tag);

    const auto through_b =
        request_once(b.port(), patch_request(ci_token, alice_bearer, rename_body("from-b"),
                                             "If-Match: " + tag + "\r\n"));
    REQUIRE(through_b);
    REQUIRE(through_b->status == 200);
    CHECK(fetch_token(a.port(), ci_token)["name"] == "from-b");
    const auto stale =
        request_once(a.port(), patch_request(ci_token, alice_bearer, rename_body("from-a"),
                                             "If-Match: " + tag + "\r\n"));
    REQUIRE(stale);
    CHECK(is_error_body(*stale, 412));
    CHECK(fetch_token(b.port(), ci_token)["name"] == "from-b");
    const auto fresh =
        request_once(a.port(), patch_request(ci_token, alice_bearer, rename_body("from-a"),
                                             "If-Match: " + through_b->header("etag") + "\r\n"));
    REQUIRE(fresh);
    CHECK(fresh->status == 200);
}

TEST_CASE("postgresql: a stopped or read-only database gives 500, changes nothing; the service "
          "recovers",
          "[service][postgresql][faults]") {
    pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    service running(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    REQUIRE(request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("kept")))
                ->status == 200);
    REQUIRE(cluster.stop());
    const auto refused =
        request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("lost")));
    REQUIRE(refused);
    CHECK(is_error_body(*refused, 500));
    const auto read = request_once(running.port(), get_request(ci_token, alice_bearer));
    REQUIRE(read);
    CHECK(is_error_body(*read, 500));
    REQUIRE(cluster.start());
    CHECK(fetch_token(running.port(), ci_token)["name"] == "kept");
    CHECK(request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("back")))
              ->status == 200);

    // A database that turned read-only (a demoted primary, say): 500, nothing changed, recovery.
    REQUIRE(cluster.sql("ALTER DATABASE pat SET default_transaction_read_only = on"));
    REQUIRE(cluster.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = 'pat' AND pid <> pg_backend_pid()"));
    const auto read_only =
        request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("ro")));
    REQUIRE(read_only);
    CHECK(is_error_body(*read_only, 500));
    REQUIRE(cluster.sql(
        "BEGIN READ WRITE; ALTER DATABASE pat SET default_transaction_read_only = off; COMMIT"));
    REQUIRE(cluster.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = 'pat' AND pid <> pg_backend_pid()"));
    CHECK(fetch_token(running.port(), ci_token)["name"] == "back");
    CHECK(request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("back")))
              ->status == 200);

    // An acknowledged change survives kill -9 of the service and a restart.
    running.process().kill_now();
    const service restarted(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    CHECK(fetch_token(restarted.port(), ci_token)["name"] == "back");
}
