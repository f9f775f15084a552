// SPDX-License-Identifier: MIT
#include <jsonpatch/policy.hpp>

#include <jsonpatch/apply.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/validate.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <check.hpp>

#include <string>
#include <type_traits>

using jsonpatch::errc;
using jsonpatch::member;
using jsonpatch::op_kind;
using jsonpatch::op_set;
using jsonpatch::scope;
using jsonpatch_test::applied;
using jsonpatch_test::failure;
using json = nlohmann::json;

namespace {

// A made-up resource, written the way a user would from public headers alone: a user profile
// whose display name and address may change, whose nicknames list may be edited element-wise,
// and whose id and audit block are off limits.
jsonpatch::apply_options profile_options(const jsonpatch::policy& rules) {
    jsonpatch::apply_options o;
    o.policy = &rules;
    return o;
}

jsonpatch::policy profile_policy() {
    jsonpatch::policy p;
    p.allow({op_kind::replace, op_kind::add}, "/displayName")
        .allow({op_kind::add, op_kind::remove, op_kind::replace}, "/address", scope::subtree)
        .allow({op_kind::add, op_kind::remove, op_kind::replace, op_kind::move, op_kind::copy},
               "/nicknames", scope::subtree)
        .allow_from({op_kind::move, op_kind::copy}, "/nicknames", scope::subtree)
        .allow_from({op_kind::copy}, "/displayName")
        .read_only("/id")
        .read_only("/audit");
    return p;
}

const std::string profile = R"({"id":"u1","displayName":"Ada","address":{"city":"London"},
    "nicknames":["a","b"],"audit":{"created":"2020-01-01"}})";

} // namespace

TEST_CASE("policy: a user-defined resource policy allows exactly what it grants", "[policy]") {
    const auto rules = profile_policy();
    const auto o = profile_options(rules);
    const json out = applied(profile, R"([
        {"op":"replace","path":"/displayName","value":"Ada L."},
        {"op":"add","path":"/address/zip","value":"N1"},
        {"op":"remove","path":"/address/city"},
        {"op":"add","path":"/nicknames/-","value":"c"},
        {"op":"move","from":"/nicknames/0","path":"/nicknames/-"},
        {"op":"copy","from":"/displayName","path":"/nicknames/0"},
        {"op":"test","path":"/audit/created","value":"2020-01-01"},
        {"op":"test","path":"/id","value":"u1"}])", o);
    CHECK(out["displayName"] == "Ada L.");
    CHECK(out["nicknames"] == json::parse(R"(["Ada L.","b","c","a"])"));
    CHECK(out["id"] == "u1");
}

TEST_CASE("policy: writes outside the grants are refused before anything changes", "[policy]") {
    const auto rules = profile_policy();
    const auto o = profile_options(rules);
    auto e = failure(profile, R"([{"op":"replace","path":"/displayName","value":"x"},{"op":"replace","path":"/id","value":"u2"}])",
                     errc::operation_not_allowed, 1, o);
    CHECK(e.path == "/id");
    CHECK(e.concerns == member::path);
    // Op kinds are granted per path: remove of displayName was not granted.
    failure(profile, R"([{"op":"remove","path":"/displayName"}])", errc::operation_not_allowed, 0, o);
    // An exact grant does not extend to children.
    failure(profile, R"([{"op":"add","path":"/displayName/x","value":1}])", errc::operation_not_allowed, 0, o);
    // Unknown members cannot be added.
    failure(profile, R"([{"op":"add","path":"/admin","value":true}])", errc::operation_not_allowed, 0, o);
    // Replacing the root or an ancestor of a read-only value is a write to it.
    failure(profile, R"([{"op":"replace","path":"","value":{}}])", errc::operation_not_allowed, 0, o);
    // Writes below a read-only value are refused too.
    failure(profile, R"([{"op":"add","path":"/audit/by","value":"me"}])", errc::operation_not_allowed, 0, o);
}

