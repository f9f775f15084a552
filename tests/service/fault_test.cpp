// SPDX-License-Identifier: MIT
// Faults under the SQLite store. A full disk (issue #14): 503 with the platform's body, nothing
// changed, and recovery once there is room again; the disk is a small tmpfs this test mounts, so
// it needs root (CAP_SYS_ADMIN); outside CI a machine without it skips that test. (A read-only
// database is tested on PostgreSQL: Linux refuses to remount a file system read-only while the
// service holds its database open for writing, so that case cannot be staged for SQLite.)
// Issue #25: a write lock held by another process, the file deleted or replaced under the running
// service, a damaged or empty file and a leftover -wal at start.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <sys/mount.h>
#include <thread>
#include <vector>

#include "raw_http.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"
#include "store_faults.hpp"

using namespace service_test;

namespace {

// A tmpfs of `megabytes` at a directory of its own, unmounted on destruction.
class small_disk {
  public:
    small_disk(const scratch_dir& dir, int megabytes) : path_(dir.file("disk")) {
        std::filesystem::create_directories(path_);
        const std::string options = "size=" + std::to_string(megabytes) + "m,mode=0700";
        mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, options.c_str()) == 0;
        error_ = mounted_ ? "" : std::strerror(errno);
    }
    small_disk(const small_disk&) = delete;
    small_disk& operator=(const small_disk&) = delete;
    ~small_disk() {
        if (mounted_) {
            ::umount2(path_.c_str(), MNT_DETACH);
        }
    }

    [[nodiscard]] bool is_mounted() const { return mounted_; }
    [[nodiscard]] const std::string& error() const { return error_; }
    [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

    /// Writes a filler file until the disk is full.
    void fill() {
        std::ofstream out(file("filler"), std::ios::binary);
        const std::string block(64 * 1024, 'f');
        for (int i = 0;
             i < 100000 && out.write(block.data(), static_cast<std::streamsize>(block.size()));
             ++i) {
        }
    }
    void unfill() { std::filesystem::remove(file("filler")); }

  private:
    std::string path_;
    bool mounted_ = false;
    std::string error_;
};

[[nodiscard]] bool in_ci() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::string(ci) == "true";
}

// One rename that must fail with the platform body.
void expect_failed_patch(int port, const std::string& name) {
    const auto answer =
        request_once(port, patch_request(ci_token, alice_bearer, rename_body(name)));
    REQUIRE(answer);
    CHECK(is_unavailable(answer));
}

[[nodiscard]] std::vector<std::string> sqlite_args(const std::string& db) {
    return {"--port", "0", "--seed", JSONPATCH_PAT_SEED, "--data", db};
}

// Overwrites the b-tree page header of `table_or_index`'s root page with bytes no page type has,
// as a torn or bit-rotten write would.
void damage_root_page(const std::string& db, const std::string& table_or_index) {
    long page = 0;
    long page_size = 0;
    {
        sqlite_peer peer(db);
        page = std::atol(
            peer.value("SELECT rootpage FROM sqlite_master WHERE name = '" + table_or_index + "'")
                .value_or("0")
                .c_str());
        page_size = std::atol(peer.value("PRAGMA page_size").value_or("0").c_str());
    }
    REQUIRE(page > 1);
    REQUIRE(page_size >= 512);
    std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp((page - 1) * page_size);
    const std::string garbage(16, '\x55');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    REQUIRE(file.good());
}

// Copies the live database `from` to `to` with SQLite's online backup, as a backup tool does.
void backup_database(const std::string& from, const std::string& to) {
    sqlite_peer source(from);
    sqlite_peer target(to, true);
    sqlite3_backup* copy = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
    REQUIRE(copy != nullptr);
    CHECK(sqlite3_backup_step(copy, -1) == SQLITE_DONE);
    CHECK(sqlite3_backup_finish(copy) == SQLITE_OK);
}

} // namespace

