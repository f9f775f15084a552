// SPDX-License-Identifier: MIT
// Tests of <jsonpatch/testing_gtest.hpp> with GoogleTest itself: each helper holds when it should,
// and a failing EXPECT_TRUE(gtest::...) reports the helper's explanation with no `<<` from the
// user (checked in process with gtest-spi.h). The DISABLED_IntentionallyFailing tests fail on
// purpose: failure_output_check.sh runs them and compares what GoogleTest prints.
// The header under test first, so that it is checked to compile on its own (tests.cmake).
#include <jsonpatch/testing_gtest.hpp>

// Then what the tests use.
#include <jsonpatch/errc.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace {

using jsonpatch::errc;
using nlohmann::json;
namespace gtest = jsonpatch::testing::gtest;
namespace jt = jsonpatch::testing;

struct note {
    std::string id;
    std::string text;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(note, id, text)

const auto note_rules =
    jsonpatch::model<note>().member("/text", jsonpatch::may_replace, jsonpatch::max_length(5));

const json doc = json::parse(R"({"a":{"b":1},"l":[1,2]})");
const json set_b = json::parse(R"([{"op":"replace","path":"/a/b","value":2}])");
const json test_then_remove =
    json::parse(R"([{"op":"test","path":"/a/b","value":1},{"op":"remove","path":"/nope"}])");

const json suite = json::parse(R"([
    {"comment":"adds","doc":{},"patch":[{"op":"add","path":"/x","value":1}],"expected":{"x":1}},
    {"comment":"wrong","doc":{},"patch":[],"expected":{"y":2}},
    {"comment":"later","doc":{},"patch":[],"disabled":true}
])");

} // namespace

TEST(GtestHelpers, HoldWhenTheCheckHolds) {
    EXPECT_TRUE(gtest::turns_into(doc, set_b, json::parse(R"({"l":[1,2.0],"a":{"b":2}})")));
    EXPECT_TRUE(gtest::turns_into(doc, R"([{"op":"add","path":"/l/-","value":3}])",
                                  json::parse(R"({"a":{"b":1},"l":[1,2,3]})")));
    EXPECT_TRUE(gtest::fails_with(doc, test_then_remove, errc::path_not_found, 1));
    EXPECT_TRUE(gtest::fails_with(doc, test_then_remove, errc::path_not_found));
    EXPECT_TRUE(gtest::patches_to(note{"n1", "hi"},
                                  R"([{"op":"replace","path":"/text","value":"hello"}])",
                                  note_rules, note{"n1", "hello"}));
    EXPECT_TRUE(gtest::refuses(note{"n1", "hi"},
                               R"([{"op":"replace","path":"/text","value":"goodbye"}])", note_rules,
                               errc::validation_failed, std::nullopt, "/text"));
    EXPECT_TRUE(gtest::refuses(note{"n1", "hi"}, R"([{"op":"remove","path":"/id"}])", note_rules,
                               errc::operation_not_allowed, 0));
    EXPECT_TRUE(gtest::check_record(suite[0]));
    EXPECT_TRUE(gtest::run_suite(json::array({suite[0], suite[2]})));
    EXPECT_TRUE(gtest::run_suite_file(JSONPATCH_TEST_SUITE_FILE));
    EXPECT_TRUE(gtest::run_suite_file<nlohmann::ordered_json>(JSONPATCH_TEST_SUITE_FILE));
}

TEST(GtestHelpers, WorkWithEveryDocumentType) {
    using nlohmann::ordered_json;
    const ordered_json ordered = ordered_json::parse(R"({"z":1,"a":2})");
    EXPECT_TRUE(gtest::turns_into(ordered, R"([{"op":"remove","path":"/z"}])",
                                  ordered_json::parse(R"({"a":2})")));
    EXPECT_TRUE(
        gtest::fails_with(ordered, R"([{"op":"remove","path":"/q"}])", errc::path_not_found, 0));
    const auto r =
        gtest::turns_into(ordered, ordered_json::array(), ordered_json::parse(R"({"z":1,"a":3})"));
    EXPECT_FALSE(r);
    EXPECT_NE(std::string(r.message()).find("first difference at /a: got 2, expected 3"),
              std::string::npos);
}

