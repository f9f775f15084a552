// SPDX-License-Identifier: MIT
// Tests of the declarative value rules and check_member.
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <optional>
#include <string>
#include <vector>

using jsonpatch::errc;
using jsonpatch::json_kind;
using json = nlohmann::json;

namespace {

const json doc = json::parse(R"({"name":"Ada","empty":"","tags":["a","b","a"],"list":[],
    "n":3,"nil":null,"emoji":"\u65e5\u672c\u8a9e","addresses":[{"city":"x"},{"city":""},{}]})");

std::optional<std::string> failure_path(const char* pattern,
                                        const std::vector<jsonpatch::value_rule>& rules) {
    const auto s = jsonpatch::check_member(doc, pattern, rules);
    if (s) {
        return std::nullopt;
    }
    CHECK(s.error().code == errc::validation_failed);
    CHECK_FALSE(s.error().op_index.has_value());
    return s.error().path;
}

} // namespace

TEST_CASE("value rules: each rule passes what it allows and names what it refuses",
          "[value_rules]") {
    using namespace jsonpatch;
    CHECK_FALSE(failure_path("/name", {required(), type_is({json_kind::string}), non_empty()}));
    CHECK(failure_path("/missing", {required()}) == "/missing");
    CHECK_FALSE(failure_path("/missing", {non_empty(), type_is({json_kind::string})}));
    CHECK(failure_path("/n", {type_is({json_kind::string, json_kind::null})}) == "/n");
    CHECK_FALSE(failure_path("/nil", {type_is({json_kind::string, json_kind::null})}));
    CHECK(failure_path("/empty", {non_empty()}) == "/empty");
    CHECK(failure_path("/list", {non_empty()}) == "/list");
    // Lengths count code points: three characters in nine bytes.
    CHECK_FALSE(failure_path("/emoji", {max_length(3)}));
    CHECK(failure_path("/emoji", {max_length(2)}) == "/emoji");
    CHECK_FALSE(failure_path("/name", {one_of({"Ada", "Grace"})}));
    CHECK(failure_path("/name", {one_of({"Grace"})}) == "/name");
    CHECK(failure_path("/tags", {max_items(2)}) == "/tags");
    CHECK(failure_path("/list", {min_items(1)}) == "/list");
    CHECK(failure_path("/tags", {unique_items()}) == "/tags");
    CHECK_FALSE(failure_path("/tags", {items_type_is({json_kind::string}), non_empty_items()}));
    CHECK(failure_path("/tags", {items_max_length(0)}) == "/tags");
    // A rule about strings passes what is not a string, so rules combine.
    CHECK_FALSE(failure_path("/n", {non_empty(), max_length(0), one_of({"x"}), unique_items()}));
}

TEST_CASE("value rules: a pattern checks every match and names the one that fails",
          "[value_rules][path_pattern]") {
    using namespace jsonpatch;
    CHECK(failure_path("/addresses/*/city", {non_empty()}) == "/addresses/1/city");
    CHECK(failure_path("/addresses/*/city", {required()}) == "/addresses/2/city");
    CHECK_FALSE(failure_path("/nothing/*/city", {required()}));
    const auto s = check_member(doc, "/addresses/*/city", {non_empty()});
    REQUIRE_FALSE(s);
    CHECK(s.error().message.find("empty") != std::string::npos);
}

TEST_CASE("value rules: count_code_points counts characters, not bytes", "[value_rules]") {
    static_assert(jsonpatch::count_code_points("abc") == 3);
    static_assert(jsonpatch::count_code_points("\xE6\x97\xA5") == 1);
    CHECK(jsonpatch::count_code_points("\xF0\x9F\x98\x80x") == 2);
}