TEST_CASE("faults: a full disk gives 503, changes nothing, and the service recovers",
          "[service][faults]") {
    const scratch_dir dir;
    small_disk disk(dir, 4);
    if (!disk.is_mounted()) {
        if (in_ci()) {
            FAIL("cannot mount a tmpfs (CI must run this test as root): " << disk.error());
        }
        SKIP("cannot mount a tmpfs here: " << disk.error());
    }
    const service running(dir, JSONPATCH_PAT_SEED, disk.file("tokens.db"), {"--rate-limit", "0"});
    const int port = running.port();
    REQUIRE(
        request_once(port, patch_request(ci_token, alice_bearer, rename_body("before")))->status ==
        200);

    disk.fill();
    for (int i = 0; i < 3; ++i) {
        expect_failed_patch(port, "full-" + std::to_string(i) + std::string(100, 'x'));
    }
    CHECK(fetch_token(port, ci_token)["name"] == "before");
    disk.unfill();
    const auto recovered =
        request_once(port, patch_request(ci_token, alice_bearer, rename_body("after")));
    REQUIRE(recovered);
    CHECK(recovered->status == 200);
    CHECK(fetch_token(port, ci_token)["name"] == "after");
}

TEST_CASE("regression #25: an SQLite write lock held by another process: every PATCH fails with "
          "503 within 5 s, reads go on",
          "[service][faults][sqlite][regression]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    const service running(dir, JSONPATCH_PAT_SEED, db, {"--rate-limit", "0"});
    const int port = running.port();
    REQUIRE(request_once(port, patch_request(ci_token, alice_bearer, rename_body("before-lock")))
                ->status == 200);

    sqlite_peer other(db);
    REQUIRE(other.run("BEGIN EXCLUSIVE"));
    // As many PATCHes as the service has workers, then reads: before issue 25 each PATCH queued
    // for the writer and then waited 5 s for SQLite, so the n-th answered after 5n s and reads
    // waited for a free worker.
    constexpr auto patience = std::chrono::seconds(15);
    std::vector<std::future<timed_answer>> patches;
    for (int i = 0; i < 8; ++i) {
        patches.push_back(std::async(std::launch::async, [port, i, patience] {
            const std::string& id = i % 2 == 0 ? ci_token : laptop_token;
            return timed_request(
                port, patch_request(id, alice_bearer, rename_body("locked-" + std::to_string(i))),
                patience);
        }));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::vector<std::future<timed_answer>> reads;
    for (int i = 0; i < 4; ++i) {
        reads.push_back(std::async(std::launch::async, [port, i, patience] {
            return timed_request(
                port, get_request(i == 0 ? "no-such-token" : ci_token, alice_bearer), patience);
        }));
    }
    for (auto& patch : patches) {
        const auto got = patch.get();
        INFO("PATCH answered after " << got.ms << " ms");
        CHECK(is_unavailable(got.answer));
        CHECK(got.ms < 5000);
    }
    for (std::size_t i = 0; i < reads.size(); ++i) {
        const auto got = reads[i].get();
        INFO("GET answered after " << got.ms << " ms");
        REQUIRE(got.answer);
        CHECK(got.answer->status == (i == 0 ? 404 : 200));
        CHECK(got.ms < 5000);
    }
    REQUIRE(other.run("ROLLBACK"));
    CHECK(fetch_token(port, ci_token)["name"] == "before-lock");
    CHECK(request_once(port, patch_request(ci_token, alice_bearer, rename_body("after-lock")))
              ->status == 200);
}

TEST_CASE("regression #25: the SQLite file deleted under the service: 503, and the next start "
          "refuses to seed beside the leftover -wal",
          "[service][faults][sqlite][regression]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    {
        service running(dir, JSONPATCH_PAT_SEED, db, {"--rate-limit", "0"});
        const int port = running.port();
        REQUIRE(request_once(port, patch_request(ci_token, alice_bearer, rename_body("kept")))
                    ->status == 200);
        REQUIRE(std::filesystem::remove(db));
        CHECK(is_unavailable(
            request_once(port, patch_request(ci_token, alice_bearer, rename_body("lost")))));
        CHECK(is_unavailable(request_once(port, get_request(ci_token, alice_bearer))));
        CHECK(running.process().signal_and_wait(SIGTERM) == 0);
    }
    // Seeding a new file here would bring the demo bearers back and lose every change silently.
    const auto again = start_expecting_exit(dir, sqlite_args(db));
    INFO(again.stderr_text);
    CHECK(again.status == 2);
    CHECK(again.stderr_text.find("-wal") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(db));
}

