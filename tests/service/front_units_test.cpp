// SPDX-License-Identifier: MIT
// The PAT service's HTTP-side pieces on their own, without sockets: request targets and token
// ids, the HTTP/1.1 rules added to Beast's parser, the rate limits, the store pool, the
// configuration, the metrics and the access log.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <future>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "access_log.hpp"
#include "http_rules.hpp"
#include "rate_limiter.hpp"
#include "request_target.hpp"
#include "service_config.hpp"
#include "service_metrics.hpp"
#include "store_pool.hpp"

using namespace pat_service;
namespace bhttp = boost::beast::http;

namespace {

// A parsed request header as Beast would give it: `lines` are "Name: value" entries.
request_header header_of(const std::string& method, const std::string& target,
                         const std::vector<std::pair<std::string, std::string>>& fields,
                         unsigned version = 11) {
    request_header header;
    header.method_string(method);
    header.target(target);
    header.version(version);
    for (const auto& [name, value] : fields) {
        header.insert(name, value);
    }
    return header;
}

// The status check_header refuses with, or 0 when it lets the header through.
int refused_with(const request_header& header, const http_limits& limits = {}) {
    header_facts facts;
    const auto why = check_header(header, limits, facts);
    return why ? why->status : 0;
}

} // namespace

TEST_CASE("request target: origin and absolute forms give the path; the query may hold '?'",
          "[service][front][target]") {
    CHECK(target_path("/a/b?x=1?y") == std::optional<std::string_view>("/a/b"));
    CHECK(target_path("/") == std::optional<std::string_view>("/"));
    CHECK(target_path("http://host:8080/a/b?q") == std::optional<std::string_view>("/a/b"));
    CHECK(target_path("HTTPS://host") == std::optional<std::string_view>("/"));
    CHECK(target_path("http://host?q") == std::optional<std::string_view>("/"));
    CHECK(target_path("*") == std::optional<std::string_view>("*"));
    for (const char* bad : {"", "host:443", "ftp://host/a", "http:///a", "/a#frag", "a/b"}) {
        INFO(bad);
        CHECK_FALSE(target_path(bad));
    }
}

TEST_CASE("request target: percent-decoding takes %XX only, never %uXXXX",
          "[service][front][target]") {
    CHECK(percent_decode("a%2Fb%41") == std::optional<std::string>("a/bA"));
    CHECK(percent_decode("%00") == std::optional<std::string>(std::string(1, '\0')));
    for (const char* bad : {"%", "%4", "%zz", "%u0041", "a%g1"}) {
        INFO(bad);
        CHECK_FALSE(percent_decode(bad));
    }
}

TEST_CASE("request target: a token id is well-formed UTF-8 without controls, 1 to 256 bytes",
          "[service][front][target]") {
    CHECK(is_token_id("5a8e4c1b-0b7e-4d2a-9f3c-1e2d3c4b5a61"));
    CHECK(is_token_id("\xc3\xa9t\xc3\xa9")); // été
    CHECK(is_token_id("\xf0\x9f\x98\x80"));  // U+1F600
    CHECK(is_token_id(std::string(max_token_id_bytes, 'x')));
    for (const std::string& bad :
         {std::string(), std::string("."), std::string(".."),
          std::string(max_token_id_bytes + 1, 'x'), std::string("a\0b", 3), std::string("a\x7f"),
          std::string("\xc2\x85"),         // C1 (NEL)
          std::string("\xc3\x28"),         // bad continuation
          std::string("\xc0\xaf"),         // overlong '/'
          std::string("\xe0\x80\xaf"),     // overlong
          std::string("\xed\xa0\x80"),     // surrogate
          std::string("\xf4\x90\x80\x80"), // past U+10FFFF
          std::string("\xff"), std::string("\xe2\x82")}) {
        INFO(bad);
        CHECK_FALSE(is_token_id(bad));
    }
}

