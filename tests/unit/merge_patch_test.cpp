// SPDX-License-Identifier: MIT
// Tests of RFC 7396 JSON Merge Patch: the RFC's examples, atomicity under policy and limits, diff.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <json_types.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>

namespace {

using json = nlohmann::json;

json merged(const std::string& target, const std::string& merge_patch) {
    json doc = json::parse(target);
    const auto outcome = jsonpatch::apply_merge_patch(doc, json::parse(merge_patch));
    INFO(target << " + " << merge_patch);
    REQUIRE(outcome);
    return doc;
}

struct rng {
    std::mt19937_64 engine;
    explicit rng(std::uint64_t seed) : engine(seed) {}
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(engine() % n); }
    bool chance(std::size_t percent) { return below(100) < percent; }
};

// Documents without null members (RFC 7396 cannot set a member to null); nulls in arrays are fine.
template <class J = json>
J random_value(rng& r, std::size_t depth, bool in_array) {
    if (depth == 0 || r.chance(40)) {
        switch (r.below(in_array ? 5 : 4)) {
        case 0:
            return r.chance(50);
        case 1:
            return static_cast<std::int64_t>(r.below(5));
        case 2:
            return 0.5;
        case 3:
            return std::string(1, static_cast<char>('a' + r.below(3)));
        default:
            return nullptr;
        }
    }
    const std::size_t width = r.below(4);
    if (r.chance(30)) {
        J out = J::array();
        for (std::size_t i = 0; i < width; ++i) {
            out.push_back(random_value<J>(r, depth - 1, true));
        }
        return out;
    }
    J out = J::object();
    for (std::size_t i = 0; i < width; ++i) {
        out[std::string(1, static_cast<char>('p' + r.below(4)))] =
            random_value<J>(r, depth - 1, false);
    }
    return out;
}

} // namespace

