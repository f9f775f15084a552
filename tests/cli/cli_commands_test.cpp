// SPDX-License-Identifier: MIT
// CLI tests of get, merge-diff, diff --exit-code, apply --patch and validate without a document:
// their output, their exit statuses and what their errors name.
#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

using cli_test::quoted;
using cli_test::run;
using cli_test::scratch_dir;
using cli_test::slurp;
using json = nlohmann::json;

namespace {

// Standard error as one JSON object (--errors=json prints one per line).
json error_of(const cli_test::run_result& r) {
    INFO(r.err);
    REQUIRE(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    return json::parse(r.err);
}

std::vector<json> json_lines(const std::string& text) {
    std::vector<json> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(json::parse(line));
    }
    return lines;
}

const char* const lookup_doc =
    R"({"a":{"b":[1,{"c":"text"}]},"x/y":1,"m~n":2,"":{"":3,"/":4},"é":null,"t":true})";

} // namespace

TEST_CASE("get prints the value at a pointer", "[cli][get]") {
    scratch_dir dir;
    const auto doc = quoted(dir.file("doc.json", lookup_doc));
    struct lookup {
        const char* pointer;
        const char* printed;
    };
    const lookup table[] = {
        {"/a/b/0", "1\n"},
        {"/a/b/1/c", "\"text\"\n"},
        {"/a/b/1", "{\"c\":\"text\"}\n"},
        {"/x~1y", "1\n"},            // ~1 is "/"
        {"/m~0n", "2\n"},            // ~0 is "~"
        {"/", "{\"\":3,\"/\":4}\n"}, // the member named ""
        {"//", "3\n"},
        {"//~1", "4\n"},
        {"/é", "null\n"},
        {"/t", "true\n"},
    };
    for (const auto& [pointer, printed] : table) {
        CAPTURE(pointer);
        const auto r = run("get --compact " + doc + " '" + pointer + "'");
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(r.out == printed);
    }
    // "" is the whole document, members in the file's order.
    const auto whole = run("get --compact " + doc + " ''");
    CHECK(whole.exit_code == 0);
    CHECK(whole.out == std::string(lookup_doc) + "\n");
    // Indented by default, --indent N, and - reads the document from standard input.
    CHECK(run("get " + doc + " /a/b/1").out == "{\n  \"c\": \"text\"\n}\n");
    CHECK(run("get --indent 4 - /a/b/1", lookup_doc).out == "{\n    \"c\": \"text\"\n}\n");
    CHECK(run("get - ''", "  7 ").out == "7\n");
    // A pointer that looks like an option goes after "--".
    CHECK(run("get - -- /-x", R"({"-x":1})").out == "1\n");
}

TEST_CASE("get exits 1 when the pointer names nothing, and says where it stops",
          "[cli][get]") {
    scratch_dir dir;
    const auto file = dir.file("doc.json", lookup_doc);
    struct miss {
        const char* pointer;
        const char* code;
        const char* why;
    };
    const miss table[] = {
        {"/nope", "path_not_found", R"(no member "nope" in the document root)"},
        {"/a/nope/c", "path_not_found", R"(no member "nope" in "/a")"},
        {"/a/b/2", "array_index_out_of_range",
         R"(index "2" is past the end of "/a/b", an array of 2 elements)"},
        {"/a/b/-", "array_index_out_of_range", R"("-" in "/a/b" names no element)"},
        {"/a/b/01", "invalid_array_index", R"("01" in "/a/b" is not an array index)"},
        {"/a/b/x", "invalid_array_index", R"("x" in "/a/b" is not an array index)"},
        {"/a/b/0/c", "not_a_container", R"("/a/b/0" is a number, not an object or array)"},
        {"/t/x", "not_a_container", R"("/t" is a boolean, not an object or array)"},
        {"/a/b/1/c/0", "not_a_container", R"("/a/b/1/c" is a string, not an object or array)"},
        {"/x~1y/z", "not_a_container", R"("/x~1y" is a number, not an object or array)"},
        {"/é/x", "not_a_container", R"("/é" is null, not an object or array)"},
        {"/m~01", "path_not_found", R"(no member "m~1" in the document root)"},
    };
    for (const auto& [pointer, code, why] : table) {
        CAPTURE(pointer);
        auto r = run("get " + quoted(file) + " '" + pointer + "'");
        CHECK(r.exit_code == 1);
        CHECK(r.out.empty());
        CHECK(r.err.rfind("jsonpatch: " + file + " has nothing at \"" + pointer + "\": " + why,
                          0) == 0);
        r = run("get --errors=json " + quoted(file) + " '" + pointer + "'");
        CHECK(r.exit_code == 1);
        const json e = error_of(r);
        CHECK(e["code"] == code);
        CHECK(e["file"] == file);
        CHECK(e["path"] == pointer);
        CHECK(e["value"].is_number_integer());
    }
}

