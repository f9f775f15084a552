// SPDX-License-Identifier: MIT
// <jsonpatch/testing_gtest.hpp>: one-line patch checks in GoogleTest that say why they failed,
// and a suite file as a test.
// The header first: it compiles on its own.
#include <jsonpatch/testing_gtest.hpp>

// Then what the example uses.
#include <jsonpatch/errc.hpp>
#include <jsonpatch/model.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>

using nlohmann::json;
// Not `testing`: inside jsonpatch that name is jsonpatch::testing, and GoogleTest's is ::testing.
namespace gtest = jsonpatch::testing::gtest;

// Each helper returns a ::testing::AssertionResult: a failing EXPECT_TRUE prints the expected and
// actual outcome (the codes and operation, or the first differing pointer), with no `<<`.
TEST(Order, PayingReplacesTheStatus) {
    const json order = json::parse(R"({"status":"open","items":[{"sku":"BOOK-17","qty":1}]})");
    const json pay = json::parse(R"([
        {"op":"test","path":"/status","value":"open"},
        {"op":"replace","path":"/status","value":"paid"}
    ])");
    const json paid = json::parse(R"({"status":"paid","items":[{"sku":"BOOK-17","qty":1}]})");
    EXPECT_TRUE(gtest::turns_into(order, pay, paid));
}

TEST(Order, APatchPastTheEndFailsAtOperationOneAndChangesNothing) {
    const json order = json::parse(R"({"status":"open","items":[]})");
    const json bad = json::parse(R"([
        {"op":"replace","path":"/status","value":"paid"},
        {"op":"add","path":"/items/9","value":{"sku":"X"}}
    ])");
    EXPECT_TRUE(gtest::fails_with(order, bad, jsonpatch::errc::array_index_out_of_range, 1));
}

struct customer {
    std::string id;
    std::string email;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(customer, id, email)

// A typed model: patches_to compares the JSON of the result, refuses names the error's place.
TEST(Customer, MayChangeTheEmailButNotTheId) {
    const auto rules = jsonpatch::model<customer>().member("/email", jsonpatch::may_replace);
    const customer ada{"c1", "ada@example.com"};
    EXPECT_TRUE(gtest::patches_to(ada,
                                  R"([{"op":"replace","path":"/email","value":"ada@example.org"}])",
                                  rules, customer{"c1", "ada@example.org"}));
    EXPECT_TRUE(gtest::refuses(ada, R"([{"op":"replace","path":"/id","value":"c2"}])", rules,
                               jsonpatch::errc::operation_not_allowed, 0, "/id"));
}

// A whole json-patch-tests file: a failure lists every record that failed.
TEST(Order, EveryRecordOfTheSuiteFileHolds) {
    EXPECT_TRUE(gtest::run_suite_file(JSONPATCH_EXAMPLE_SUITE));
}

TEST(Order, ASuiteFileThatCannotBeReadIsAFailure) {
    EXPECT_FALSE(gtest::run_suite_file(JSONPATCH_EXAMPLE_SUITE ".missing"));
}
