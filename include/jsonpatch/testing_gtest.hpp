// SPDX-License-Identifier: MIT
/// \file
/// The checks of <jsonpatch/testing.hpp> as GoogleTest assertion results, which explain failures.
#ifndef JSONPATCH_TESTING_GTEST_HPP
#define JSONPATCH_TESTING_GTEST_HPP

#include <jsonpatch/errc.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

/// The helpers of jsonpatch::testing for GoogleTest: the same names and arguments, each returning
/// a GoogleTest `AssertionResult` that carries the explanation, so `EXPECT_TRUE(gtest::turns_into(
/// doc, patch, expected))` says why it failed without `<<`. Inside namespace `jsonpatch`, plain
/// `testing` is `jsonpatch::testing`: name GoogleTest's namespace from the global scope there.
namespace jsonpatch::testing::gtest {

/// `r` as an assertion result: success, or failure whose message is the explanation.
[[nodiscard]] inline ::testing::AssertionResult to_assertion(const check_result& r) {
    if (r) {
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << r.explanation;
}

/// `report` as an assertion result: success when no record failed; the message is the summary
/// ("P passed, F failed, S skipped") and, on failure, one line per failed record
/// ("record 3 (comment): explanation").
[[nodiscard]] inline ::testing::AssertionResult to_assertion(const suite_report& report) {
    std::string text = report.summary();
    for (const suite_failure& f : report.failures) {
        text += "\nrecord " + std::to_string(f.index) +
                (f.comment.empty() ? std::string() : " (" + f.comment + ")") + ": " + f.explanation;
    }
    auto result =
        report.failed == 0 ? ::testing::AssertionSuccess() : ::testing::AssertionFailure();
    return result << text;
}

/// jsonpatch::testing::turns_into: the patch applies to a copy of `doc` and yields `expected`
/// (RFC 6902 §4.6 equality). A failure names the error, or the first differing pointer and the
/// two values there.
template <class J, class Patch, class Expected, class Options = basic_apply_options<J>>
[[nodiscard]] ::testing::AssertionResult turns_into(const J& doc, const Patch& patch,
                                                    const Expected& expected,
                                                    const Options& options = Options{}) {
    return to_assertion(jsonpatch::testing::turns_into(doc, patch, expected, options));
}

/// jsonpatch::testing::fails_with: the patch fails with `code` (at `op_index`, when given) and
/// leaves the copy of `doc` as it was. A failure names the expected and the actual code and
/// operation.
template <class J, class Patch, class Options = basic_apply_options<J>>
[[nodiscard]] ::testing::AssertionResult
fails_with(const J& doc, const Patch& patch, errc code,
           std::optional<std::size_t> op_index = std::nullopt, const Options& options = Options{}) {
    return to_assertion(jsonpatch::testing::fails_with(doc, patch, code, op_index, options));
}

/// jsonpatch::testing::patches_to: apply_to(current, patch, rules) succeeds with a value whose
/// JSON equals `expected`'s. A failure names the error, or the first differing pointer.
template <class T, class Patch, class Rules>
[[nodiscard]] ::testing::AssertionResult patches_to(const T& current, const Patch& patch,
                                                    const Rules& rules, const T& expected) {
    return to_assertion(jsonpatch::testing::patches_to(current, patch, rules, expected));
}

/// jsonpatch::testing::refuses: apply_to(current, patch, rules) fails with `code` and, when given,
/// at `op_index` and `path`. A failure names the expected and the actual code and place.
template <class T, class Patch, class Rules>
[[nodiscard]] ::testing::AssertionResult refuses(const T& current, const Patch& patch,
                                                 const Rules& rules, errc code,
                                                 std::optional<std::size_t> op_index = std::nullopt,
                                                 std::optional<std::string> path = std::nullopt) {
    return to_assertion(
        jsonpatch::testing::refuses(current, patch, rules, code, op_index, std::move(path)));
}

/// jsonpatch::testing::check_record: one json-patch-tests record holds.
template <class J, class Options = basic_apply_options<J>>
[[nodiscard]] ::testing::AssertionResult check_record(const J& record,
                                                      const Options& options = Options{}) {
    return to_assertion(jsonpatch::testing::check_record(record, options));
}

/// jsonpatch::testing::run_suite as an assertion: every record of a json-patch-tests array
/// holds (disabled records are skipped). The message lists the counts and every failed record.
template <class J, class Options = basic_apply_options<J>>
[[nodiscard]] ::testing::AssertionResult run_suite(const J& records,
                                                   const Options& options = Options{}) {
    return to_assertion(jsonpatch::testing::run_suite(records, options));
}

/// jsonpatch::testing::run_suite_file as an assertion: the file can be read and every record
/// holds (`run_suite_file<nlohmann::ordered_json>(path)` picks the document type).
template <class J = nlohmann::json, class Options = basic_apply_options<J>>
[[nodiscard]] ::testing::AssertionResult run_suite_file(const std::filesystem::path& path,
                                                        const Options& options = Options{}) {
    return to_assertion(jsonpatch::testing::run_suite_file<J>(path, options));
}

} // namespace jsonpatch::testing::gtest

#endif // JSONPATCH_TESTING_GTEST_HPP
