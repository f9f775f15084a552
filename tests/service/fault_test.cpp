// SPDX-License-Identifier: MIT
// A full disk under the SQLite store (issue #14): 500 with the platform's body, nothing changed,
// and recovery once there is room again. The disk is a small tmpfs this test mounts, so it needs
// root (CAP_SYS_ADMIN); outside CI a machine without it skips the test. (A read-only database is
// tested on PostgreSQL: Linux refuses to remount a file system read-only while the service holds
// its database open for writing, so that case cannot be staged for SQLite.)
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/mount.h>

#include "raw_http.hpp"
#include "service_helpers.hpp"
#include "service_process.hpp"

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
    CHECK(is_error_body(*answer, 500));
}

} // namespace

TEST_CASE("faults: a full disk gives 500, changes nothing, and the service recovers",
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