TEST_CASE("policy: copy and move cannot read or destroy protected fields", "[policy]") {
    const auto rules = profile_policy();
    const auto o = profile_options(rules);
    // Reading a field the client may not read through copy.
    auto e = failure(profile, R"([{"op":"copy","from":"/audit","path":"/nicknames/0"}])", errc::from_not_allowed, 0, o);
    CHECK(e.from == "/audit");
    CHECK(e.concerns == member::from);
    // Destroying a field through move, even into an allowed place.
    failure(profile, R"([{"op":"move","from":"/id","path":"/nicknames/0"}])", errc::from_not_allowed, 0, o);
    // displayName may be copied but not moved away.
    failure(profile, R"([{"op":"move","from":"/displayName","path":"/nicknames/0"}])", errc::from_not_allowed, 0, o);
    // An allowed source into a forbidden target.
    failure(profile, R"([{"op":"copy","from":"/nicknames/0","path":"/id"}])", errc::operation_not_allowed, 0, o);
}

TEST_CASE("policy: test is allowed anywhere unless configured otherwise", "[policy]") {
    auto rules = profile_policy();
    rules.allow_test_anywhere(false).allow({op_kind::test}, "/displayName");
    const auto o = profile_options(rules);
    applied(profile, R"([{"op":"test","path":"/displayName","value":"Ada"}])", o);
    failure(profile, R"([{"op":"test","path":"/audit","value":{}}])", errc::operation_not_allowed, 0, o);
}

TEST_CASE("policy: default-constructed denies writes, allow_all allows them", "[policy]") {
    const jsonpatch::policy none;
    failure(R"({"a":1})", R"([{"op":"add","path":"/b","value":1}])", errc::operation_not_allowed, 0, profile_options(none));
    applied(R"({"a":1})", R"([{"op":"test","path":"/a","value":1}])", profile_options(none));
    auto all = jsonpatch::policy::allow_all();
    applied(R"({"a":1})", R"([{"op":"move","from":"/a","path":"/b"},{"op":"replace","path":"","value":[]}])", profile_options(all));
    all.read_only("/keep");
    failure(R"({"keep":1})", R"([{"op":"move","from":"/keep","path":"/b"}])", errc::from_not_allowed, 0, profile_options(all));
    failure(R"({"keep":{"x":1}})", R"([{"op":"remove","path":"/keep/x"}])", errc::operation_not_allowed, 0, profile_options(all));
    applied(R"({"keep":1})", R"([{"op":"copy","from":"/keep","path":"/b"}])", profile_options(all));
}

TEST_CASE("policy: the policy is checked before any operation runs", "[policy]") {
    // The first op would fail in the engine, the second breaks the policy: the policy wins,
    // because it is checked up front.
    const auto rules = profile_policy();
    failure(profile, R"([{"op":"remove","path":"/address/nope"},{"op":"add","path":"/x","value":1}])",
            errc::operation_not_allowed, 1, profile_options(rules));
}

TEST_CASE("policy: validate reports every violation", "[policy][validate]") {
    const auto rules = profile_policy();
    const auto o = profile_options(rules);
    const json doc = json::parse(profile);
    const auto problems = jsonpatch::validate(json::parse(R"([
        {"op":"replace","path":"/id","value":1},
        {"op":"replace","path":"/displayName","value":"ok"},
        {"op":"copy","from":"/audit","path":"/nicknames/-"}])"), &doc, o);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].code == errc::operation_not_allowed);
    CHECK(problems[1].code == errc::from_not_allowed);
}

TEST_CASE("policy: a descendants rule covers what is strictly below its pointer", "[policy]") {
    // The shape a list field needs: elements may be added and removed, the list itself only
    // replaced.
    jsonpatch::policy rules;
    rules.allow({op_kind::replace}, "/tags")
        .allow({op_kind::add, op_kind::remove, op_kind::replace}, "/tags", scope::descendants);
    const auto o = profile_options(rules);
    const std::string doc = R"({"tags":["a","b"],"tagsx":[]})";
    const json out = applied(doc, R"([{"op":"add","path":"/tags/-","value":"c"},
        {"op":"remove","path":"/tags/0"},{"op":"replace","path":"/tags/1","value":"d"}])", o);
    CHECK(out["tags"] == json::parse(R"(["b","d"])"));
    applied(doc, R"([{"op":"replace","path":"/tags","value":[]}])", o);
    auto e = failure(doc, R"([{"op":"remove","path":"/tags"}])", errc::operation_not_allowed, 0, o);
    CHECK(e.path == "/tags");
    failure(doc, R"([{"op":"add","path":"/tags","value":[]}])", errc::operation_not_allowed, 0, o);
    // Only token-wise descendants: "/tagsx" shares the text prefix but is a sibling.
    failure(doc, R"([{"op":"add","path":"/tagsx/-","value":1}])", errc::operation_not_allowed, 0, o);
    failure(doc, R"([{"op":"add","path":"","value":{}}])", errc::operation_not_allowed, 0, o);
    // It applies to from rules too.
    rules.allow({op_kind::move}, "/tags", scope::descendants)
        .allow_from({op_kind::move}, "/tags", scope::descendants);
    applied(doc, R"([{"op":"move","from":"/tags/0","path":"/tags/-"}])", o);
    e = failure(doc, R"([{"op":"move","from":"/tags","path":"/tags/0"}])", errc::from_not_allowed, 0, o);
    CHECK(e.from == "/tags");
}

