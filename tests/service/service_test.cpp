// SPDX-License-Identifier: MIT
// End-to-end tests of examples/pat_service: the real binary on a loopback port, driven over HTTP.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "raw_http.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"

namespace {

using nlohmann::json;
using service_test::scratch_dir;
using service_test::service;

// Credentials and tokens of examples/data/pat_seed.json.
const std::string alice_bearer = "alice-demo-bearer";
const std::string bob_bearer = "bob-demo-bearer";
const std::string carol_bearer = "carol-demo-bearer";
const std::string alice_id = "a1f0c2de-7b34-4c55-8e21-0d9f6b7a3c10";
const std::string bob_id = "b2e1d3cf-8c45-4d66-9f32-1e0a7c8b4d21";
const std::string ci_token = "5a8e4c1b-0b7e-4d2a-9f3c-1e2d3c4b5a61";     // alice, "ci-pipeline"
const std::string laptop_token = "7c2f9e30-4d1a-4b8e-a6c5-2f3e4d5c6b72"; // alice, "laptop-cli"
const std::string backup_token = "9d4a1b52-6e3c-4f70-b8d9-3a4b5c6d7e83"; // alice, "nightly-backup"
const std::string bob_token = "b3e6d7f8-1a2b-4c3d-8e4f-5a6b7c8d9e04";    // bob, "ci-pipeline"
const std::string patch_type = "application/json-patch+json";

struct reply {
    int status = 0;
    json body;
    std::string content_type;
};

using header_list = std::vector<std::pair<std::string, std::string>>;

header_list bearer(const std::string& token) {
    return token.empty() ? header_list{} : header_list{{"Authorization", "Bearer " + token}};
}

std::string lines_of(const header_list& headers) {
    std::string out;
    for (const auto& [name, value] : headers) {
        out += name + ": " + value + "\r\n";
    }
    return out;
}

reply to_reply(const std::optional<service_test::raw_response>& result) {
    REQUIRE(result);
    reply out;
    out.status = result->status;
    out.body = json::parse(result->body, nullptr, false);
    out.content_type = result->header("content-type");
    INFO(result->body);
    REQUIRE_FALSE(out.body.is_discarded());
    return out;
}

reply send(const service& running, const std::string& method, const std::string& path,
           const header_list& headers, const std::string& body = "") {
    return to_reply(service_test::request_once(
        running.port(), service_test::http_request(method, path, lines_of(headers), body)));
}

reply get(const service& running, const std::string& path, const header_list& headers) {
    return send(running, "GET", path, headers);
}

reply patch(const service& running, const std::string& token_id, const std::string& body,
            header_list headers, const std::string& content_type = patch_type) {
    if (!content_type.empty()) {
        headers.emplace_back("Content-Type", content_type);
    }
    return send(running, "PATCH", "/personal-access-tokens/" + token_id, headers, body);
}

json token_of(const service& running, const std::string& bearer_token,
              const std::string& token_id) {
    const auto answer = get(running, "/personal-access-tokens/" + token_id, bearer(bearer_token));
    REQUIRE(answer.status == 200);
    return answer.body;
}

json rename_to(const std::string& name) {
    return json::array({{{"op", "replace"}, {"path", "/name"}, {"value", name}}});
}

// The ErrorResponseDto shape: detailCode, trackingId, messages[{locale, localeOrigin, text}],
// causes.
void require_error_response(const reply& answer, int status) {
    INFO(answer.body.dump());
    REQUIRE(answer.status == status);
    REQUIRE(answer.content_type.rfind("application/json", 0) == 0);
    REQUIRE(answer.body.is_object());
    REQUIRE(answer.body.contains("detailCode"));
    REQUIRE(answer.body["detailCode"].is_string());
    CHECK(answer.body["detailCode"].get<std::string>().rfind(std::to_string(status), 0) == 0);
    REQUIRE(answer.body.contains("trackingId"));
    REQUIRE(answer.body["trackingId"].is_string());
    CHECK_FALSE(answer.body["trackingId"].get<std::string>().empty());
    REQUIRE(answer.body.contains("messages"));
    REQUIRE(answer.body["messages"].is_array());
    REQUIRE_FALSE(answer.body["messages"].empty());
    const json& message = answer.body["messages"][0];
    CHECK(message.value("locale", "") == "en-US");
    CHECK(message.contains("localeOrigin"));
    CHECK_FALSE(message.value("text", "").empty());
    CHECK(answer.body.contains("causes"));
}

// Every string anywhere in `value`, joined; to look for a pointer among the causes.
std::string all_strings(const json& value) {
    if (value.is_string()) {
        return value.get<std::string>() + "\n";
    }
    std::string out;
    if (value.is_structured()) {
        for (const auto& element : value) {
            out += all_strings(element);
        }
    }
    return out;
}

// Calls `step` on a thread of its own until it returns false or stop() is called. The destructor
// stops and joins too, so a failed REQUIRE unwinding the test never meets a joinable std::thread
// (std::terminate would skip the destructors that kill the service).
class background_loop {
  public:
    template <class Step>
    explicit background_loop(Step step)
        : thread_([this, step] {
              while (!stop_.load() && step()) {
              }
          }) {}
    background_loop(const background_loop&) = delete;
    background_loop& operator=(const background_loop&) = delete;
    ~background_loop() { stop(); }