TEST_CASE("get exits 2 for a malformed pointer", "[cli][get]") {
    scratch_dir dir;
    const auto doc = quoted(dir.file("doc.json", lookup_doc));
    struct malformed {
        const char* pointer;
        const char* code;
    };
    const malformed table[] = {
        {"a", "pointer_missing_slash"},    {"a/b", "pointer_missing_slash"},
        {"~0", "pointer_missing_slash"},   {"/~2", "pointer_invalid_escape"},
        {"/a~", "pointer_invalid_escape"}, {"/~/x", "pointer_invalid_escape"},
    };
    for (const auto& [pointer, code] : table) {
        CAPTURE(pointer);
        auto r = run("get " + doc + " '" + pointer + "'");
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.rfind(std::string("jsonpatch: malformed pointer \"") + pointer + "\": ", 0) ==
              0);
        r = run("get --errors=json " + doc + " '" + pointer + "'");
        CHECK(r.exit_code == 2);
        const json e = error_of(r);
        CHECK(e["code"] == code);
        CHECK(e["path"] == pointer);
        CHECK(e["file"].is_null());
    }
    // POINTER is no file name: "-" is a malformed pointer, even with the document from "-".
    auto dash = run("get - -", "{}");
    CHECK(dash.exit_code == 2);
    CHECK(dash.err.rfind("jsonpatch: malformed pointer \"-\": ", 0) == 0);
    // A malformed pointer is found before the document is read.
    CHECK(run("get " + quoted(dir.path() + "/missing.json") + " a").err.find("malformed pointer") !=
          std::string::npos);
}

TEST_CASE("merge-diff prints the merge patch that turns A into B", "[cli][merge-diff]") {
    scratch_dir dir;
    const auto a = dir.file("a.json", R"({"a":"b","c":{"d":"e","f":"g"},"k":[1,2],"z":1})");
    const auto b = dir.file("b.json", R"({"a":"z","c":{"d":"e"},"k":[1],"n":{"q":[null]}})");
    auto r = run("merge-diff --compact " + quoted(a) + " " + quoted(b));
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(r.out == R"({"z":null,"a":"z","c":{"f":null},"k":[1],"n":{"q":[null]}})"
                   "\n");
    // Applied with merge, it gives B.
    const auto merge_patch = dir.file("m.json", r.out);
    r = run("merge --compact " + quoted(a) + " " + quoted(merge_patch));
    CHECK(json::parse(r.out) == json::parse(slurp(b)));

    // Equal documents: the empty merge patch. B from standard input.
    CHECK(run("merge-diff --compact " + quoted(a) + " -", slurp(a)).out == "{}\n");
    // B that is not an object replaces A whole.
    CHECK(run("merge-diff --compact " + quoted(a) + " -", "[1,null]").out == "[1,null]\n");
    CHECK(run("merge-diff --compact " + quoted(a) + " -", "null").out == "null\n");
}