TEST_CASE("policy: op_set membership", "[policy]") {
    constexpr op_set s{op_kind::add, op_kind::test};
    STATIC_REQUIRE(s.contains(op_kind::add));
    STATIC_REQUIRE_FALSE(s.contains(op_kind::remove));
    STATIC_REQUIRE(op_set::all().contains(op_kind::copy));
    STATIC_REQUIRE(op_set{}.empty());
    CHECK_THROWS_AS(jsonpatch::policy{}.allow(op_set::all(), "no-slash"), jsonpatch::patch_error);
}

TEST_CASE("regression #17: read_only holds when an element is named by a negative index",
          "[policy][regression]") {
    jsonpatch::policy rules = jsonpatch::policy::allow_all();
    rules.read_only("/a/1");
    jsonpatch::apply_options options;
    options.policy = &rules;
    options.allow_negative_array_index = true;
    const std::string doc = R"({"a":["free","protected"]})";

    SECTION("writing the protected element through -1 is refused, naming the pointer as given") {
        const auto e = failure(doc, R"([{"op":"replace","path":"/a/-1","value":"x"}])",
                               errc::operation_not_allowed, 0, options);
        CHECK(e.path == "/a/-1");
        CHECK(e.concerns == member::path);
        failure(doc, R"([{"op":"remove","path":"/a/-1"}])", errc::operation_not_allowed, 0,
                options);
    }
    SECTION("taking it away through -1 is refused") {
        const auto e = failure(doc, R"([{"op":"move","from":"/a/-1","path":"/b"}])",
                               errc::from_not_allowed, 0, options);
        CHECK(e.from == "/a/-1");
        CHECK(e.concerns == member::from);
    }
    SECTION("it is resolved where the operation runs: after earlier operations") {
        // After op 0 the protected element is the last but one.
        failure(doc,
                R"([{"op":"add","path":"/a/-","value":"new"},
                    {"op":"replace","path":"/a/-2","value":"x"}])",
                errc::operation_not_allowed, 1, options);
        CHECK(applied(doc,
                      R"([{"op":"add","path":"/a/-","value":"new"},
                          {"op":"replace","path":"/a/-1","value":"x"}])",
                      options) == json::parse(R"({"a":["free","protected","x"]})"));
    }
    SECTION("the other element stays writable through -2, and reading through -1 is fine") {
        CHECK(applied(doc, R"([{"op":"replace","path":"/a/-2","value":"x"}])", options) ==
              json::parse(R"({"a":["x","protected"]})"));
        CHECK(applied(doc, R"([{"op":"copy","from":"/a/-1","path":"/b"}])", options) ==
              json::parse(R"({"a":["free","protected"],"b":"protected"})"));
    }
    SECTION("apply_with_inverse and validate hold the same line") {
        json d = json::parse(doc);
        const auto inverse = jsonpatch::apply_with_inverse(
            d, json::parse(R"([{"op":"replace","path":"/a/-1","value":"x"}])"), options);
        REQUIRE_FALSE(inverse);
        CHECK(inverse.error().code == errc::operation_not_allowed);
        CHECK(d == json::parse(doc));
        const json target = json::parse(doc);
        const auto problems = jsonpatch::validate(
            json::parse(R"([{"op":"replace","path":"/a/0","value":1},
                            {"op":"move","from":"/a/-1","path":"/c"}])"),
            &target, options);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == errc::from_not_allowed);
        CHECK(problems[0].op_index == 1u);
    }
    SECTION("without the leniency -1 is no index and the policy reads the text as written") {
        jsonpatch::apply_options strict = options;
        strict.allow_negative_array_index = false;
        failure(doc, R"([{"op":"replace","path":"/a/-1","value":"x"}])",
                errc::invalid_array_index, 0, strict);
    }
}