TEST(GtestHelpers, CarryTheExplanationOfTestingHpp) {
    // The message is the framework-neutral helper's explanation, word for word.
    const auto wrong = json::parse(R"({"a":{"b":3},"l":[1,2]})");
    const auto r = gtest::turns_into(doc, set_b, wrong);
    EXPECT_FALSE(r);
    EXPECT_EQ(std::string(r.message()), jt::turns_into(doc, set_b, wrong).explanation);
    EXPECT_EQ(std::string(r.message()),
              R"(patched document {"a":{"b":2},"l":[1,2]} differs from expected )"
              R"({"a":{"b":3},"l":[1,2]}; first difference at /a/b: got 2, expected 3)");
    const auto f = gtest::fails_with(doc, test_then_remove, errc::test_failed, 0);
    EXPECT_FALSE(f);
    EXPECT_EQ(std::string(f.message()),
              jt::fails_with(doc, test_then_remove, errc::test_failed, 0).explanation);
    // A holding check has no message to show.
    EXPECT_EQ(std::string(gtest::turns_into(doc, json::array(), doc).message()), "");
}

TEST(GtestHelpers, AFailingExpectationPrintsTheExplanation) {
    // Each statement must add exactly one failure containing the text: EXPECT_TRUE alone, with
    // nothing streamed into it.
    EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(gtest::turns_into(doc, set_b, doc)),
                            "first difference at /a/b: got 2, expected 1");
    EXPECT_NONFATAL_FAILURE(
        EXPECT_TRUE(gtest::fails_with(doc, test_then_remove, errc::test_failed, 0)),
        "expected test_failed at operation 0, got path_not_found: op 1 (path '/nope')");
    EXPECT_NONFATAL_FAILURE(
        EXPECT_TRUE(gtest::fails_with(doc, set_b, errc::test_failed)),
        R"(expected test_failed, but the patch succeeded giving {"a":{"b":2},"l":[1,2]})");
    EXPECT_NONFATAL_FAILURE(
        EXPECT_TRUE(gtest::patches_to(note{"n1", "hi"},
                                      R"([{"op":"replace","path":"/text","value":"hey"}])",
                                      note_rules, note{"n1", "hello"})),
        R"(first difference at /text: got "hey", expected "hello")");
    EXPECT_NONFATAL_FAILURE(
        EXPECT_TRUE(gtest::refuses(note{"n1", "hi"}, R"([{"op":"remove","path":"/id"}])",
                                   note_rules, errc::validation_failed, 0, "/text")),
        "expected validation_failed at operation 0 at '/text', got operation_not_allowed: op 0 "
        "(path '/id')");
    EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(gtest::check_record(suite[1])),
                            R"(first difference at /y: got no such member, expected 2)");
    EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(gtest::run_suite(suite)),
                            "1 passed, 1 failed, 1 skipped\nrecord 1 (wrong): patched document");
    EXPECT_NONFATAL_FAILURE(EXPECT_TRUE(gtest::run_suite_file(JSONPATCH_TEST_SUITE_FILE ".none")),
                            "record 0: suite file " JSONPATCH_TEST_SUITE_FILE ".none: cannot "
                            "be opened");
    // EXPECT_FALSE on a check that holds shows the suite's counts.
    EXPECT_NONFATAL_FAILURE(EXPECT_FALSE(gtest::run_suite_file(JSONPATCH_TEST_SUITE_FILE)),
                            "6 passed, 0 failed, 1 skipped");
}

TEST(GtestHelpers, AFailingAssertionStopsWithTheExplanation) {
    EXPECT_FATAL_FAILURE(
        ASSERT_TRUE(gtest::fails_with(json::parse(R"({"a":{"b":1}})"), json::array(),
                                      errc::path_not_found)),
        R"(expected path_not_found, but the patch succeeded giving {"a":{"b":1}})");
}

// What a user sees when these fail is checked by failure_output_check.sh against
// failure_output.expected; they never run otherwise.
TEST(DISABLED_IntentionallyFailing, TurnsInto) {
    EXPECT_TRUE(gtest::turns_into(doc, set_b, doc));
}

TEST(DISABLED_IntentionallyFailing, FailsWith) {
    EXPECT_TRUE(gtest::fails_with(doc, test_then_remove, errc::test_failed, 0));
}

TEST(DISABLED_IntentionallyFailing, PatchesTo) {
    EXPECT_TRUE(gtest::patches_to(note{"n1", "hi"},
                                  R"([{"op":"replace","path":"/text","value":"hey"}])", note_rules,
                                  note{"n1", "hello"}));
}

TEST(DISABLED_IntentionallyFailing, Refuses) {
    ASSERT_TRUE(gtest::refuses(note{"n1", "hi"}, R"([{"op":"remove","path":"/id"}])", note_rules,
                               errc::validation_failed, 0, "/text"));
}

TEST(DISABLED_IntentionallyFailing, RunSuite) {
    EXPECT_TRUE(gtest::run_suite(suite));
}