TEST_CASE("merge-diff exits 1 when B holds a null no merge patch can give",
          "[cli][merge-diff]") {
    scratch_dir dir;
    const auto a = dir.file("a.json", R"({"keep":{"x":1},"gone":2})");
    const auto b = dir.file("b.json", R"({"keep":{"x":null},"gone":2})");
    auto r = run("merge-diff " + quoted(a) + " " + quoted(b));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "jsonpatch: no merge patch turns " + a + " into " + b + ": " + b +
                       " holds null at \"/keep/x\", and a null in a merge patch removes the "
                       "member instead\n");
    r = run("merge-diff --errors=json " + quoted(a) + " -", R"({"keep":{"x":1},"new":{"n":null}})");
    CHECK(r.exit_code == 1);
    const json e = error_of(r);
    CHECK(e["code"] == "no_merge_patch");
    CHECK(e["value"].is_null());
    CHECK(e["file"] == "-");
    CHECK(e["message"].get<std::string>().find("\"/new/n\"") != std::string::npos);
    // A null A already holds is no change, and one inside an array is a plain value.
    CHECK(run("merge-diff --compact - " + quoted(a), R"({"keep":{"x":1},"gone":2,"z":null})").out ==
          "{\"z\":null}\n");
    CHECK(
        run("merge-diff --compact " + quoted(a) + " -", R"({"keep":{"x":1},"gone":[null]})").out ==
        "{\"gone\":[null]}\n");
}

TEST_CASE("diff --exit-code exits 1 when the documents differ", "[cli][diff]") {
    scratch_dir dir;
    const auto a = quoted(dir.file("a.json", R"({"a":1,"l":[1,2]})"));
    const auto same = quoted(dir.file("same.json", R"({"l":[1,2],"a":1.0})"));
    const auto other = quoted(dir.file("other.json", R"({"a":2,"l":[1,2]})"));
    auto r = run("diff --exit-code --compact " + a + " " + other);
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    // The output is the same as without --exit-code, which exits 0.
    const auto plain = run("diff --compact " + a + " " + other);
    CHECK(plain.exit_code == 0);
    CHECK(r.out == plain.out);
    CHECK(r.out == R"([{"op":"replace","path":"/a","value":2}])"
                   "\n");
    r = run("diff --exit-code --compact " + a + " " + a);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "[]\n");
    // 1 and 1.0 print differently: the patch replaces one with the other, so they differ.
    r = run("diff --exit-code --compact " + a + " " + same);
    CHECK(r.exit_code == 1);
    CHECK(r.out == R"([{"op":"replace","path":"/a","value":1.0}])"
                   "\n");
    CHECK(run("diff --test --exit-code " + a + " -", R"({"a":1,"l":[1,2]})").exit_code == 0);
    CHECK(run("diff --exit-code " + a + " -", R"({"a":1})").exit_code == 1);
    // Trouble is 2, never 1: a script under `set -e` tells it from a difference.
    CHECK(run("diff --exit-code " + a + " -", "{").exit_code == 2);
    CHECK(run("diff --exit-code " + a + " " + quoted(dir.path() + "/missing.json")).exit_code == 2);
    CHECK(run("diff --exit-code " + a).exit_code == 2);
}

TEST_CASE("apply --patch and -p take the patch from the command line", "[cli][apply]") {
    scratch_dir dir;
    const auto doc = quoted(dir.file("doc.json", R"({"a":1})"));
    const std::string add = R"('[{"op":"add","path":"/b","value":[2]}]')";
    for (const std::string& args :
         {"apply --compact " + doc + " -p " + add, "apply --compact -p " + add + " " + doc,
          "apply --compact --patch " + add + " " + doc,
          "apply --compact " + doc + " --patch=" + add, "-p " + add + " apply --compact " + doc}) {
        CAPTURE(args);
        const auto r = run(args);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(r.out == "{\"a\":1,\"b\":[2]}\n");
    }
    // With -p, - as DOC reads the document from standard input.
    CHECK(run("apply --compact - -p " + add, R"({"z":0})").out == "{\"z\":0,\"b\":[2]}\n");
    CHECK(run("apply --compact - -p '[]'", "[1]").out == "[1]\n");
}

