// SPDX-License-Identifier: MIT
// Hostile input and load against the real pat_service binary over loopback (issue #13): every
// loop is bounded in count and time, and every connection goes to 127.0.0.1.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <sqlite3.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
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

// ---- issue #25: descriptors, silent connections and a store that does not answer --------------

namespace {

// CPU seconds (user + system) the process has used.
[[nodiscard]] double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the command name, which ends with the last ')': state is field 3, utime 14.
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int index = 3; index <= 15 && fields >> field; ++index) {
        if (index == 14 || index == 15) {
            ticks += std::stod(field);
        }
    }
    return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// The share of one core the process uses over `span`.
[[nodiscard]] double cpu_share(pid_t pid, std::chrono::milliseconds span) {
    const double before = cpu_seconds(pid);
    std::this_thread::sleep_for(span);
    return (cpu_seconds(pid) - before) / std::chrono::duration<double>(span).count();
}

[[nodiscard]] std::size_t open_descriptors(pid_t pid) {
    std::size_t count = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
        (void)entry;
        ++count;
    }
    return count;
}

// Connections that have sent half a request line, so none of them may be evicted.
[[nodiscard]] std::vector<raw_connection> half_requests(int port, int count) {
    std::vector<raw_connection> out;
    for (int i = 0; i < count; ++i) {
        out.emplace_back(port, std::chrono::seconds(2));
        (void)out.back().send("GET /personal-access-tokens HTTP/1.1\r\n");
    }
    return out;
}

// Holds SQLite's write lock on `path` from this process, as another program would.
class sqlite_writer {
  public:
    explicit sqlite_writer(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK ||
            sqlite3_exec(db_, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) != SQLITE_OK) {
            throw std::runtime_error("cannot lock " + path);
        }
    }
    sqlite_writer(const sqlite_writer&) = delete;
    sqlite_writer& operator=(const sqlite_writer&) = delete;
    ~sqlite_writer() { release(); }
    void release() {
        if (db_ != nullptr) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            sqlite3_close(db_);
            db_ = nullptr;
        }
    }

  private:
    sqlite3* db_ = nullptr;
};

// Asks `request` on a fresh connection; the status, or -1, and how long the answer took.
struct timed_answer {
    int status = -1;
    double ms = 0;
    std::string retry_after;
};
[[nodiscard]] timed_answer timed(int port, const std::string& request) {
    const auto start = steady_clock::now();
    const auto answer = request_once(port, request);
    return {answer ? answer->status : -1, elapsed_ms(start),
            answer ? answer->header("retry-after") : std::string()};
}

} // namespace

TEST_CASE("regression #25: --max-connections beyond the descriptor limit is refused at start, "
          "naming the limit",
          "[service][load][regression][descriptors]") {
    const scratch_dir dir;
    child_setup low;
    low.max_files = 128;
    child_process process(
        service_binary(),
        {"--port", "0", "--seed", JSONPATCH_PAT_SEED, "--max-connections", "1000"},
        dir.file("stderr.txt"), low);
    CHECK_FALSE(process.read_line().has_value());
    CHECK(process.wait_for_exit() == 2);
    const std::string why = slurp(dir.file("stderr.txt")).value_or("");
    INFO(why);
    CHECK(why.find("RLIMIT_NOFILE") != std::string::npos);
    CHECK(why.find("128") != std::string::npos);
}

TEST_CASE("regression #25: at the descriptor limit accept backs off instead of spinning, and the "
          "service recovers",
          "[service][load][regression][descriptors]") {
    const scratch_dir dir;
    SECTION("a low limit at start: the default cap fits under it") {
        child_setup low;
        low.max_files = 160;
        service running(dir, JSONPATCH_PAT_SEED, std::nullopt, {"--rate-limit", "0"}, low);
        auto held = half_requests(running.port(), 200);
        const double share = cpu_share(running.process().pid(), std::chrono::milliseconds(1500));
        INFO("CPU " << share * 100 << " % of a core with 200 half requests and 160 descriptors");
        CHECK(share < 0.1);
        held.clear();
        CHECK(fetch_token(running.port(), ci_token)["name"] == "ci-pipeline");
    }
    SECTION("the limit lowered while it runs") {
        service running(dir, JSONPATCH_PAT_SEED, std::nullopt, {"--rate-limit", "0"});
        const pid_t pid = running.process().pid();
        REQUIRE(fetch_token(running.port(), ci_token)["name"] == "ci-pipeline");
        rlimit tight{};
        tight.rlim_cur = static_cast<rlim_t>(open_descriptors(pid) + 6);
        tight.rlim_max = 20000;
        REQUIRE(::prlimit(pid, RLIMIT_NOFILE, &tight, nullptr) == 0);
        auto held = half_requests(running.port(), 40);
        const double share = cpu_share(pid, std::chrono::milliseconds(1500));
        INFO("CPU " << share * 100 << " % of a core at EMFILE");
        CHECK(share < 0.1);
        held.clear();
        tight.rlim_cur = 20000;
        REQUIRE(::prlimit(pid, RLIMIT_NOFILE, &tight, nullptr) == 0);
        const auto deadline = steady_clock::now() + std::chrono::seconds(5);
        nlohmann::json token;
        while (steady_clock::now() < deadline && token.is_null()) {
            token = fetch_token(running.port(), ci_token);
        }
        CHECK(token["name"] == "ci-pipeline");
        const auto metrics = request_once(running.port(), http_request("GET", "/metrics", ""));
        REQUIRE(metrics);
        CHECK(metrics->body.find("pat_service_accept_errors_total 0\n") == std::string::npos);
        CHECK(running.stderr_text().find("\"event\":\"accept_failed\"") != std::string::npos);
    }
}

