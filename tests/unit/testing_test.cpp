// SPDX-License-Identifier: MIT
#include <jsonpatch/detail/first_difference.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <json_types.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>

using jsonpatch::errc;
using json = nlohmann::json;
namespace jt = jsonpatch::testing;

TEST_CASE("testing: turns_into holds only for the right result", "[testing]") {
    const json doc = json::parse(R"({"a":1})");
    CHECK(jt::turns_into(doc, json::parse(R"([{"op":"add","path":"/b","value":2}])"),
                         json::parse(R"({"b":2.0,"a":1})")));
    const auto wrong = jt::turns_into(doc, json::parse(R"([{"op":"add","path":"/b","value":2}])"),
                                      json::parse(R"({"a":1})"));
    CHECK_FALSE(wrong);
    CHECK(wrong.explanation.find("differs") != std::string::npos);
    const auto failed = jt::turns_into(doc, json::parse(R"([{"op":"remove","path":"/x"}])"), doc);
    CHECK_FALSE(failed);
    CHECK(failed.explanation.find("path_not_found") != std::string::npos);
    std::ostringstream out;
    out << failed;
    CHECK(out.str() == failed.explanation);
}

TEST_CASE("testing: explanations are valid UTF-8 however values are cut (regression #17)",
          "[testing]") {
    // An excerpt cut by bytes split a two-byte character, and JSON reports of the explanation threw
    // type_error.316. Every alignment of the cut against the characters is tried.
    for (std::size_t lead = 0; lead < 4; ++lead) {
        std::string text(lead, 'x');
        for (int i = 0; i < 400; ++i) {
            text += "\xC3\xA9"; // é
        }
        const json expected = {{"k", text}};
        const auto r = jt::turns_into(
            json::object(), json::parse(R"([{"op":"add","path":"/z","value":1}])"), expected);
        REQUIRE_FALSE(r);
        CHECK(r.explanation.find("...") != std::string::npos);
        CHECK_NOTHROW(json(r.explanation).dump());
    }
    // A value built in code may hold invalid UTF-8 itself: shown with U+FFFD, never thrown on.
    const json broken = {{"k", std::string("\xFF\xFE")}};
    const auto r = jt::turns_into(json::object(), json::array(), broken);
    REQUIRE_FALSE(r);
    CHECK(r.explanation.find("\xEF\xBF\xBD") != std::string::npos);
    CHECK_NOTHROW(json(r.explanation).dump());
    // A suite record's comment is reported as valid UTF-8 too.
    const json suite = json::array({{{"comment", std::string("bad \xC3")},
                                     {"doc", json::object()},
                                     {"patch", json::array()},
                                     {"expected", {{"a", 1}}}}});
    const auto report = jt::run_suite(suite);
    REQUIRE(report.failures.size() == 1);
    CHECK_NOTHROW(json(report.failures[0].comment).dump());
}

TEST_CASE("testing: fails_with checks code, index and the untouched document", "[testing]") {
    const json doc = json::parse(R"({"a":1})");
    const json patch =
        json::parse(R"([{"op":"remove","path":"/a"},{"op":"test","path":"/a","value":1}])");
    CHECK(jt::fails_with(doc, patch, errc::path_not_found, 1));
    CHECK(jt::fails_with(doc, patch, errc::path_not_found));
    CHECK_FALSE(jt::fails_with(doc, patch, errc::test_failed, 1));
    CHECK_FALSE(jt::fails_with(doc, patch, errc::path_not_found, 0));
    CHECK_FALSE(jt::fails_with(doc, json::array(), errc::path_not_found));
}

TEST_CASE("testing: run_suite counts passes, failures and disabled records", "[testing]") {
    const json suite = json::parse(R"([
        {"comment":"ok","doc":{},"patch":[{"op":"add","path":"/a","value":1}],"expected":{"a":1}},
        {"comment":"wrong expectation","doc":{},"patch":[{"op":"add","path":"/a","value":1}],"expected":{"a":2}},
        {"comment":"error expected","doc":{},"patch":[{"op":"remove","path":"/a"}],"error":"missing"},
        {"comment":"error expected but applies","doc":{},"patch":[],"error":"x"},
        {"comment":"neither: must apply","doc":{"a":1},"patch":[{"op":"test","path":"/a","value":1}]},
        {"comment":"neither: fails","doc":{},"patch":[{"op":"test","path":"/a","value":1}]},
        {"comment":"off","doc":{},"patch":[{"op":"bogus"}],"expected":{},"disabled":true},
        {"comment":"no doc"}
    ])");
    const auto report = jt::run_suite(suite);
    CHECK(report.passed == 3);
    CHECK(report.failed == 4);
    CHECK(report.skipped == 1);
    REQUIRE(report.failures.size() == 4);
    CHECK(report.failures[0].comment == "wrong expectation");
    CHECK(report.failures[0].index == 1);
    CHECK(report.failures[3].comment == "no doc");
    CHECK(report.summary() == "3 passed, 4 failed, 1 skipped");
    CHECK(jt::run_suite(json::object()).failed == 1);
}

