// SPDX-License-Identifier: MIT
// End-to-end tests of the jsonpatch command: exit codes, stdout and stderr of each subcommand.
#include <jsonpatch/errc.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

using cli_test::quoted;
using cli_test::run;
using cli_test::slurp;
using cli_test::temp_file;

TEST_CASE("apply prints the patched document", "[cli][apply]") {
    const auto doc = temp_file(R"({"a":[1,2]})");
    const auto patch = temp_file(
        R"([{"op":"add","path":"/a/-","value":3},{"op":"move","from":"/a/0","path":"/b"}])");
    const auto r = run("apply " + quoted(doc) + " " + quoted(patch));
    CHECK(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out) == nlohmann::json::parse(R"({"a":[2,3],"b":1})"));
    CHECK(r.err.empty());
}

TEST_CASE("apply reads - from stdin", "[cli][apply]") {
    const auto patch = temp_file(R"([{"op":"replace","path":"","value":true}])");
    auto r = run("apply - " + quoted(patch), R"({"x":1})");
    CHECK(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out) == true);
    const auto doc = temp_file(R"({"x":1})");
    r = run("apply " + quoted(doc) + " -", R"([{"op":"remove","path":"/x"}])");
    CHECK(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out) == nlohmann::json::object());
}

TEST_CASE("with --errors=json a patch error is one JSON object on stderr, exit 1",
          "[cli][apply]") {
    const auto doc = temp_file(R"({"a":1})");
    const auto patch =
        temp_file(R"([{"op":"remove","path":"/a"},{"op":"copy","from":"/a","path":"/b"}])");
    const auto r = run("apply --errors=json " + quoted(doc) + " " + quoted(patch));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    const auto e = nlohmann::json::parse(r.err);
    CHECK(e["code"] == "from_not_found");
    CHECK(e["value"] == 301);
    CHECK(e["op_index"] == 1);
    CHECK(e["path"] == "/b");
    CHECK(e["from"] == "/a");
    CHECK(e["message"].is_string());
    CHECK(e["file"] == patch);
}

TEST_CASE("invalid patch text and an invalid DOC are both exit 2", "[cli][apply]") {
    const auto doc = temp_file(R"({"a":1})");
    const auto bad_patch = temp_file(R"([{"op":"add",)");
    auto r = run("apply --errors=json " + quoted(doc) + " " + quoted(bad_patch));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    const auto e = nlohmann::json::parse(r.err);
    CHECK(e["code"] == "invalid_json");
    CHECK(e["op_index"].is_null());
    CHECK(e["file"] == bad_patch);
    CHECK(e["line"] == 1);
    CHECK(e["column"] == 14);

    const auto bad_doc = temp_file(R"({"a":)");
    r = run("apply " + quoted(bad_doc) + " " + quoted(bad_patch));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK_FALSE(r.err.empty());
    r = run("apply /nonexistent/doc.json " + quoted(bad_patch));
    CHECK(r.exit_code == 2);
    r = run("apply " + quoted(doc) + " /nonexistent/patch.json");
    CHECK(r.exit_code == 2);
    r = run("apply " + quoted(doc));
    CHECK(r.exit_code == 2);
    r = run("frobnicate");
    CHECK(r.exit_code == 2);
}

