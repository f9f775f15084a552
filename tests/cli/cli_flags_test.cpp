// SPDX-License-Identifier: MIT
// CLI tests of the output and error options: member order, --compact, --indent, --errors (and its
// terminal default), --version, file errors with their reason, and usage errors.
#include <jsonpatch/version.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>

#include "cli_runner.hpp"

using cli_test::pseudo_terminal;
using cli_test::quoted;
using cli_test::run;
using cli_test::run_with;
using cli_test::scratch_dir;

namespace {

std::string reason(int error) {
    return std::strerror(error);
}

} // namespace

TEST_CASE("apply, diff and merge print members in input order", "[cli][order]") {
    scratch_dir dir;
    SECTION("apply: DOC's order, then added members in the patch's order") {
        const auto doc = dir.file("doc.json", R"({"zeta":1,"alpha":{"y":1,"b":2},"mid":true})");
        const auto patch = dir.file("patch.json", R"([{"op":"replace","path":"/zeta","value":0},
            {"op":"add","path":"/beta","value":{"q":1,"a":[{"z":0,"c":1}]}}])");
        const auto r = run("apply --compact " + quoted(doc) + " " + quoted(patch));
        CHECK(r.exit_code == 0);
        CHECK(r.out ==
              R"({"zeta":0,"alpha":{"y":1,"b":2},"mid":true,"beta":{"q":1,"a":[{"z":0,"c":1}]}})"
              "\n");
    }
    SECTION("diff: operations and their values in document order") {
        const auto a = dir.file("a.json", R"({"z":1,"a":2,"l":[1,2]})");
        const auto b = dir.file("b.json", R"({"z":1,"a":3,"n":{"q":1,"b":2},"l":[2]})");
        const auto r = run("diff --compact " + quoted(a) + " " + quoted(b));
        CHECK(r.exit_code == 0);
        CHECK(r.out == R"([{"op":"replace","path":"/a","value":3},{"op":"remove","path":"/l/0"},)"
                       R"({"op":"add","path":"/n","value":{"q":1,"b":2}}])"
                       "\n");
    }
    SECTION("merge: DOC's order, then the merge patch's new members") {
        const auto doc = dir.file("doc.json", R"({"z":1,"a":2,"k":{"y":0,"b":0}})");
        const auto merge = dir.file("merge.json", R"({"m":{"y":1,"b":2},"a":null,"k":{"c":1}})");
        const auto r = run("merge --compact " + quoted(doc) + " " + quoted(merge));
        CHECK(r.exit_code == 0);
        CHECK(r.out == R"({"z":1,"k":{"y":0,"b":0,"c":1},"m":{"y":1,"b":2}})"
                       "\n");
    }
}

TEST_CASE("option --compact prints one line and --indent N indents by N", "[cli][format]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"b":[1],"a":{}})");
    const auto patch = dir.file("patch.json", "[]");
    const auto files = " " + quoted(doc) + " " + quoted(patch);
    CHECK(run("apply --compact" + files).out == "{\"b\":[1],\"a\":{}}\n");
    CHECK(run("apply" + files).out == "{\n  \"b\": [\n    1\n  ],\n  \"a\": {}\n}\n");
    CHECK(run("apply --indent 4" + files).out ==
          "{\n    \"b\": [\n        1\n    ],\n    \"a\": {}\n}\n");
    CHECK(run("apply --indent=1" + files).out == "{\n \"b\": [\n  1\n ],\n \"a\": {}\n}\n");
    CHECK(run("apply --indent 0" + files).out == "{\n\"b\": [\n1\n],\n\"a\": {}\n}\n");
    // The last of the two wins.
    CHECK(run("apply --indent 4 --compact" + files).out == "{\"b\":[1],\"a\":{}}\n");
    CHECK(run("apply --compact --indent=1" + files).out ==
          "{\n \"b\": [\n  1\n ],\n \"a\": {}\n}\n");
    // Options may follow the operands, or come before the command's name.
    CHECK(run("merge" + files + " --compact").out == "[]\n");
    CHECK(run("--compact merge" + files).out == "[]\n");
    CHECK(run("--indent 1 apply" + files).out == "{\n \"b\": [\n  1\n ],\n \"a\": {}\n}\n");
    CHECK(run("diff --compact" + files).out == R"([{"op":"replace","path":"","value":[]}])"
                                               "\n");
}

