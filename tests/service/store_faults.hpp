// SPDX-License-Identifier: MIT
// Shared fixtures of the store fault tests (issue 25): start-ups expected to fail, an SQLite
// lock held by this (other) process, seeds with special tokens, ETag versions.
#ifndef JSONPATCH_TESTS_SERVICE_STORE_FAULTS_HPP
#define JSONPATCH_TESTS_SERVICE_STORE_FAULTS_HPP

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sqlite3.h>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "service_helpers.hpp"
#include "service_process.hpp"

namespace service_test {

/// How a start-up that should fail ended: the exit status (-1: still running after max_wait, or
/// killed) and what the service wrote to stderr.
struct failed_start {
    int status = -1;
    std::string stderr_text;
};

/// Runs pat_service with `args` (nothing added) and waits for it to exit; a service that
/// starts listening instead is stopped with SIGTERM (its status then is 0 and stderr says so).
[[nodiscard]] inline failed_start start_expecting_exit(const scratch_dir& dir,
                                                       const std::vector<std::string>& args) {
    child_process process(JSONPATCH_PAT_SERVICE, args, dir.file("start.stderr"));
    const auto line = process.read_line(); // nothing when it exits without listening
    failed_start out;
    out.status = line ? process.signal_and_wait(SIGTERM) : process.wait_for_exit();
    out.stderr_text = slurp(dir.file("start.stderr")).value_or("");
    if (line) {
        out.stderr_text += "\n[the service started: " + *line + "]";
    }
    return out;
}

/// One request on a fresh connection whose every wait is bounded by `timeout`, and how long the
/// answer took (milliseconds, also when none came).
struct timed_answer {
    std::optional<raw_response> answer;
    double ms = 0;
};

[[nodiscard]] inline timed_answer timed_request(int port, const std::string& bytes,
                                                std::chrono::milliseconds timeout) {
    const auto start = std::chrono::steady_clock::now();
    timed_answer out;
    raw_connection connection(port, timeout);
    if (connection.is_open() && connection.send(bytes)) {
        out.answer = connection.receive();
    }
    out.ms = elapsed_ms(start);
    return out;
}

/// True for a 503 ErrorResponseDto with a Retry-After header.
[[nodiscard]] inline bool is_unavailable(const std::optional<raw_response>& answer) {
    return answer && is_error_body(*answer, 503) && !answer->header("retry-after").empty();
}

/// Token ids as a client writes them in a URL, each decoding to bytes no token id has: NUL
/// after a real id, bytes that are not UTF-8, an encoded surrogate after a real id.
[[nodiscard]] inline std::vector<std::string> malformed_url_ids() {
    return {ci_token + "%00anything", ci_token + "%00", "%FF", "%C3%28", ci_token + "%ED%A0%80"};
}

/// True when a GET and a PATCH of the token `url_id` both answer 404 with the platform body.
[[nodiscard]] inline bool is_not_found_for_get_and_patch(int port, const std::string& url_id) {
    const auto read = request_once(port, get_request(url_id, alice_bearer));
    const auto write =
        request_once(port, patch_request(url_id, alice_bearer, rename_body("via-bad-id")));
    return read && is_error_body(*read, 404) && write && is_error_body(*write, 404);
}

/// How many file descriptors process `pid` has open (sockets included), or -1.
[[nodiscard]] inline long open_descriptors(pid_t pid) {
    std::error_code failed;
    long count = 0;
    for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", failed),
         end;
         !failed && it != end; it.increment(failed)) {
        ++count;
    }
    return failed ? -1 : count;
}

/// The version in a store ETag `"<epoch>-<version>"`, or -1.
[[nodiscard]] inline std::int64_t etag_version(const std::string& tag) {
    const auto dash = tag.rfind('-');
    if (tag.size() < 4 || dash == std::string::npos) {
        return -1;
    }
    return std::atoll(tag.substr(dash + 1, tag.size() - dash - 2).c_str());
}

/// examples/data/pat_seed.json with `extra` tokens appended (each a full token object).
[[nodiscard]] inline std::string seed_with(const scratch_dir& dir,
                                           const std::vector<nlohmann::json>& extra) {
    auto seed = nlohmann::json::parse(slurp(JSONPATCH_PAT_SEED).value_or("null"));
    for (const auto& token : extra) {
        seed["tokens"].push_back(token);
    }
    return dir.write("seed.json", seed.dump());
}

/// Alice's managed token, added by managed_seed.
inline const std::string managed_token = "0f1e2d3c-4b5a-4697-8877-665544332211";

/// The demo seed plus a managed token of alice's (`managed_token`).
[[nodiscard]] inline std::string managed_seed(const scratch_dir& dir) {
    return seed_with(dir, {{{"id", managed_token},
                            {"name", "platform-managed"},
                            {"scope", {"urn:pat:api:read"}},
                            {"owner",
                             {{"type", "IDENTITY"},
                              {"id", "a1f0c2de-7b34-4c55-8e21-0d9f6b7a3c10"},
                              {"name", "alice"}}},
                            {"created", "2022-02-02T02:02:02.002Z"},
                            {"lastUsed", nullptr},
                            {"managed", true}}});
}

/// An SQLite connection of this process (another process than the service's) on `path`, which
/// must exist unless `create`.
class sqlite_peer {
  public:
    explicit sqlite_peer(const std::string& path, bool create = false) {
        const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
        if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
            sqlite3_close(db_);
            throw std::runtime_error("cannot open " + path);
        }
        sqlite3_busy_timeout(db_, 5000);
    }
    sqlite_peer(const sqlite_peer&) = delete;
    sqlite_peer& operator=(const sqlite_peer&) = delete;
    ~sqlite_peer() { sqlite3_close_v2(db_); }

    /// Runs `sql`; false on any error.
    bool run(const std::string& sql) {
        return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    }

    /// The first column of the first row of `sql`, as text, or nothing.
    [[nodiscard]] std::optional<std::string> value(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        std::optional<std::string> out;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(stmt, 0);
            out = text == nullptr ? std::string() : reinterpret_cast<const char*>(text);
        }
        sqlite3_finalize(stmt);
        return out;
    }

    [[nodiscard]] sqlite3* handle() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
};

} // namespace service_test

#endif // JSONPATCH_TESTS_SERVICE_STORE_FAULTS_HPP
