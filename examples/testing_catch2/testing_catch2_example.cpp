// SPDX-License-Identifier: MIT
// <jsonpatch/testing.hpp> from Catch2: one-line patch checks, and a suite file as a test.
#include <jsonpatch/errc.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

using nlohmann::json;
namespace jt = jsonpatch::testing;

// A check_result converts to bool and streams its explanation, so a failing CHECK prints why.
TEST_CASE("order: paying replaces the status", "[example]") {
    const json order = json::parse(R"({"status":"open","items":[{"sku":"BOOK-17","qty":1}]})");
    const json pay = json::parse(R"([
        {"op":"test","path":"/status","value":"open"},
        {"op":"replace","path":"/status","value":"paid"}
    ])");
    const json paid = json::parse(R"({"status":"paid","items":[{"sku":"BOOK-17","qty":1}]})");
    CHECK(jt::turns_into(order, pay, paid));
}

TEST_CASE("order: a patch past the end of the items fails at operation 1 and changes nothing",
          "[example]") {
    const json order = json::parse(R"({"status":"open","items":[]})");
    const json bad = json::parse(R"([
        {"op":"replace","path":"/status","value":"paid"},
        {"op":"add","path":"/items/9","value":{"sku":"X"}}
    ])");
    CHECK(jt::fails_with(order, bad, jsonpatch::errc::array_index_out_of_range, 1));
}

TEST_CASE("order: every record of examples/data/testing_suite.json holds", "[example][suite]") {
    const jt::suite_report report = jt::run_suite_file(JSONPATCH_EXAMPLE_SUITE);
    for (const jt::suite_failure& failure : report.failures) {
        UNSCOPED_INFO("record " << failure.index << " (" << failure.comment
                                << "): " << failure.explanation);
    }
    INFO(report.summary());
    CHECK(report.failed == 0);
    CHECK(report.passed == 6);
    CHECK(report.skipped == 1);
}

TEST_CASE("order: a suite file that cannot be read is a failure, not an empty pass",
          "[example][suite]") {
    const jt::suite_report report = jt::run_suite_file(JSONPATCH_EXAMPLE_SUITE ".missing");
    CHECK(report.failed == 1);
    CHECK(report.passed == 0);
}
