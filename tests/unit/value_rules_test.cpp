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
    CHECK(failure_path("/tags", {unique_items()}) == "/tags/2"); // the repeat, at its own pointer
    CHECK_FALSE(failure_path("/tags", {items_type_is({json_kind::string}), non_empty_items()}));
    CHECK(failure_path("/tags", {items_max_length(0)}) == "/tags/0");
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

TEST_CASE("regression #21: ill-formed UTF-8 counts one character per bad byte and fails "
          "max_length",
          "[value_rules][regression]") {
    using namespace jsonpatch;
    // 5,000 continuation bytes, as a MessagePack or CBOR string may hold: 5,000 characters, as
    // clip() would show them (one U+FFFD each), not zero.
    const std::string continuation(5000, '\x80');
    CHECK(count_code_points(continuation) == 5000);
    static_assert(count_code_points("\xC3") == 1);         // a truncated sequence
    static_assert(count_code_points("a\xE6\x97") == 3);    // two bytes of a three-byte sequence
    static_assert(count_code_points("\xC0\xAF") == 2);     // an overlong '/'
    static_assert(count_code_points("\xED\xA0\x80") == 3); // a UTF-16 surrogate
    const json bad = {{"name", continuation}, {"short", "\x80"}, {"tags", {"ok", "\xFF"}}};
    CHECK(check_member(bad, "/name", {max_length(128)}).error().path == "/name");
    // A string that is not UTF-8 has no length in characters: max_length refuses it outright.
    const auto refused = check_member(bad, "/short", {max_length(128)});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == errc::validation_failed);
    CHECK(refused.error().message.find("UTF-8") != std::string::npos);
    // The sibling for elements.
    CHECK(check_member(bad, "/tags", {items_max_length(128)}).error().path == "/tags/1");
}
