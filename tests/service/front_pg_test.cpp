// SPDX-License-Identifier: MIT
// The HTTP side of the PAT service on PostgreSQL (issue #25): token ids checked before the store,
// and a frozen database that neither stalls requests needing no store nor stops SIGTERM. Under
// CI=true a cluster that cannot be made is a failure, never a skip.
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

#include "pg_cluster.hpp"
#include "raw_http.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"

using namespace service_test;
using std::chrono::steady_clock;

namespace {

[[nodiscard]] bool in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

void require_cluster(const pg_cluster& cluster) {
    if (cluster.uri().empty()) {
        if (in_ci()) {
            FAIL("no PostgreSQL cluster: " << cluster.why());
        }
        SKIP("no PostgreSQL cluster (apt-get install postgresql): " << cluster.why());
    }
}

[[nodiscard]] std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Every process of the cluster listening on `port` (the postmaster, found by its data directory
// holding the port file pg_cluster.sh writes, and its children), stopped with SIGSTOP as a
// network partition would freeze it, and continued on destruction.
class sigstopped_cluster {
  public:
    explicit sigstopped_cluster(const std::string& uri) {
        const auto colon = uri.rfind(':');
        const std::string port = uri.substr(colon + 1, uri.rfind('/') - colon - 1);
        pid_t postmaster = 0;
        for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
            const std::string name = entry.path().filename().string();
            if (name.find_first_not_of("0123456789") != std::string::npos) {
                continue;
            }
            std::string cmdline = read_text(entry.path().string() + "/cmdline");
            std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
            const auto data = cmdline.find("-D ");
            if (cmdline.find("postgres") == std::string::npos || data == std::string::npos) {
                continue;
            }
            std::string data_dir = cmdline.substr(data + 3);
            data_dir = data_dir.substr(0, data_dir.find(' '));
            const std::string owner = std::filesystem::path(data_dir).parent_path().string();
            if (read_text(owner + "/port").find(port) == 0) {
                postmaster = static_cast<pid_t>(std::stol(name));
            }
        }
        if (postmaster == 0) {
            return;
        }
        stopped_.push_back(postmaster);
        for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
            const std::string name = entry.path().filename().string();
            if (name.find_first_not_of("0123456789") != std::string::npos) {
                continue;
            }
            const std::string stat = read_text(entry.path().string() + "/stat");
            std::istringstream fields(stat.substr(stat.rfind(')') + 2));
            std::string state;
            long parent = 0;
            if (fields >> state >> parent && parent == postmaster) {
                stopped_.push_back(static_cast<pid_t>(std::stol(name)));
            }
        }
        for (const pid_t pid : stopped_) {
            ::kill(pid, SIGSTOP);
        }
    }
    sigstopped_cluster(const sigstopped_cluster&) = delete;
    sigstopped_cluster& operator=(const sigstopped_cluster&) = delete;
    ~sigstopped_cluster() { thaw(); }

    [[nodiscard]] bool is_frozen() const { return !stopped_.empty(); }
    void thaw() {
        for (const pid_t pid : stopped_) {
            ::kill(pid, SIGCONT);
        }
        stopped_.clear();
    }

  private:
    std::vector<pid_t> stopped_;
};

} // namespace

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
    const pg_cluster cluster;
    require_cluster(cluster);
    const scratch_dir dir;
    service running(dir, JSONPATCH_PAT_SEED, std::nullopt,
                    {"--store", cluster.uri(), "--rate-limit", "0", "--threads", "2"});
    const int port = running.port();
    REQUIRE(fetch_token(port, ci_token)["name"] == "ci-pipeline");
    sigstopped_cluster frozen(cluster.uri());
    REQUIRE(frozen.is_frozen());

    // Store work that cannot finish while the database is frozen: both store threads take one.
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