TEST_CASE("request target: routes by decoded segments", "[service][front][target]") {
    CHECK(match_route("/personal-access-tokens").route == route_id::collection);
    CHECK(match_route("/personal-%61ccess-tokens").route == route_id::collection);
    const auto token = match_route("/personal-access-tokens/%35a");
    CHECK(token.route == route_id::token);
    CHECK(token.token_id == std::optional<std::string>("5a"));
    const auto malformed = match_route("/personal-access-tokens/%ff");
    CHECK(malformed.route == route_id::token);
    CHECK_FALSE(malformed.token_id);
    // An encoded slash is data within the segment (RFC 3986 §2.2), not a separator.
    CHECK(match_route("/personal-access-tokens/a%2Fb").token_id ==
          std::optional<std::string>("a/b"));
    for (const char* other :
         {"/", "/personal-access-tokens/", "/personal-access-tokens/a/b",
          "//personal-access-tokens", "/personal-access-tokens%2Fa", "/healthz/", "/HEALTHZ"}) {
        INFO(other);
        CHECK(match_route(other).route == route_id::unmatched);
    }
    CHECK(match_route("/healthz").route == route_id::healthz);
    CHECK(match_route("/readyz").route == route_id::readyz);
    CHECK(match_route("/metrics").route == route_id::metrics);
}

TEST_CASE("http rules: framing a proxy could read differently is refused",
          "[service][front][rules]") {
    const std::pair<std::string, std::string> host{"Host", "x"};
    CHECK(refused_with(header_of("GET", "/", {host})) == 0);
    CHECK(refused_with(header_of("PATCH", "/", {host, {"Content-Length", "5"}})) == 0);
    CHECK(refused_with(header_of("PATCH", "/", {host, {"Transfer-Encoding", " Chunked "}})) == 0);
    struct probe {
        std::vector<std::pair<std::string, std::string>> fields;
        int status;
    };
    for (const auto& [fields, status] : std::vector<probe>{
             {{host, {"Content-Length", "5"}, {"Content-Length", "5"}}, 400},
             {{host, {"Content-Length", "5, 5"}}, 400},
             {{host, {"Content-Length", "+5"}}, 400},
             {{host, {"Transfer-Encoding", "gzip, chunked"}}, 501},
             {{host, {"Transfer-Encoding", "chunked, gzip"}}, 501},
             {{host, {"Content-Encoding", "identity"}, {"Content-Encoding", "gzip"}}, 415},
             {{host, {"Expect", "100-continue"}, {"Expect", "100-continue"}}, 417},
             {{host, {"Expect", "something"}}, 417},
             {{}, 400},
             {{host, host}, 400},
             {{{"Host", "a b"}}, 400},
         }) {
        INFO(fields.size() << " fields, expecting " << status);
        CHECK(refused_with(header_of("PATCH", "/", fields)) == status);
    }
    // HTTP/1.0: no Host needed, but no Transfer-Encoding either.
    CHECK(refused_with(header_of("GET", "/", {}, 10)) == 0);
    CHECK(refused_with(header_of("PATCH", "/", {{"Transfer-Encoding", "chunked"}}, 10)) == 400);
}

TEST_CASE("http rules: methods, targets and caps", "[service][front][rules]") {
    const std::pair<std::string, std::string> host{"Host", "x"};
    CHECK(refused_with(header_of("BREW", "/", {host})) == 501);
    CHECK(refused_with(header_of("get", "/", {host})) == 501); // methods are case-sensitive
    CHECK(refused_with(header_of("OPTIONS", "*", {host})) == 0);
    CHECK(refused_with(header_of("GET", "*", {host})) == 400);
    CHECK(refused_with(header_of("CONNECT", "host:443", {host})) == 400);
    http_limits limits;
    limits.max_request_line = 64;
    limits.max_header_count = 3;
    limits.max_header_line = 32;
    CHECK(refused_with(header_of("GET", "/" + std::string(64, 'u'), {host}), limits) == 414);
    CHECK(refused_with(header_of("GET", "/", {host, {"A", "1"}, {"B", "2"}, {"C", "3"}}), limits) ==
          431);
    // "A: " and 30 bytes is one more than 32.
    CHECK(refused_with(header_of("GET", "/", {host, {"A", std::string(30, 'a')}}), limits) == 431);
    CHECK(refused_with(header_of("GET", "/", {host, {"A", std::string(29, 'a')}}), limits) == 0);
}