TEST_CASE("hostile patches never crash the process", "[cli][apply]") {
    const auto doc = temp_file(R"({"n":5,"s":"text","z":null,"a":[1,2],"o":{}})");
    const char* patches[] = {
        R"([{"op":"add","path":"/n/x","value":1}])",
        R"([{"op":"add","path":"/s/0","value":1}])",
        R"([{"op":"add","path":"/z/x","value":1}])",
        R"([{"op":"replace","path":"/n/x/y","value":1}])",
        R"([{"op":"remove","path":"/z/0"}])",
        R"([{"op":"add","path":"/a/99999999999999999999999999","value":1}])",
        R"([{"op":"add","path":"/a/18446744073709551615","value":1}])",
        R"([{"op":"remove","path":"/a/18446744073709551616"}])",
        R"([{"op":"add","path":"/a/~","value":1}])",
        R"([{"op":"add","path":"/a/~2","value":1}])",
        R"([{"op":"copy","from":"/~","path":"/x"}])",
        R"([{"op":"move","from":"","path":"/o/x"}])",
        R"([{"op":"test","path":"/a/-","value":1}])",
        R"([{"op":"remove","path":""}])",
        R"("not a patch")",
        R"([[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]])",
    };
    for (const char* p : patches) {
        CAPTURE(p);
        const auto r = run("apply --errors=json " + quoted(doc) + " -", p);
        CHECK(r.out.empty());
        const auto e = nlohmann::json::parse(r.err);
        const int value = e["value"].get<int>();
        CHECK(value >= 100);
        // A malformed pointer or patch (100 and 200 bands) is no patch: 2; else it failed: 1.
        CHECK(r.exit_code == (value < 300 ? 2 : 1));
    }
    // 100k-deep nesting in the patch text: bounded, not a stack overflow.
    const std::string deep =
        "[{\"op\":\"add\",\"path\":\"/x\",\"value\":" + std::string(100000, '[') +
        std::string(100000, ']') + "}]";
    const auto r = run("apply --errors=json " + quoted(doc) + " -", deep);
    CHECK(r.exit_code == 1);
    CHECK(nlohmann::json::parse(r.err)["code"] == "value_too_deep");
}

TEST_CASE("a document nested 100k deep is refused, not a crash", "[cli][apply]") {
    const auto deep = temp_file(std::string(100000, '[') + std::string(100000, ']'));
    auto r = run("apply " + quoted(deep) + " -", "[]");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    r = run("test " + quoted(deep));
    CHECK(r.exit_code == 2);
}

TEST_CASE("validate lists every problem, one JSON per line", "[cli][validate]") {
    const auto doc = temp_file(R"({"a":1})");
    const auto patch = temp_file(
        R"([{"op":"remove","path":"/b"},{"op":"nope","path":"/a"},{"op":"test","path":"/a","value":1}])");
    auto r = run("validate --errors=json " + quoted(patch) + " " + quoted(doc));
    CHECK(r.exit_code == 2); // an unknown op: not a patch document
    std::istringstream lines(r.out);
    std::string line;
    std::vector<nlohmann::json> errors;
    while (std::getline(lines, line)) {
        errors.push_back(nlohmann::json::parse(line));
    }
    REQUIRE(errors.size() == 2);
    CHECK(errors[0]["code"] == "path_not_found");
    CHECK(errors[0]["op_index"] == 0);
    CHECK(errors[1]["code"] == "unknown_op");
    CHECK(errors[1]["op_index"] == 1);

    r = run("validate --errors=json " + quoted(patch));
    CHECK(r.exit_code == 2);
    CHECK(nlohmann::json::parse(r.out)["code"] == "unknown_op");

    const auto good = temp_file(R"([{"op":"test","path":"/a","value":1}])");
    r = run("validate " + quoted(good) + " " + quoted(doc));
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
}

TEST_CASE("test runs suites and closes with the counts", "[cli][test]") {
    const auto suite = temp_file(R"([
        {"comment":"passes","doc":{},"patch":[{"op":"add","path":"/a","value":1}],"expected":{"a":1}},
        {"comment":"broken expectation","doc":{},"patch":[],"expected":{"a":1}},
        {"comment":"skipped","doc":{},"patch":[],"expected":{"a":1},"disabled":true},
        {"doc":[1],"patch":[{"op":"remove","path":"/1"}],"error":"out of range"}
    ])");
    auto r = run("test " + quoted(suite));
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("broken expectation") != std::string::npos);
    CHECK(r.out.find("\n2 passed, 1 failed, 1 skipped\n") != std::string::npos);
    CHECK(r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1) ==
          "2 passed, 1 failed, 1 skipped\n");

    const auto good = temp_file(R"([{"doc":{},"patch":[]}])");
    r = run("test " + quoted(good) + " " + quoted(good));
    CHECK(r.exit_code == 0);
    CHECK(r.out == "2 passed, 0 failed, 0 skipped\n");

    const auto invalid = temp_file("[{");
    r = run("test " + quoted(invalid));
    CHECK(r.exit_code == 2);
    // A JSON document that is no suite is invalid input too, not a failed record.
    r = run("test " + quoted(good) + " " + quoted(temp_file(R"({"doc":{}})")));
    CHECK(r.exit_code == 2);
    CHECK(r.out == "");
    CHECK(r.err.find("is not a json-patch-tests suite") != std::string::npos);
}