    void stop() {
        stop_.store(true);
        if (thread_.joinable()) {
            thread_.join();
        }
    }

  private:
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

} // namespace

TEST_CASE("pat service: prints exactly one listening line with the port it bound",
          "[service][start]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    CHECK(running.port() > 0);
    CHECK(running.first_line() ==
          "listening on http://127.0.0.1:" + std::to_string(running.port()));
}

TEST_CASE("pat service: GET lists only the caller's tokens", "[service][get]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);

    const auto alice = get(running, "/personal-access-tokens", bearer(alice_bearer));
    REQUIRE(alice.status == 200);
    REQUIRE(alice.body.is_array());
    std::set<std::string> ids;
    for (const auto& token : alice.body) {
        CHECK(token["owner"]["id"] == alice_id);
        ids.insert(token["id"].get<std::string>());
    }
    CHECK(ids == std::set<std::string>{ci_token, laptop_token, backup_token});

    const auto bob = get(running, "/personal-access-tokens", bearer(bob_bearer));
    REQUIRE(bob.status == 200);
    REQUIRE(bob.body.size() == 1);
    CHECK(bob.body[0]["id"] == bob_token);
    CHECK(bob.body[0]["owner"]["id"] == bob_id);

    const auto carol = get(running, "/personal-access-tokens", bearer(carol_bearer));
    REQUIRE(carol.status == 200);
    CHECK(carol.body == json::array());
}

TEST_CASE("pat service: an allowed patch answers 200 with the new representation",
          "[service][patch]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const json before = token_of(running, alice_bearer, ci_token);

    const json change = json::array({
        {{"op", "test"}, {"path", "/name"}, {"value", "ci-pipeline"}},
        {{"op", "replace"}, {"path", "/name"}, {"value", "ci-pipeline-2024"}},
        {{"op", "remove"}, {"path", "/scope/1"}},
        {{"op", "add"}, {"path", "/scope/-"}, {"value", "urn:pat:deploy:write"}},
    });
    std::string content_type = patch_type;
    SECTION("plain media type") {}
    SECTION("with a charset parameter") {
        content_type = "application/json-patch+json; charset=utf-8";
    }
    SECTION("in other letter case") {
        content_type = "Application/JSON-Patch+JSON";
    }

    const auto answer = patch(running, ci_token, change.dump(), bearer(alice_bearer), content_type);
    INFO(answer.body.dump());
    REQUIRE(answer.status == 200);
    json expected = before;
    expected["name"] = "ci-pipeline-2024";
    expected["scope"] = json::array({"urn:pat:api:read", "urn:pat:deploy:write"});
    CHECK(answer.body == expected);
    CHECK(token_of(running, alice_bearer, ci_token) == expected);
}

TEST_CASE("pat service: unknown members of a token survive a patch", "[service][patch]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const auto answer =
        patch(running, backup_token, rename_to("weekly-backup").dump(), bearer(alice_bearer));
    REQUIRE(answer.status == 200);
    CHECK(answer.body["expirationDate"] == "2026-11-30T23:59:59.999Z");
    CHECK(answer.body["name"] == "weekly-backup");
}

TEST_CASE("pat service: a patch touching /owner/id is a 400 policy error and changes nothing",
          "[service][patch][policy]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const json before = token_of(running, alice_bearer, ci_token);

    const json change = json::array({
        {{"op", "replace"}, {"path", "/name"}, {"value", "taken-over"}},
        {{"op", "replace"}, {"path", "/owner/id"}, {"value", bob_id}},
    });
    const auto answer = patch(running, ci_token, change.dump(), bearer(alice_bearer));
    require_error_response(answer, 400);
    CHECK(all_strings(answer.body).find("/owner/id") != std::string::npos);
    // The caller's values are never echoed back.
    CHECK(answer.body.dump().find(bob_id) == std::string::npos);
    CHECK(token_of(running, alice_bearer, ci_token) == before);
    CHECK(get(running, "/personal-access-tokens", bearer(bob_bearer)).body.size() == 1);
}

TEST_CASE("pat service: a malformed patch is a 400 and changes nothing", "[service][patch]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const json before = token_of(running, alice_bearer, ci_token);
    const std::string body =
        GENERATE(as<std::string>{}, "not json", "{}", R"([{"op": "jump", "path": "/name"}])",
                 R"([{"op": "replace", "path": "/name"}])");
    INFO(body);
    require_error_response(patch(running, ci_token, body, bearer(alice_bearer)), 400);
    CHECK(token_of(running, alice_bearer, ci_token) == before);
}

TEST_CASE("pat service: an invalid name is a 400 and changes nothing",
          "[service][patch][validation]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const json before = token_of(running, alice_bearer, laptop_token);

    json change;
    SECTION("empty name") {
        change = rename_to("");
    }
    SECTION("name longer than 128 characters") {
        change = rename_to(std::string(129, 'n'));
    }
    SECTION("name that is not a string") {
        change = json::array({{{"op", "replace"}, {"path", "/name"}, {"value", 42}}});
    }
    SECTION("name removed") {
        change = json::array({{{"op", "remove"}, {"path", "/name"}}});
    }

    require_error_response(patch(running, laptop_token, change.dump(), bearer(alice_bearer)), 400);
    CHECK(token_of(running, alice_bearer, laptop_token) == before);
}

TEST_CASE("pat service: renaming to a name the owner already uses is a 400",
          "[service][patch][conflict]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const json before = token_of(running, alice_bearer, laptop_token);

    const auto answer =
        patch(running, laptop_token, rename_to("ci-pipeline").dump(), bearer(alice_bearer));
    require_error_response(answer, 400);
    CHECK(token_of(running, alice_bearer, laptop_token) == before);

    // Another owner's names do not count, and keeping one's own name is no conflict.
    CHECK(patch(running, bob_token, rename_to("laptop-cli").dump(), bearer(bob_bearer)).status ==
          200);
    CHECK(
        patch(running, laptop_token, rename_to("laptop-cli").dump(), bearer(alice_bearer)).status ==
        200);
}

TEST_CASE("pat service: a missing or unknown bearer token is a 401", "[service][auth]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const json before = token_of(running, alice_bearer, ci_token);

    header_list headers;
    SECTION("no Authorization header") {}
    SECTION("unknown bearer token") {
        headers = bearer("mallory-guess");
    }
    SECTION("empty bearer token") {
        headers = {{"Authorization", "Bearer "}};
    }
    SECTION("another scheme") {
        headers = {{"Authorization", "Basic YWxpY2U6c2VjcmV0"}};
    }
    SECTION("an identity id instead of a bearer token") {
        headers = bearer(alice_id);
    }

    // One error shape for every status (issue #25 fault 16): the platform's ErrorResponseDto.
    for (const auto& answer : {get(running, "/personal-access-tokens", headers),
                               get(running, "/personal-access-tokens/" + ci_token, headers),
                               patch(running, ci_token, rename_to("stolen").dump(), headers)}) {
        require_error_response(answer, 401);
    }
    CHECK(token_of(running, alice_bearer, ci_token) == before);
}

TEST_CASE("pat service: another owner's token is a 404 exactly like an unknown id",
          "[service][auth]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const json bob_before = token_of(running, bob_bearer, bob_token);

    const auto foreign =
        patch(running, bob_token, rename_to("mine-now").dump(), bearer(alice_bearer));
    const auto unknown =
        patch(running, "no-such-token", rename_to("mine-now").dump(), bearer(alice_bearer));
    require_error_response(foreign, 404);
    require_error_response(unknown, 404);
    json foreign_body = foreign.body;
    json unknown_body = unknown.body;
    CHECK(foreign_body["trackingId"] != unknown_body["trackingId"]);
    foreign_body.erase("trackingId");
    unknown_body.erase("trackingId");
    CHECK(foreign_body == unknown_body);
    CHECK(foreign.body.dump().find(bob_token) == std::string::npos);

    const auto foreign_get =
        get(running, "/personal-access-tokens/" + bob_token, bearer(alice_bearer));
    const auto unknown_get =
        get(running, "/personal-access-tokens/no-such-token", bearer(alice_bearer));
    require_error_response(foreign_get, 404);
    require_error_response(unknown_get, 404);
    json foreign_get_body = foreign_get.body;
    json unknown_get_body = unknown_get.body;
    foreign_get_body.erase("trackingId");
    unknown_get_body.erase("trackingId");
    CHECK(foreign_get_body == unknown_get_body);
    CHECK(foreign_get_body == foreign_body);

    CHECK(token_of(running, bob_bearer, bob_token) == bob_before);
}

TEST_CASE("pat service: a body that is not application/json-patch+json is a 415",
          "[service][content-type]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const json before = token_of(running, alice_bearer, ci_token);

    const std::string content_type =
        GENERATE(as<std::string>{}, "application/json", "text/plain",
                 "application/merge-patch+json", "application/json-patch+jsonx", "");
    INFO("content type: " << content_type);
    const auto answer =
        patch(running, ci_token, rename_to("sneaky").dump(), bearer(alice_bearer), content_type);
    require_error_response(answer, 415);
    CHECK(token_of(running, alice_bearer, ci_token) == before);
}

TEST_CASE("pat service: every error response carries its own tracking id", "[service][errors]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    std::set<std::string> seen;
    constexpr int requests = 20;
    for (int i = 0; i < requests; ++i) {
        const auto answer =
            patch(running, laptop_token, rename_to("ci-pipeline").dump(), bearer(alice_bearer));
        require_error_response(answer, 400);
        seen.insert(answer.body["trackingId"].get<std::string>());
    }
    CHECK(seen.size() == requests);
}

TEST_CASE("pat service: of two concurrent renames to the same name exactly one succeeds",
          "[service][concurrency]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    constexpr int rounds = 60;
    for (int round = 0; round < rounds; ++round) {
        const std::string name = "shared-name-" + std::to_string(round);
        std::promise<void> go;
        const std::shared_future<void> start = go.get_future().share();
        const auto rename = [&](const std::string& token_id) {
            const std::string request =
                service_test::patch_request(token_id, alice_bearer, rename_to(name).dump());
            start.wait();
            const auto result = service_test::request_once(running.port(), request);
            return result ? result->status : -1;
        };
        auto first = std::async(std::launch::async, rename, ci_token);
        auto second = std::async(std::launch::async, rename, laptop_token);
        go.set_value();
        const int a = first.get();
        const int b = second.get();
        INFO("round " << round << ": " << a << " and " << b);
        REQUIRE(((a == 200 && b == 400) || (a == 400 && b == 200)));
    }
    // The owner's names are still distinct.
    const auto listing = get(running, "/personal-access-tokens", bearer(alice_bearer));
    std::set<std::string> names;
    for (const auto& token : listing.body) {
        names.insert(token["name"].get<std::string>());
    }
    CHECK(names.size() == listing.body.size());
}

TEST_CASE("pat service: a change survives SIGKILL and a restart with the same data file",
          "[service][persistence]") {
    const scratch_dir dir;
    const std::string data = dir.file("tokens.json");
    {
        service running(dir, JSONPATCH_PAT_SEED, data);
        const auto answer =
            patch(running, ci_token, rename_to("renamed-before-kill").dump(), bearer(alice_bearer));
        REQUIRE(answer.status == 200);
        running.process().kill_now();
    }
    // --data is an SQLite database now (issue #14): a complete database file, no bearer in it.
    const auto text = service_test::slurp(data);
    REQUIRE(text);
    REQUIRE(text->rfind(std::string("SQLite format 3\0", 16), 0) == 0);
    CHECK(text->find(alice_bearer) == std::string::npos);

    const service restarted(dir, JSONPATCH_PAT_SEED, data);
    CHECK(token_of(restarted, alice_bearer, ci_token)["name"] == "renamed-before-kill");
    CHECK(token_of(restarted, alice_bearer, laptop_token)["name"] == "laptop-cli");
}

TEST_CASE("pat service: no acknowledged change is lost whenever the process is killed",
          "[service][persistence]") {
    const scratch_dir dir;
    const std::string data = dir.file("tokens.json");
    constexpr int rounds = 5;
    // What a restart must serve: the last acknowledged rename of the killed process, or the one
    // that was in flight, never less. The last round only restarts and checks.
    int saved_ok = -1;
    for (int round = 0; round <= rounds; ++round) {
        service running(dir, JSONPATCH_PAT_SEED, data);
        const std::string name = token_of(running, alice_bearer, ci_token)["name"];
        if (round == 0) {
            REQUIRE(name == "ci-pipeline");
        } else {
            // --data is an SQLite database now (issue #14): read back through the service.
            const std::string prefix = "name-" + std::to_string(round - 1) + "-";
            REQUIRE(name.rfind(prefix, 0) == 0);
            CHECK(std::stoi(name.substr(prefix.size())) >= saved_ok);
        }
        if (round == rounds) {
            break;
        }
        std::atomic<int> next{0};
        std::atomic<int> last_ok{-1};
        // A stream of renames while this thread waits for enough of them and kills the process.
        background_loop writer([&] {
            const int n = next.fetch_add(1);
            const auto result = service_test::request_once(
                running.port(),
                service_test::patch_request(
                    ci_token, alice_bearer,
                    rename_to("name-" + std::to_string(round) + "-" + std::to_string(n)).dump()));
            if (!result) {
                return false; // only the kill ends the stream
            }
            if (result->status == 200) {
                last_ok.store(n);
            }
            return true;
        });
        const auto deadline = std::chrono::steady_clock::now() + service_test::max_wait;
        while (last_ok.load() < 10 + 5 * round) {
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        running.process().kill_now();
        writer.stop();
        saved_ok = last_ok.load();
    }
}

TEST_CASE("pat service: bad arguments or an invalid seed exit with status 2", "[service][start]") {
    const scratch_dir dir;
    std::vector<std::string> args;
    SECTION("no arguments") {}
    SECTION("no seed") {
        args = {"--port", "0"};
    }
    SECTION("no port") {
        args = {"--seed", JSONPATCH_PAT_SEED};
    }
    SECTION("port not a number") {
        args = {"--port", "eighty", "--seed", JSONPATCH_PAT_SEED};
    }
    SECTION("port out of range") {
        args = {"--port", "70000", "--seed", JSONPATCH_PAT_SEED};
    }
    SECTION("option without a value") {
        args = {"--seed", JSONPATCH_PAT_SEED, "--port"};
    }
    SECTION("unknown option") {
        args = {"--port", "0", "--seed", JSONPATCH_PAT_SEED, "--verbose", "1"};
    }
    SECTION("seed file missing") {
        args = {"--port", "0", "--seed", dir.file("absent.json")};
    }
    SECTION("seed not JSON") {
        args = {"--port", "0", "--seed", dir.write("seed.json", "{\"tokens\": [")};
    }
    SECTION("seed without credentials") {
        args = {"--port", "0", "--seed", dir.write("seed.json", R"({"tokens": []})")};
    }
    SECTION("seed with an invalid token") {
        args = {"--port", "0", "--seed",
                dir.write("seed.json", R"({"tokens": [{"id": "x"}], "credentials": {}})")};
    }
    SECTION("seed with a duplicate token id") {
        json seed = json::parse(*service_test::slurp(JSONPATCH_PAT_SEED));
        seed["tokens"].push_back(seed["tokens"][0]);
        seed["tokens"].back()["name"] = "another-name";
        args = {"--port", "0", "--seed", dir.write("seed.json", seed.dump())};
    }
    SECTION("seed with two tokens of one owner under one name") {
        json seed = json::parse(*service_test::slurp(JSONPATCH_PAT_SEED));
        seed["tokens"][1]["name"] = seed["tokens"][0]["name"];
        args = {"--port", "0", "--seed", dir.write("seed.json", seed.dump())};
    }
    SECTION("data file not JSON") {
        args = {"--port", "0", "--seed", JSONPATCH_PAT_SEED, "--data", dir.write("data.json", "[")};
    }
    service_test::child_process process(service_test::service_binary(), args,
                                        dir.file("stderr.txt"));
    CHECK_FALSE(process.read_line().has_value());
    CHECK(process.wait_for_exit() == 2);
    CHECK_FALSE(service_test::slurp(dir.file("stderr.txt")).value_or("").empty());
}

TEST_CASE("pat service: SIGTERM stops the service with exit status 0", "[service][start]") {
    const scratch_dir dir;
    service running(dir, JSONPATCH_PAT_SEED);
    REQUIRE(get(running, "/personal-access-tokens", bearer(alice_bearer)).status == 200);
    CHECK(running.process().signal_and_wait(SIGTERM) == 0);
}

TEST_CASE("pat service: unknown routes and oversized bodies get an ErrorResponseDto body",
          "[service][errors]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);

    require_error_response(get(running, "/no-such-route", bearer(alice_bearer)), 404);
    // A method the token resource does not allow is a 405 now (issue #13), still with the body.
    require_error_response(
        send(running, "DELETE", "/personal-access-tokens/" + ci_token, bearer(alice_bearer)), 405);

    // Twice the 1 MiB limit: refused before the handler runs, so nothing changes.
    const json before = token_of(running, alice_bearer, ci_token);
    const std::string huge = rename_to(std::string(2 * 1024 * 1024, 'x')).dump();
    require_error_response(patch(running, ci_token, huge, bearer(alice_bearer)), 413);
    CHECK(token_of(running, alice_bearer, ci_token) == before);
}

// ---- issue #25 fault 12: operable like any deployed service ------------------------------------

TEST_CASE("regression #25: /healthz, /readyz and /metrics answer without a bearer",
          "[service][regression][operations]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    const int port = running.port();
    for (const std::string path : {"/healthz", "/readyz"}) {
        const auto answer =
            service_test::request_once(port, service_test::http_request("GET", path, ""));
        REQUIRE(answer);
        CHECK(answer->status == 200);
        CHECK(json::parse(answer->body).is_object());
        const auto refused =
            service_test::request_once(port, service_test::http_request("POST", path, "", "{}"));
        REQUIRE(refused);
        CHECK(service_test::is_error_body(*refused, 405));
    }
    // Traffic to count: two reads, a rename, an unknown route.
    REQUIRE(get(running, "/personal-access-tokens/" + ci_token, bearer(alice_bearer)).status ==
            200);
    REQUIRE(get(running, "/personal-access-tokens/" + ci_token, bearer(alice_bearer)).status ==
            200);
    REQUIRE(patch(running, ci_token, rename_to("counted").dump(), bearer(alice_bearer)).status ==
            200);
    REQUIRE(get(running, "/nowhere", {}).status == 404);

    const auto metrics =
        service_test::request_once(port, service_test::http_request("GET", "/metrics", ""));
    REQUIRE(metrics);
    REQUIRE(metrics->status == 200);
    CHECK(metrics->header("content-type").rfind("text/plain; version=0.0.4", 0) == 0);
    const std::string& text = metrics->body;
    INFO(text);
    CHECK(text.find("pat_service_requests_total{route=\"/personal-access-tokens/{id}\","
                    "status=\"200\"} 3\n") != std::string::npos);
    CHECK(text.find("pat_service_requests_total{route=\"unmatched\",status=\"404\"} 1\n") !=
          std::string::npos);
    CHECK(text.find("pat_service_request_duration_seconds_bucket{route=\"/personal-access-"
                    "tokens/{id}\",le=\"+Inf\"} 3\n") != std::string::npos);
    CHECK(text.find("pat_service_request_duration_seconds_count{route=\"/personal-access-"
                    "tokens/{id}\"} 3\n") != std::string::npos);
    CHECK(text.find("pat_service_store_errors_total{operation=\"patch\"} 0\n") !=
          std::string::npos);
    CHECK(text.find("\npat_service_open_connections ") != std::string::npos);
    // Every sample line is "name{labels} value" or "name value", and every metric has its TYPE.
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        REQUIRE(end != std::string::npos);
        const std::string line = text.substr(start, end - start);
        start = end + 1;
        if (line.rfind("# ", 0) == 0) {
            continue;
        }
        const auto space = line.rfind(' ');
        REQUIRE(space != std::string::npos);
        const std::string name = line.substr(0, std::min(line.find('{'), space));
        const std::string family =
            name.substr(0, name.rfind("_bucket") == name.size() - 7  ? name.size() - 7
                           : name.rfind("_count") == name.size() - 6 ? name.size() - 6
                           : name.rfind("_sum") == name.size() - 4   ? name.size() - 4
                                                                     : name.size());
        INFO(line);
        CHECK(text.find("# TYPE " + family + " ") != std::string::npos);
        CHECK_NOTHROW(std::stod(line.substr(space + 1)));
    }
}

TEST_CASE("regression #25: every option also comes from PAT_SERVICE_<OPTION>, named in --help; "
          "the command line wins",
          "[service][regression][operations]") {
    const scratch_dir dir;
    SECTION("--help names the variables") {
        service_test::child_process help(service_test::service_binary(), {"--help"},
                                         dir.file("stderr.txt"));
        std::string text;
        while (const auto line = help.read_line()) {
            text += *line + "\n";
        }
        CHECK(help.wait_for_exit() == 0);
        for (const std::string option : {"store", "port", "rate-limit", "require-if-match",
                                         "store-timeout", "max-connections", "drain-timeout"}) {
            std::string variable = "PAT_SERVICE_" + option;
            std::transform(variable.begin(), variable.end(), variable.begin(), [](char c) {
                return c == '-' ? '_'
                                : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            });
            INFO(option);
            CHECK(text.find("--" + option) != std::string::npos);
            CHECK(text.find(variable) != std::string::npos);
        }
    }
    SECTION("a switch and a number from the environment") {
        const std::string data = dir.file("tokens.db");
        const service running(dir, JSONPATCH_PAT_SEED, std::nullopt, {},
                              service_test::with_environment({"PAT_SERVICE_REQUIRE_IF_MATCH=true",
                                                              "PAT_SERVICE_DATA=" + data,
                                                              "PAT_SERVICE_RATE_LIMIT=2"}));
        require_error_response(patch(running, ci_token, rename_to("x").dump(), bearer(bob_bearer)),
                               428);
        CHECK(service_test::slurp(data).value_or("").rfind("SQLite format 3", 0) == 0);
        int limited = 0;
        for (int i = 0; i < 6; ++i) {
            limited += get(running, "/personal-access-tokens", bearer(alice_bearer)).status == 429;
        }
        CHECK(limited >= 3);
    }
    SECTION("the command line wins over the environment") {
        const service running(dir, JSONPATCH_PAT_SEED, std::nullopt, {"--rate-limit", "0"},
                              service_test::with_environment(
                                  {"PAT_SERVICE_RATE_LIMIT=1", "PAT_SERVICE_REQUIRE_IF_MATCH=0"}));
        for (int i = 0; i < 5; ++i) {
            CHECK(get(running, "/personal-access-tokens", bearer(alice_bearer)).status == 200);
        }
        CHECK(patch(running, ci_token, rename_to("y").dump(), bearer(alice_bearer)).status == 200);
    }
    SECTION("a bad value from the environment names the variable and exits 2") {
        service_test::child_process bad(
            service_test::service_binary(), {"--seed", JSONPATCH_PAT_SEED}, dir.file("stderr.txt"),
            service_test::with_environment({"PAT_SERVICE_PORT=tcp://10.0.0.1:8080"}));
        CHECK_FALSE(bad.read_line().has_value());
        CHECK(bad.wait_for_exit() == 2);
        CHECK(service_test::slurp(dir.file("stderr.txt")).value_or("").find("PAT_SERVICE_PORT") !=
              std::string::npos);
    }
}

TEST_CASE("regression #25: one access-log line per request on stderr, with its trackingId and "
          "identity and never a bearer",
          "[service][regression][operations]") {
    const scratch_dir dir;
    service running(dir, JSONPATCH_PAT_SEED);
    REQUIRE(get(running, "/personal-access-tokens/" + ci_token, bearer(alice_bearer)).status ==
            200);
    REQUIRE(patch(running, ci_token, rename_to("logged").dump(), bearer(alice_bearer)).status ==
            200);
    const auto refused = get(running, "/personal-access-tokens", bearer("secret-guess-1234"));
    require_error_response(refused, 401);
    const auto missing = get(running, "/personal-access-tokens/no-such-token", bearer(bob_bearer));
    require_error_response(missing, 404);
    REQUIRE(running.process().signal_and_wait(SIGTERM) == 0); // flushes the log

    const std::string log = running.stderr_text();
    INFO(log);
    for (const std::string& secret :
         {alice_bearer, bob_bearer, std::string("secret-guess-1234"), std::string("Bearer")}) {
        CHECK(log.find(secret) == std::string::npos);
    }
    std::vector<json> requests;
    std::size_t start = 0;
    while (start < log.size()) {
        const auto end = log.find('\n', start);
        const auto line = json::parse(log.substr(start, end - start), nullptr, false);
        start = end == std::string::npos ? log.size() : end + 1;
        REQUIRE(line.is_object());
        CHECK(line.contains("time"));
        if (line.value("event", "") == "request") {
            requests.push_back(line);
        }
    }
    REQUIRE(requests.size() == 4);
    for (const auto& line : requests) {
        CHECK(line["method"].is_string());
        CHECK(line["route"].is_string());
        CHECK(line["status"].is_number_integer());
        CHECK(line["durationMs"].is_number());
        CHECK(line["trackingId"].is_string());
        CHECK(line.contains("identity"));
    }
    CHECK(requests[0]["method"] == "GET");
    CHECK(requests[0]["route"] == "/personal-access-tokens/{id}");
    CHECK(requests[0]["status"] == 200);
    CHECK(requests[0]["identity"] == alice_id);
    CHECK(requests[1]["method"] == "PATCH");
    CHECK(requests[2]["status"] == 401);
    CHECK(requests[2]["identity"].is_null());
    CHECK(requests[2]["trackingId"] == refused.body["trackingId"]);
    CHECK(requests[3]["status"] == 404);
    CHECK(requests[3]["identity"] == bob_id);
    CHECK(requests[3]["trackingId"] == missing.body["trackingId"]);
}
