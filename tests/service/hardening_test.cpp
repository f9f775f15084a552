// SPDX-License-Identifier: MIT
// Hostile input and load against the real pat_service binary over loopback (issue #13): every
// loop is bounded in count and time, and every connection goes to 127.0.0.1.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include "raw_http.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"

using namespace service_test;
using nlohmann::json;
using std::chrono::steady_clock;

TEST_CASE("hardening: a kept-alive connection answers in well under 5 ms (one write, no Nagle)",
          "[service][load]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt, {"--rate-limit", "0"});
    raw_connection connection(running.port());
    std::vector<double> latencies;
    constexpr int requests = 200;
    for (int i = 0; i < requests; ++i) {
        const auto start = steady_clock::now();
        REQUIRE(connection.send(get_request(ci_token, alice_bearer)));
        const auto answer = connection.receive();
        REQUIRE(answer);
        REQUIRE(answer->status == 200);
        latencies.push_back(elapsed_ms(start));
    }
    INFO("p50 " << percentile(latencies, 50) << " ms, p99 " << percentile(latencies, 99));
    CHECK(percentile(latencies, 50) < 5.0);
}

TEST_CASE("hardening: a 256 MiB chunked body gets 413 without the memory being spent",
          "[service][load]") {
    const scratch_dir dir;
    service running(dir, JSONPATCH_PAT_SEED);
    const long peak_before = proc_status_kib(running.process().pid(), "VmHWM");
    raw_connection connection(running.port());
    REQUIRE(connection.send("PATCH " + token_path + ci_token + " HTTP/1.1\r\nHost: x\r\n" +
                            auth(alice_bearer) +
                            "Content-Type: application/json-patch+json\r\n"
                            "Transfer-Encoding: chunked\r\n\r\n"));
    const std::string mebibyte(1024 * 1024, 'x');
    const std::string chunk = "100000\r\n" + mebibyte + "\r\n";
    // The service answers after the second chunk and drops the rest; sending may stop early
    // once it closes.
    for (int i = 0; i < 256 && connection.send(chunk); ++i) {
    }
    const auto answer = connection.receive();
    REQUIRE(answer);
    CHECK(is_error_body(*answer, 413));
    const long peak_after = proc_status_kib(running.process().pid(), "VmHWM");
    INFO("peak RSS " << peak_before << " KiB -> " << peak_after << " KiB");
    CHECK(peak_after - peak_before < 32 * 1024);
    CHECK(fetch_token(running.port(), ci_token)["name"] == "ci-pipeline");

    // Content-Length over the cap is refused before any body byte is read.
    const auto declared =
        request_once(running.port(), "PATCH " + token_path + ci_token + " HTTP/1.1\r\nHost: x\r\n" +
                                         auth(alice_bearer) + "Content-Length: 268435456\r\n\r\n");
    REQUIRE(declared);
    CHECK(is_error_body(*declared, 413));
}

TEST_CASE("hardening: 32 slowloris connections do not stall a normal client", "[service][load]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt,
                          {"--threads", "8", "--request-timeout", "3", "--rate-limit", "0"});
    std::vector<raw_connection> slow;
    for (int i = 0; i < 32; ++i) {
        slow.emplace_back(running.port());
        REQUIRE(slow.back().send("GET " + token_path + ci_token + " HTTP/1.1\r\nHost: x\r\n"));
    }
    double worst = 0;
    const auto start = steady_clock::now();
    for (int round = 0; elapsed_ms(start) < 2500 && round < 100; ++round) {
        for (auto& c : slow) {
            (void)c.send("X-Slow: " + std::to_string(round) + "\r\n"); // one header line each
        }
        const auto sent = steady_clock::now();
        const auto answer = request_once(running.port(), get_request(ci_token, alice_bearer));
        worst = std::max(worst, elapsed_ms(sent));
        REQUIRE(answer);
        CHECK(answer->status == 200);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    INFO("slowest normal request: " << worst << " ms");
    CHECK(worst < 2000);
    // The per-request deadline ends the trickle: 408, then the connection closes.
    const auto timed_out = slow.front().receive();
    REQUIRE(timed_out);
    CHECK(is_error_body(*timed_out, 408));
}

