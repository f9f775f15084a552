// SPDX-License-Identifier: MIT
// CLI tests of the error reports every command shares: a missing file, a directory, empty or
// invalid input from a file or standard input, usage errors; as text by default and as one JSON
// object with --errors=json, always naming the file, with one exit-status scheme.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cerrno>
#include <cstring>
#include <string>

#include "cli_runner.hpp"

using cli_test::quoted;
using cli_test::run;
using cli_test::scratch_dir;
using json = nlohmann::json;

namespace {

// A command line of `command` whose operand in the position under test is `file` and whose other
// operands are valid: for get the pointer, for the others a valid document or patch.
std::string with_operand(const std::string& command, const std::string& file, bool first,
                         const std::string& good_doc, const std::string& good_patch) {
    if (command == "test") {
        return "test " + file;
    }
    if (command == "get") {
        return "get " + file + " /a";
    }
    if (command == "validate") {
        return first ? "validate " + file + " " + good_doc : "validate " + good_patch + " " + file;
    }
    if (command == "apply") {
        return first ? "apply " + file + " " + good_patch : "apply " + good_doc + " " + file;
    }
    // diff, merge-diff and merge: a document is a valid merge patch too.
    return first ? command + " " + file + " " + good_doc : command + " " + good_doc + " " + file;
}

json only_json_line(const cli_test::run_result& r) {
    INFO(r.err);
    REQUIRE(!r.err.empty());
    REQUIRE(r.err.find('\n') == r.err.size() - 1);
    return json::parse(r.err);
}

// Every member a JSON error has, whatever it is about.
void check_members(const json& e) {
    for (const char* name : {"code", "value", "file", "line", "column", "op_index", "path", "from",
                             "member", "message"}) {
        CAPTURE(name);
        CHECK(e.contains(name));
    }
    CHECK(e.size() == 10);
    CHECK(e["code"].is_string());
    CHECK(e["message"].is_string());
}

} // namespace

TEST_CASE("every command names a file it cannot read, as text or JSON", "[cli][errors]") {
    scratch_dir dir;
    const auto doc = quoted(dir.file("doc.json", R"({"a":1})"));
    const auto patch = quoted(dir.file("patch.json", "[]"));
    const std::string missing = dir.path() + "/missing.json";
    const std::string command = GENERATE(as<std::string>{}, "apply", "validate", "diff", "merge",
                                         "merge-diff", "get", "test");
    const bool first = GENERATE(true, false);
    if (!first && (command == "get" || command == "test")) {
        return; // one file operand only
    }
    CAPTURE(command, first);
    for (const auto& [file, reason] : {std::pair{missing, ENOENT}, std::pair{dir.path(), EISDIR}}) {
        CAPTURE(file);
        const std::string args = with_operand(command, quoted(file), first, doc, patch);
        auto r = run(args);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == "jsonpatch: cannot read " + file + ": " + std::strerror(reason) + "\n");
        r = run("--errors=json " + args);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        const json e = only_json_line(r);
        check_members(e);
        CHECK(e["code"] == "cannot_read");
        CHECK(e["value"].is_null());
        CHECK(e["file"] == file);
    }
}

TEST_CASE("every command names invalid or empty input with its line and column",
          "[cli][errors]") {
    scratch_dir dir;
    const auto doc = quoted(dir.file("doc.json", R"({"a":1})"));
    const auto patch = quoted(dir.file("patch.json", "[]"));
    const std::string command = GENERATE(as<std::string>{}, "apply", "validate", "diff", "merge",
                                         "merge-diff", "get", "test");
    const bool first = GENERATE(true, false);
    if (!first && (command == "get" || command == "test")) {
        return;
    }
    CAPTURE(command, first);
    struct bad_input {
        std::string text;
        std::size_t line;
        std::size_t column;
    };
    const bad_input inputs[] = {
        {"", 1, 1},        {"\n\n", 3, 1},      {"{\n  \"a\": 1,\n  \"b\": }\n", 3, 8},
        {"[1, 2", 1, 6},   {"{\"é\": }", 1, 7}, // columns count characters, not bytes
        {"[1] [2]", 1, 5}, {"nul", 1, 4}, // where the parser stops: after the last character it
                                          // read
    };
    for (const auto& input : inputs) {
        CAPTURE(input.text);
        const auto file = dir.file("bad.json", input.text);
        const std::string where =
            "line " + std::to_string(input.line) + ", column " + std::to_string(input.column);
        const std::string args = with_operand(command, quoted(file), first, doc, patch);
        auto r = run(args);
        CHECK(r.exit_code == 2);
        // validate lists a patch that is not JSON as its problem, on standard output.
        const bool listed = command == "validate" && first;
        const std::string prefix = listed ? "" : "jsonpatch: ";
        CHECK((listed ? r.out : r.err) == prefix + file + " is not valid JSON (" + where + ")\n");
        // The same input on standard input.
        r = run(with_operand(command, "-", first, doc, patch), input.text);
        CHECK(r.exit_code == 2);
        CHECK((listed ? r.out : r.err) ==
              prefix + "standard input is not valid JSON (" + where + ")\n");
        r = run("--errors=json " + args);
        CHECK(r.exit_code == 2);
        const json e = listed ? json::parse(r.out) : only_json_line(r);
        check_members(e);
        CHECK(e["code"] == "invalid_json");
        CHECK(e["value"] == 200);
        CHECK(e["file"] == file);
        CHECK(e["line"] == input.line);
        CHECK(e["column"] == input.column);
    }
}

