// SPDX-License-Identifier: MIT
// The stores' rules (issue 25), end to end over loopback and directly against the stores: names
// compared in their normalised form, scope escalation, managed tokens, malformed ids, the seed
// read only for a new store, the SQLite writer's bounded queue and readiness. Issue 24: stale
// patches rebased over the patches a store keeps (the rebase window), on memory and SQLite.
#include <jsonpatch/error.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "memory_store.hpp"
#include "open_store.hpp"
#include "raw_http.hpp"
#include "rebase_answer.hpp"
#include "rebase_scenarios.hpp"
#include "seed.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"
#include "store_faults.hpp"
#include "token_checks.hpp"

using namespace service_test;
using nlohmann::json;

namespace {

[[nodiscard]] std::string json_patch(const json& operations) {
    return operations.dump();
}

// The store the generated backend names: nothing for memory:, a database file for sqlite.
[[nodiscard]] std::optional<std::string> data_of(const scratch_dir& dir,
                                                 const std::string& backend) {
    return backend == "sqlite" ? std::optional<std::string>(dir.file("tokens.db")) : std::nullopt;
}

// The demo seed, parsed.
[[nodiscard]] pat_service::seed_data demo_seed() {
    auto loaded = pat_service::load_seed(JSONPATCH_PAT_SEED);
    if (!loaded.seed) {
        throw std::runtime_error(loaded.problem);
    }
    return std::move(*loaded.seed);
}

// A seed_source that counts its calls.
[[nodiscard]] pat_service::seed_source counted_seed(int& calls) {
    return [&calls] {
        ++calls;
        return demo_seed();
    };
}

const std::string alice_id = "a1f0c2de-7b34-4c55-8e21-0d9f6b7a3c10";

// A request viewing `id` and `body`, which must outlive it.
[[nodiscard]] pat_service::patch_request rename_request(const std::string& id,
                                                        const std::string& body) {
    pat_service::patch_request request;
    request.owner_id = alice_id;
    request.token_id = id;
    request.patch_text = body;
    return request;
}

// The store the generated backend names, opened directly.
[[nodiscard]] std::unique_ptr<pat_service::token_store>
open_direct(const scratch_dir& dir, const std::string& backend,
            const pat_service::store_options& options = {}) {
    return pat_service::open_store(
        backend == "sqlite" ? "sqlite:" + dir.file("tokens.db") : std::string("memory:"),
        [] { return demo_seed(); }, options);
}

// True when `answer` is a 400 whose causes name `code` and path "/name".
[[nodiscard]] bool is_name_error(const std::optional<raw_response>& answer,
                                 const std::string& code) {
    return answer && is_error_body(*answer, 400) &&
           answer->body.find("code " + code) != std::string::npos &&
           answer->body.find("path '/name'") != std::string::npos;
}

} // namespace

TEST_CASE("store: normalise_name composes to NFC and trims white space",
          "[service][store][names]") {
    using pat_service::normalise_name;
    CHECK(*normalise_name("ci-pipeline") == "ci-pipeline");
    CHECK(*normalise_name("Cafe\xCC\x81") == "Caf\xC3\xA9");   // NFD -> NFC
    CHECK(*normalise_name("  Caf\xC3\xA9 ") == "Caf\xC3\xA9"); // spaces
    CHECK(*normalise_name("\xC2\xA0x\xE3\x80\x80") == "x");    // NBSP, ideographic
    CHECK(*normalise_name("a b\xC2\xA0"
                          "c") == "a b\xC2\xA0"
                                  "c");                                       // inner space stays
    CHECK(*normalise_name("\xE2\x84\xAB") == "\xC3\x85");                     // ANGSTROM SIGN -> Å
    CHECK(*normalise_name("\xF0\x9F\x94\x91 key") == "\xF0\x9F\x94\x91 key"); // emoji
    CHECK(*normalise_name("\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D") ==
          "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D"); // Hebrew, no bidi control needed
}