TEST_CASE("regression #25: a leftover -wal or -shm beside a missing SQLite database stops the "
          "start with status 2",
          "[service][faults][sqlite][regression]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    const std::string companion = GENERATE(std::string("-wal"), std::string("-shm"));
    (void)dir.write("tokens.db" + companion, std::string(4096, '\x01'));
    const auto start = start_expecting_exit(dir, sqlite_args(db));
    INFO(start.stderr_text);
    CHECK(start.status == 2);
    CHECK(start.stderr_text.find(companion) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(db));
    CHECK(std::filesystem::file_size(db + companion) == 4096);
}

TEST_CASE("regression #25: a backup restored under the running service: 503, and the old WAL "
          "never reaches the backup",
          "[service][faults][sqlite][regression]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    const std::string backup = dir.file("backup.db");
    {
        service running(dir, JSONPATCH_PAT_SEED, db, {"--rate-limit", "0"});
        const int port = running.port();
        REQUIRE(
            request_once(port, patch_request(ci_token, alice_bearer, rename_body("before-backup")))
                ->status == 200);
        backup_database(db, backup);
        REQUIRE(
            request_once(port, patch_request(ci_token, alice_bearer, rename_body("after-backup")))
                ->status == 200);
        REQUIRE(std::rename(backup.c_str(), db.c_str()) == 0);
        CHECK(is_unavailable(
            request_once(port, patch_request(ci_token, alice_bearer, rename_body("lost")))));
        CHECK(is_unavailable(request_once(port, get_request(laptop_token, alice_bearer))));
        running.process().kill_now(); // no tidying up at exit
    }
    const service restarted(dir, JSONPATCH_PAT_SEED, db, {"--rate-limit", "0"});
    CHECK(fetch_token(restarted.port(), ci_token)["name"] == "before-backup");
    sqlite_peer check(db);
    CHECK(check.value("PRAGMA integrity_check") == "ok");
}

TEST_CASE("regression #25: a damaged SQLite database stops the start with status 2 and is left "
          "untouched",
          "[service][faults][sqlite][regression]") {
    const scratch_dir dir;
    const std::string db = dir.file("tokens.db");
    {
        service first(dir, JSONPATCH_PAT_SEED, db);
        REQUIRE(first.process().signal_and_wait(SIGTERM) == 0);
    }
    const std::string damaged = GENERATE(std::string("tokens"), std::string("tokens_owner_name"));
    damage_root_page(db, damaged);
    const auto before = slurp(db);
    const auto start = start_expecting_exit(dir, sqlite_args(db));
    INFO(damaged << ": " << start.stderr_text);
    CHECK(start.status == 2);
    CHECK(start.stderr_text.find("damaged") != std::string::npos);
    CHECK(slurp(db) == before);
}

TEST_CASE("regression #25: an empty SQLite database file is damaged, not new: status 2, left "
          "untouched",
          "[service][faults][sqlite][regression]") {
    const scratch_dir dir;
    const std::string db = dir.write("tokens.db", "");
    const auto start = start_expecting_exit(dir, sqlite_args(db));
    INFO(start.stderr_text);
    CHECK(start.status == 2);
    CHECK(start.stderr_text.find("empty") != std::string::npos);
    CHECK(std::filesystem::file_size(db) == 0);
}