namespace {
/// A file under the system temp directory, removed again when the test ends.
struct temp_file {
    std::filesystem::path path;
    temp_file(const std::string& name, const std::string& content)
        : path(std::filesystem::temp_directory_path() / name) {
        std::ofstream(path, std::ios::binary) << content;
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;
    ~temp_file() {
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
    }
};
} // namespace

TEST_CASE("testing: run_suite_file runs the records of a readable file", "[testing][suite_file]") {
    const temp_file suite("jsonpatch_testing_test_ok.json", R"([
        {"doc":{"a":1},"patch":[{"op":"replace","path":"/a","value":2}],"expected":{"a":2}},
        {"comment":"bad","doc":{},"patch":[{"op":"remove","path":"/a"}],"expected":{}},
        {"doc":{},"patch":[{"op":"x"}],"error":"bad op"},
        {"doc":{},"patch":[{"op":"x"}],"disabled":true}
    ])");
    const auto report = jt::run_suite_file(suite.path);
    CHECK(report.summary() == "2 passed, 1 failed, 1 skipped");
    REQUIRE(report.failures.size() == 1);
    CHECK(report.failures[0].index == 1);
    CHECK(report.failures[0].comment == "bad");
}

TEST_CASE("testing: run_suite_file reports an unusable file as a failure",
          "[testing][suite_file]") {
    SECTION("missing file") {
        const auto missing =
            std::filesystem::temp_directory_path() / "jsonpatch_testing_test_absent.json";
        std::filesystem::remove(missing);
        const auto report = jt::run_suite_file(missing);
        CHECK(report.passed == 0);
        CHECK(report.failed == 1);
        REQUIRE(report.failures.size() == 1);
        CHECK(report.failures[0].explanation.find("jsonpatch_testing_test_absent.json") !=
              std::string::npos);
        CHECK(report.failures[0].explanation.find("cannot be opened") != std::string::npos);
    }
    SECTION("a directory") {
        const auto report = jt::run_suite_file(std::filesystem::temp_directory_path());
        CHECK(report.failed == 1);
        REQUIRE(report.failures.size() == 1);
        CHECK(report.failures[0].explanation.find("is a directory") != std::string::npos);
    }
    SECTION("invalid JSON") {
        const temp_file broken("jsonpatch_testing_test_broken.json", R"([{"doc":{},)");
        const auto report = jt::run_suite_file(broken.path);
        CHECK(report.passed == 0);
        CHECK(report.failed == 1);
        REQUIRE(report.failures.size() == 1);
        CHECK(report.failures[0].explanation.find("not valid JSON") != std::string::npos);
    }
    SECTION("a NUL byte after valid JSON (regression: nlohmann stops reading there)") {
        const temp_file nul("jsonpatch_testing_test_nul.json", std::string("[]\0[", 4));
        const auto report = jt::run_suite_file(nul.path);
        CHECK(report.failed == 1);
        REQUIRE(report.failures.size() == 1);
        CHECK(report.failures[0].explanation.find("not valid JSON") != std::string::npos);
    }
    SECTION("empty file") {
        const temp_file empty("jsonpatch_testing_test_empty.json", "");
        CHECK(jt::run_suite_file(empty.path).failed == 1);
    }
    SECTION("valid JSON that is not a suite") {
        const temp_file object("jsonpatch_testing_test_object.json", R"({"doc":{}})");
        CHECK(jt::run_suite_file(object.path).failed == 1);
    }
}

