// SPDX-License-Identifier: MIT
// Two pat_service instances on one throwaway PostgreSQL cluster (issue #14): no duplicate names
// under concurrent renames, each sees the other's changes, If-Match works across them, and a
// stopped database gives 503 until it is back. Issue #25: a frozen server (SIGSTOP) answers 503
// within the store deadline and SIGTERM still stops the service; a restarted server fails no
// request; malformed ids, normalised names, scope escalation and managed tokens on PostgreSQL.
// Issue 24: stale patches rebased over the kept patches, also across two store instances on one
// database, the window's pruning, the kept patch committed with the token, migration 3.
// Under CI=true a cluster that cannot be made is a failure, never a skip.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "open_store.hpp"
#include "pg_cluster.hpp"
#include "raw_http.hpp"
#include "rebase_over_http.hpp"
#include "rebase_scenarios.hpp"
#include "seed.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"
#include "store_faults.hpp"

using namespace service_test;
using nlohmann::json;

namespace {

[[nodiscard]] std::vector<std::string> store_args(const pg_cluster& cluster) {
    return {"--store", cluster.uri(), "--rate-limit", "0"};
}

// The cluster's store opened in this process (it exists already: the seed is never read).
[[nodiscard]] std::unique_ptr<pat_service::token_store>
open_direct(const pg_cluster& cluster, std::chrono::milliseconds timeout) {
    pat_service::store_options options;
    options.timeout = timeout;
    return pat_service::open_store(
        cluster.uri(), []() -> pat_service::seed_data { throw std::logic_error("seed read"); },
        options);
}

const std::string alice_id = "a1f0c2de-7b34-4c55-8e21-0d9f6b7a3c10";

// The cluster's store opened in this process with a rebase window of `window`, seeded with the
// demo seed when the database is new.
[[nodiscard]] std::unique_ptr<pat_service::token_store> open_seeded(const pg_cluster& cluster,
                                                                    std::size_t window) {
    pat_service::store_options options;
    options.rebase_window = window;
    return pat_service::open_store(
        cluster.uri(),
        [] {
            auto loaded = pat_service::load_seed(JSONPATCH_PAT_SEED);
            if (!loaded.seed) {
                throw std::runtime_error(loaded.problem);
            }
            return std::move(*loaded.seed);
        },
        options);
}

// True when the database keeps exactly `count` patches of ci_token (a failing statement, a
// division by zero, says otherwise).
[[nodiscard]] bool keeps_patches(pg_cluster& cluster, int count) {
    return cluster.sql("SELECT 1 / (CASE WHEN (SELECT count(*) FROM accepted_patches WHERE "
                       "token_id = '" +
                       ci_token + "') = " + std::to_string(count) + " THEN 1 ELSE 0 END)");
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

TEST_CASE("rebase #24: two instances on one PostgreSQL rebase each other's stale PATCHes over "
          "HTTP; --rebase-window 0 is 412",
          "[service][postgresql][rebase]") {
    const pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    {
        const service a(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
        const service b(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
        check_rebase_over_http(a.port(), b.port());
    }
    auto args = store_args(cluster);
    args.insert(args.end(), {"--rebase-window", "0"});
    const service off(dir, JSONPATCH_PAT_SEED, std::nullopt, args);
    check_no_rebase_over_http(off.port());
}

TEST_CASE("postgresql: a stopped or read-only database gives 503, changes nothing; the service "
          "recovers",
          "[service][postgresql][faults]") {
    pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    service running(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    REQUIRE(request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("kept")))
                ->status == 200);
    REQUIRE(cluster.stop());
    // regression #25: an outage is 503 with Retry-After (it was 500).
    CHECK(is_unavailable(
        request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("lost")))));
    CHECK(is_unavailable(request_once(running.port(), get_request(ci_token, alice_bearer))));
    REQUIRE(cluster.start());
    CHECK(fetch_token(running.port(), ci_token)["name"] == "kept");
    CHECK(request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("back")))
              ->status == 200);

    // A database that turned read-only (a demoted primary, say): 500, nothing changed, recovery.
    REQUIRE(cluster.sql("ALTER DATABASE pat SET default_transaction_read_only = on"));
    REQUIRE(cluster.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = 'pat' AND pid <> pg_backend_pid()"));
    CHECK(is_unavailable(
        request_once(running.port(), patch_request(ci_token, alice_bearer, rename_body("ro")))));
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

TEST_CASE("regression #25: a frozen PostgreSQL: 503 with Retry-After within the store deadline, "
          "nothing applied, and SIGTERM still stops the service",
          "[service][postgresql][faults][regression]") {
    pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    service running(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    const int port = running.port();
    REQUIRE(request_once(port, patch_request(ci_token, alice_bearer, rename_body("before-freeze")))
                ->status == 200);
    const auto direct = open_direct(cluster, std::chrono::milliseconds(500));
    REQUIRE(direct->ready());
    const long descriptors = open_descriptors(running.process().pid());
    constexpr auto patience = std::chrono::seconds(10);
    {
        frozen_cluster frozen(cluster);
        REQUIRE(frozen.is_frozen());
        // Called directly: ready() and a read each end at the 500 ms deadline.
        auto start = std::chrono::steady_clock::now();
        CHECK_FALSE(direct->ready());
        CHECK(elapsed_ms(start) < 1500);
        start = std::chrono::steady_clock::now();
        CHECK_THROWS_AS(direct->find(alice_id, ci_token), pat_service::store_unavailable);
        CHECK(elapsed_ms(start) < 1500);
        // More requests than workers: each store call gives up at its deadline (2 s), so even
        // the ones queued behind the first eight answer within two deadlines.
        std::vector<std::future<timed_answer>> calls;
        for (int i = 0; i < 12; ++i) {
            calls.push_back(std::async(std::launch::async, [port, i, patience] {
                const std::string bytes =
                    i % 3 == 0 ? patch_request(ci_token, alice_bearer,
                                               rename_body("frozen-" + std::to_string(i)))
                    : i % 3 == 1
                        ? get_request(ci_token, alice_bearer)
                        : http_request("GET", "/personal-access-tokens", auth(alice_bearer));
                return timed_request(port, bytes, patience);
            }));
        }
        for (auto& call : calls) {
            const auto got = call.get();
            INFO("answered after " << got.ms << " ms");
            CHECK(is_unavailable(got.answer));
            CHECK(got.ms < 8000);
        }
    }
    CHECK(fetch_token(port, ci_token)["name"] == "before-freeze");
    CHECK(request_once(port, patch_request(ci_token, alice_bearer, rename_body("after-thaw")))
              ->status == 200);
    CHECK(direct->ready());
    // Every connection attempt that timed out was closed, not leaked.
    CHECK(open_descriptors(running.process().pid()) <= descriptors + 4);

    // Frozen again with a request in flight: SIGTERM stops the service within the 5 s drain
    // plus one store deadline.
    frozen_cluster frozen(cluster);
    REQUIRE(frozen.is_frozen());
    auto in_flight = std::async(std::launch::async, [port, patience] {
        return timed_request(port, patch_request(ci_token, alice_bearer, rename_body("late")),
                             patience);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto stopping = std::chrono::steady_clock::now();
    CHECK(running.process().signal_and_wait(SIGTERM) == 0);
    const double stop_ms = elapsed_ms(stopping);
    CHECK(stop_ms < 8500);
    const auto late = in_flight.get();
    CHECK((!late.answer || is_unavailable(late.answer)));
}

TEST_CASE("regression #25: after a PostgreSQL restart no request fails, and a PATCH is applied "
          "once",
          "[service][postgresql][faults][regression]") {
    pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt, store_args(cluster));
    const int port = running.port();
    // Several pooled connections, all of which the restart cuts.
    const auto fill_pool = [port] {
        std::vector<std::future<std::optional<raw_response>>> reads;
        for (int i = 0; i < 8; ++i) {
            reads.push_back(std::async(std::launch::async, [port] {
                return request_once(port, get_request(ci_token, alice_bearer));
            }));
        }
        for (auto& read : reads) {
            REQUIRE(read.get()->status == 200);
        }
    };
    fill_pool();
    REQUIRE(cluster.restart());
    for (int i = 0; i < 8; ++i) {
        const auto read = request_once(
            port, i % 2 == 0 ? get_request(ci_token, alice_bearer)
                             : http_request("GET", "/personal-access-tokens", auth(alice_bearer)));
        REQUIRE(read);
        CHECK(read->status == 200);
    }
    fill_pool();
    const auto version =
        etag_version(request_once(port, get_request(ci_token, alice_bearer))->header("etag"));
    REQUIRE(cluster.restart());
    const auto patched =
        request_once(port, patch_request(ci_token, alice_bearer, rename_body("after-restart")));
    REQUIRE(patched);
    CHECK(patched->status == 200);
    CHECK(etag_version(patched->header("etag")) == version + 1);
    CHECK(etag_version(request_once(port, get_request(ci_token, alice_bearer))->header("etag")) ==
          version + 1);
}

TEST_CASE("regression #25: the store rules on PostgreSQL: malformed ids, normalised names, scope "
          "escalation, managed tokens",
          "[service][postgresql][regression]") {
    pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    const service running(dir, managed_seed(dir), std::nullopt, store_args(cluster));
    const int port = running.port();

    // libpq parameters are C strings: "<id>\0anything" must not reach "<id>"; bytes that are not
    // UTF-8 must not reach the server (which refuses them with an error).
    for (const std::string& id : malformed_url_ids()) {
        INFO("id " << id);
        CHECK(is_not_found_for_get_and_patch(port, id));
    }

    REQUIRE(request_once(port, patch_request(ci_token, alice_bearer, rename_body("Caf\xC3\xA9")))
                ->status == 200);
    for (const std::string& same : {std::string("Cafe\xCC\x81"), std::string(" Caf\xC3\xA9  ")}) {
        const auto refused =
            request_once(port, patch_request(laptop_token, alice_bearer, rename_body(same)));
        REQUIRE(refused);
        CHECK(is_error_body(*refused, 400));
        CHECK(refused->body.find("code conflict") != std::string::npos);
    }
    const auto invisible = request_once(
        port, patch_request(laptop_token, alice_bearer, rename_body("Caf\xC3\xA9\xE2\x80\x8B")));
    REQUIRE(invisible);
    CHECK(is_error_body(*invisible, 400));

    const auto escalation = request_once(
        port, patch_request(ci_token, alice_manage_bearer,
                            R"([{"op": "add", "path": "/scope/-", "value": "sp:scopes:all"}])"));
    REQUIRE(escalation);
    CHECK(is_error_body(*escalation, 403));
    const auto managed =
        request_once(port, patch_request(managed_token, alice_bearer, rename_body("mine")));
    REQUIRE(managed);
    CHECK(is_error_body(*managed, 403));
    CHECK(fetch_token(port, managed_token)["name"] == "platform-managed");

    // Called directly, so no front end's id check can stand in for the store's.
    const auto direct = open_direct(cluster, std::chrono::milliseconds(2000));
    const std::string body = rename_body("via-bad-id");
    for (const std::string& id : {ci_token + std::string(1, '\0') + "anything", std::string("\xFF"),
                                  ci_token + "\xED\xA0\x80"}) {
        CHECK_FALSE(direct->find(alice_id, id));
        pat_service::patch_request request;
        request.owner_id = alice_id;
        request.token_id = id;
        request.patch_text = body;
        CHECK(direct->patch(request, {}).what == pat_service::patch_outcome::kind::not_found);
    }
    CHECK(direct->ready());

    // A name an older version stored unnormalised (NFD) is normalised by migration 2.
    REQUIRE(cluster.sql(
        "UPDATE tokens SET name = U&'Cafe\\0301', document = "
        "jsonb_set(document::jsonb, '{name}', '\\\"Cafe\\u0301\\\"')::text WHERE id = '" +
        bob_token +
        "'; DROP TABLE accepted_patches; UPDATE meta SET value = '1' WHERE key = "
        "'schema_version'"));
    const auto migrated = open_direct(cluster, std::chrono::milliseconds(2000));
    const auto bob = migrated->find("b2e1d3cf-8c45-4d66-9f32-1e0a7c8b4d21", bob_token);
    REQUIRE(bob);
    CHECK(bob->token.name == "Caf\xC3\xA9");
    CHECK(bob->version == 2);
}

TEST_CASE("rebase on PostgreSQL: two store instances on one database rebase each other's "
          "patches; conflicts, the window and its pruning",
          "[service][postgresql][rebase]") {
    pg_cluster cluster;
    require_cluster(cluster);
    const auto a = open_seeded(cluster, 16);
    const auto b = open_seeded(cluster, 16); // another instance: the seed is not read again
    rebase_keeps_both_changes(*a, *b);
    rebase_conflict_lists_operations(*b, *a);
    rebased_patch_gets_every_check(*b);

    const auto narrow = open_seeded(cluster, 2);
    base_outside_window_refused(*narrow);
    (void)patch_times(*narrow, 4);
    CHECK(keeps_patches(cluster, 2));
    CHECK_FALSE(keeps_patches(cluster, 3));
    (void)patch_times(*a, 5);
    CHECK(keeps_patches(cluster, 7)); // the wider window keeps what the narrow one left, and more

    const auto off = open_seeded(cluster, 0);
    window_zero_refuses_stale_patches(*off);
    CHECK(keeps_patches(cluster, 0)); // a window of 0 prunes the token's patches
}

TEST_CASE("rebase on PostgreSQL: a COMMIT that fails saves neither the token nor its kept "
          "patch; migration 3 adds the table",
          "[service][postgresql][rebase]") {
    pg_cluster cluster;
    require_cluster(cluster);
    const auto store = open_seeded(cluster, 16);
    const std::int64_t version = patch_times(*store, 1);
    REQUIRE(keeps_patches(cluster, 1));
    // A deferred constraint trigger fails the COMMIT itself, after both rows were written.
    REQUIRE(cluster.sql(
        "CREATE FUNCTION refuse_kept() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RAISE "
        "EXCEPTION ''refused by the test''; END'; CREATE CONSTRAINT TRIGGER refuse_kept AFTER "
        "INSERT ON accepted_patches DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "
        "refuse_kept()"));
    CHECK_THROWS_AS(patch_times(*store, 1), pat_service::store_unavailable);
    const auto after = store->find(rebase_owner, ci_token);
    REQUIRE(after);
    CHECK(after->version == version);
    CHECK(keeps_patches(cluster, 1));
    REQUIRE(cluster.sql("DROP TRIGGER refuse_kept ON accepted_patches"));
    CHECK(patch_times(*store, 1) == version + 1);
    CHECK(keeps_patches(cluster, 2));

    // A database at schema version 2 gets the table (empty) from migration 3.
    REQUIRE(cluster.sql("DROP TABLE accepted_patches; UPDATE meta SET value = '2' WHERE key = "
                        "'schema_version'"));
    const auto migrated = open_seeded(cluster, 16);
    CHECK(cluster.sql("SELECT 1 / (CASE WHEN value = '3' THEN 1 ELSE 0 END) FROM meta WHERE key "
                      "= 'schema_version'"));
    CHECK(keeps_patches(cluster, 0));
    rebase_keeps_both_changes(*migrated, *store);
}
