// SPDX-License-Identifier: MIT
// Runs the public json-patch-tests suite (tests.json, spec_tests.json) from JSONPATCH_CONFORMANCE_DIR,
// once per document type.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <json_types.hpp>

#include <fstream>
#include <string>

namespace {

template <class J>
J load(const std::string& file) {
    std::ifstream in(std::string(JSONPATCH_CONFORMANCE_DIR) + "/" + file);
    REQUIRE(in.good());
    return J::parse(in);
}

} // namespace

TEMPLATE_TEST_CASE("conformance: every active record passes, disabled ones are counted",
                   "[conformance]", JSONPATCH_TEST_JSON_TYPES) {
    const std::string file = GENERATE("tests.json", "spec_tests.json");
    const auto suite = load<TestType>(file);
    REQUIRE(suite.is_array());
    const auto report = jsonpatch::testing::run_suite(suite);
    for (const auto& failure : report.failures) {
        UNSCOPED_INFO(file << " #" << failure.index << " \"" << failure.comment << "\": " << failure.explanation);
    }
    // Printed for the record: these are the counts the closing notes cite.
    WARN(file << ": " << report.summary());
    CHECK(report.failed == 0);
    CHECK(report.passed + report.skipped == suite.size());
    CHECK(report.passed > 0);
    // The file reader gives the same report.
    const auto from_file = jsonpatch::testing::run_suite_file<TestType>(
        std::string(JSONPATCH_CONFORMANCE_DIR) + "/" + file);
    CHECK(from_file.summary() == report.summary());
}

TEMPLATE_TEST_CASE("conformance: error records fail for the reason they describe", "[conformance]",
                   JSONPATCH_TEST_JSON_TYPES) {
    // The suite's "error" strings are prose; pin the codes we give for a few records so a record
    // cannot pass by failing for an unrelated reason.
    using J = TestType;
    const auto suite = load<J>("tests.json");
    std::size_t checked = 0;
    for (const auto& record : suite) {
        if (!record.contains("error") || record.value("disabled", false)) {
            continue;
        }
        J doc = record["doc"];
        const auto outcome = jsonpatch::apply(doc, record["patch"]);
        REQUIRE_FALSE(outcome);
        const std::string comment = record.value("comment", "");
        const std::string expected_error = record["error"].template get<std::string>();
        INFO(comment << " / " << expected_error << " / " << jsonpatch::describe(outcome.error()));
        const auto code = outcome.error().code;
        if (expected_error.find("bad number") != std::string::npos ||
            expected_error.find("leading zeros") != std::string::npos ||
            comment.find("bad number") != std::string::npos) {
            CHECK(code == jsonpatch::errc::invalid_array_index);
            ++checked;
        } else if (expected_error.find("missing 'value'") != std::string::npos) {
            CHECK(code == jsonpatch::errc::missing_value);
            ++checked;
        } else if (expected_error.find("missing 'from' parameter") != std::string::npos) {
            CHECK(code == jsonpatch::errc::missing_from);
            ++checked;
        } else if (expected_error.find("missing 'from' location") != std::string::npos) {
            CHECK(code == jsonpatch::errc::from_not_found);
            ++checked;
        } else if (expected_error.find("Unrecognized op") != std::string::npos) {
            CHECK(code == jsonpatch::errc::unknown_op);
            ++checked;
        } else if (expected_error.find("Out of bounds") != std::string::npos) {
            CHECK((code == jsonpatch::errc::array_index_out_of_range ||
                   code == jsonpatch::errc::invalid_array_index));
            ++checked;
        }
    }
    CHECK(checked >= 10);
}