TEST_CASE("http rules: Beast's parse errors map to 400, 413, 414, 431 and 505",
          "[service][front][rules]") {
    const http_limits limits;
    const std::string long_line = "GET /" + std::string(9000, 'u');
    CHECK(refusal_for(bhttp::error::header_limit, long_line, false, limits).status == 414);
    CHECK(refusal_for(bhttp::error::header_limit, "GET / HTTP/1.1\r\nA: b", false, limits).status ==
          431);
    CHECK(refusal_for(bhttp::error::header_limit, "A: b", true, limits).status == 431);
    CHECK(refusal_for(bhttp::error::body_limit, "", true, limits).status == 413);
    CHECK(refusal_for(bhttp::error::bad_version, "GET / HTTP/2.0\r\n", false, limits).status ==
          505);
    CHECK(refusal_for(bhttp::error::bad_version, "GET / HTTP/1.x\r\n", false, limits).status ==
          400);
    CHECK(refusal_for(bhttp::error::bad_field, "", false, limits).status == 400);
}

TEST_CASE("http rules: obs-fold is found across reads and only in the header section",
          "[service][front][rules]") {
    const std::string folded = "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n";
    const std::size_t step = GENERATE(1U, 2U, 3U, 7U, 100U);
    std::size_t scanned = 0;
    bool end = false;
    bool found = false;
    for (std::size_t size = step; !found && size < folded.size() + step; size += step) {
        found = has_folded_line(std::string_view(folded).substr(0, size), scanned, end);
    }
    CHECK(found);
    // A body that happens to hold CRLF SP after the header section is not a fold.
    const std::string body = "PATCH / HTTP/1.1\r\nHost: x\r\n\r\nline\r\n indented";
    scanned = 0;
    end = false;
    CHECK_FALSE(has_folded_line(body, scanned, end));
    CHECK(end);
}

TEST_CASE("rate limits: a bucket refills at its rate and says how long to wait",
          "[service][front][rate]") {
    rate_limiter limiter(2);
    const auto start = rate_clock::now();
    CHECK_FALSE(limiter.admit(7, start));
    CHECK_FALSE(limiter.admit(7, start));
    const auto wait = limiter.admit(7, start);
    REQUIRE(wait);
    CHECK(*wait == 1);
    CHECK_FALSE(limiter.admit(8, start)); // another key has its own bucket
    CHECK_FALSE(limiter.admit(7, start + std::chrono::milliseconds(600)));
    CHECK(rate_limiter(0).admit(7, start) == std::nullopt); // 0: off
}

TEST_CASE("rate limits: the failed-authentication budget is per address, IPv6 per /64, and "
          "fails closed when its table is full",
          "[service][front][rate]") {
    auth_failure_budget budget(2, 3);
    const auto now = rate_clock::now();
    CHECK_FALSE(budget.check("192.0.2.1", now));
    budget.charge("192.0.2.1", now);
    budget.charge("192.0.2.1", now);
    CHECK(budget.check("192.0.2.1", now));
    CHECK(budget.check("::ffff:192.0.2.1", now)); // the same IPv4 client
    CHECK_FALSE(budget.check("192.0.2.2", now));
    budget.charge("2001:db8:1:2::1", now);
    budget.charge("2001:db8:1:2:ffff::9", now); // the same /64
    CHECK(budget.check("2001:db8:1:2::77", now));
    CHECK_FALSE(budget.check("2001:db8:1:3::1", now));
    // Three addresses are tracked and none has refilled: a fourth is refused.
    budget.charge("198.51.100.7", now);
    CHECK(budget.check("203.0.113.9", now));
    // Two seconds later they have refilled and make room.
    CHECK_FALSE(budget.check("203.0.113.9", now + std::chrono::seconds(2)));
    CHECK_FALSE(budget.check("192.0.2.1", now + std::chrono::seconds(2)));
}

