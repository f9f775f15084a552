// SPDX-License-Identifier: MIT
// The HTTP side of the PAT service on PostgreSQL (issue #25): token ids checked before the store,
// and a frozen database that neither stalls requests needing no store nor stops SIGTERM. Under
// CI=true a cluster that cannot be made is a failure, never a skip.
#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "pg_cluster.hpp"
#include "raw_http.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"

using namespace service_test;
using std::chrono::steady_clock;

TEST_CASE("regression #25: on PostgreSQL a malformed token id is 404, never the real token or a "
          "500",
          "[service][postgresql][regression][ids]") {
    const pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt,
                          {"--store", cluster.uri(), "--rate-limit", "0"});
    const int port = running.port();
    REQUIRE(fetch_token(port, ci_token)["name"] == "ci-pipeline");
    for (const std::string& id : malformed_token_ids()) {
        INFO("id " << id);
        CHECK(is_not_found_both_ways(port, id));
    }
    CHECK(fetch_token(port, ci_token)["name"] == "ci-pipeline");
}

TEST_CASE("regression #25: with PostgreSQL frozen, requests that need no store still answer and "
          "SIGTERM exits within the drain time",
          "[service][postgresql][regression][store]") {
    pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    service running(dir, JSONPATCH_PAT_SEED, std::nullopt,
                    {"--store", cluster.uri(), "--rate-limit", "0", "--write-threads", "2"});
    const int port = running.port();
    REQUIRE(fetch_token(port, ci_token)["name"] == "ci-pipeline");
    frozen_cluster frozen(cluster);
    REQUIRE(frozen.is_frozen());

    // Store work that cannot finish while the database is frozen: both writer threads take one,
    // the other two wait in the queue.
    std::vector<std::future<bool>> stuck;
    for (int i = 0; i < 4; ++i) {
        stuck.push_back(std::async(std::launch::async, [port, i] {
            raw_connection c(port, std::chrono::seconds(8));
            return c.send(patch_request(laptop_token, alice_bearer,
                                        rename_body("stuck-" + std::to_string(i))));
        }));
    }
    for (auto& request : stuck) {
        REQUIRE(request.get());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (const std::string& probe :
         {http_request("GET", "/healthz", ""), http_request("GET", "/metrics", ""),
          http_request("GET", "/nowhere", ""), get_request(ci_token, "wrong-bearer"),
          get_request(ci_token + "%00x", alice_bearer), get_request("%ff", alice_bearer)}) {
        const auto start = steady_clock::now();
        const auto answer = request_once(port, probe);
        INFO(probe.substr(0, probe.find('\r')) << " took " << elapsed_ms(start) << " ms");
        REQUIRE(answer);
        CHECK(answer->status != 503);
        CHECK(elapsed_ms(start) < 1000);
    }
    const auto start = steady_clock::now();
    CHECK(running.process().signal_and_wait(SIGTERM) == 0);
    INFO("exit " << elapsed_ms(start) << " ms after SIGTERM");
    CHECK(elapsed_ms(start) < 5000 + 3000); // the default drain time, and a margin
}