TEST_CASE("apply -p names its errors --patch", "[cli][apply]") {
    scratch_dir dir;
    const auto doc = quoted(dir.file("doc.json", R"({"a":1})"));
    // A failing operation: status 1, named "--patch" and op N.
    auto r = run("apply " + doc +
                 R"( -p '[{"op":"test","path":"/a","value":1},)"
                 R"({"op":"remove","path":"/b"}]')");
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(r.err.rfind(R"(jsonpatch: --patch: op 1 (path "/b"): )", 0) == 0);
    CHECK(r.err.find("[path_not_found]\n") != std::string::npos);
    // Invalid JSON: status 2, with the line and column in the text.
    r = run("apply " + doc + " -p '[{\"op\": \"add\",\n\"path\" \"/x\"}]'");
    CHECK(r.exit_code == 2);
    CHECK(r.err == "jsonpatch: --patch is not valid JSON (line 2, column 11)\n"); // the token's end
    r = run("apply --errors=json " + doc + " -p '[{'");
    CHECK(r.exit_code == 2);
    json e = error_of(r);
    CHECK(e["code"] == "invalid_json");
    CHECK(e["file"].is_null());
    CHECK(e["line"] == 1);
    CHECK(e["column"] == 3);
    CHECK(run("apply " + doc + " -p ''").err ==
          "jsonpatch: --patch is not valid JSON (line 1, column 1)\n");
    // Valid JSON that is no patch, or an unknown op: status 2 too.
    r = run("apply --errors=json " + doc + R"( -p '{"op":"add"}')");
    CHECK(r.exit_code == 2);
    CHECK(error_of(r)["code"] == "patch_not_array");
    r = run("apply --errors=json " + doc + R"( -p '[{"op":"frobnicate","path":"/a"}]')");
    CHECK(r.exit_code == 2);
    e = error_of(r);
    CHECK(e["code"] == "unknown_op");
    CHECK(e["op_index"] == 0);
    CHECK(e["file"].is_null());
}

TEST_CASE("validate without a document reports every problem it can see", "[cli][validate]") {
    scratch_dir dir;
    const auto patch = dir.file("patch.json", R"([
        {"op":"move","from":"/a","path":"/a/b"},
        {"op":"remove","path":""},
        {"op":"copy","from":"/a","path":"/a/b"},
        {"op":"move","from":"/a/b","path":"/a"},
        {"op":"move","from":"","path":"/x"}])");
    auto r = run("validate " + quoted(patch));
    // Every problem is one that apply would meet in any document: status 1, as apply's.
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    CHECK(r.out == patch +
                       R"(: op 0 (path "/a/b", from "/a"): cannot move a value into one of )"
                       "its own children [move_into_descendant]\n" +
                       patch +
                       R"(: op 1 (path ""): the whole document cannot be removed )"
                       "[root_not_removable]\n" +
                       patch +
                       R"(: op 4 (path "/x", from ""): cannot move a value into one of )"
                       "its own children [move_into_descendant]\n");
    r = run("validate --errors=json -", slurp(patch));
    CHECK(r.exit_code == 1);
    const auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["code"] == "move_into_descendant");
    CHECK(lines[0]["op_index"] == 0);
    CHECK(lines[0]["file"] == "-");
    CHECK(lines[1]["code"] == "root_not_removable");
    CHECK(lines[2]["op_index"] == 4);

    // Shape problems make it no patch at all: status 2, and every one is listed.
    const auto shapes = dir.file("shapes.json", R"([{"op":"add","path":"/a"},{"op":"bogus"},
        {"op":"remove","path":"a"},{"op":"move","path":"/a/b","from":"/a"}])");
    r = run("validate --errors=json " + quoted(shapes));
    CHECK(r.exit_code == 2);
    std::vector<std::string> codes;
    for (const auto& line : json_lines(r.out)) {
        codes.push_back(line["code"].get<std::string>());
    }
    CHECK(codes == std::vector<std::string>{"missing_value", "unknown_op", "pointer_missing_slash",
                                            "move_into_descendant"});
    // A valid patch: nothing printed, status 0.
    r = run("validate -", R"([{"op":"move","from":"/a/b","path":"/a/c"}])");
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(r.err.empty());
}

