// SPDX-License-Identifier: MIT
// CLI tests of --in-place (and --inverse, which writes its file the same way): the result
// replaces DOC through a renamed temporary file, and on any failure DOC and its directory are
// exactly as they were.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <cerrno>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "cli_runner.hpp"

using cli_test::quoted;
using cli_test::run;
using cli_test::run_with;
using cli_test::scratch_dir;
using cli_test::slurp;

namespace {

struct file_state {
    std::string content;
    struct stat info {};
};

file_state state_of(const std::string& path) {
    file_state s;
    s.content = slurp(path);
    REQUIRE(stat(path.c_str(), &s.info) == 0);
    return s;
}

// DOC is the very same file (same inode, same bytes, same mtime): nothing was written or renamed.
void check_untouched(const file_state& before, const std::string& path) {
    const file_state after = state_of(path);
    CHECK(after.content == before.content);
    CHECK(after.info.st_ino == before.info.st_ino);
    CHECK(after.info.st_mode == before.info.st_mode);
    CHECK(after.info.st_mtim.tv_sec == before.info.st_mtim.tv_sec);
    CHECK(after.info.st_mtim.tv_nsec == before.info.st_mtim.tv_nsec);
}

mode_t permissions_of(const std::string& path) {
    struct stat info {};
    REQUIRE(stat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

} // namespace

TEST_CASE("apply --in-place rewrites DOC and prints nothing", "[cli][in-place]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"z":1,"a":[1,2]})");
    const auto patch =
        dir.file("patch.json", R"([{"op":"add","path":"/a/-","value":{"y":0,"b":1}}])");
    auto r = run("apply --in-place " + quoted(doc) + " " + quoted(patch));
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.empty());
    CHECK(slurp(doc) == "{\n  \"z\": 1,\n  \"a\": [\n    1,\n    2,\n    {\n      \"y\": 0,\n"
                        "      \"b\": 1\n    }\n  ]\n}\n");
    CHECK(dir.names() == std::vector<std::string>{"doc.json", "patch.json"});

    r = run("apply " + quoted(doc) + " --compact --in-place -", R"([{"op":"remove","path":"/a"}])");
    CHECK(r.exit_code == 0);
    CHECK(slurp(doc) == "{\"z\":1}\n");
}

TEST_CASE("merge --in-place rewrites DOC", "[cli][in-place][merge]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"z":1,"a":2})");
    const auto r = run("merge --in-place --indent 0 " + quoted(doc) + " -", R"({"a":null,"n":3})");
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(slurp(doc) == "{\n\"z\": 1,\n\"n\": 3\n}\n");
    CHECK(dir.names() == std::vector<std::string>{"doc.json"});
}

TEST_CASE("option --in-place keeps DOC's permissions", "[cli][in-place]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", "{}");
    // 0444: a read-only file in a writable directory is replaced, as `sed -i` does, and stays
    // read-only.
    const mode_t modes[] = {0640, 0604, 0755, 0444};
    for (const mode_t mode : modes) {
        CAPTURE(mode);
        REQUIRE(chmod(doc.c_str(), mode) == 0);
        const auto r = run("apply --in-place " + quoted(doc) + " -",
                           R"([{"op":"add","path":"/m","value":)" + std::to_string(mode) + "}]");
        CHECK(r.exit_code == 0);
        CHECK(permissions_of(doc) == mode);
        CHECK(nlohmann::json::parse(slurp(doc))["m"] == mode);
    }
}

TEST_CASE("option --in-place renames a new file over DOC", "[cli][in-place]") {
    scratch_dir dir;
    const auto target = dir.file("target.json", R"({"v":1})");
    SECTION("a symbolic link stays a link, and the file it names is replaced") {
        const std::string link = dir.path() + "/link.json";
        REQUIRE(symlink("target.json", link.c_str()) == 0);
        const auto r = run("apply --in-place --compact " + quoted(link) + " -",
                           R"([{"op":"replace","path":"/v","value":2}])");
        CHECK(r.exit_code == 0);
        struct stat info {};
        REQUIRE(lstat(link.c_str(), &info) == 0);
        CHECK(S_ISLNK(info.st_mode));
        CHECK(slurp(target) == "{\"v\":2}\n");
        CHECK(dir.names() == std::vector<std::string>{"link.json", "target.json"});
    }
    SECTION("a hard link keeps the old content: DOC was replaced, not overwritten") {
        const std::string other = dir.path() + "/other.json";
        REQUIRE(link(target.c_str(), other.c_str()) == 0);
        const auto r = run("apply --in-place --compact " + quoted(target) + " -",
                           R"([{"op":"replace","path":"/v","value":2}])");
        CHECK(r.exit_code == 0);
        CHECK(slurp(target) == "{\"v\":2}\n");
        CHECK(slurp(other) == R"({"v":1})");
    }
}