namespace {

// The pointer at which two documents first differ, or "(equal)".
template <class J> std::string first_difference_pointer(const char* left, const char* right) {
    const auto d = jsonpatch::detail::first_difference(J::parse(left), J::parse(right));
    return d ? d->pointer : "(equal)";
}

struct person {
    std::string name;
    int age = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(person, name, age)

} // namespace

TEMPLATE_TEST_CASE("testing: first_difference finds the first differing pointer",
                   "[testing][difference]", JSONPATCH_TEST_JSON_TYPES) {
    using J = TestType;
    const auto at = first_difference_pointer<J>;
    // RFC 6902 §4.6 equality: numbers by value, member order ignored.
    CHECK(at(R"({"a":1,"b":[1,{"c":null}]})", R"({"b":[1.0,{"c":null}],"a":1})") == "(equal)");
    CHECK(at("1", "\"x\"") == "");
    CHECK(at(R"({"a":{"b":2}})", R"({"a":{"b":3}})") == "/a/b");
    CHECK(at(R"({"a":[1]})", R"({"a":{"0":1}})") == "/a");
    CHECK(at(R"({"a":[1,2,3]})", R"({"a":[1,2]})") == "/a/2");
    CHECK(at(R"({"a":[1,2]})", R"({"a":[1,2,3]})") == "/a/2");
    CHECK(at(R"({"a":[3,1,2]})", R"({"a":[1,2,3]})") == "/a/0");
    // ~ and / in member names are escaped (RFC 6901 §3), "" is a name like any other.
    CHECK(at(R"({"a/b":{"m~n":1}})", R"({"a/b":{"m~n":2}})") == "/a~1b/m~0n");
    CHECK(at(R"({"":{"":1}})", R"({"":{"":2}})") == "//");
    // A member only one side has: the left's members come first, then the right's extras.
    CHECK(at(R"({"a":1})", R"({"a":1,"b":2})") == "/b");
    CHECK(at(R"({"a":1,"c":3})", R"({"a":1})") == "/c");
    CHECK(at(R"({"x":{"y":1},"z":0})", R"({"x":{"y":2},"w":0})") == "/x/y");
}

TEST_CASE("testing: first_difference follows the left document's member order",
          "[testing][difference]") {
    CHECK(first_difference_pointer<nlohmann::ordered_json>(R"({"z":1,"a":1})",
                                                           R"({"z":2,"a":2})") == "/z");
    CHECK(first_difference_pointer<json>(R"({"z":1,"a":1})", R"({"z":2,"a":2})") == "/a");
}

TEST_CASE(
    "testing: first_difference gives both values and tells a missing member from a missing element",
    "[testing][difference]") {
    // The values are pointers into the arguments, which must outlive the answer.
    const json left = json::parse(R"({"a":{"b":2},"l":[1,2,3]})");
    const json changed = json::parse(R"({"a":{"b":3},"l":[1,2,3]})");
    const json shorter = json::parse(R"({"a":{"b":2},"l":[1,2]})");
    const json emptied = json::parse(R"({"a":{}})");
    auto d = jsonpatch::detail::first_difference(left, changed);
    REQUIRE(d);
    REQUIRE(d->left != nullptr);
    REQUIRE(d->right != nullptr);
    CHECK(*d->left == 2);
    CHECK(*d->right == 3);
    CHECK_FALSE(d->in_array);
    d = jsonpatch::detail::first_difference(left, shorter);
    REQUIRE(d);
    CHECK(d->pointer == "/l/2");
    CHECK(*d->left == 3);
    CHECK(d->right == nullptr);
    CHECK(d->in_array);
    d = jsonpatch::detail::first_difference(emptied, left);
    REQUIRE(d);
    CHECK(d->pointer == "/a/b");
    CHECK(d->left == nullptr);
    CHECK_FALSE(d->in_array);
}

TEST_CASE("testing: first_difference walks any depth and width without recursion",
          "[testing][difference]") {
    // 100,000 levels: a recursive walk would exhaust the stack.
    constexpr std::size_t depth = 100000;
    const std::string deep_left = std::string(depth, '[') + "1" + std::string(depth, ']');
    const std::string deep_right = std::string(depth, '[') + "2" + std::string(depth, ']');
    const auto d =
        jsonpatch::detail::first_difference(json::parse(deep_left), json::parse(deep_right));
    REQUIRE(d);
    CHECK(d->pointer.size() == 2 * depth); // "/0" for each array
    CHECK(d->pointer.rfind("/0/0/", 0) == 0);
    // 100,000 members of an ordered object: looked up through an index, not one by one. (The
    // object is built as the vector it is: operator[] would search it for every new member.)
    nlohmann::ordered_json wide_left = nlohmann::ordered_json::object();
    auto& members = wide_left.get_ref<nlohmann::ordered_json::object_t&>();
    for (int i = 0; i < 100000; ++i) {
        members.emplace_back("k" + std::to_string(i), i);
    }
    nlohmann::ordered_json wide_right = wide_left;
    wide_right["k99999"] = -1;
    const auto w = jsonpatch::detail::first_difference(wide_left, wide_right);
    REQUIRE(w);
    CHECK(w->pointer == "/k99999");
}

TEST_CASE("testing: a differs explanation names the first differing pointer and both values",
          "[testing][difference]") {
    const json doc = json::parse(R"({"a":{"b":1},"l":[1,2]})");
    auto r = jt::turns_into(doc, R"([{"op":"replace","path":"/a/b","value":2}])",
                            json::parse(R"({"a":{"b":3},"l":[1,2]})"));
    REQUIRE_FALSE(r);
    CHECK(r.explanation ==
          R"(patched document {"a":{"b":2},"l":[1,2]} differs from expected )"
          R"({"a":{"b":3},"l":[1,2]}; first difference at /a/b: got 2, expected 3)");
    r = jt::turns_into(doc, R"([{"op":"remove","path":"/a/b"}])", doc);
    CHECK(r.explanation.find("; first difference at /a/b: got no such member, expected 1") !=
          std::string::npos);
    r = jt::turns_into(doc, R"([{"op":"add","path":"/l/-","value":3}])", doc);
    CHECK(r.explanation.find("; first difference at /l/2: got 3, expected no such element") !=
          std::string::npos);
    r = jt::turns_into(doc, R"([{"op":"replace","path":"","value":"x"}])", doc);
    CHECK(r.explanation.find(R"(; first difference at "" (the root): got "x", expected {)") !=
          std::string::npos);
    // Typed models: the JSON of the result against the JSON of the expected value.
    const auto rules = jsonpatch::model<person>().member("/name", jsonpatch::may_replace);
    r = jt::patches_to(person{"Ada", 36}, R"([{"op":"replace","path":"/name","value":"Ava"}])",
                       rules, person{"Ada", 36});
    REQUIRE_FALSE(r);
    CHECK(r.explanation.rfind("patched value ", 0) == 0);
    CHECK(r.explanation.find(R"(; first difference at /name: got "Ava", expected "Ada")") !=
          std::string::npos);
}

TEST_CASE("testing: the values and pointer of a difference are clipped as valid UTF-8",
          "[testing][difference]") {
    std::string long_text;
    std::string long_key = "k";
    for (int i = 0; i < 700; ++i) {
        long_text += "\xC3\xA9"; // é: every cut must fall between characters
        long_key += "\xC3\xA9";
    }
    const json expected = {{long_key, {{"v", long_text}}}};
    json actual = expected;
    actual[long_key]["v"] = long_text + "!";
    const auto r = jt::turns_into(actual, json::array(), expected);
    REQUIRE_FALSE(r);
    const auto at = r.explanation.find("; first difference at /k");
    REQUIRE(at != std::string::npos);
    const std::string tail = r.explanation.substr(at);
    CHECK(tail.size() < 256 + 2 * 520 + 64);              // the pointer and each value are cut
    CHECK(tail.find("...: got \"") != std::string::npos); // the pointer was cut
    CHECK_NOTHROW(json(r.explanation).dump());
    // A key that is not valid UTF-8 is shown with U+FFFD.
    const json broken = {{std::string("\xFF"), 1}};
    const auto b = jt::turns_into(json::object(), json::array(), broken);
    REQUIRE_FALSE(b);
    CHECK(b.explanation.find("first difference at /\xEF\xBF\xBD: got no such member") !=
          std::string::npos);
    CHECK_NOTHROW(json(b.explanation).dump());
}

TEST_CASE("testing: a wrong error names the expected and the actual code and operation",
          "[testing]") {
    const json doc = json::parse(R"({"a":1})");
    const json patch =
        json::parse(R"([{"op":"test","path":"/a","value":1},{"op":"remove","path":"/b"}])");
    auto r = jt::fails_with(doc, patch, errc::test_failed, 1);
    REQUIRE_FALSE(r);
    CHECK(r.explanation.rfind("expected test_failed at operation 1, got path_not_found: op 1 "
                              "(path '/b'): ",
                              0) == 0);
    r = jt::fails_with(doc, patch, errc::path_not_found, 0);
    CHECK(r.explanation.rfind("expected path_not_found at operation 0, got path_not_found: op 1 ",
                              0) == 0);
    const auto rules = jsonpatch::model<person>().member("/name", jsonpatch::may_replace);
    r = jt::refuses(person{"Ada", 36}, R"([{"op":"replace","path":"/age","value":1}])", rules,
                    errc::validation_failed, 0, "/name");
    REQUIRE_FALSE(r);
    CHECK(r.explanation.rfind("expected validation_failed at operation 0 at '/name', got "
                              "operation_not_allowed: op 0 (path '/age'): ",
                              0) == 0);
}