TEST_CASE("regression #25: silent connections neither keep their slot long nor lock clients out "
          "at the cap",
          "[service][load][regression][connections]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt,
                          {"--max-connections", "20", "--rate-limit", "0"});
    std::vector<raw_connection> silent;
    for (int i = 0; i < 20; ++i) {
        silent.emplace_back(running.port(), std::chrono::seconds(4));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // At the cap, a never-used connection gives its slot to the client that has something to ask.
    for (int i = 0; i < 5; ++i) {
        const auto answer = timed(running.port(), get_request(ci_token, alice_bearer));
        INFO("request " << i << ": " << answer.ms << " ms");
        CHECK(answer.status == 200);
        CHECK(answer.ms < 1000);
    }
    // The others are closed after the first-byte timeout (2 s by default), not kept for 5 s.
    const auto start = steady_clock::now();
    std::size_t closed = 0;
    for (auto& c : silent) {
        closed += c.closed_by_peer() ? 1U : 0U;
    }
    INFO(closed << " closed after " << elapsed_ms(start) << " ms");
    CHECK(closed == silent.size());
    CHECK(elapsed_ms(start) < 3500);
}

TEST_CASE("regression #25: while every writer thread waits for a locked database, reads and "
          "requests that need no store answer at once, and a full queue is 503",
          "[service][load][regression][store]") {
    const scratch_dir dir;
    const std::string data = dir.file("tokens.db");
    SECTION("store threads busy") {
        const service running(dir, JSONPATCH_PAT_SEED, data,
                              {"--threads", "2", "--rate-limit", "0"});
        const int port = running.port();
        sqlite_writer writer(data);
        std::vector<std::future<timed_answer>> writes;
        for (int i = 0; i < 12; ++i) {
            writes.push_back(std::async(std::launch::async, [port, i] {
                return timed(port, patch_request(ci_token, alice_bearer,
                                                 rename_body("w" + std::to_string(i))));
            }));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        // Reads run on threads of their own: they never queue behind PATCHes that wait for the
        // write lock (and SQLite's readers do not wait for it either).
        for (const std::string& probe :
             {http_request("GET", "/healthz", ""), http_request("GET", "/metrics", ""),
              http_request("GET", "/nowhere", ""), get_request(ci_token, "wrong-bearer"),
              get_request("%ff", alice_bearer), http_request("OPTIONS", token_path + ci_token, ""),
              get_request(laptop_token, alice_bearer)}) {
            const auto answer = timed(port, probe);
            INFO(probe.substr(0, probe.find('\r'))
                 << ": " << answer.status << " in " << answer.ms << " ms");
            CHECK(answer.status > 0);
            CHECK(answer.status != 503);
            CHECK(answer.ms < 500);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        writer.release();
        for (auto& write : writes) {
            const auto answer = write.get();
            INFO(answer.status << " in " << answer.ms << " ms");
            CHECK((answer.status == 200 || answer.status == 503));
            if (answer.status == 503) {
                CHECK(answer.retry_after == "1");
            }
        }
    }
    SECTION("a full queue answers 503 at once") {
        const service running(dir, JSONPATCH_PAT_SEED, data,
                              {"--write-threads", "1", "--max-queue", "1", "--rate-limit", "0"});
        const int port = running.port();
        sqlite_writer writer(data);
        // One running, then one waiting for the only store thread.
        std::vector<std::future<timed_answer>> writes;
        for (const char* gauge : {"\npat_service_store_calls_running{kind=\"write\"} 1\n",
                                  "\npat_service_store_queue_depth{kind=\"write\"} 1\n"}) {
            writes.push_back(std::async(std::launch::async, [port] {
                return timed(port, patch_request(ci_token, alice_bearer, rename_body("queued")));
            }));
            const auto until = steady_clock::now() + std::chrono::seconds(3);
            std::string metrics;
            while (steady_clock::now() < until && metrics.find(gauge) == std::string::npos) {
                const auto answer = request_once(port, http_request("GET", "/metrics", ""));
                metrics = answer ? answer->body : "";
            }
            REQUIRE(metrics.find(gauge) != std::string::npos);
        }
        const auto refused =
            timed(port, patch_request(ci_token, alice_bearer, rename_body("full")));
        INFO(refused.ms << " ms");
        CHECK(refused.status == 503);
        CHECK(refused.retry_after == "1");
        CHECK(refused.ms < 500);
        writer.release();
        for (auto& write : writes) {
            const auto answer = write.get();
            INFO("queued write: " << answer.status << " in " << answer.ms << " ms");
            CHECK(answer.status > 0);
        }
    }
}

TEST_CASE("regression #25: at the connection cap, requests that trickle give way (408) to a client "
          "that has one to ask",
          "[service][load][regression][connections]") {
    const scratch_dir dir;
    const service running(
        dir, JSONPATCH_PAT_SEED, std::nullopt,
        {"--max-connections", "10", "--rate-limit", "0", "--request-timeout", "3"});
    std::vector<raw_connection> slow;
    for (int i = 0; i < 10; ++i) {
        slow.emplace_back(running.port(), std::chrono::seconds(5));
        REQUIRE(slow.back().send("GET " + token_path + ci_token + " HTTP/1.1\r\nHost: x\r\n"));
    }
    const auto start = steady_clock::now();
    double worst = 0;
    int cut = 0;
    for (int round = 0; round < 6; ++round) {
        for (auto& c : slow) {
            (void)c.send("X-Slow: " + std::to_string(round) + "\r\n");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        if (elapsed_ms(start) > 1200) {
            const auto answer = timed(running.port(), get_request(ci_token, alice_bearer));
            INFO("round " << round << ": " << answer.status << " in " << answer.ms << " ms");
            CHECK(answer.status == 200);
            worst = std::max(worst, answer.ms);
            ++cut;
        }
    }
    CHECK(cut >= 2);
    CHECK(worst < 1000);
    // Every trickling connection is told why it ends (408), cut short or at its deadline.
    int timed_out = 0;
    for (auto& c : slow) {
        const auto answer = c.receive();
        timed_out += answer && is_error_body(*answer, 408) ? 1 : 0;
    }
    CHECK(timed_out == 10);
}

TEST_CASE("hardening: 301 pipelined requests in one write are answered in order",
          "[service][load][pipelining]") {
    const scratch_dir dir;
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt, {"--rate-limit", "0"});
    raw_connection c(running.port());
    std::string burst;
    for (int i = 0; i < 301; ++i) {
        burst += get_request(i % 2 == 0 ? ci_token : laptop_token, alice_bearer);
    }
    REQUIRE(c.send(burst));
    for (int i = 0; i < 301; ++i) {
        const auto answer = c.receive();
        REQUIRE(answer);
        REQUIRE(answer->status == 200);
        CHECK(json::parse(answer->body)["id"] == (i % 2 == 0 ? ci_token : laptop_token));
    }
}

TEST_CASE("regression #25: the default connection cap is sized to memory, not a fixed 256",
          "[service][load][regression][connections]") {
    const scratch_dir dir;
    // 64 KiB bodies: at most about 160 KiB per connection, so even 1 GiB of memory holds 1,600.
    const service running(dir, JSONPATCH_PAT_SEED, std::nullopt,
                          {"--max-body", "65536", "--rate-limit", "0"});
    std::vector<raw_connection> held;
    for (int i = 0; i < 400; ++i) {
        held.emplace_back(running.port(), std::chrono::seconds(5));
        REQUIRE(held.back().send("GET /healthz HTTP/1.1\r\nHost: x\r\n")); // half a request
    }
    // A slot is free for one more at once (a fixed 256 would leave it in the backlog).
    const auto answer = timed(running.port(), get_request(ci_token, alice_bearer));
    INFO("answered " << answer.status << " in " << answer.ms << " ms");
    CHECK(answer.status == 200);
    CHECK(answer.ms < 500);
    const auto metrics = request_once(running.port(), http_request("GET", "/metrics", ""));
    REQUIRE(metrics);
    const auto at = metrics->body.find("\npat_service_open_connections ");
    REQUIRE(at != std::string::npos);
    const long open = std::stol(metrics->body.substr(at + 30));
    INFO(open << " open connections");
    CHECK(open >= 401);
}
