// SPDX-License-Identifier: MIT
/// \file
/// Framework-agnostic checks for patch semantics, and a runner for json-patch-tests suites.
#ifndef JSONPATCH_TESTING_HPP
#define JSONPATCH_TESTING_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/detail/first_difference.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/utf8.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/options.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

/// Checks for tests of code that builds or applies patches, independent of any test framework,
/// and a runner for json-patch-tests suites.
namespace jsonpatch::testing {

/// The outcome of one check: true when it held, otherwise `explanation` says what happened.
/// Use it from any framework: `CHECK(r)` in Catch2, `EXPECT_TRUE(r) << r` in GoogleTest (or the
/// helpers of `<jsonpatch/testing_gtest.hpp>`, which need no `<< r`).
struct check_result {
    /// True when the check held.
    bool ok = false;
    /// What happened instead, when it did not; empty otherwise.
    std::string explanation;

    /// `ok`.
    [[nodiscard]] explicit operator bool() const noexcept { return ok; }
};

/// Streams the explanation, so GoogleTest's `<< r` and Catch2's INFO(r) print it.
template <class Stream> Stream& operator<<(Stream& out, const check_result& r) {
    out << (r.ok ? std::string("ok") : r.explanation);
    return out;
}

namespace detail {
template <class J> std::string excerpt(const J& value) {
    // dump() recurses and renders everything: show only what is small and shallow enough.
    const auto shape = jsonpatch::detail::measure(value, 64, 4096);
    if (shape.depth > 64 || shape.nodes > 4096) {
        return "(a value too large or too deep to show)";
    }
    // Explanations end up in JSON reports and logs: invalid UTF-8 in the value is replaced rather
    // than thrown on, and the cut falls between characters.
    std::string text = value.dump(-1, ' ', false, J::error_handler_t::replace);
    if (text.size() > 512) {
        text = jsonpatch::detail::clip(text, 509) + "...";
    }
    return text;
}

// A value at a difference, or what stands for a side that has nothing there.
template <class J> std::string side(const J* value, bool in_array) {
    if (value != nullptr) {
        return excerpt(*value);
    }
    return in_array ? "no such element" : "no such member";
}

// "/a/b" (clipped like any echoed pointer), or "" (the root) for the whole document.
inline std::string pointer_label(const std::string& pointer) {
    if (pointer.empty()) {
        return "\"\" (the root)";
    }
    std::string text = jsonpatch::detail::clip(pointer, 256);
    return text.size() < pointer.size() ? text + "..." : text;
}

// "; first difference at /a/0: got 3, expected 1": where `actual` and `expected` part, and the
// two values there, or "" when they do not differ by RFC 6902 §4.6 equality.
template <class J> std::string first_difference_text(const J& actual, const J& expected) {
    const auto d = jsonpatch::detail::first_difference(actual, expected);
    if (!d) {
        return {};
    }
    return "; first difference at " + pointer_label(d->pointer) + ": got " +
           side(d->left, d->in_array) + ", expected " + side(d->right, d->in_array);
}

// "<what> <actual> differs from expected <expected>; first difference at ...".
template <class J> std::string differs(std::string_view what, const J& actual, const J& expected) {
    return std::string(what) + " " + excerpt(actual) + " differs from expected " +
           excerpt(expected) + first_difference_text(actual, expected);
}

// "expected test_failed at operation 1 at '/a', got path_not_found: op 0 (path '/b'): ...":
// the error wanted (with the place, when one was asked for) and the error that came.
inline std::string unexpected_error(errc code, std::optional<std::size_t> op_index,
                                    const std::optional<std::string>& path, const error& got) {
    std::string text = "expected " + std::string(to_string(code));
    if (op_index) {
        text += " at operation " + std::to_string(*op_index);
    }
    if (path) {
        text += " at '" + jsonpatch::detail::clip(*path, 256) + "'";
    }
    return text + ", got " + std::string(to_string(got.code)) + ": " + describe(got);
}

// A failed patch left the document other than it was: how, and where first (nothing more when
// only the member order changed, which §4.6 equality does not see).
template <class J> std::string changed_by_failure(const J& actual, const J& original) {
    return "the failed patch changed the document to " + excerpt(actual) +
           first_difference_text(actual, original);
}
} // namespace detail

/// Holds when applying `patch` to a copy of `doc` succeeds and yields a document equal to
/// `expected` (RFC 6902 §4.6 equality: numbers by value, member order ignored). `doc` and
/// `expected` are of one nlohmann::basic_json type J; `patch` takes the forms apply() takes.
template <class J, class Patch, class Expected, class Options = basic_apply_options<J>>
[[nodiscard]] check_result turns_into(const J& doc, const Patch& patch, const Expected& expected,
                                      const Options& options = Options{}) {
    if constexpr (!jsonpatch::detail::require_same_document_type<J, Expected>()) {
        return {false, {}}; // not reached: the assertion has failed and said why
    } else {
        J actual = jsonpatch::detail::deep_copy(doc);
        const status outcome = apply(actual, patch, options);
        if (!outcome) {
            return {false, "expected success, but the patch failed: " + describe(outcome.error()) +
                               " [" + std::string(to_string(outcome.error().code)) + "]"};
        }
        if (!jsonpatch::detail::json_equal(actual, expected)) {
            return {false, detail::differs("patched document", actual, expected)};
        }
        return {true, {}};
    }
}

/// Holds when applying `patch` to a copy of `doc` fails with `code` (and, when given, at
/// operation `op_index`), and the copy is left exactly as it was (member order included).
template <class J, class Patch, class Options = basic_apply_options<J>>
[[nodiscard]] check_result fails_with(const J& doc, const Patch& patch, errc code,
                                      std::optional<std::size_t> op_index = std::nullopt,
                                      const Options& options = Options{}) {
    J actual = jsonpatch::detail::deep_copy(doc);
    const status outcome = apply(actual, patch, options);
    if (outcome) {
        return {false, "expected " + std::string(to_string(code)) +
                           ", but the patch succeeded giving " + detail::excerpt(actual)};
    }
    const error& e = outcome.error();
    if (e.code != code || (op_index && e.op_index != op_index)) {
        return {false, detail::unexpected_error(code, op_index, std::nullopt, e)};
    }
    if (!jsonpatch::detail::json_identical(actual, doc)) {
        return {false, detail::changed_by_failure(actual, doc)};
    }
    return {true, {}};
}

/// Holds when apply_to(current, patch, rules) succeeds with a value whose JSON equals that of
/// `expected` (RFC 6902 §4.6 equality, so T needs no operator==). `rules` is a basic_model<T, J>
/// or the apply options of J.
template <class T, class Patch, class Rules>
[[nodiscard]] check_result patches_to(const T& current, const Patch& patch, const Rules& rules,
                                      const T& expected) {
    using J = typename Rules::json_type;
    const auto outcome = apply_to(current, patch, rules);
    if (!outcome) {
        return {false, "expected success, but the patch failed: " + describe(outcome.error()) +
                           " [" + std::string(to_string(outcome.error().code)) + "]"};
    }
    const J actual = *outcome;
    const J wanted = expected;
    if (!jsonpatch::detail::json_equal(actual, wanted)) {
        return {false, detail::differs("patched value", actual, wanted)};
    }
    return {true, {}};
}

/// Holds when apply_to(current, patch, rules) fails with `code` and, when given, at operation
/// `op_index` and with `path`. (apply_to never changes `current`.)
template <class T, class Patch, class Rules>
[[nodiscard]] check_result refuses(const T& current, const Patch& patch, const Rules& rules,
                                   errc code, std::optional<std::size_t> op_index = std::nullopt,
                                   std::optional<std::string> path = std::nullopt) {
    using J = typename Rules::json_type;
    const auto outcome = apply_to(current, patch, rules);
    if (outcome) {
        return {false, "expected " + std::string(to_string(code)) +
                           ", but the patch succeeded giving " + detail::excerpt(J(*outcome))};
    }
    const error& e = outcome.error();
    const bool wrong_place = (op_index && e.op_index != op_index) || (path && e.path != path);
    if (e.code != code || wrong_place) {
        return {false, detail::unexpected_error(code, op_index, path, e)};
    }
    return {true, {}};
}

/// One failed record of a suite.
struct suite_failure {
    std::size_t index = 0;   ///< position of the record in its file
    std::string comment;     ///< the record's "comment", or "" when it has none
    std::string explanation; ///< what happened instead of what the record expects
};

/// Counts of a json-patch-tests run and the failures in order.
struct suite_report {
    std::size_t passed = 0;              ///< records that held
    std::size_t failed = 0;              ///< records that did not (or 1 for an unusable suite)
    std::size_t skipped = 0;             ///< records marked "disabled": true
    std::vector<suite_failure> failures; ///< one per failed record, in order