TEST_CASE("store: normalise_name refuses blank names and invisible or special characters",
          "[service][store][names]") {
    const std::string refused = GENERATE(as<std::string>{}, "", "   ", "\xE3\x80\x80", "\t",
                                         "a\x01", "a\x7F", "a\xC2\x85", // C0, DEL, C1
                                         "a\xE2\x80\x8B"
                                         "b", // ZERO WIDTH SPACE
                                         "\xEF\xBB\xBF"
                                         "a", // BOM
                                         "a\xE2\x81\xA0"
                                         "b", // WORD JOINER
                                         "a\xE2\x80\x8D"
                                         "b", // ZWJ
                                         "a\xC2\xAD"
                                         "b",                 // SOFT HYPHEN
                                         "a\xCD\x8F",         // CGJ
                                         "a\xEF\xB8\x8F",     // VS16
                                         "a\xF3\xA0\x81\x81", // TAG A
                                         "a\xE2\x80\xAE"
                                         "b", // RLO
                                         "a\xE2\x80\xA8"
                                         "b",
                                         "a\xE2\x80\xA9"
                                         "b",                              // LS, PS
                                         "a\xEF\xB7\x90", "a\xEF\xBF\xBE", // nonchars
                                         "a\xF0\x9F\xBF\xBF", "a\xF4\x8F\xBF\xBF",
                                         std::string("a\0b", 3), "a\xFF"); // NUL, bad UTF-8
    INFO("name bytes: " << json(refused).dump(-1, ' ', false, json::error_handler_t::replace));
    const auto normalised = pat_service::normalise_name(refused);
    REQUIRE_FALSE(normalised);
    CHECK(normalised.error().code == jsonpatch::errc::validation_failed);
    CHECK(normalised.error().path == "/name");
}

TEST_CASE("regression #25: names that look the same are the same name, on every backend",
          "[service][store][names][regression]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, data_of(dir, backend), {"--rate-limit", "0"});
    const int port = running.port();
    const auto renamed =
        request_once(port, patch_request(ci_token, alice_bearer, rename_body("Caf\xC3\xA9")));
    REQUIRE(renamed);
    REQUIRE(renamed->status == 200);
    for (const std::string& same : {std::string("Cafe\xCC\x81"), std::string("  Caf\xC3\xA9 "),
                                    std::string("Caf\xC3\xA9\xC2\xA0")}) {
        INFO("rename to " << same);
        CHECK(is_name_error(
            request_once(port, patch_request(laptop_token, alice_bearer, rename_body(same))),
            "conflict"));
    }
    for (const std::string& invisible :
         {std::string("Caf\xC3\xA9\xE2\x80\x8B"),
          std::string("\xEF\xBB\xBF"
                      "Caf\xC3\xA9"),
          std::string("Caf\xE2\x81\xA0\xC3\xA9"), std::string("Caf\xC3\xA9\xF3\xA0\x81\x81"),
          std::string("   "),
          std::string("a\xE2\x80\xA8"
                      "b"),
          std::string("a\xEF\xB7\x90")}) {
        INFO("rename to " << json(invisible).dump());
        CHECK(is_name_error(
            request_once(port, patch_request(laptop_token, alice_bearer, rename_body(invisible))),
            "validation_failed"));
    }
    // The stored name is the normalised one, so what a client reads back is what is unique.
    const auto spaced =
        request_once(port, patch_request(laptop_token, alice_bearer, rename_body(" laptop 2 ")));
    REQUIRE(spaced);
    CHECK(spaced->status == 200);
    CHECK(json::parse(spaced->body)["name"] == "laptop 2");
    CHECK(fetch_token(port, laptop_token)["name"] == "laptop 2");
    CHECK(fetch_token(port, ci_token)["name"] == "Caf\xC3\xA9");
}

TEST_CASE("regression #25: a PATCH may add only scopes the caller holds",
          "[service][store][scopes][regression]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, data_of(dir, backend), {"--rate-limit", "0"});
    const int port = running.port();
    const json before = fetch_token(port, ci_token);

    // alice-manage-bearer holds sp:my-personal-access-tokens:manage only.
    const auto escalation = request_once(
        port, patch_request(
                  ci_token, alice_manage_bearer,
                  json_patch({{{"op", "add"}, {"path", "/scope/-"}, {"value", "sp:scopes:all"}}})));
    REQUIRE(escalation);
    CHECK(is_error_body(*escalation, 403));
    CHECK(escalation->body.find("path '/scope/2'") != std::string::npos);
    const auto replaced = request_once(
        port, patch_request(ci_token, alice_manage_bearer,
                            json_patch({{{"op", "replace"},
                                         {"path", "/scope"},
                                         {"value", {"urn:pat:api:read", "sp:billing:read"}}}})));
    REQUIRE(replaced);
    CHECK(is_error_body(*replaced, 403));
    CHECK(fetch_token(port, ci_token) == before);

    // Scopes already on the token may stay, move or go; a scope the caller holds may be added.
    const auto kept =
        request_once(port, patch_request(ci_token, alice_manage_bearer,
                                         json_patch({{{"op", "replace"},
                                                      {"path", "/scope"},
                                                      {"value",
                                                       {"urn:pat:api:write", "urn:pat:api:read",
                                                        "sp:my-personal-access-tokens:manage"}}},
                                                     {{"op", "remove"}, {"path", "/scope/0"}}})));
    REQUIRE(kept);
    CHECK(kept->status == 200);
    // A credential without a scope list holds every scope.
    const auto all = request_once(
        port, patch_request(
                  ci_token, alice_bearer,
                  json_patch({{{"op", "add"}, {"path", "/scope/-"}, {"value", "sp:scopes:all"}}})));
    REQUIRE(all);
    CHECK(all->status == 200);
    CHECK(fetch_token(port, ci_token)["scope"] ==
          json({"urn:pat:api:read", "sp:my-personal-access-tokens:manage", "sp:scopes:all"}));
}

