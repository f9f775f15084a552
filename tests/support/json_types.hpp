// SPDX-License-Identifier: MIT
// The document types every per-type test runs with: nlohmann's two and one of the user's own.
#ifndef JSONPATCH_TESTS_SUPPORT_JSON_TYPES_HPP
#define JSONPATCH_TESTS_SUPPORT_JSON_TYPES_HPP

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace jsonpatch_test {

/// A basic_json specialisation of the kind users define: 32-bit integers and float numbers.
using compact_json = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int32_t,
                                          std::uint32_t, float>;

/// True for the type whose objects keep insertion order.
template <class J>
inline constexpr bool is_ordered = std::is_same_v<J, nlohmann::ordered_json>;

} // namespace jsonpatch_test

// For Catch2's TEMPLATE_TEST_CASE: each instance is named after its type.
#define JSONPATCH_TEST_JSON_TYPES nlohmann::json, nlohmann::ordered_json, jsonpatch_test::compact_json

#endif // JSONPATCH_TESTS_SUPPORT_JSON_TYPES_HPP