TEST_CASE("option --indent takes a number from 0 to 16", "[cli][format]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", "{}");
    const auto bad = GENERATE(as<std::string>{}, "--indent x", "--indent -1", "--indent 17",
                              "--indent=", "--indent 2x", "--indent 100", "--indent");
    CAPTURE(bad);
    const auto r = run("apply " + quoted(doc) + " - " + bad, "[]");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--indent") != std::string::npos);
    CHECK(r.err.find("Run 'jsonpatch help apply'") != std::string::npos);
}

TEST_CASE("option --errors=text prints one line for a person, --errors=json one object",
          "[cli][errors]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"a":1})");
    const auto patch = dir.file(
        "patch.json", R"([{"op":"remove","path":"/a"},{"op":"copy","from":"/a","path":"/b"}])");
    const auto files = " " + quoted(doc) + " " + quoted(patch);
    auto r = run("apply --errors=text" + files);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.rfind("jsonpatch: " + patch + ": op 1 (path \"/b\", from \"/a\"): ", 0) == 0);
    CHECK(r.err.find(" [from_not_found]\n") == r.err.size() - 18);
    CHECK(nlohmann::json::parse(r.err, nullptr, false).is_discarded());

    for (const char* json : {"--errors=json", "--errors json"}) {
        r = run("apply " + std::string(json) + files);
        CHECK(r.exit_code == 1);
        const auto e = nlohmann::json::parse(r.err);
        CHECK(e["code"] == "from_not_found");
        CHECK(e["op_index"] == 1);
    }
    // A document-level error has no operation to name.
    r = run("apply --errors=text " + quoted(doc) + " -", R"({"op":"add"})");
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("jsonpatch: standard input: ", 0) == 0);
    CHECK(r.err.find("op ") == std::string::npos);
    CHECK(r.err.find("[patch_not_array]\n") != std::string::npos);

    r = run("merge --errors=text " + quoted(doc) + " -",
            std::string(300, '[') + std::string(300, ']'));
    CHECK(r.exit_code == 1);
    CHECK(r.err.rfind("jsonpatch: standard input: ", 0) == 0);
    CHECK(r.err.find("[value_too_deep]\n") != std::string::npos);

    r = run("apply --errors=xml" + files);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--errors takes text or json") != std::string::npos);
}

TEST_CASE("errors are text whether or not standard error is a terminal", "[cli][errors]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"a":1})");
    const auto patch = dir.file("patch.json", R"([{"op":"remove","path":"/nope"}])");
    const auto files = " " + quoted(doc) + " " + quoted(patch);
    const std::string line = "jsonpatch: " + patch + ": op 0 (path \"/nope\"): ";
    pseudo_terminal terminal;
    auto r = run_with("", "apply" + files, "", {"", terminal.slave_name()});
    CHECK(r.exit_code == 1);
    const std::string shown = terminal.drain();
    CHECK(shown.rfind(line, 0) == 0);
    CHECK(shown.find("[path_not_found]\r\n") != std::string::npos);

    // --errors=json on a terminal too.
    r = run_with("", "apply --errors=json" + files, "", {"", terminal.slave_name()});
    CHECK(r.exit_code == 1);
    const std::string json = terminal.drain();
    CHECK(nlohmann::json::parse(json.substr(0, json.find('\r')))["code"] == "path_not_found");

    // Not a terminal (a script, a CI log): the same text, until --errors=json asks otherwise.
    r = run("apply" + files);
    CHECK(r.err.rfind(line, 0) == 0);
    CHECK(r.err.find(" [path_not_found]\n") == r.err.size() - 18);
    CHECK(nlohmann::json::parse(run("apply --errors=json" + files).err)["code"] ==
          "path_not_found");
}