TEST_CASE("regression #25: a managed token cannot be patched (403), on every backend",
          "[service][store][regression]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const service running(dir, managed_seed(dir), data_of(dir, backend), {"--rate-limit", "0"});
    const int port = running.port();
    const json before = fetch_token(port, managed_token);
    REQUIRE(before.is_object());
    const auto refused =
        request_once(port, patch_request(managed_token, alice_bearer, rename_body("mine now")));
    REQUIRE(refused);
    CHECK(is_error_body(*refused, 403));
    CHECK(refused->body.find("resource_read_only") != std::string::npos);
    CHECK(fetch_token(port, managed_token) == before);
}

TEST_CASE("regression #25: a malformed token id is not found, on every backend",
          "[service][store][regression]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, data_of(dir, backend), {"--rate-limit", "0"});
    const int port = running.port();
    for (const std::string& id : malformed_url_ids()) {
        INFO("id " << id);
        CHECK(is_not_found_for_get_and_patch(port, id));
    }
    CHECK(fetch_token(port, ci_token)["name"] == "ci-pipeline");
}

TEST_CASE("regression #25: the seed is read only when the store is new",
          "[service][store][seed][regression]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    {
        service first(dir, JSONPATCH_PAT_SEED, db);
        REQUIRE(request_once(first.port(),
                             patch_request(ci_token, alice_bearer, rename_body("renamed")))
                    ->status == 200);
        REQUIRE(first.process().signal_and_wait(SIGTERM) == 0);
    }
    SECTION("an existing store ignores an unreadable seed") {
        const service again(dir, dir.write("broken.json", "{\"tokens\": [oops"), db);
        CHECK(fetch_token(again.port(), ci_token)["name"] == "renamed");
    }
    SECTION("an existing store needs no seed") {
        child_process again(JSONPATCH_PAT_SERVICE, {"--port", "0", "--data", db},
                            dir.file("again.stderr"));
        const auto line = again.read_line();
        REQUIRE(line);
        const int port = std::stoi(line->substr(line->rfind(':') + 1));
        CHECK(fetch_token(port, ci_token)["name"] == "renamed");
    }
    SECTION("a new store without a seed is a start-up error") {
        const auto start = start_expecting_exit(dir, {"--port", "0", "--data", dir.file("new.db")});
        INFO(start.stderr_text);
        CHECK(start.status == 2);
        CHECK(start.stderr_text.find("--seed") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir.file("new.db")));
    }
    SECTION("memory: is always new") {
        const auto start = start_expecting_exit(dir, {"--port", "0"});
        CHECK(start.status == 2);
    }
}

TEST_CASE("store: a malformed id is simply not found, called directly",
          "[service][store][regression]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const auto store = open_direct(dir, backend);
    const pat_service::patch_rules rules;
    for (const std::string& id :
         {ci_token + std::string(1, '\0') + "x", ci_token + '\0', std::string("\xFF"),
          ci_token + "\xC3\x28", ci_token + "\xED\xA0\x80"}) {
        INFO(json(id).dump(-1, ' ', false, json::error_handler_t::replace));
        CHECK_FALSE(store->find(alice_id, id));
        const auto outcome = store->patch(rename_request(id, rename_body("via-bad-id")), rules);
        CHECK(outcome.what == pat_service::patch_outcome::kind::not_found);
    }
    CHECK(store->find(alice_id, ci_token)->token.name == "ci-pipeline");
    CHECK(store->list(std::string(alice_id) + '\0').empty());
}