TEST_CASE("test passes the public suite and skips its disabled records",
          "[cli][test][conformance]") {
    const std::string dir = JSONPATCH_CONFORMANCE_DIR;
    if (dir.empty()) {
        SKIP("JSONPATCH_CONFORMANCE_DIR not set");
    }
    const auto r =
        run("test " + quoted(dir + "/tests.json") + " " + quoted(dir + "/spec_tests.json"));
    INFO(r.out);
    CHECK(r.exit_code == 0);
    const auto last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
    CHECK(last.find(" 0 failed, 4 skipped") != std::string::npos);
    WARN("jsonpatch test on the public suite: " << last);
}

TEST_CASE("the bundled example data applies", "[cli][apply]") {
    const std::string examples = JSONPATCH_EXAMPLE_DATA;
    auto r = run("apply " + quoted(examples + "/order.json") + " " +
                 quoted(examples + "/order_patch.json"));
    CHECK(r.exit_code == 0);
    const auto out = nlohmann::json::parse(r.out);
    CHECK(out["items"].size() == 3);
    CHECK(out["customer"]["note"] == "gift");
    CHECK_FALSE(out.contains("tags"));
    r = run("apply --errors=json " + quoted(examples + "/order.json") + " " +
            quoted(examples + "/order_bad_patch.json"));
    CHECK(r.exit_code == 1);
    CHECK(nlohmann::json::parse(r.err)["op_index"] == 1);
}

TEST_CASE("diff prints a patch that turns A into B", "[cli][diff]") {
    const auto a = temp_file(R"({"list":[1,2,3,4],"keep":true,"old":1})");
    const auto b = temp_file(R"({"list":[2,3,4,1],"keep":true,"new":2})");
    auto r = run("diff " + quoted(a) + " " + quoted(b));
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const auto patch = nlohmann::json::parse(r.out);
    REQUIRE(patch.is_array());
    CHECK(patch.size() == 3); // one move, one remove, one add
    auto doc = nlohmann::json::parse(R"({"list":[1,2,3,4],"keep":true,"old":1})");
    doc = doc.patch(patch);
    CHECK(doc == nlohmann::json::parse(R"({"list":[2,3,4,1],"keep":true,"new":2})"));

    // The printed patch applies through our own apply too.
    const auto patch_file = temp_file(r.out);
    r = run("apply " + quoted(a) + " " + quoted(patch_file));
    CHECK(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out) ==
          nlohmann::json::parse(R"({"list":[2,3,4,1],"keep":true,"new":2})"));
}

TEST_CASE("diff --test guards the patch and --no-move avoids move", "[cli][diff]") {
    const auto a = temp_file(R"([1,2,3])");
    const auto b = temp_file(R"([2,3,1])");
    auto r = run("diff --test --no-move " + quoted(a) + " " + quoted(b));
    CHECK(r.exit_code == 0);
    const auto patch = nlohmann::json::parse(r.out);
    bool has_test = false;
    for (const auto& op : patch) {
        CHECK(op["op"] != "move");
        has_test = has_test || op["op"] == "test";
    }
    CHECK(has_test);
    r = run("diff " + quoted(a) + " -", "[2,3,1]");
    CHECK(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out).size() == 1);
}

TEST_CASE("diff with a missing or invalid file is exit 2", "[cli][diff]") {
    const auto a = temp_file(R"({"a":1})");
    const auto bad = temp_file(R"({"a":)");
    auto r = run("diff " + quoted(a) + " " + quoted(bad));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    r = run("diff " + quoted(a));
    CHECK(r.exit_code == 2);
    r = run("diff " + quoted(a) + " /nonexistent/b.json");
    CHECK(r.exit_code == 2);
}

