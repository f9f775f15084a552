// SPDX-License-Identifier: MIT
// Compiled once per nlohmann mode (JSON_USE_IMPLICIT_CONVERSIONS=0, JSON_DIAGNOSTICS=1): the whole
// apply path, including rollback, must build and behave the same in each.
#include <jsonpatch/jsonpatch.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <string>

using json = nlohmann::json;

TEST_CASE("nlohmann modes: every operation applies", "[modes]") {
    json doc = json::parse(R"({"a":{"b":[1,2,3]},"c":"x","d":{"e":null}})");
    const auto outcome = jsonpatch::apply(doc, json::parse(R"([
        {"op":"add","path":"/a/b/1","value":{"n":[true]}},
        {"op":"remove","path":"/a/b/0"},
        {"op":"replace","path":"/c","value":["y"]},
        {"op":"move","from":"/d/e","path":"/a/moved"},
        {"op":"copy","from":"/a/b/0","path":"/d/copied"},
        {"op":"test","path":"/d/copied/n/0","value":true}
    ])"));
    REQUIRE(outcome);
    const json expected = json::parse(R"({"a":{"b":[{"n":[true]},2,3],"moved":null},
                                           "c":["y"],"d":{"copied":{"n":[true]}}})");
    CHECK(doc == expected);
    // Containers built by the engine stay usable in this mode (JSON_DIAGNOSTICS tracks parents).
    doc["d"]["copied"]["n"].push_back(false);
    CHECK(doc.at("/d/copied/n"_json_pointer).size() == 2);
}

TEST_CASE("nlohmann modes: a failing patch rolls back moves and removals", "[modes]") {
    const json before = json::parse(R"({"list":[{"k":1},{"k":2}],"obj":{"inner":{"deep":[1]}}})");
    json doc = before;
    const auto outcome = jsonpatch::apply(doc, json::parse(R"([
        {"op":"move","from":"/obj/inner","path":"/list/0/inner"},
        {"op":"remove","path":"/list/1"},
        {"op":"replace","path":"/obj","value":{"fresh":[1,2]}},
        {"op":"remove","path":"/nowhere"}
    ])"));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::path_not_found);
    CHECK(outcome.error().op_index == 3);
    CHECK(doc == before);
    doc["obj"]["inner"]["deep"].push_back(2);
    CHECK(doc["obj"]["inner"]["deep"].size() == 2);
}

TEST_CASE("nlohmann modes: text patches, errors as JSON, validate and find", "[modes]") {
    const auto parsed = jsonpatch::parse_patch(R"([{"op":"add","path":"/x","value":1,"value":2}])");
    REQUIRE_FALSE(parsed);
    const json as_json = parsed.error();
    CHECK(as_json.at("op_index").get<std::size_t>() == 0);
    CHECK(as_json.at("code").get<std::string>() ==
          std::string(jsonpatch::to_string(parsed.error().code)));

    const json doc = json::parse(R"({"a":[10,20]})");
    CHECK(jsonpatch::validate(json::parse(R"([{"op":"remove","path":"/a/5"}])"), &doc).size() == 1);
    const json* found = jsonpatch::find(doc, jsonpatch::pointer::parse("/a/1").value());
    REQUIRE(found != nullptr);
    CHECK(found->get<int>() == 20);
}

TEST_CASE("nlohmann modes: the testing helpers and the throwing API", "[modes]") {
    namespace jt = jsonpatch::testing;
    const json doc = json::parse(R"({"a":1})");
    CHECK(jt::turns_into(doc, json::parse(R"([{"op":"copy","from":"/a","path":"/b"}])"),
                         json::parse(R"({"a":1,"b":1})")));
    CHECK(jt::fails_with(doc, json::parse(R"([{"op":"test","path":"/a","value":2}])"),
                         jsonpatch::errc::test_failed, 0));
    json target = doc;
    CHECK_THROWS_AS(
        jsonpatch::apply_or_throw(target, json::parse(R"([{"op":"remove","path":"/b"}])")),
        jsonpatch::patch_error);
    CHECK(target == doc);
}