TEST_CASE("validate prints its problems in the --errors format", "[cli][errors][validate]") {
    scratch_dir dir;
    const auto patch =
        dir.file("patch.json", R"([{"op":"remove","path":"/b"},{"op":"nope","path":"/a"}])");
    const auto doc = dir.file("doc.json", R"({"a":1})");
    auto r = run("validate --errors=text " + quoted(patch) + " " + quoted(doc));
    CHECK(r.exit_code == 2);
    CHECK(r.err.empty());
    CHECK(r.out.rfind(patch + ": op 0 (path \"/b\"): ", 0) == 0);
    CHECK(r.out.find("[path_not_found]\n" + patch + ": op 1 (path \"/a\"): ") != std::string::npos);
    CHECK(r.out.find("[unknown_op]\n") == r.out.size() - 13);
    // Text is the default, also when standard output is not a terminal.
    CHECK(run("validate " + quoted(patch) + " " + quoted(doc)).out == r.out);

    r = run("validate --errors=json " + quoted(patch) + " " + quoted(doc));
    CHECK(r.exit_code == 2);
    const auto first = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
    CHECK(first["code"] == "path_not_found");
    CHECK(first["file"] == patch);
}

TEST_CASE("control characters in a path or message cannot reach the terminal",
          "[cli][errors]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", "{}");
    const auto patch = dir.file("patch.json", R"([{"op":"remove","path":"/x\u001b[2J"}])");
    const auto r = run("apply --errors=text " + quoted(doc) + " " + quoted(patch));
    CHECK(r.exit_code == 1);
    CHECK(r.err.find('\x1b') == std::string::npos);
    CHECK(r.err.find(R"((path "/x\u001b[2J"))") != std::string::npos);
    CHECK(r.err.find(R"(x\x1b[2J)") != std::string::npos);
}

TEST_CASE("option --version prints the library's version and exits 0", "[cli][version]") {
    const auto r = run("--version");
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const std::string nlohmann_version = std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                                         std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                                         std::to_string(NLOHMANN_JSON_VERSION_PATCH);
    CHECK(r.out == std::string("jsonpatch ") + jsonpatch::version_string + " (nlohmann/json " +
                       nlohmann_version + ")\n");
}

TEST_CASE("a file that cannot be read is named with the reason", "[cli][files]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", "{}");
    const std::string missing = dir.path() + "/nope.json";
    const auto command = GENERATE(as<std::string>{}, "apply", "merge", "diff", "validate", "test");
    CAPTURE(command);
    auto r = run(command + " " + quoted(missing) + (command == "test" ? "" : " " + quoted(doc)));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "jsonpatch: cannot read " + missing + ": " + reason(ENOENT) + "\n");

    r = run(command + " " + quoted(dir.path()) + (command == "test" ? "" : " " + quoted(doc)));
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: cannot read " + dir.path() + ": " + reason(EISDIR) + "\n");

    const auto locked = dir.file("locked.json", "{}");
    REQUIRE(chmod(locked.c_str(), 0) == 0);
    r = run_with(cli_test::unprivileged(),
                 command + " " + quoted(locked) + (command == "test" ? "" : " " + quoted(doc)), "");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: cannot read " + locked + ": " + reason(EACCES) + "\n");
}

TEST_CASE("invalid JSON is named with its line and column", "[cli][files]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", "{\n  \"a\": 1,\n  \"b\": }\n");
    const auto r = run("apply " + quoted(doc) + " -", "[]");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: " + doc + " is not valid JSON (line 3, column 8)\n");
    CHECK(run("diff - " + quoted(doc), "{}").err ==
          "jsonpatch: " + doc + " is not valid JSON (line 3, column 8)\n");
    CHECK(run("merge " + quoted(doc) + " -", "{").err ==
          "jsonpatch: " + doc + " is not valid JSON (line 3, column 8)\n");
    CHECK(run("diff " + quoted(dir.file("ok.json", "{}")) + " -", "").err ==
          "jsonpatch: standard input is not valid JSON (line 1, column 1)\n");
}