TEST_CASE("store: run_patch refuses scope escalation and managed tokens as kind::forbidden",
          "[service][store][scopes]") {
    pat_service::seed_data seed = demo_seed();
    seed.tokens.front().managed = true;
    pat_service::memory_store store(std::move(seed));
    pat_service::patch_rules rules; // refuse_managed left false: run_patch refuses anyway
    REQUIRE_FALSE(rules.options.refuse_managed);
    const std::string rename = rename_body("x");
    const auto refused = store.patch(rename_request(ci_token, rename), rules);
    CHECK(refused.what == pat_service::patch_outcome::kind::forbidden);
    CHECK(refused.error->code == jsonpatch::errc::resource_read_only);

    const std::string two_scopes =
        R"([{"op": "replace", "path": "/scope", "value": ["a:b:c", "d:e:f"]}])";
    auto escalation = rename_request(laptop_token, two_scopes);
    escalation.caller_scopes = std::vector<std::string>{"a:b:c"};
    const auto forbidden = store.patch(escalation, rules);
    CHECK(forbidden.what == pat_service::patch_outcome::kind::forbidden);
    CHECK(forbidden.error->code == jsonpatch::errc::operation_not_allowed);
    CHECK(forbidden.error->path == "/scope/1");
    escalation.caller_scopes->push_back("d:e:f");
    CHECK(store.patch(escalation, rules).what == pat_service::patch_outcome::kind::patched);
}

TEST_CASE("store: the seed is called only for a new store, and ready() says whether the store "
          "answers",
          "[service][store][seed]") {
    const scratch_dir dir;
    int calls = 0;
    const std::string uri = "sqlite:" + dir.file("tokens.db");
    {
        const auto store = pat_service::open_store(uri, counted_seed(calls), {});
        CHECK(calls == 1);
        CHECK(store->ready());
    }
    {
        const auto store = pat_service::open_store(uri, counted_seed(calls), {});
        CHECK(calls == 1);
        CHECK(store->ready());
        std::filesystem::remove(dir.file("tokens.db"));
        CHECK_FALSE(store->ready());
        CHECK_THROWS_AS(store->find(alice_id, ci_token), pat_service::store_unavailable);
    }
    const auto memory = pat_service::open_store("memory:", counted_seed(calls), {});
    CHECK(calls == 2);
    CHECK(memory->ready());
    CHECK_THROWS_AS(pat_service::open_store("memory:", pat_service::seed_file(""), {}),
                    pat_service::seed_error);
}

TEST_CASE("store: the SQLite writer queue is bounded; a full queue fails at once",
          "[service][store][sqlite]") {
    const scratch_dir dir;
    pat_service::store_options options;
    options.timeout = std::chrono::milliseconds(1500);
    options.max_queued_writers = 2;
    const auto store = open_direct(dir, "sqlite", options);
    sqlite_peer other(dir.file("tokens.db"));
    REQUIRE(other.run("BEGIN EXCLUSIVE"));
    const pat_service::patch_rules rules;
    const std::string body = rename_body("queued");
    std::vector<std::future<double>> writers;
    for (int i = 0; i < 6; ++i) {
        writers.push_back(std::async(std::launch::async, [&] {
            const auto start = std::chrono::steady_clock::now();
            try {
                (void)store->patch(rename_request(ci_token, body), rules);
            } catch (const pat_service::store_unavailable&) {
                return elapsed_ms(start);
            }
            return -1.0; // must not happen while the lock is held
        }));
    }
    int at_once = 0;
    int at_deadline = 0;
    for (auto& writer : writers) {
        const double ms = writer.get();
        INFO("failed after " << ms << " ms");
        CHECK(ms >= 0);
        CHECK(ms < 3000);
        (ms < 750 ? at_once : at_deadline) += 1;
    }
    CHECK(at_deadline <= 2);
    CHECK(at_once >= 4);
    REQUIRE(other.run("ROLLBACK"));
    CHECK(store->patch(rename_request(ci_token, body), rules).what ==
          pat_service::patch_outcome::kind::patched);
}

