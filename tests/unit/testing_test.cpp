// SPDX-License-Identifier: MIT
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <filesystem>
#include <fstream>
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
        const auto r = jt::turns_into(json::object(),
                                      json::parse(R"([{"op":"add","path":"/z","value":1}])"), expected);
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