TEST_CASE("store pool: a bounded queue, expired work told so, and a stop that does not wait "
          "for a stuck call",
          "[service][front][pool]") {
    store_pool pool(1, 1, std::chrono::milliseconds(50));
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<int> ran{0};
    std::atomic<int> expired{0};
    std::promise<void> started;
    REQUIRE(pool.try_submit([&](bool) {
        started.set_value();
        released.wait();
        ++ran;
    }));
    started.get_future().wait();
    REQUIRE(pool.try_submit([&](bool late) { late ? ++expired : ++ran; }));
    CHECK_FALSE(pool.try_submit([](bool) {})); // the queue holds one
    CHECK(pool.queued() == 1);
    CHECK(pool.running() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    // The first call is stuck: stopping gives up at the deadline instead of waiting for it.
    CHECK_FALSE(pool.stop_within(std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
    release.set_value();
    CHECK(pool.stop_within(std::chrono::steady_clock::now() + std::chrono::seconds(5)));
    CHECK(ran == 1);
    CHECK(expired == 1); // it waited longer than 50 ms
    CHECK_FALSE(pool.try_submit([](bool) {}));
}

TEST_CASE("configuration: every option from the command line or PAT_SERVICE_<OPTION>",
          "[service][front][config]") {
    SECTION("the environment fills what the command line does not say") {
        const auto config = parse_configuration(
            {"--port", "8080"},
            {"PATH=/bin", "PAT_SERVICE_STORE_TIMEOUT=750", "PAT_SERVICE_REQUIRE_IF_MATCH=yes",
             "PAT_SERVICE_DATA=/tmp/t.db", "PAT_SERVICE_RATE_LIMIT=", "PAT_SERVICE_TRUST_PROXY=off",
             "PAT_SERVICE_SEED=/tmp/seed.json", "PAT_SERVICE_WRITE_THREADS=3"});
        REQUIRE(config);
        CHECK(config->server.port == 8080);
        CHECK(config->store_timeout == std::chrono::milliseconds(750));
        CHECK(config->seed == "/tmp/seed.json");
        CHECK(config->write_threads == 3);
        CHECK(config->routes.require_if_match);
        CHECK(config->store == "sqlite:/tmp/t.db");
        CHECK(config->routes.rate_limit == 1000); // empty: unset
        CHECK_FALSE(config->server.trust_proxy);
    }
    SECTION(
        "--seed is optional (a store that exists needs none); --store-timeout defaults to 2 s") {
        const auto config = parse_configuration({"--port", "1", "--data", "/tmp/t.db"}, {});
        REQUIRE(config);
        CHECK(config->seed.empty());
        CHECK(config->store_timeout == std::chrono::milliseconds(2000));
    }
    SECTION("the command line wins, a group included") {
        const auto config = parse_configuration(
            {"--port", "1", "--store", "memory:", "--rate-limit", "0"},
            {"PAT_SERVICE_PORT=2", "PAT_SERVICE_DATA=/tmp/t.db", "PAT_SERVICE_RATE_LIMIT=9"});
        REQUIRE(config);
        CHECK(config->server.port == 1);
        CHECK(config->store == "memory:");
        CHECK(config->routes.rate_limit == 0);
    }
    SECTION("what is refused") {
        const std::vector<std::pair<std::vector<std::string_view>, std::vector<std::string_view>>>
            refused = {
                {{}, {}},                                                   // no port
                {{"--port", "1", "--port", "2"}, {}},                       // twice
                {{"--port", "1", "--data", "a", "--store", "memory:"}, {}}, // a group twice
                {{"--port"}, {}},                                           // no value
                {{"--port", "x"}, {}},
                {{"--port", "1", "--verbose"}, {}},
                {{"--port", "1"}, {"PAT_SERVICE_DATA=a", "PAT_SERVICE_STORE=memory:"}},
                {{"--port", "1"}, {"PAT_SERVICE_REQUIRE_IF_MATCH=maybe"}},
                {{}, {"PAT_SERVICE_PORT=tcp://10.0.0.1:80"}},
                {{"--port", "1", "--store", "mysql://x"}, {}},
                {{"--port", "1", "--store-timeout", "5"}, {}}, // below 10 ms
                {{"--port", "1"}, {"PAT_SERVICE_STORE_TIMEOUT=soon"}},
            };
        for (const auto& [args, environment] : refused) {
            INFO(args.size() << " arguments, " << environment.size() << " variables");
            CHECK_FALSE(parse_configuration(args, environment));
        }
    }
    SECTION("an unknown PAT_SERVICE_ variable is only warned about") {
        CHECK(parse_configuration({"--port", "1"}, {"PAT_SERVICE_SERVICE_HOST=10.0.0.1"}));
    }
    SECTION("--help names every variable") {
        const std::string help = usage_text();
        for (const char* option :
             {"--port", "--seed", "--store-timeout", "--write-threads", "--require-if-match",
              "--max-requests-per-connection", "--trust-proxy"}) {
            INFO(option);
            CHECK(help.find(option) != std::string::npos);
            CHECK(help.find(environment_name(option)) != std::string::npos);
        }
        CHECK(environment_name("--store-timeout") == "PAT_SERVICE_STORE_TIMEOUT");
    }
}

TEST_CASE("metrics: Prometheus text with cumulative buckets and fixed labels",
          "[service][front][metrics]") {
    service_metrics metrics;
    metrics.count_request(route_id::token, 200, std::chrono::microseconds(300));
    metrics.count_request(route_id::token, 200, std::chrono::milliseconds(2));
    metrics.count_request(route_id::unmatched, 404, std::chrono::seconds(20));
    metrics.count_store_error(store_operation::patch);
    metrics.connection_opened();
    const std::string text = metrics.render({3, 1, 2, 4, 5});
    INFO(text);
    for (const char* line :
         {"pat_service_requests_total{route=\"/personal-access-tokens/{id}\",status=\"200\"} 2\n",
          "pat_service_requests_total{route=\"unmatched\",status=\"404\"} 1\n",
          "pat_service_request_duration_seconds_bucket{route=\"/personal-access-tokens/{id}\","
          "le=\"0.0005\"} 1\n",
          "pat_service_request_duration_seconds_bucket{route=\"/personal-access-tokens/{id}\","
          "le=\"0.0025\"} 2\n",
          "pat_service_request_duration_seconds_bucket{route=\"unmatched\",le=\"10\"} 0\n",
          "pat_service_request_duration_seconds_bucket{route=\"unmatched\",le=\"+Inf\"} 1\n",
          "pat_service_store_errors_total{operation=\"patch\"} 1\n",
          "pat_service_store_queue_depth{kind=\"read\"} 3\n",
          "pat_service_store_queue_depth{kind=\"write\"} 2\n",
          "pat_service_store_calls_running{kind=\"read\"} 1\n",
          "pat_service_store_calls_running{kind=\"write\"} 4\n",
          "pat_service_log_lines_dropped_total 5\n", "pat_service_open_connections 1\n"}) {
        CHECK(text.find(line) != std::string::npos);
    }
}

TEST_CASE("access log: one escaped JSON line per request, dropped rather than blocking",
          "[service][front][log]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    {
        access_log log(fds[1], 400);
        access_record record;
        record.method = "GET";
        record.route = "/healthz";
        record.status = 200;
        record.tracking_id = "t-1";
        record.identity = "quote\" and \\ and \n";
        record.client = "127.0.0.1";
        log.request(record);
        log.flush(std::chrono::seconds(5));
        std::string big(500, 'x');
        log.event("error", big); // longer than the whole buffer: dropped, not written
        CHECK(log.dropped() == 1);
    }
    ::close(fds[1]);
    std::string text;
    char chunk[512];
    for (ssize_t n = 0; (n = ::read(fds[0], chunk, sizeof chunk)) > 0;) {
        text.append(chunk, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    INFO(text);
    CHECK(text.find("\"event\":\"request\",\"method\":\"GET\",\"route\":\"/healthz\","
                    "\"status\":200,\"durationMs\":0.000,\"trackingId\":\"t-1\","
                    "\"identity\":\"quote\\\" and \\\\ and \\u000a\"") != std::string::npos);
    CHECK(text.find("xxxx") == std::string::npos);
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);
}