TEST_CASE("validate --patch checks the patch given on the command line", "[cli][validate]") {
    scratch_dir dir;
    const auto doc = quoted(dir.file("doc.json", R"({"a":1})"));
    auto r = run(R"(validate -p '[{"op":"remove","path":""},{"op":"remove","path":"/a"}]')");
    CHECK(r.exit_code == 1);
    CHECK(r.out == R"(--patch: op 0 (path ""): the whole document cannot be removed )"
                   "[root_not_removable]\n");
    // With DOC, every operation is tried too.
    r = run(R"(validate --errors=json --patch '[{"op":"remove","path":"/b"}]' )" + doc);
    CHECK(r.exit_code == 1);
    const auto e = json::parse(r.out);
    CHECK(e["code"] == "path_not_found");
    CHECK(e["file"].is_null());
    CHECK(run(R"(validate -p '[{"op":"remove","path":"/a"}]' - )", R"({"a":1})").exit_code == 0);
    r = run("validate -p '[{'");
    CHECK(r.exit_code == 2);
    CHECK(r.out == "--patch is not valid JSON (line 1, column 3)\n");
}

TEST_CASE("validate reports invalid JSON with its line and column", "[cli][validate]") {
    scratch_dir dir;
    const auto patch = dir.file("patch.json", "[\n  {\"op\": \"add\", \"path\": \"/a\"\n  ,]");
    auto r = run("validate " + quoted(patch));
    CHECK(r.exit_code == 2);
    CHECK(r.out == patch + " is not valid JSON (line 3, column 4)\n");
    r = run("validate --errors=json " + quoted(patch));
    const auto lines = json_lines(r.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["code"] == "invalid_json");
    CHECK(lines[0]["line"] == 3);
    CHECK(lines[0]["column"] == 4);
    CHECK(lines[0]["file"] == patch);
}

TEST_CASE("validate exits with the status apply would exit with", "[cli][validate]") {
    scratch_dir dir;
    const auto doc = dir.file("doc.json", R"({"a":{"b":1},"l":[1]})");
    const auto patch = GENERATE(
        as<std::string>{}, R"([])", R"([{"op":"test","path":"/a/b","value":1}])",
        R"([{"op":"test","path":"/a/b","value":2}])", R"([{"op":"remove","path":"/nope"}])",
        R"([{"op":"add","path":"/l/5","value":1}])",
        R"([{"op":"move","from":"/a","path":"/a/b/c"}])", R"([{"op":"remove","path":""}])",
        R"([{"op":"add","path":"/x"}])", R"([{"op":"bogus","path":"/x"}])",
        R"([{"op":"add","path":"x","value":1}])", R"([{"op":"add","path":"/~2","value":1}])",
        R"({"op":"add","path":"/x","value":1})",
        R"([{"op":"add","path":"/x","value":1},{"op":"add","path":"/x","value":1,"value":2}])",
        R"([{"op":"add",)", "");
    CAPTURE(patch);
    const auto file = quoted(dir.file("patch.json", patch));
    const auto applied = run("apply --errors=json " + quoted(doc) + " " + file);
    const auto validated = run("validate --errors=json " + file + " " + quoted(doc));
    CHECK(validated.exit_code == applied.exit_code);
    if (applied.exit_code != 0) {
        // The first problem validate lists is the error apply stops at.
        const auto first = json::parse(validated.out.substr(0, validated.out.find('\n')));
        const auto error = json::parse(applied.err);
        CHECK(first["code"] == error["code"]);
        CHECK(first["op_index"] == error["op_index"]);
    }
}
