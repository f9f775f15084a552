// SPDX-License-Identifier: MIT
#include <jsonpatch/jsonpatch.hpp>

#include <catch2/catch_test_macros.hpp>

#include <string>

TEST_CASE("jsonpatch: the umbrella header offers the whole API", "[umbrella]") {
    nlohmann::json doc = nlohmann::json::parse(R"({"a":[1]})");
    const auto p = jsonpatch::parse_patch(R"([{"op":"copy","from":"/a/0","path":"/a/-"}])");
    REQUIRE(p);
    REQUIRE(jsonpatch::apply(doc, *p));
    CHECK(doc == nlohmann::json::parse(R"({"a":[1,1]})"));
    CHECK(jsonpatch::validate(std::string_view("[]")).empty());
    CHECK(jsonpatch::find(doc, "/a/1").value() != nullptr);
    CHECK(jsonpatch::testing::turns_into(nlohmann::json::object(), nlohmann::json::array(), nlohmann::json::object()));
}

TEST_CASE("jsonpatch: text with a NUL byte is not JSON, wherever it is read", "[umbrella][text]") {
    // nlohmann's lexer ends the input at a NUL byte, so "[...]\0junk" used to pass as its first
    // part. Every entry point that takes text refuses it, with the document unchanged.
    using namespace std::string_literals;
    using jsonpatch::errc;
    const std::string patch = R"([{"op":"add","path":"/b","value":2}])"s + '\0' + "junk";
    const std::string inside = R"([{"op":"add","path":"/b","value":"x)"s + '\0' + R"("}])";
    for (const std::string& text : {patch, inside}) {
        const auto parsed = jsonpatch::parse_patch(text);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == errc::invalid_json);
        CHECK(parsed.error().message.find("NUL") != std::string::npos);
        nlohmann::ordered_json doc = {{"a", 1}};
        const auto before = doc;
        const auto applied = jsonpatch::apply(doc, text);
        REQUIRE_FALSE(applied);
        CHECK(applied.error().code == errc::invalid_json);
        CHECK(doc == before);
        const auto problems = jsonpatch::validate(std::string_view(text));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].code == errc::invalid_json);
    }
    nlohmann::json doc = {{"a", 1}};
    const auto merged = jsonpatch::apply_merge_patch(doc, R"({"a":null})"s + '\0' + "x");
    REQUIRE_FALSE(merged);
    CHECK(merged.error().code == errc::invalid_json);
    CHECK(doc == nlohmann::json{{"a", 1}});
}
