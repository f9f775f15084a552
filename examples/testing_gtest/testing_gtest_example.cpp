// SPDX-License-Identifier: MIT
// <jsonpatch/testing.hpp> from GoogleTest: one-line patch checks, and a suite file as a test.
#include <jsonpatch/errc.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

using nlohmann::json;
namespace jt = jsonpatch::testing;

// A check_result converts to bool and streams its explanation, so `<< r` says why a check failed.
TEST(Order, PayingReplacesTheStatus) {
    const json order = json::parse(R"({"status":"open","items":[{"sku":"BOOK-17","qty":1}]})");
    const json pay = json::parse(R"([
        {"op":"test","path":"/status","value":"open"},
        {"op":"replace","path":"/status","value":"paid"}
    ])");
    const json paid = json::parse(R"({"status":"paid","items":[{"sku":"BOOK-17","qty":1}]})");
    const jt::check_result r = jt::turns_into(order, pay, paid);
    EXPECT_TRUE(r) << r;
}

TEST(Order, APatchPastTheEndFailsAtOperationOneAndChangesNothing) {
    const json order = json::parse(R"({"status":"open","items":[]})");
    const json bad = json::parse(R"([
        {"op":"replace","path":"/status","value":"paid"},
        {"op":"add","path":"/items/9","value":{"sku":"X"}}
    ])");
    const jt::check_result r =
        jt::fails_with(order, bad, jsonpatch::errc::array_index_out_of_range, 1);
    EXPECT_TRUE(r) << r;
}

TEST(Order, EveryRecordOfTheSuiteFileHolds) {
    const jt::suite_report report = jt::run_suite_file(JSONPATCH_EXAMPLE_SUITE);
    for (const jt::suite_failure& failure : report.failures) {
        ADD_FAILURE() << "record " << failure.index << " (" << failure.comment
                      << "): " << failure.explanation;
    }
    EXPECT_EQ(report.passed, 6U) << report.summary();
    EXPECT_EQ(report.skipped, 1U) << report.summary();
}

TEST(Order, ASuiteFileThatCannotBeReadIsAFailure) {
    const jt::suite_report report = jt::run_suite_file(JSONPATCH_EXAMPLE_SUITE ".missing");
    EXPECT_EQ(report.failed, 1U);
    EXPECT_EQ(report.passed, 0U);
}