TEST_CASE("store: names an older version stored unnormalised are normalised by the migration",
          "[service][store][names][sqlite]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    (void)open_direct(dir, "sqlite");
    {
        // What version 1 could hold: names as given, one of them padded, another a second
        // spelling of a name its owner has (the unique index compared bytes then).
        sqlite_peer old(db);
        const auto set_name = [&old](const std::string& id, const std::string& name) {
            const std::string quoted = "'" + name + "'";
            return old.run("UPDATE tokens SET name = " + quoted +
                           ", document = json_set(document, '$.name', " + quoted +
                           ") WHERE id = '" + id + "'");
        };
        REQUIRE(set_name(ci_token, " Caf\xC3\xA9 "));
        REQUIRE(set_name(laptop_token, "Cafe\xCC\x81"));
        REQUIRE(old.run("DROP TABLE accepted_patches; PRAGMA user_version = 1"));
    }
    const auto store = open_direct(dir, "sqlite");
    const auto ci = store->find(alice_id, ci_token);
    const auto laptop = store->find(alice_id, laptop_token);
    REQUIRE(ci);
    REQUIRE(laptop);
    // One of the two gets the normal form, version + 1; the other keeps its bytes (and version).
    const bool ci_first = ci->token.name == "Caf\xC3\xA9";
    CHECK((ci_first ? ci : laptop)->token.name == "Caf\xC3\xA9");
    CHECK((ci_first ? ci : laptop)->version == 2);
    CHECK((ci_first ? laptop : ci)->version == 1);
    sqlite_peer check(db);
    CHECK(check.value("PRAGMA user_version") == "3");
}

TEST_CASE("store: a token whose stored name the name rules refuse changes only with a rename "
          "that fixes it",
          "[service][store][names][sqlite]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    (void)open_direct(dir, "sqlite");
    // What migration 2 leaves in a database an older version wrote: a name normalise_name
    // refuses (here with a ZERO WIDTH SPACE).
    const std::string legacy = "ci\xE2\x80\x8Bpipeline";
    {
        sqlite_peer old(db);
        const std::string quoted = "'" + legacy + "'";
        REQUIRE(old.run("UPDATE tokens SET name = " + quoted +
                        ", document = json_set(document, '$.name', " + quoted + ") WHERE id = '" +
                        ci_token + "'"));
    }
    const service running(dir, JSONPATCH_PAT_SEED, db, {"--rate-limit", "0"});
    const int port = running.port();
    // Every patched token is judged whole (fail closed): the name it keeps is refused too.
    CHECK(is_name_error(
        request_once(port, patch_request(ci_token, alice_bearer,
                                         json_patch({{{"op", "remove"}, {"path", "/scope/1"}}}))),
        "validation_failed"));
    CHECK(fetch_token(port, ci_token)["name"] == legacy);
    CHECK(fetch_token(port, ci_token)["scope"] ==
          json({"urn:pat:api:read", "urn:pat:api:write"}));
    // A new name is judged as always: refused, or stored in its normal form.
    CHECK(is_name_error(
        request_once(port, patch_request(ci_token, alice_bearer, rename_body("ci\xE2\x81\xA0x"))),
        "validation_failed"));
    const auto renamed =
        request_once(port, patch_request(ci_token, alice_bearer, rename_body(" ci pipeline ")));
    REQUIRE(renamed);
    CHECK(renamed->status == 200);
    CHECK(fetch_token(port, ci_token)["name"] == "ci pipeline");
}

namespace {

// The store the generated backend names, opened directly with a rebase window of `window`.
[[nodiscard]] std::unique_ptr<pat_service::token_store>
open_with_window(const scratch_dir& dir, const std::string& backend, std::size_t window) {
    pat_service::store_options options;
    options.rebase_window = window;
    return open_direct(dir, backend, options);
}

// How many patches the SQLite store at `db` keeps for ci_token, and their lowest version.
[[nodiscard]] std::pair<std::string, std::string> kept_patches(const std::string& db) {
    sqlite_peer peer(db);
    const std::string where = " FROM accepted_patches WHERE token_id = '" + ci_token + "'";
    return {peer.value("SELECT count(*)" + where).value_or("?"),
            peer.value("SELECT coalesce(min(version), 0)" + where).value_or("?")};
}

} // namespace

TEST_CASE("rebase: A adds a scope, B removes another element by index with a stale If-Match: "
          "both are kept",
          "[service][store][rebase]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const auto store = open_direct(dir, backend);
    rebase_keeps_both_changes(*store, *store);
}