TEST_CASE("option --errors=json reports usage errors of every command as JSON", "[cli][errors]") {
    const std::string command = GENERATE(as<std::string>{}, "apply", "validate", "diff", "merge",
                                         "merge-diff", "get", "test", "help");
    CAPTURE(command);
    for (const std::string& args :
         {command + " --errors=json --bogus", command + " --bogus --errors=json",
          "--errors json " + command + " --bogus", command + " --errors=json - - -"}) {
        CAPTURE(args);
        const auto r = run(args);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        const json e = only_json_line(r);
        check_members(e);
        CHECK(e["code"] == "usage");
        CHECK(e["value"].is_null());
        CHECK(e["file"].is_null());
    }
    // As text, the usage error says where to read more.
    const auto r = run(command + " --bogus");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: unknown option '--bogus' for '" + command +
                       "'\nRun 'jsonpatch help " + command + "' for usage.\n");
}

TEST_CASE("option --errors=json outside any command, and a bad --errors value", "[cli][errors]") {
    auto r = run("--errors=json frobnicate");
    CHECK(r.exit_code == 2);
    CHECK(only_json_line(r)["message"] == "unknown command 'frobnicate'");
    r = run("--errors=json --bogus");
    CHECK(r.exit_code == 2);
    CHECK(only_json_line(r)["code"] == "usage");
    r = run("help --errors=json frobnicate");
    CHECK(r.exit_code == 2);
    CHECK(only_json_line(r)["message"] == "unknown command 'frobnicate'");
    r = run("apply --errors=xml a b");
    CHECK(r.exit_code == 2);
    CHECK(r.err.rfind("jsonpatch: --errors takes text or json, not 'xml'\n", 0) == 0);
    // The last --errors wins; after "--" it is a file name.
    CHECK(run("get --errors=json --errors=text - /x", "{}").err.rfind("jsonpatch: ", 0) == 0);
    CHECK(run("get --errors=json - -- --errors=text", "{}").exit_code == 2);
}

TEST_CASE("a patch that fails names the patch file and the operation, as text or JSON",
          "[cli][errors]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"a":{"b":1}})");
    const auto patch = dir.file("my patch.json", R"([{"op":"test","path":"/a/b","value":1},
        {"op":"copy","from":"/a/x","path":"/c"}])");
    auto r = run("apply " + quoted(doc) + " " + quoted(patch));
    CHECK(r.exit_code == 1);
    CHECK(r.err == "jsonpatch: " + patch +
                       R"(: op 1 (path "/c", from "/a/x"): no member 'x' in )"
                       "'/a' [from_not_found]\n");
    r = run("apply --errors=json " + quoted(doc) + " -", cli_test::slurp(patch));
    CHECK(r.exit_code == 1);
    json e = only_json_line(r);
    check_members(e);
    CHECK(e["file"] == "-");
    CHECK(e["op_index"] == 1);
    CHECK(e["path"] == "/c");
    CHECK(e["from"] == "/a/x");
    CHECK(e["member"] == "from");
    CHECK(e["code"] == "from_not_found");
    CHECK(e["value"] == 301);
    CHECK(e["line"].is_null());
    r = run("apply " + quoted(doc) + " -", R"([{"op":"remove","path":"/a/b/c"}])");
    CHECK(r.err.rfind(R"(jsonpatch: standard input: op 0 (path "/a/b/c"): )", 0) == 0);

    // merge: the merge patch file; never an operation index, which would count operations the
    // user never wrote.
    const std::string deep = "{\"x\":" + std::string(300, '[') + std::string(300, ']') + "}";
    r = run("merge --errors=json " + quoted(doc) + " -", deep);
    CHECK(r.exit_code == 1);
    e = only_json_line(r);
    CHECK(e["code"] == "value_too_deep");
    CHECK(e["file"] == "-");
    CHECK(e["op_index"].is_null());
    r = run("merge " + quoted(doc) + " -", deep);
    CHECK(r.err == "jsonpatch: standard input: merge patch nests deeper than 256 levels "
                   "[value_too_deep]\n");
}

TEST_CASE("a document nested too deeply is named, status 2", "[cli][errors]") {
    const std::string deep = std::string(600, '[') + std::string(600, ']');
    auto r = run("get - ''", deep);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: standard input nests deeper than 512 levels\n");
    r = run("--errors=json diff - -- -", deep);
    CHECK(r.exit_code == 2);
}

TEST_CASE("a write that fails is named, status 2", "[cli][errors]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", "{}");
    const auto r = run("apply --errors=json --inverse " + quoted(dir.path() + "/no/dir/undo.json") +
                       " " + quoted(doc) + " -p '[]'");
    CHECK(r.exit_code == 2);
    const json e = only_json_line(r);
    check_members(e);
    CHECK(e["code"] == "cannot_write");
    CHECK(e["file"] == dir.path() + "/no/dir/undo.json");
    CHECK(e["message"].get<std::string>().find(dir.path() + "/no/dir: ") != std::string::npos);
}
