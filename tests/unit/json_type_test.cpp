// SPDX-License-Identifier: MIT
// Tests of the document types: ordered_json keeps member order everywhere, a custom basic_json
// with 32-bit integers and float works, and values convert through nlohmann's ADL conventions.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/http_status.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/testing.hpp>
#include <jsonpatch/validate.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include <cstddef>
#include <json_types.hpp>
#include <map>
#include <string>
#include <utility>

using jsonpatch::errc;
using ordered = nlohmann::ordered_json;
using jsonpatch_test::compact_json;

namespace {

// Keys deliberately out of alphabetical order: a std::map would print alpha, beta, mid, zeta.
ordered sample() {
    return ordered::parse(R"({"zeta":1,"alpha":{"y":1,"x":2},"mid":[3]})");
}

ordered applied(ordered doc, const char* patch_text) {
    const auto outcome = jsonpatch::apply(doc, patch_text);
    INFO((outcome ? "" : jsonpatch::describe(outcome.error())));
    REQUIRE(outcome);
    return doc;
}

} // namespace

TEST_CASE("json type: is_basic_json holds for specialisations only", "[json_type]") {
    static_assert(jsonpatch::is_basic_json_v<nlohmann::json>);
    static_assert(jsonpatch::is_basic_json_v<ordered>);
    static_assert(jsonpatch::is_basic_json_v<compact_json>);
    static_assert(!jsonpatch::is_basic_json_v<std::string>);
    static_assert(!jsonpatch::is_basic_json_v<std::map<std::string, int>>);
    static_assert(!jsonpatch::is_basic_json_v<const nlohmann::json>);
    static_assert(jsonpatch::detail::keeps_member_order<ordered>);
    static_assert(!jsonpatch::detail::keeps_member_order<nlohmann::json>);
    // The aliases are the nlohmann::json and ordered_json forms.
    static_assert(std::is_same_v<jsonpatch::patch, jsonpatch::basic_patch<nlohmann::json>>);
    static_assert(std::is_same_v<jsonpatch::ordered_patch, jsonpatch::basic_patch<ordered>>);
    static_assert(std::is_same_v<decltype(jsonpatch::parse_patch<ordered>("[]")),
                                 jsonpatch::result<jsonpatch::ordered_patch>>);
    static_assert(std::is_same_v<decltype(jsonpatch::parse_patch("[]")),
                                 jsonpatch::result<jsonpatch::patch>>);
    CHECK(jsonpatch::is_basic_json<compact_json>::value);
}

TEST_CASE("ordered_json: apply keeps member order; new members come last", "[json_type][ordered]") {
    CHECK(applied(sample(), R"([{"op":"replace","path":"/alpha/y","value":7},
                               {"op":"add","path":"/beta","value":{"q":1,"p":2}},
                               {"op":"remove","path":"/zeta"}])")
              .dump() == R"({"alpha":{"y":7,"x":2},"mid":[3],"beta":{"q":1,"p":2}})");
    // add on an existing member replaces it in place (RFC 6902 §4.1), so it keeps its position.
    CHECK(applied(sample(), R"([{"op":"add","path":"/zeta","value":0}])").dump() ==
          R"({"zeta":0,"alpha":{"y":1,"x":2},"mid":[3]})");
    // A parsed patch, a patch document and patched() give the same order.
    const auto p =
        jsonpatch::parse_patch<ordered>(R"([{"op":"copy","from":"/alpha","path":"/c"}])");
    REQUIRE(p);
    ordered doc = sample();
    REQUIRE(jsonpatch::apply(doc, *p));
    CHECK(doc.dump() == R"({"zeta":1,"alpha":{"y":1,"x":2},"mid":[3],"c":{"y":1,"x":2}})");
    const auto copy = jsonpatch::patched(sample(), p->to_json());
    REQUIRE(copy);
    CHECK(copy->dump() == doc.dump());
}

TEST_CASE("ordered_json: a failed patch restores member order exactly", "[json_type][ordered]") {
    // Removing the first member and failing later must put it back first, not last.
    const ordered original = sample();
    for (const char* patch_text :
         {R"([{"op":"remove","path":"/zeta"},{"op":"test","path":"/mid","value":0}])",
          R"([{"op":"move","from":"/alpha/y","path":"/alpha/z"},{"op":"remove","path":"/nope"}])",
          R"([{"op":"remove","path":"/alpha"},{"op":"add","path":"/alpha","value":1},
              {"op":"test","path":"/zeta","value":2}])"}) {
        ordered doc = original;
        INFO(patch_text);
        REQUIRE_FALSE(jsonpatch::apply(doc, patch_text));
        CHECK(doc.dump() == original.dump());
        CHECK(
            jsonpatch::testing::fails_with(original, ordered::parse(patch_text), errc::test_failed)
                .ok == (std::string(patch_text).find("test") != std::string::npos));
    }
}