TEST_CASE("rebase: two SQLite store instances on one file rebase each other's patches",
          "[service][store][rebase][sqlite]") {
    const scratch_dir dir;
    const auto a = open_direct(dir, "sqlite");
    const auto b = open_direct(dir, "sqlite");
    rebase_keeps_both_changes(*a, *b);
    rebase_conflict_lists_operations(*b, *a);
}

TEST_CASE("rebase: B removing the element A replaced is a conflict listing B's operations",
          "[service][store][rebase]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const auto store = open_direct(dir, backend);
    rebase_conflict_lists_operations(*store, *store);
}

TEST_CASE("rebase: a window of 0 refuses a stale If-Match as before", "[service][store][rebase]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const auto store = open_with_window(dir, backend, 0);
    window_zero_refuses_stale_patches(*store);
}

TEST_CASE("rebase: a base older than the window, or unknown, is precondition_failed",
          "[service][store][rebase]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const auto store = open_with_window(dir, backend, 2);
    base_outside_window_refused(*store);
}

TEST_CASE("rebase: a rebased patch gets every check a current one gets",
          "[service][store][rebase]") {
    const std::string backend = GENERATE(std::string("memory"), std::string("sqlite"));
    INFO(backend);
    const scratch_dir dir;
    const auto store = open_direct(dir, backend);
    rebased_patch_gets_every_check(*store);
}

TEST_CASE("rebase: the SQLite store keeps exactly the window's last patches per token",
          "[service][store][rebase][sqlite]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    std::int64_t last = 0;
    {
        const auto store = open_with_window(dir, "sqlite", 3);
        CHECK(kept_patches(db).first == "0");
        last = patch_times(*store, 2);
        CHECK(kept_patches(db).first == "2");
        last = patch_times(*store, 5);
        CHECK(kept_patches(db) == std::make_pair(std::string("3"), std::to_string(last - 2)));
    }
    {
        // A smaller window prunes at the token's next write.
        const auto store = open_with_window(dir, "sqlite", 1);
        last = patch_times(*store, 1);
        CHECK(kept_patches(db) == std::make_pair(std::string("1"), std::to_string(last)));
    }
    {
        const auto store = open_with_window(dir, "sqlite", 0);
        (void)patch_times(*store, 1);
        CHECK(kept_patches(db).first == "0");
    }
}

TEST_CASE("rebase: the memory store's window holds exactly its last patches",
          "[service][store][rebase]") {
    const scratch_dir dir;
    const auto store = open_with_window(dir, "memory", 3);
    const std::int64_t last = patch_times(*store, 7);
    const std::string rename = R"([{"op": "replace", "path": "/name", "value": "late"}])";
    CHECK(patch_at(*store, rename, last - 4).what ==
          pat_service::patch_outcome::kind::precondition_failed);
    // Rebasing a rename over renames conflicts: the window was used, not refused.
    const auto in_window = patch_at(*store, rename, last - 3);
    CHECK(in_window.what == pat_service::patch_outcome::kind::precondition_failed);
    CHECK(in_window.is_rebase_conflict());
}

TEST_CASE("rebase: a token's write and its kept patch commit together or not at all (SQLite)",
          "[service][store][rebase][sqlite]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    const auto store = open_direct(dir, "sqlite");
    const auto before = store->find(alice_id, ci_token);
    REQUIRE(before);
    {
        sqlite_peer peer(db);
        REQUIRE(peer.run("CREATE TRIGGER refuse_kept BEFORE INSERT ON accepted_patches "
                         "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"));
    }
    CHECK_THROWS_AS(patch_times(*store, 1), pat_service::store_unavailable);
    const auto after = store->find(alice_id, ci_token);
    REQUIRE(after);
    CHECK(after->version == before->version);
    CHECK(after->token == before->token);
    CHECK(kept_patches(db).first == "0");
    {
        sqlite_peer peer(db);
        REQUIRE(peer.run("DROP TRIGGER refuse_kept"));
    }
    CHECK(patch_times(*store, 1) == before->version + 1);
    CHECK(kept_patches(db).first == "1");
}

TEST_CASE("rebase: migration 3 adds the kept patches to a version 2 SQLite store",
          "[service][store][rebase][sqlite]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    (void)open_direct(dir, "sqlite");
    {
        sqlite_peer old(db);
        REQUIRE(old.run("DROP TABLE accepted_patches; PRAGMA user_version = 2"));
    }
    const auto store = open_direct(dir, "sqlite");
    CHECK(sqlite_peer(db).value("PRAGMA user_version") == "3");
    rebase_keeps_both_changes(*store, *store);
}