TEST_CASE("merge patch: every example of RFC 7396 Appendix A", "[merge_patch][rfc7396]") {
    const auto [target, merge_patch, result] =
        GENERATE(table<std::string, std::string, std::string>({
            {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
            {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
            {R"({"a":"b"})", R"({"a":null})", R"({})"},
            {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
            {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
            {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
            {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
            {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
            {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
            {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
            {R"({"a":"foo"})", R"(null)", R"(null)"},
            {R"({"a":"foo"})", R"("bar")", R"("bar")"},
            {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
            {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
            {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
        }));
    CHECK(merged(target, merge_patch).dump() == json::parse(result).dump());
}

TEST_CASE("merge patch: the example of RFC 7396 section 3", "[merge_patch][rfc7396]") {
    const json result =
        merged(R"({"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},
                                   "tags":["example","sample"],"content":"This will be unchanged"})",
               R"({"title":"Hello!","phoneNumber":"+01-123-456-7890",
                                   "author":{"familyName":null},"tags":["example"]})");
    CHECK(result ==
          json::parse(R"({"title":"Hello!","author":{"givenName":"John"},"tags":["example"],
                                   "content":"This will be unchanged","phoneNumber":"+01-123-456-7890"})"));
}

TEST_CASE("merge patch: null and non-object cases", "[merge_patch]") {
    CHECK(merged(R"({"a":1})", R"({"b":null})") == json::parse(R"({"a":1})")); // absent: nothing
    CHECK(merged(R"(1)", R"({"a":{"b":null}})") == json::parse(R"({"a":{}})"));
    CHECK(merged(R"({"a":1})", R"({"a":{"b":null,"c":[null]}})") ==
          json::parse(R"({"a":{"c":[null]}})"));
    CHECK(merged(R"({"a":1})", R"({})") == json::parse(R"({"a":1})"));
    CHECK(merged(R"(null)", R"({"a":1})") == json::parse(R"({"a":1})"));
    CHECK(merged(R"({"a":{"b":1}})", R"({"a":{"b":{"c":null}}})") ==
          json::parse(R"({"a":{"b":{}}})"));
}

TEST_CASE("merge patch: translates to the JSON Patch operations a policy sees", "[merge_patch]") {
    const auto ops =
        jsonpatch::translate_merge_patch(json::parse(R"({"a":{"b":1},"c":2})"),
                                         json::parse(R"({"a":{"b":null,"x":3},"c":4,"d":null})"));
    REQUIRE(ops);
    CHECK(ops->to_json() == json::parse(R"([{"op":"replace","path":"/c","value":4},
                                            {"op":"remove","path":"/a/b"},
                                            {"op":"add","path":"/a/x","value":3}])"));
}

TEST_CASE("merge patch: translate_merge_patch takes merge patch text too", "[merge_patch]") {
    const json doc = json::parse(R"({"a":{"b":1},"c":2})");
    const std::string text = R"({"a":{"b":null,"x":3},"c":4,"d":null})";
    const auto from_value = jsonpatch::translate_merge_patch(doc, json::parse(text));
    REQUIRE(from_value);
    for (const auto& translated :
         {jsonpatch::translate_merge_patch(doc, text),
          jsonpatch::translate_merge_patch(doc, std::string_view(text)),
          jsonpatch::translate_merge_patch(doc, text.c_str()),
          jsonpatch::translate_merge_patch(doc, R"({"a":{"b":null,"x":3},"c":4,"d":null})")}) {
        REQUIRE(translated);
        CHECK(translated->to_json() == from_value->to_json());
    }
    // Text is read as a merge patch, never as a JSON string value; its own errors come back.
    CHECK(jsonpatch::translate_merge_patch(doc, "{").error().code == jsonpatch::errc::invalid_json);
    CHECK(jsonpatch::translate_merge_patch(doc, R"({"a":1,"a":2})").error().code ==
          jsonpatch::errc::duplicate_member);
    jsonpatch::apply_limits small;
    small.max_patch_bytes = 4;
    CHECK(jsonpatch::translate_merge_patch(doc, text, small).error().code ==
          jsonpatch::errc::patch_too_large);
    const auto ordered = jsonpatch::translate_merge_patch(
        nlohmann::ordered_json::parse(R"({"z":1,"a":2})"), R"({"z":null,"m":3})");
    REQUIRE(ordered);
    CHECK(json::parse(ordered->to_json().dump()) ==
          json::parse(R"([{"op":"remove","path":"/z"},{"op":"add","path":"/m","value":3}])"));
}

TEST_CASE("merge patch: a policy violation fails it whole", "[merge_patch][policy]") {
    const json original = json::parse(R"({"name":"n","id":"x"})");
    json doc = original;
    jsonpatch::policy rules;
    rules.allow({jsonpatch::op_kind::replace}, "/name");
    jsonpatch::apply_options options;
    options.policy = &rules;
    REQUIRE(jsonpatch::apply_merge_patch(doc, json::parse(R"({"name":"m"})"), options));
    CHECK(doc["name"] == "m");
    doc = original;
    const auto outcome =
        jsonpatch::apply_merge_patch(doc, json::parse(R"({"name":"m","id":null})"), options);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::operation_not_allowed);
    CHECK(outcome.error().path == "/id");
    CHECK(doc.dump() == original.dump());
}

TEST_CASE("merge patch: limits and validators fail it whole", "[merge_patch][limits]") {
    const json original = json::parse(R"({"a":{"b":1},"c":2})");
    json doc = original;
    jsonpatch::apply_options limited;
    limited.limits.max_operations = 1;
    auto outcome =
        jsonpatch::apply_merge_patch(doc, json::parse(R"({"a":{"b":2},"c":3})"), limited);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::too_many_operations);
    CHECK(doc.dump() == original.dump());

    jsonpatch::apply_options shallow;
    shallow.limits.max_value_depth = 2;
    outcome = jsonpatch::apply_merge_patch(doc, json::parse(R"({"a":{"b":{"c":1}}})"), shallow);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::value_too_deep);
    CHECK_FALSE(outcome.error().op_index.has_value());
    CHECK(doc.dump() == original.dump());

    jsonpatch::apply_options validated;
    validated.validators.push_back([](const json& patched) -> jsonpatch::status {
        if (patched.contains("c")) {
            return {};
        }
        jsonpatch::error e;
        e.code = jsonpatch::errc::validation_failed;
        e.path = "/c";
        return e;
    });
    outcome =
        jsonpatch::apply_merge_patch(doc, json::parse(R"({"a":{"b":5},"c":null})"), validated);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::validation_failed);
    CHECK(outcome.error().path == "/c");
    CHECK(doc.dump() == original.dump());
}

TEST_CASE("merge patch diff: turns a into b, or says it cannot", "[merge_patch][diff]") {
    const json a = json::parse(R"({"a":{"b":1,"c":2},"d":[1],"e":"x"})");
    const json b = json::parse(R"({"a":{"b":1,"c":3},"d":[1,2],"f":true})");
    const auto merge_patch = jsonpatch::merge_patch_diff(a, b);
    REQUIRE(merge_patch);
    CHECK(*merge_patch == json::parse(R"({"a":{"c":3},"d":[1,2],"e":null,"f":true})"));
    json doc = a;
    REQUIRE(jsonpatch::apply_merge_patch(doc, *merge_patch));
    CHECK(doc == b);

    CHECK(jsonpatch::merge_patch_diff(a, a) == json::object());
    CHECK(jsonpatch::merge_patch_diff(a, json(5)) == json(5));
    CHECK_FALSE(jsonpatch::merge_patch_diff(a, json::parse(R"({"a":null})")));
    CHECK_FALSE(jsonpatch::merge_patch_diff(json(1), json::parse(R"({"a":{"b":null}})")));
    CHECK(jsonpatch::merge_patch_diff(json::parse(R"({"a":null})"),
                                      json::parse(R"({"a":null,"b":1})")) ==
          json::parse(R"({"b":1})"));
}

TEMPLATE_TEST_CASE("merge patch diff: random pairs round-trip", "[merge_patch][diff][property]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using J = TestType;
    rng r(7396);
    for (int round = 0; round < 3000; ++round) {
        const J a = random_value<J>(r, 4, false);
        const J b = random_value<J>(r, 4, false);
        const auto merge_patch = jsonpatch::merge_patch_diff(a, b);
        INFO("a = " << a.dump() << "\nb = " << b.dump());
        REQUIRE(merge_patch);
        J doc = a;
        REQUIRE(jsonpatch::apply_merge_patch(doc, *merge_patch));
        if constexpr (jsonpatch_test::is_ordered<J>) {
            // A merge patch cannot reorder members a and b share: b member for member, and the
            // members only b has come last, in b's order (pinned by the ordered_json tests).
            REQUIRE(jsonpatch::detail::json_equal(doc, b));
        } else {
            REQUIRE(doc.dump() == b.dump());
        }
    }
}

TEST_CASE("regression #17: merge patch text is applied as a merge patch, never as a string value",
          "[merge_patch][regression]") {
    json doc = json::parse(R"({"a":1,"b":{"c":2}})");
    SECTION("std::string, literal and std::string_view") {
        REQUIRE(jsonpatch::apply_merge_patch(doc, std::string(R"({"a":null})")));
        CHECK(doc == json::parse(R"({"b":{"c":2}})"));
        REQUIRE(jsonpatch::apply_merge_patch(doc, R"({"b":{"d":3}})"));
        CHECK(doc == json::parse(R"({"b":{"c":2,"d":3}})"));
        REQUIRE(jsonpatch::apply_merge_patch(doc, std::string_view(R"([1])")));
        CHECK(doc == json::parse("[1]"));
    }
    SECTION("bad text fails with a code and changes nothing") {
        const json original = doc;
        const auto broken = jsonpatch::apply_merge_patch(doc, R"({"a":)");
        REQUIRE_FALSE(broken);
        CHECK(broken.error().code == jsonpatch::errc::invalid_json);
        // Which of two members of one name would win is undefined (RFC 8259 §4): refuse them.
        const auto repeated = jsonpatch::apply_merge_patch(doc, R"({"b":{"c":1,"c":null}})");
        REQUIRE_FALSE(repeated);
        CHECK(repeated.error().code == jsonpatch::errc::duplicate_member);
        CHECK_FALSE(repeated.error().op_index.has_value());
        jsonpatch::apply_options small;
        small.limits.max_patch_bytes = 4;
        const auto large = jsonpatch::apply_merge_patch(doc, R"({"a":2})", small);
        REQUIRE_FALSE(large);
        CHECK(large.error().code == jsonpatch::errc::patch_too_large);
        jsonpatch::apply_options shallow;
        shallow.limits.max_value_depth = 2;
        const auto deep = jsonpatch::apply_merge_patch(doc, R"({"a":{"b":{"c":{}}}})", shallow);
        REQUIRE_FALSE(deep);
        CHECK(deep.error().code == jsonpatch::errc::value_too_deep);
        CHECK(doc.dump() == original.dump());
    }
}