TEST_CASE("merge prints DOC with the merge patch applied", "[cli][merge]") {
    const auto doc = temp_file(R"({"a":"b","c":{"d":"e","f":"g"}})");
    const auto merge_patch = temp_file(R"({"a":"z","c":{"f":null}})");
    auto r = run("merge " + quoted(doc) + " " + quoted(merge_patch));
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(nlohmann::json::parse(r.out) == nlohmann::json::parse(R"({"a":"z","c":{"d":"e"}})"));
    r = run("merge " + quoted(doc) + " -", "null");
    CHECK(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out).is_null());
}

TEST_CASE("merge errors are reported like apply errors", "[cli][merge]") {
    const auto doc = temp_file(R"({"a":1})");
    const auto bad = temp_file(R"({"a":)");
    auto r = run("merge " + quoted(doc) + " " + quoted(bad));
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    r = run("merge " + quoted(doc));
    CHECK(r.exit_code == 2);
    // Nested deeper than the value-depth limit: a patch error naming the code.
    std::string deep;
    for (int i = 0; i < 300; ++i) {
        deep += "{\"x\":";
    }
    deep += "1" + std::string(300, '}');
    r = run("merge --errors=json " + quoted(doc) + " -", deep);
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(nlohmann::json::parse(r.err)["code"] == "value_too_deep");
}

TEST_CASE("apply --inverse writes the patch that undoes the change", "[cli][apply][inverse]") {
    const std::string original = R"({"a":[1,2,3],"b":{"c":"d"}})";
    const auto doc = temp_file(original);
    const auto patch = temp_file(
        R"([{"op":"move","from":"/a/0","path":"/a/-"},{"op":"remove","path":"/b/c"},{"op":"add","path":"/e","value":5}])");
    const auto inverse = temp_file("");
    auto r = run("apply --inverse " + quoted(inverse) + " " + quoted(doc) + " " + quoted(patch));
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    const auto patched = nlohmann::json::parse(r.out);
    CHECK(patched == nlohmann::json::parse(R"({"a":[2,3,1],"b":{},"e":5})"));
    const auto undo = nlohmann::json::parse(slurp(inverse));
    REQUIRE(undo.is_array());
    CHECK(undo[0]["op"] == "test");

    const auto patched_file = temp_file(r.out);
    r = run("apply " + quoted(patched_file) + " " + quoted(inverse));
    CHECK(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out).dump() == nlohmann::json::parse(original).dump());
    std::remove(inverse.c_str());
}

TEST_CASE("apply --inverse fails like apply and writes nothing", "[cli][apply][inverse]") {
    const auto doc = temp_file(R"({"a":1})");
    const auto patch = temp_file(R"([{"op":"remove","path":"/a"},{"op":"remove","path":"/a"}])");
    const auto inverse = temp_file("untouched");
    auto r = run("apply --errors=json --inverse " + quoted(inverse) + " " + quoted(doc) + " " +
                 quoted(patch));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    const auto e = nlohmann::json::parse(r.err);
    CHECK(e["code"] == "path_not_found");
    CHECK(e["op_index"] == 1);
    CHECK(slurp(inverse) == "untouched");
    r = run("apply --inverse");
    CHECK(r.exit_code == 2);
    r = run("apply --inverse /nonexistent/dir/inverse.json " + quoted(doc) + " -", "[]");
    CHECK(r.exit_code == 2);
    std::remove(inverse.c_str());
}

TEST_CASE("regression #17: an error clipped inside a character is still printed as JSON, exit 1",
          "[cli][apply][regression]") {
    std::string path = "/x";
    for (int i = 0; i < 600; ++i) {
        path += "\xC3\xA9"; // é
    }
    const auto doc = temp_file("{}");
    const auto patch = temp_file(R"([{"op":"remove","path":")" + path + R"("}])");
    const auto r = run("apply --errors=json " + quoted(doc) + " " + quoted(patch));
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    INFO(r.err);
    const auto error = nlohmann::json::parse(r.err);
    CHECK(error["code"] == "path_not_found");
    CHECK(path.compare(0, error["path"].get<std::string>().size(),
                       error["path"].get<std::string>()) == 0);
}