TEST_CASE("rebase: precondition_failed_body lists each conflicting operation",
          "[service][store][rebase]") {
    pat_service::patch_outcome stale;
    stale.what = pat_service::patch_outcome::kind::precondition_failed;
    const json plain = pat_service::precondition_failed_body(stale, "t-0");
    CHECK(plain["detailCode"] == "412 Precondition Failed");
    CHECK(plain["trackingId"] == "t-0");
    CHECK(plain["messages"][0]["text"] == "the token does not match the request's preconditions");
    CHECK(plain["causes"] == json::array());
    CHECK(plain["conflicts"] == json::array());

    jsonpatch::error moved;
    moved.code = jsonpatch::errc::rebase_conflict;
    moved.op_index = 3;
    moved.path = "/scope/0";
    moved.from = "/scope/2";
    moved.concerns = jsonpatch::member::from;
    moved.message = "accepted op 0 (remove '/scope/2') removed or replaced the value at or above "
                    "'from'";
    jsonpatch::error renamed;
    renamed.code = jsonpatch::errc::rebase_conflict;
    renamed.op_index = 5;
    renamed.path = "/name";
    renamed.message = "accepted op 1 (replace '/name') removed or replaced the value at or above "
                      "'path'";
    stale.conflicts = {moved, renamed};
    REQUIRE(stale.is_rebase_conflict());
    const json body = pat_service::precondition_failed_body(stale, "t-1");
    CHECK(body["detailCode"] == "412 Precondition Failed");
    CHECK(body["trackingId"] == "t-1");
    CHECK(body["messages"][0]["text"].get<std::string>().find("conflicts") != std::string::npos);
    CHECK(body["conflicts"] ==
          json::array({{{"op_index", 3},
                        {"path", "/scope/0"},
                        {"from", "/scope/2"},
                        {"message", moved.message}},
                       {{"op_index", 5}, {"path", "/name"}, {"message", renamed.message}}}));
    REQUIRE(body["causes"].size() == 2);
    CHECK(body["causes"][0]["text"] == jsonpatch::describe(moved));
    CHECK(body["causes"][1]["locale"] == "en-US");
}

TEST_CASE("rebase: only an If-Match naming one version of this store sets base_version",
          "[service][store][rebase]") {
    using pat_service::rebase_base_version;
    const std::string epoch = "e1f2";
    CHECK(rebase_base_version("\"e1f2-7\"", epoch) == std::int64_t{7});
    CHECK(rebase_base_version(" \"e1f2-12\"\t", epoch) == std::int64_t{12});
    // A list with empty elements (RFC 9110 §5.6.1), as evaluate_preconditions reads it.
    CHECK(rebase_base_version("\"e1f2-7\", ", epoch) == std::int64_t{7});
    CHECK(rebase_base_version(", ,\"e1f2-7\"", epoch) == std::int64_t{7});
    CHECK_FALSE(rebase_base_version("*", epoch));
    CHECK_FALSE(rebase_base_version("", epoch));
    CHECK_FALSE(rebase_base_version("W/\"e1f2-7\"", epoch));           // weak: never matches
    CHECK_FALSE(rebase_base_version("\"e1f3-7\"", epoch));             // another epoch
    CHECK_FALSE(rebase_base_version("\"e1f2-7\", \"e1f2-8\"", epoch)); // which one?
    CHECK_FALSE(rebase_base_version("\"e1f2-7\",\"e1f2-8\"", epoch));
    CHECK_FALSE(rebase_base_version("\"e1f2-\"", epoch));
    CHECK_FALSE(rebase_base_version("\"e1f2-07\"", epoch));
    CHECK_FALSE(rebase_base_version("\"e1f2-0\"", epoch));
    CHECK_FALSE(rebase_base_version("\"e1f2--1\"", epoch));
    CHECK_FALSE(rebase_base_version("\"e1f2-7x\"", epoch));
    CHECK_FALSE(rebase_base_version("\"e1f2-99999999999999999999\"", epoch));
    CHECK_FALSE(rebase_base_version("\"e1f2-7", epoch));
    CHECK_FALSE(rebase_base_version(",", epoch));                     // a list of nothing
    CHECK_FALSE(rebase_base_version("\"e1f2-7\" \"e1f2-8\"", epoch)); // not a list
    CHECK_FALSE(rebase_base_version("*, \"e1f2-7\"", epoch));
}
