// SPDX-License-Identifier: MIT
// Tests of path_pattern: "*" matches one token of any kind, "~*" is a member named "*".
#include <jsonpatch/apply.hpp>
#include <jsonpatch/path_pattern.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <check.hpp>
#include <string>

using jsonpatch::errc;
using jsonpatch::op_kind;
using jsonpatch::path_pattern;
using relation = jsonpatch::path_pattern::relation;

namespace {
path_pattern pattern(const char* text) {
    return path_pattern::parse(text).value();
}
} // namespace

TEST_CASE("path pattern: a wildcard matches one token of any kind", "[path_pattern]") {
    const auto p = pattern("/items/*/qty");
    CHECK(p.size() == 3);
    CHECK(p.has_wildcard());
    CHECK(p.is_any(1));
    CHECK_FALSE(p.is_any(0));
    CHECK(p.compare("/items/0/qty") == relation::exact);
    CHECK(p.compare("/items/-/qty") == relation::exact);
    CHECK(p.compare("/items/abc/qty") == relation::exact);
    CHECK(p.compare("/items/0/qty/x") == relation::descendant);
    CHECK(p.compare("/items/0") == relation::ancestor);
    CHECK(p.compare("/items") == relation::ancestor);
    CHECK(p.compare("") == relation::ancestor);
    CHECK(p.compare("/items/0/price") == relation::none);
    CHECK(p.compare("/things/0/qty") == relation::none);
}

TEST_CASE("path pattern: ~* is a member named *, and escapes match as written", "[path_pattern]") {
    const auto literal = pattern("/~*/a~1b");
    CHECK_FALSE(literal.has_wildcard());
    CHECK(literal.token(0) == "*");
    CHECK(literal.token(1) == "a/b");
    CHECK(literal.compare("/*/a~1b") == relation::exact);
    CHECK(literal.compare("/x/a~1b") == relation::none);
    CHECK(pattern("").compare("") == relation::exact);
    CHECK(pattern("").compare("/a") == relation::descendant);
    CHECK(pattern("/~0").compare("/~0") == relation::exact);
}

TEST_CASE("path pattern: malformed patterns are refused like malformed pointers",
          "[path_pattern]") {
    CHECK(path_pattern::parse("a").error().code == errc::pointer_missing_slash);
    CHECK(path_pattern::parse("/a~2").error().code == errc::pointer_invalid_escape);
    CHECK(path_pattern::parse("/a~").error().code == errc::pointer_invalid_escape);
    CHECK(path_pattern::parse("/~*~").error().code == errc::pointer_invalid_escape);
    CHECK_THROWS_AS(jsonpatch::policy().allow({op_kind::replace}, "no-slash"),
                    jsonpatch::patch_error);
}

TEST_CASE("policy: a pattern grants every element of an array, and nothing else",
          "[policy][path_pattern]") {
    jsonpatch::policy rules;
    rules.allow({op_kind::replace}, "/addresses/*/city").read_only("/addresses/*/country");
    jsonpatch::apply_options options;
    options.policy = &rules;
    const std::string doc =
        R"({"addresses":[{"city":"a","country":"x"},{"city":"b","country":"y"}],"name":"n"})";
    const auto result = jsonpatch_test::applied(
        doc, R"([{"op":"replace","path":"/addresses/1/city","value":"c"}])", options);
    CHECK(result["addresses"][1]["city"] == "c");
    jsonpatch_test::failure(doc, R"([{"op":"replace","path":"/addresses/1/country","value":"z"}])",
                            errc::operation_not_allowed, 0, options);
    jsonpatch_test::failure(doc, R"([{"op":"replace","path":"/name","value":"z"}])",
                            errc::operation_not_allowed, 0, options);
    jsonpatch_test::failure(doc, R"([{"op":"remove","path":"/addresses/1/city"}])",
                            errc::operation_not_allowed, 0, options);
}

TEST_CASE("policy: read_only with a wildcard guards every match, above and below",
          "[policy][path_pattern]") {
    jsonpatch::policy rules = jsonpatch::policy::allow_all();
    rules.read_only("/items/*/id");
    jsonpatch::apply_options options;
    options.policy = &rules;
    const std::string doc = R"({"items":[{"id":1,"q":1},{"id":2,"q":2}],"x":0})";
    jsonpatch_test::failure(doc, R"([{"op":"replace","path":"/items/1/id","value":9}])",
                            errc::operation_not_allowed, 0, options);
    // Writing an item or the array would replace the protected ids with it.
    jsonpatch_test::failure(doc, R"([{"op":"replace","path":"/items/0","value":{}}])",
                            errc::operation_not_allowed, 0, options);
    jsonpatch_test::failure(doc, R"([{"op":"remove","path":"/items"}])",
                            errc::operation_not_allowed, 0, options);
    jsonpatch_test::failure(doc, R"([{"op":"move","from":"/items/0/id","path":"/x"}])",
                            errc::from_not_allowed, 0, options);
    CHECK(jsonpatch_test::applied(doc, R"([{"op":"replace","path":"/items/1/q","value":9}])",
                                  options)["items"][1]["q"] == 9);
}

TEST_CASE("regression #21: ~* inside a longer token is refused at setup", "[path_pattern][regression]") {
    for (const char* text : {"/x~*", "/~*x", "/a~*b", "/a/x~*/c", "/~*~*", "/~**"}) {
        INFO(text);
        const auto parsed = path_pattern::parse(text);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == errc::pointer_invalid_escape);
    }
    CHECK_THROWS_AS(jsonpatch::policy().read_only("/x~*"), jsonpatch::patch_error);
    // A whole token `~*` is still the member named "*".
    CHECK(pattern("/a/~*/b").token(1) == "*");
    CHECK_FALSE(pattern("/a/~*/b").has_wildcard());
}