TEST_CASE("ordered_json: a move onto itself puts the member last, as nlohmann's patch() does",
          "[json_type][ordered]") {
    const ordered patch_document =
        ordered::parse(R"([{"op":"move","from":"/zeta","path":"/zeta"}])");
    const ordered ours = applied(sample(), R"([{"op":"move","from":"/zeta","path":"/zeta"}])");
    CHECK(ours.dump() == R"({"alpha":{"y":1,"x":2},"mid":[3],"zeta":1})");
    CHECK(ours.dump() == sample().patch(patch_document).dump());
    // Elsewhere it changes nothing: array elements and std::map objects.
    CHECK(applied(sample(), R"([{"op":"move","from":"/mid/0","path":"/mid/0"}])").dump() ==
          sample().dump());
    nlohmann::json plain = nlohmann::json::parse(R"({"b":1,"a":2})");
    REQUIRE(jsonpatch::apply(plain, R"([{"op":"move","from":"/b","path":"/b"}])"));
    CHECK(plain.dump() == R"({"a":2,"b":1})");
}

TEST_CASE("ordered_json: the inverse restores member order", "[json_type][ordered][inverse]") {
    const ordered original = sample();
    for (
        const char* patch_text :
        {R"([{"op":"remove","path":"/zeta"}])", R"([{"op":"move","from":"/alpha/y","path":"/w"}])",
         R"([{"op":"move","from":"/zeta","path":"/zeta"},{"op":"remove","path":"/alpha/y"}])",
         R"([{"op":"replace","path":"/alpha","value":{"b":1,"a":2}},{"op":"remove","path":"/mid"}])"}) {
        ordered doc = original;
        INFO(patch_text);
        const auto inverse = jsonpatch::apply_with_inverse(doc, patch_text);
        REQUIRE(inverse);
        INFO(inverse->to_json().dump());
        REQUIRE(jsonpatch::apply(doc, *inverse));
        CHECK(doc.dump() == original.dump());
    }
}

TEST_CASE("ordered_json: diff emits operations in document order", "[json_type][ordered][diff]") {
    const ordered a = ordered::parse(
        R"({"zeta":1,"alpha":2,"gone":0,"list":[{"k":1,"j":2}],"keep":[1,2,3,4,5,6,7,8,9,10]})");
    const ordered b = ordered::parse(
        R"({"zeta":2,"alpha":3,"list":[{"k":1,"j":3}],"keep":[1,2,3,4,5,6,7,8,9,10],)"
        R"("new2":{"y":1,"x":2},"new1":1})");
    const auto p = jsonpatch::diff(a, b);
    CHECK(
        p.to_json().dump() ==
        R"([{"op":"replace","path":"/zeta","value":2},{"op":"replace","path":"/alpha","value":3},)"
        R"({"op":"remove","path":"/gone"},{"op":"replace","path":"/list/0/j","value":3},)"
        R"({"op":"add","path":"/new2","value":{"y":1,"x":2}},{"op":"add","path":"/new1","value":1}])");
    ordered doc = a;
    REQUIRE(jsonpatch::apply(doc, p));
    CHECK(doc.dump() == b.dump());
}

TEST_CASE("ordered_json: merge patches keep the order they are given in", "[json_type][ordered]") {
    ordered doc = sample();
    REQUIRE(jsonpatch::apply_merge_patch(doc, R"({"new":{"d":1,"c":2},"alpha":{"x":null,"w":0}})"));
    CHECK(doc.dump() == R"({"zeta":1,"alpha":{"y":1,"w":0},"mid":[3],"new":{"d":1,"c":2}})");
    const auto merge_patch = jsonpatch::merge_patch_diff(sample(), doc);
    REQUIRE(merge_patch);
    CHECK(merge_patch->dump() == R"({"alpha":{"x":null,"w":0},"new":{"d":1,"c":2}})");
    ordered again = sample();
    REQUIRE(jsonpatch::apply_merge_patch(again, *merge_patch));
    CHECK(again.dump() == doc.dump());
}

TEST_CASE("ordered_json: patches, errors and HTTP bodies keep their member order",
          "[json_type][ordered]") {
    const std::string text = R"([{"op":"add","path":"/a","value":{"z":1,"b":{"y":2,"a":3}}}])";
    const auto p = jsonpatch::parse_patch<ordered>(text);
    REQUIRE(p);
    CHECK(p->to_json().dump() == R"([{"op":"add","path":"/a","value":{"z":1,"b":{"y":2,"a":3}}}])");
    ordered doc = ordered::object();
    const auto failed = jsonpatch::apply(doc, R"([{"op":"remove","path":"/x"}])");
    REQUIRE_FALSE(failed);
    const ordered error = failed.error();
    CHECK(error.dump().rfind(R"({"code":"path_not_found","value":300,"op_index":0)", 0) == 0);
    const auto http = jsonpatch::to_http_error<ordered>(failed.error(), "id-1");
    CHECK(http.body.begin().key() == "detailCode");
    const auto* found = jsonpatch::find(std::as_const(doc), jsonpatch::pointer());
    CHECK(found == &doc);
}