TEST_CASE("hardening: oversized heads get 414 and 431, framing tricks 400, 415, 417 and 501",
          "[service][load]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt, {"--rate-limit", "0"});
    const int port = running.port();

    SECTION("100,000 header fields") {
        raw_connection connection(port);
        std::string head = "GET " + token_path + ci_token + " HTTP/1.1\r\nHost: x\r\n";
        REQUIRE(connection.send(head));
        std::string fields;
        for (int i = 0; i < 100000; ++i) {
            fields += "X-Field-" + std::to_string(i) + ": v\r\n";
        }
        (void)connection.send(fields + "\r\n"); // may stop once the service has answered
        const auto answer = connection.receive();
        REQUIRE(answer);
        CHECK(is_error_body(*answer, 431));
    }
    SECTION("one header line of 64 KiB") {
        const auto answer =
            request_once(port, get_request(ci_token, alice_bearer,
                                           "X-Big: " + std::string(64 * 1024, 'b') + "\r\n"));
        REQUIRE(answer);
        CHECK(is_error_body(*answer, 431));
    }
    SECTION("a 100 KB URL") {
        const auto answer =
            request_once(port, get_request(std::string(100 * 1000, 'u'), alice_bearer));
        REQUIRE(answer);
        CHECK(is_error_body(*answer, 414));
    }
    struct trick {
        std::string headers;
        int status;
    };
    for (const auto& [headers, status] :
         std::vector<trick>{{"Content-Encoding: gzip\r\n", 415},
                            {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400},
                            {"Transfer-Encoding: gzip, chunked\r\n", 501},
                            {"Content-Length: 5\r\nContent-Length: 6\r\n", 400},
                            {"Expect: something-else\r\n", 417},
                            {"Bad Header : x\r\n", 400}}) {
        INFO(headers);
        const auto answer = request_once(port, "PATCH " + token_path + ci_token + " HTTP/1.1\r\n" +
                                                   auth(alice_bearer) + headers + "\r\n");
        REQUIRE(answer);
        CHECK(is_error_body(*answer, status));
    }
    const auto brew = request_once(port, http_request("BREW", token_path + ci_token, ""));
    REQUIRE(brew);
    CHECK(is_error_body(*brew, 501));
    CHECK(fetch_token(port, ci_token)["name"] == "ci-pipeline");
}

TEST_CASE("hardening: Expect 100-continue gets 100 before the body, and a pipelined pair works",
          "[service][load]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED);
    raw_connection connection(running.port());
    const std::string body = rename_body("continued");
    REQUIRE(connection.send("PATCH " + token_path + ci_token + " HTTP/1.1\r\nHost: x\r\n" +
                            auth(alice_bearer) +
                            "Content-Type: application/json-patch+json\r\nExpect: 100-continue\r\n"
                            "Content-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n"));
    const auto interim = connection.receive();
    REQUIRE(interim);
    CHECK(interim->status == 100);
    REQUIRE(connection.send(body));
    const auto final_answer = connection.receive();
    REQUIRE(final_answer);
    CHECK(final_answer->status == 200);

    REQUIRE(connection.send(get_request(ci_token, alice_bearer) +
                            get_request(laptop_token, alice_bearer)));
    const auto first = connection.receive();
    const auto second = connection.receive();
    REQUIRE(first);
    REQUIRE(second);
    CHECK(json::parse(first->body)["name"] == "continued");
    CHECK(json::parse(second->body)["name"] == "laptop-cli");
}

TEST_CASE("hardening: 64 clients connecting at once are all served without resets",
          "[service][load]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt, {"--rate-limit", "0"});
    std::vector<std::future<int>> clients;
    for (int i = 0; i < 64; ++i) {
        clients.push_back(std::async(std::launch::async, [&running] {
            const auto answer = request_once(running.port(), get_request(ci_token, alice_bearer));
            return answer ? answer->status : -1;
        }));
    }
    for (auto& client : clients) {
        CHECK(client.get() == 200);
    }
}
