// SPDX-License-Identifier: MIT
// service_load: the load client of scripts/service_bench.sh. Writes bench seeds, drives GET or
// PATCH traffic over kept-alive loopback connections and measures the disk's fsync rate.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "raw_http.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

// --key value pairs after the mode word.
std::map<std::string, std::string> options_of(int argc, char** argv) {
    std::map<std::string, std::string> out;
    for (int i = 2; i + 1 < argc; i += 2) {
        out[argv[i]] = argv[i + 1];
    }
    return out;
}

long number(const std::map<std::string, std::string>& options, const std::string& key,
            long fallback) {
    const auto it = options.find(key);
    return it == options.end() ? fallback : std::stol(it->second);
}

std::string token_id(long index) {
    return "tok-" + std::to_string(index);
}
std::string bearer_of(long owner) {
    return "bench-bearer-" + std::to_string(owner);
}

// `tokens` tokens spread over `owners` owners (token j belongs to owner j % owners), and one
// all-rights bearer per owner.
int write_seed(const std::map<std::string, std::string>& options) {
    const long tokens = number(options, "--tokens", 1000);
    const long owners = number(options, "--owners", 1000);
    std::ofstream out(options.at("--out"));
    out << "{\"tokens\": [\n";
    for (long j = 0; j < tokens; ++j) {
        const long owner = j % owners;
        const nlohmann::json token = {{"id", token_id(j)},
                                      {"name", "name-" + std::to_string(j)},
                                      {"scope", {"urn:pat:api:read"}},
                                      {"owner",
                                       {{"type", "IDENTITY"},
                                        {"id", "owner-" + std::to_string(owner)},
                                        {"name", "user-" + std::to_string(owner)}}},
                                      {"created", "2020-01-01T00:00:00.000Z"},
                                      {"lastUsed", nullptr},
                                      {"managed", false}};
        out << token.dump() << (j + 1 < tokens ? ",\n" : "\n");
    }
    out << "], \"credentials\": {\n";
    for (long k = 0; k < owners; ++k) {
        out << "\"" << bearer_of(k) << "\": \"owner-" << k << "\""
            << (k + 1 < owners ? ",\n" : "\n");
    }
    out << "}}\n";
    return out ? 0 : 1;
}

struct client_result {
    std::vector<double> latencies_ms;
    long errors = 0;
};

// One kept-alive connection sending requests back to back until `until`.
void drive(int port, const std::string& mode, long client, long tokens, long owners,
           clock_type::time_point until, client_result& result) {
    std::optional<service_test::raw_connection> connection;
    connection.emplace(port, std::chrono::seconds(10));
    const long per_owner = std::max(1L, tokens / owners);
    for (long n = 0; clock_type::now() < until && n < 100000000; ++n) {
        // PATCH: each client renames its own token (no conflicts between clients); GET: walks
        // the tokens of its owner.
        const long index = mode == "patch" ? client % tokens
                                           : (client % owners + owners * (n % per_owner)) % tokens;
        const std::string bearer = "Authorization: Bearer " + bearer_of(index % owners) + "\r\n";
        const std::string path = "/personal-access-tokens/" + token_id(index);
        const std::string request =
            mode == "patch"
                ? service_test::http_request(
                      "PATCH", path, bearer + "Content-Type: application/json-patch+json\r\n",
                      "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"c" +
                          std::to_string(client) + "-" + std::to_string(n) + "\"}]")
                : service_test::http_request("GET", path, bearer);
        const auto start = clock_type::now();
        if (!connection->send(request)) {
            ++result.errors;
            return;
        }
        const auto answer = connection->receive();
        if (!answer) {
            ++result.errors;
            return;
        }
        result.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
        result.errors += answer->status == 200 ? 0 : 1;
        if (answer->header("connection") == "close") {
            connection.emplace(port, std::chrono::seconds(10)); // the service's per-connection cap
        }
    }
}

double percentile(std::vector<double>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    return sorted[static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1))];
}

int run_load(const std::map<std::string, std::string>& options) {
    const int port = static_cast<int>(number(options, "--port", 0));
    const std::string mode = options.count("--mode") != 0 ? options.at("--mode") : "get";
    const long clients = number(options, "--clients", 1);
    const long tokens = number(options, "--tokens", 1000);
    const long owners = number(options, "--owners", 1000);
    const auto seconds = std::chrono::seconds(number(options, "--seconds", 5));
    std::vector<client_result> results(static_cast<std::size_t>(clients));
    std::vector<std::thread> threads;
    const auto start = clock_type::now();
    for (long c = 0; c < clients; ++c) {
        threads.emplace_back(drive, port, mode, c, tokens, owners, start + seconds,
                             std::ref(results[static_cast<std::size_t>(c)]));
    }
    for (auto& t : threads) {
        t.join();
    }
    const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
    std::vector<double> all;
    long errors = 0;
    for (const auto& r : results) {
        all.insert(all.end(), r.latencies_ms.begin(), r.latencies_ms.end());
        errors += r.errors;
    }
    std::sort(all.begin(), all.end());
    const nlohmann::json report = {{"mode", mode},
                                   {"clients", clients},
                                   {"requests", all.size()},
                                   {"errors", errors},
                                   {"rps", static_cast<double>(all.size()) / elapsed},
                                   {"p50_ms", percentile(all, 50)},
                                   {"p99_ms", percentile(all, 99)}};
    std::cout << report.dump() << std::endl;
    return 0;
}

// 4 KiB written and fdatasync'ed in a loop: what one durable commit costs on this disk.
int measure_fsync(const std::map<std::string, std::string>& options) {
    const std::string path = options.at("--dir") + "/fsync-probe";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return 1;
    }
    const std::string block(4096, 'f');
    const auto until = clock_type::now() + std::chrono::seconds(number(options, "--seconds", 2));
    long syncs = 0;
    const auto start = clock_type::now();
    while (clock_type::now() < until && syncs < 10000000) {
        if (::pwrite(fd, block.data(), block.size(), 0) < 0 || ::fdatasync(fd) != 0) {
            break;
        }
        ++syncs;
    }
    const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
    ::close(fd);
    ::unlink(path.c_str());
    std::cout << nlohmann::json{{"fsync_per_s", static_cast<double>(syncs) / elapsed}}.dump()
              << std::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    const auto options = options_of(argc, argv);
    if (mode == "seed") {
        return write_seed(options);
    }
    if (mode == "run") {
        return run_load(options);
    }
    if (mode == "fsync") {
        return measure_fsync(options);
    }
    std::cerr << "usage: service_load seed --tokens N --owners M --out FILE\n"
                 "       service_load run --port P --mode get|patch --clients C --seconds S "
                 "--tokens N --owners M\n"
                 "       service_load fsync --dir DIR --seconds S\n";
    return 2;
}