TEST_CASE("ordered_json: adding beside a 100k-deep member copies nothing", "[json_type][ordered]") {
    // nlohmann's ordered_map copies every member, recursively, when it grows; the engine grows it
    // by moving, or this would exhaust the stack.
    ordered deep = ordered::array();
    for (int i = 0; i < 100'000; ++i) {
        ordered wrapper = ordered::array();
        wrapper.push_back(std::move(deep));
        deep = std::move(wrapper);
    }
    ordered doc = ordered::object();
    doc["deep"] = std::move(deep);
    for (int i = 0; i < 40; ++i) { // past several capacity doublings
        const std::string add =
            R"([{"op":"add","path":"/m)" + std::to_string(i) + R"(","value":1}])";
        REQUIRE(jsonpatch::apply(doc, add));
    }
    CHECK(doc.size() == 41);
    REQUIRE_FALSE(jsonpatch::apply(
        doc, R"([{"op":"add","path":"/n","value":1},{"op":"test","path":"/n","value":2}])"));
    CHECK(doc.size() == 41);
}

TEMPLATE_TEST_CASE("json type: patches, operations and errors convert through ADL",
                   "[json_type][adl]", JSONPATCH_TEST_JSON_TYPES) {
    using J = TestType;
    const auto p = jsonpatch::parse_patch<J>(
        R"([{"op":"add","path":"/a","value":[1]},{"op":"move","from":"/a","path":"/b"}])");
    REQUIRE(p);
    const J as_json = *p;
    CHECK(as_json == p->to_json());
    const auto back = as_json.template get<jsonpatch::basic_patch<J>>();
    CHECK(J(back) == as_json);
    const J one = (*p)[1];
    CHECK(one.template get<jsonpatch::basic_operation<J>>().from.to_string() == "/a");
    CHECK_THROWS_AS(J::parse(R"([{"op":"jump"}])").template get<jsonpatch::basic_patch<J>>(),
                    jsonpatch::patch_error);
    try {
        (void)J::parse(R"([{"op":"add","path":"/a"}])").template get<jsonpatch::basic_patch<J>>();
        FAIL("no exception");
    } catch (const jsonpatch::patch_error& e) {
        CHECK(e.error().code == errc::missing_value);
    }

    J doc = J::object();
    const auto failed = jsonpatch::apply(doc, R"([{"op":"move","from":"/x","path":"/y"}])");
    REQUIRE_FALSE(failed);
    const J error_json = failed.error();
    CHECK(error_json.template get<jsonpatch::error>() == failed.error());
}

TEST_CASE("json type: a custom basic_json with 32-bit integers and float", "[json_type][custom]") {
    compact_json doc = compact_json::parse(R"({"n":1,"big":4000000000,"f":0.5,"list":[1,2]})");
    CHECK(doc["big"].is_number_unsigned());
    // RFC 6902 §4.6: numbers compare by value across integer and float.
    CHECK(jsonpatch::testing::turns_into(
        doc, compact_json::parse(R"([{"op":"test","path":"/n","value":1.0},
                                                             {"op":"test","path":"/f","value":0.5},
                                                             {"op":"test","path":"/big","value":4000000000},
                                                             {"op":"replace","path":"/list/1","value":-7}])"),
        compact_json::parse(R"({"n":1,"big":4000000000,"f":0.5,"list":[1,-7]})")));
    CHECK(jsonpatch::testing::fails_with(
        doc, compact_json::parse(R"([{"op":"test","path":"/n","value":1.5}])"), errc::test_failed,
        0));
    // An integer beyond 32 bits becomes a float when read into this type, and still compares.
    CHECK(jsonpatch::testing::turns_into(compact_json::parse("[8589934592]"),
                                         R"([{"op":"test","path":"/0","value":8589934592}])",
                                         compact_json::parse("[8589934592]")));
    const auto p = jsonpatch::diff(doc, compact_json::parse(R"({"n":2,"f":0.5,"list":[2,1]})"));
    compact_json target = doc;
    REQUIRE(jsonpatch::apply(target, p));
    CHECK(target == compact_json::parse(R"({"n":2,"f":0.5,"list":[2,1]})"));
    jsonpatch::basic_apply_options<compact_json> options;
    options.validators.push_back([](const compact_json& patched) -> jsonpatch::status {
        if (patched["n"].template get<std::int32_t>() < 100) {
            return {};
        }
        jsonpatch::error e;
        e.code = errc::validation_failed;
        e.path = "/n";
        return e;
    });
    const auto refused =
        jsonpatch::apply(target, R"([{"op":"replace","path":"/n","value":100}])", options);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().path == "/n");
    CHECK(target["n"] == 2);
}
