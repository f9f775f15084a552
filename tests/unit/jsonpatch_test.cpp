// SPDX-License-Identifier: MIT
#include <jsonpatch/jsonpatch.hpp>

#include <catch2/catch_test_macros.hpp>

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