    /// "N passed, M failed, K skipped".
    [[nodiscard]] std::string summary() const {
        return std::to_string(passed) + " passed, " + std::to_string(failed) + " failed, " +
               std::to_string(skipped) + " skipped";
    }
    /// Adds the counts and failures of `other` (another file of the same run).
    suite_report& operator+=(const suite_report& other) {
        passed += other.passed;
        failed += other.failed;
        skipped += other.skipped;
        failures.insert(failures.end(), other.failures.begin(), other.failures.end());
        return *this;
    }
};

/// Checks one json-patch-tests record: `doc`, `patch`, and `expected` (the result) or `error`
/// (any failure, and the document must stay unchanged); with neither, the patch must apply.
/// The record's type J (any nlohmann::basic_json) is the type the patch is applied in.
template <class J, class Options = basic_apply_options<J>>
[[nodiscard]] check_result check_record(const J& record, const Options& options = Options{}) {
    jsonpatch::detail::require_document_type<J>();
    if (!record.is_object() || !record.contains("doc") || !record.contains("patch")) {
        return {false, "record has no \"doc\" or no \"patch\""};
    }
    const J& doc = record["doc"];
    const J& patch_document = record["patch"];
    if (const auto it = record.find("expected"); it != record.end()) {
        return turns_into(doc, patch_document, *it, options);
    }
    J actual = jsonpatch::detail::deep_copy(doc);
    const status outcome = apply(actual, patch_document, options);
    if (record.contains("error")) {
        if (outcome) {
            return {false,
                    "expected an error, but the patch succeeded giving " + detail::excerpt(actual)};
        }
        if (!jsonpatch::detail::json_identical(actual, doc)) {
            return {false, detail::changed_by_failure(actual, doc)};
        }
        return {true, {}};
    }
    if (!outcome) {
        return {false, "expected success, but the patch failed: " + describe(outcome.error())};
    }
    return {true, {}};
}

/// Runs every record of a json-patch-tests file (a JSON array of records, of any basic_json
/// type). Records with "disabled": true are counted as skipped, never run. A document that is not
/// an array is one failure.
template <class J, class Options = basic_apply_options<J>>
[[nodiscard]] suite_report run_suite(const J& records, const Options& options = Options{}) {
    jsonpatch::detail::require_document_type<J>();
    suite_report report;
    if (!records.is_array()) {
        report.failed = 1;
        report.failures.push_back({0, "", "suite is not a JSON array of records"});
        return report;
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        const J& record = records[i];
        const auto disabled = record.is_object() ? record.find("disabled") : record.end();
        if (disabled != record.end() && disabled->is_boolean() && disabled->template get<bool>()) {
            ++report.skipped;
            continue;
        }
        check_result r = check_record(record, options);
        if (r) {
            ++report.passed;
        } else {
            ++report.failed;
            std::string comment;
            if (record.is_object()) {
                if (const auto it = record.find("comment"); it != record.end() && it->is_string()) {
                    comment =
                        jsonpatch::detail::valid_utf8(it->template get_ref<const std::string&>());
                }
            }
            report.failures.push_back({i, std::move(comment), std::move(r.explanation)});
        }
    }
    return report;
}

/// Reads a json-patch-tests file into a `J` (nlohmann::json unless given, e.g.
/// `run_suite_file<nlohmann::ordered_json>(path)`) and runs it as `run_suite` does. A file that
/// cannot be opened or does not hold valid JSON is reported as one failure (index 0) naming the
/// file, never as an empty, passing suite. Neither case throws.
template <class J = nlohmann::json, class Options = basic_apply_options<J>>
[[nodiscard]] suite_report run_suite_file(const std::filesystem::path& path,
                                          const Options& options = Options{}) {
    jsonpatch::detail::require_document_type<J>();
    jsonpatch::detail::require_options_for<J, Options>();
    const auto unusable = [&path](const char* why) {
        suite_report report;
        report.failed = 1;
        report.failures.push_back({0, "", "suite file " + path.string() + ": " + why});
        return report;
    };
    // An ifstream opens a directory on Linux and then reads nothing; say what it really is.
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored)) {
        return unusable("is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return unusable("cannot be opened");
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
        return unusable("cannot be read");
    }
    // nlohmann's lexer stops at a NUL byte, which JSON text never holds (see parse_patch_text).
    // allow_exceptions = false: a parse error yields a discarded value instead of throwing.
    const J records = text.find('\0') == std::string::npos ? J::parse(text, nullptr, false)
                                                           : J(J::value_t::discarded);
    if (records.is_discarded()) {
        return unusable("is not valid JSON");
    }
    return run_suite(records, options);
}

} // namespace jsonpatch::testing

#endif // JSONPATCH_TESTING_HPP