TEST_CASE("a NUL byte makes a file invalid JSON, not its end", "[cli][files]") {
    // nlohmann's parser stops at a NUL byte; what followed it used to be ignored.
    scratch_dir dir;
    const auto doc = dir.file("doc.json", std::string("{\"a\":1}") + '\0' + "junk");
    auto r = run("apply " + quoted(doc) + " -", "[]");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: " + doc + " is not valid JSON (line 1, column 8: a NUL byte)\n");
    const auto ok = dir.file("ok.json", "{}");
    r = run("--errors=json apply " + quoted(ok) + " -",
            std::string(R"([{"op":"add","path":"/a","value":1}])") + '\0' + "junk");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    const auto e = nlohmann::json::parse(r.err);
    CHECK(e["code"] == "invalid_json");
    CHECK(e["file"] == "-");
    CHECK(e["column"] == 37); // the NUL byte follows the 36 characters of the patch
}

TEST_CASE("standard input can be read only once", "[cli][usage]") {
    const auto command = GENERATE(as<std::string>{}, "apply - -", "merge - -", "diff - -",
                                  "validate - -", "test - -", "test a.json - b.json -");
    CAPTURE(command);
    const auto r = run(command, "{}");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("standard input can be read only once") != std::string::npos);
}

TEST_CASE("unknown options and wrong operands are usage errors, exit 2", "[cli][usage]") {
    scratch_dir dir;
    const auto doc = quoted(dir.file("doc.json", "{}"));
    const auto usage = [](const std::string& args, const std::string& message) {
        CAPTURE(args);
        const auto r = run(args, "[]");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find(message) != std::string::npos);
    };
    usage("apply --bogus " + doc + " -", "unknown option '--bogus' for 'apply'");
    usage("diff --in-place " + doc + " -", "unknown option '--in-place' for 'diff'");
    usage("validate --compact -", "unknown option '--compact' for 'validate'");
    usage("test --compact -", "unknown option '--compact' for 'test'");
    usage("get --in-place " + doc + " /a", "unknown option '--in-place' for 'get'");
    usage("merge-diff --exit-code " + doc + " -", "unknown option '--exit-code' for 'merge-diff'");
    usage("get " + doc, "wrong number of operands for 'get': expected DOC POINTER");
    usage("merge-diff " + doc, "wrong number of operands for 'merge-diff': expected A B");
    usage("apply " + doc + " --patch", "option --patch needs a value (TEXT)");
    usage("apply -p '[]' " + doc + " -",
          "expected DOC PATCH, without PATCH since --patch gives the patch");
    usage("validate -p '[]' " + doc + " -",
          "expected PATCH [DOC], without PATCH since --patch gives the patch");
    usage("validate", "expected PATCH [DOC] (or --patch TEXT in place of PATCH)");
    usage("apply -p '[]'", "wrong number of operands for 'apply'");
    usage("apply --compact=yes " + doc + " -", "option --compact takes no value");
    usage("apply " + doc + " - --inverse", "option --inverse needs a value (FILE)");
    usage("apply --inverse - " + doc + " -", "--inverse writes a file");
    usage("apply " + doc, "wrong number of operands for 'apply': expected DOC PATCH");
    usage("apply " + doc + " - " + doc, "wrong number of operands for 'apply'");
    usage("validate", "wrong number of operands for 'validate': expected PATCH [DOC]");
    usage("test", "wrong number of operands for 'test'");
    usage("help apply diff", "wrong number of operands for 'help'");
    usage("frobnicate", "unknown command 'frobnicate'");
    usage("--bogus", "unknown option '--bogus'");
    usage("--bogus apply " + doc + " -", "unknown option '--bogus' for 'apply'");
    usage("--compact", "no command: options go with a command");
    usage("--indent 2 frobnicate", "unknown command 'frobnicate'");
    // "--" ends the options: what follows is a file name, even when it starts with a dash.
    usage("apply -- --compact -", "cannot read --compact: " + reason(ENOENT));

    const auto r = run("");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("commands:") != std::string::npos);
}

TEST_CASE("a full standard output is an error, exit 2", "[cli][files]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"a":1})");
    const auto r = run_with("", "apply " + quoted(doc) + " -", "[]", {"/dev/full", ""});
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: cannot write standard output: " + reason(ENOSPC) + "\n");
}