TEST_CASE("regression #17: a grant at a concrete index covers the same element named from the end",
          "[policy][regression]") {
    jsonpatch::policy rules;
    rules.allow({op_kind::replace}, "/a/1");
    jsonpatch::apply_options options;
    options.policy = &rules;
    options.allow_negative_array_index = true;
    CHECK(applied(R"({"a":[0,1]})", R"([{"op":"replace","path":"/a/-1","value":5}])", options) ==
          json::parse(R"({"a":[0,5]})"));
    failure(R"({"a":[0,1]})", R"([{"op":"replace","path":"/a/-2","value":5}])",
            errc::operation_not_allowed, 0, options);
}

TEST_CASE("policy: insertion::refused lets an add set members but not insert elements",
          "[policy][insertion]") {
    const auto rules = jsonpatch::policy()
                           .allow({op_kind::add, op_kind::replace, op_kind::move, op_kind::copy},
                                  "/list/*", scope::exact, jsonpatch::insertion::refused)
                           .allow({op_kind::add, op_kind::replace}, "/map/*", scope::exact,
                                  jsonpatch::insertion::refused)
                           .allow_from({op_kind::copy, op_kind::move}, "/src");
    const auto options = profile_options(rules);
    const std::string doc = R"({"list":[1,2],"map":{"a":1},"src":9})";
    CHECK(applied(doc, R"([{"op":"replace","path":"/list/0","value":5}])", options)["list"][0] ==
          5);
    CHECK(applied(doc, R"([{"op":"add","path":"/map/b","value":2}])", options)["map"]["b"] == 2);
    CHECK(applied(doc, R"([{"op":"add","path":"/map/a","value":3}])", options)["map"]["a"] == 3);
    for (const char* inserts : {R"([{"op":"add","path":"/list/-","value":3}])",
                                R"([{"op":"add","path":"/list/1","value":3}])",
                                R"([{"op":"copy","from":"/src","path":"/list/0"}])",
                                R"([{"op":"move","from":"/src","path":"/list/2"}])"}) {
        const auto e = failure(doc, inserts, errc::operation_not_allowed, 0, options);
        CHECK(e.concerns == member::path);
    }
    // The same rule made with insertion::allowed (the default) lets it insert.
    const auto open =
        jsonpatch::policy().allow({op_kind::add}, "/list/*").allow({op_kind::add}, "/list/-");
    CHECK(applied(doc, R"([{"op":"add","path":"/list/-","value":3}])", profile_options(open))
              ["list"]
              .size() == 3);
    // validate() reports it the same way, without changing anything.
    const json parsed = json::parse(doc);
    const auto report = jsonpatch::validate(
        json::parse(R"([{"op":"add","path":"/list/0","value":3}])"), &parsed, options);
    REQUIRE(report.size() == 1);
    CHECK(report[0].code == errc::operation_not_allowed);
}

TEST_CASE("policy: a chain on a temporary returns the policy by value", "[policy][builder]") {
    static_assert(!std::is_reference_v<decltype(jsonpatch::policy().allow({op_kind::add}, "/a"))>);
    static_assert(!std::is_reference_v<decltype(jsonpatch::policy().allow_from({}, "/a"))>);
    static_assert(!std::is_reference_v<decltype(jsonpatch::policy().read_only("/a"))>);
    static_assert(!std::is_reference_v<decltype(jsonpatch::policy().allow_test_anywhere(true))>);
    jsonpatch::policy named;
    static_assert(std::is_lvalue_reference_v<decltype(named.allow({op_kind::add}, "/a"))>);
    // Bound to a reference, the end of the chain lives as long as the reference (ASan checks).
    const auto& rules = jsonpatch::policy().allow({op_kind::replace}, "/a").read_only("/b");
    CHECK(applied(R"({"a":1,"b":2})", R"([{"op":"replace","path":"/a","value":3}])",
                  profile_options(rules))["a"] == 3);
}