TEST_CASE("option --in-place leaves DOC untouched when anything fails", "[cli][in-place]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"a":1})");
    const auto before = state_of(doc);
    const auto names = dir.names();
    const auto fails = [&](const std::string& args, const std::string& input, int exit_code) {
        CAPTURE(args, input);
        const auto r = run(args, input);
        CHECK(r.exit_code == exit_code);
        CHECK(r.out.empty());
        CHECK_FALSE(r.err.empty());
        check_untouched(before, doc);
        CHECK(dir.names() == names);
    };
    const auto in_place = "apply --in-place " + quoted(doc);
    // The second operation fails after the first one changed the document.
    fails(in_place + " -", R"([{"op":"remove","path":"/a"},{"op":"remove","path":"/a"}])", 1);
    fails(in_place + " -",
          R"([{"op":"add","path":"/b","value":1},{"op":"test","path":"/a","value":2}])", 1);
    fails(in_place + " -", "[{", 2);
    fails(in_place + " -", R"({"op":"add"})", 2);
    fails(in_place + " -", R"([{"op":"bogus","path":"/a"}])", 2);
    fails("apply --in-place -p '[{\"op\":\"remove\",\"path\":\"/b\"}]' " + quoted(doc), "", 1);
    fails("apply --in-place -p '[{' " + quoted(doc), "", 2);
    fails(in_place + " " + quoted(dir.path() + "/missing.json"), "", 2);
    fails(in_place + " --inverse " + quoted(dir.path() + "/no/such/dir/undo.json") + " -",
          R"([{"op":"remove","path":"/a"}])", 2);
    const auto merge = "merge --in-place " + quoted(doc);
    fails(merge + " -", "{", 2);
    fails(merge + " -", "{\"x\":" + std::string(300, '[') + std::string(300, ']') + "}", 1);
}

TEST_CASE("option --in-place leaves DOC untouched when its directory cannot be written",
          "[cli][in-place]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"a":1})");
    const auto before = state_of(doc);
    // As root the run is made as nobody, for whom the root-owned directory is read-only anyway;
    // otherwise the directory is made read-only.
    if (cli_test::unprivileged().empty()) {
        REQUIRE(chmod(dir.path().c_str(), 0555) == 0);
    }
    for (const std::string command : {"apply", "merge"}) {
        CAPTURE(command);
        const auto input = command == "apply" ? R"([{"op":"remove","path":"/a"}])" : R"({"a":2})";
        const auto r = run_with(cli_test::unprivileged(),
                                command + " --in-place " + quoted(doc) + " -", input);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == "jsonpatch: cannot write " + doc + ": cannot create a temporary file in " +
                           dir.path() + ": " + std::strerror(EACCES) + "\n");
        check_untouched(before, doc);
        CHECK(dir.names() == std::vector<std::string>{"doc.json"});
    }
}

TEST_CASE("option --in-place needs DOC to be a regular file", "[cli][in-place]") {
    scratch_dir dir;
    auto r = run("apply --in-place - -", "[]");
    CHECK(r.exit_code == 2);
    r = run("apply --in-place - " + quoted(dir.file("patch.json", "[]")), "{}");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--in-place writes DOC back, so DOC must be a file, not -") !=
          std::string::npos);

    // /dev/stdin reads standard input, here a regular file, which must not be replaced.
    r = run("apply --in-place /dev/stdin " + quoted(dir.file("patch.json", "[]")), "{}");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: cannot write /dev/stdin in place: not a regular file\n");

    // A FIFO can be read, but not replaced.
    const std::string fifo = dir.path() + "/fifo.json";
    REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
    // The writer gives up after a while, should the command never open the FIFO.
    r = run_with("timeout 10 sh -c \"echo '{}' > " + quoted(fifo) + "\" & ",
                 "apply --in-place " + quoted(fifo) + " -", "[]");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: cannot write " + fifo + " in place: not a regular file\n");
}

TEST_CASE("apply --in-place --inverse writes the undo patch, then DOC",
          "[cli][in-place][inverse]") {
    scratch_dir dir;
    const std::string original =
        "{\n  \"z\": [\n    1,\n    2\n  ],\n  \"a\": {\n    \"k\": true\n  }\n}\n";
    const auto doc = dir.file("doc.json", original);
    const std::string undo = dir.path() + "/undo.json";
    auto r = run("apply --in-place --inverse " + quoted(undo) + " " + quoted(doc) + " -",
                 R"([{"op":"move","from":"/z/0","path":"/z/-"},{"op":"remove","path":"/a/k"}])");
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(nlohmann::json::parse(slurp(doc)) == nlohmann::json::parse(R"({"z":[2,1],"a":{}})"));
    CHECK(nlohmann::json::parse(slurp(undo)).is_array());
    // A new file gets the mode open(2) would give it: 0666 less the umask.
    const mode_t mask = umask(0);
    umask(mask);
    CHECK(permissions_of(undo) == (0666 & ~mask));

    r = run("apply --in-place " + quoted(doc) + " " + quoted(undo));
    CHECK(r.exit_code == 0);
    CHECK(slurp(doc) == original);
    CHECK(dir.names() == std::vector<std::string>{"doc.json", "undo.json"});
}

TEST_CASE("option --inverse writes a /dev/ name, a terminal or a device directly", "[cli][inverse]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"a":1})");
    const auto patch = R"([{"op":"remove","path":"/a"}])";
    const std::string inverse = R"([{"op":"add","path":"/a","value":1}])";
    SECTION("a terminal") {
        cli_test::pseudo_terminal terminal;
        const auto r = run("apply --compact --inverse " + quoted(terminal.slave_name()) + " " +
                               quoted(doc) + " -",
                           patch);
        CHECK(r.exit_code == 0);
        CHECK(r.out == "{}\n");
        CHECK(terminal.drain() == inverse + "\r\n");
        struct stat info {};
        REQUIRE(stat(terminal.slave_name().c_str(), &info) == 0);
        CHECK(S_ISCHR(info.st_mode));
    }
    SECTION("/dev/stderr open on a regular file is appended to, not replaced") {
        const std::string log = dir.file("log.txt", "earlier line\n");
        const auto r =
            cli_test::run_with("", "apply --compact --inverse /dev/stderr " + quoted(doc) + " -",
                               patch, {"", ">" + quoted(log)});
        CHECK(r.exit_code == 0);
        CHECK(r.out == "{}\n");
        CHECK(slurp(log) == "earlier line\n" + inverse + "\n");
    }
}
