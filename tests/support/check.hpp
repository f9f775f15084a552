// SPDX-License-Identifier: MIT
// Test helpers: every failing apply in the tests also proves the document was left untouched.
#ifndef JSONPATCH_TESTS_SUPPORT_CHECK_HPP
#define JSONPATCH_TESTS_SUPPORT_CHECK_HPP

#include <jsonpatch/apply.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <cstddef>
#include <optional>
#include <string>

namespace jsonpatch_test {

using json = nlohmann::json;

/// Applies `patch` to `doc` (JSON text), requires success, returns the result.
inline json applied(const std::string& doc, const std::string& patch,
                    const jsonpatch::apply_options& options = {}) {
    json d = json::parse(doc);
    const auto outcome = jsonpatch::apply(d, json::parse(patch), options);
    INFO(doc << " + " << patch << " -> " << (outcome ? "" : jsonpatch::describe(outcome.error())));
    REQUIRE(outcome);
    return d;
}

/// Applies `patch` to `doc`, requires failure with `code` at `op_index`, and requires the document
/// to be byte-identical afterwards. Returns the error for further checks.
inline jsonpatch::error failure(const std::string& doc, const std::string& patch, jsonpatch::errc code,
                                std::optional<std::size_t> op_index,
                                const jsonpatch::apply_options& options = {}) {
    json d = json::parse(doc);
    const std::string before = d.dump();
    const auto outcome = jsonpatch::apply(d, json::parse(patch), options);
    INFO(doc << " + " << patch);
    REQUIRE_FALSE(outcome);
    INFO(jsonpatch::describe(outcome.error()));
    CHECK(outcome.error().code == code);
    CHECK(outcome.error().op_index == op_index);
    CHECK(d.dump() == before);
    return outcome.error();
}

} // namespace jsonpatch_test

#endif // JSONPATCH_TESTS_SUPPORT_CHECK_HPP
