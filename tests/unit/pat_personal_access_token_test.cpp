// SPDX-License-Identifier: MIT
#include <jsonpatch/pat/personal_access_token.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <deep_values.hpp>

#include <string>
#include <utility>
#include <vector>

using jsonpatch::errc;
using jsonpatch::pat::parse_token;
using json = nlohmann::json;

namespace {

// A token as the platform's newer API versions return it, with members the model does not know.
json full_token() {
    return json::parse(R"({
        "id": "b3a6a5e2-2b0b-4a39-9d6b-7c2f1f0e2c11",
        "name": "ci deploy",
        "scope": ["read:users", "write:users"],
        "owner": {"type": "IDENTITY", "id": "42", "name": "ada"},
        "created": "2018-06-25T20:22:28.104Z",
        "lastUsed": "2019-01-02T03:04:05.006Z",
        "managed": true,
        "accessTokenValiditySeconds": 3600,
        "expirationDate": "2030-01-01T00:00:00.000Z",
        "userAwareTokenNeverExpires": false})");
}

// The error parse_token reports for `doc`; requires a failure.
jsonpatch::error parse_error(const json& doc) {
    auto parsed = parse_token(doc);
    INFO(doc.dump());
    REQUIRE_FALSE(parsed);
    CHECK_FALSE(parsed.error().op_index.has_value());
    return parsed.error();
}

} // namespace

TEST_CASE("pat token: parses every known field", "[pat][token]") {
    const auto token = parse_token(full_token());
    REQUIRE(token);
    CHECK(token->id == "b3a6a5e2-2b0b-4a39-9d6b-7c2f1f0e2c11");
    CHECK(token->name == "ci deploy");
    REQUIRE(token->scope);
    CHECK(*token->scope == std::vector<std::string>{"read:users", "write:users"});
    CHECK(token->owner.type == "IDENTITY");
    CHECK(token->owner.id == "42");
    CHECK(token->owner.name == "ada");
    CHECK(token->created == "2018-06-25T20:22:28.104Z");
    CHECK(token->last_used == std::optional<std::string>("2019-01-02T03:04:05.006Z"));
    CHECK(token->managed);
    CHECK(token->unknown_members ==
          json::parse(R"({"accessTokenValiditySeconds":3600,"expirationDate":"2030-01-01T00:00:00.000Z",
                          "userAwareTokenNeverExpires":false})"));
}

TEST_CASE("pat token: optional fields default when missing or null", "[pat][token]") {
    json doc = full_token();
    SECTION("missing") {
        doc.erase("scope");
        doc.erase("lastUsed");
        doc.erase("managed");
    }
    SECTION("null") {
        doc["scope"] = nullptr;
        doc["lastUsed"] = nullptr;
        doc.erase("managed");
    }
    const auto token = parse_token(doc);
    REQUIRE(token);
    CHECK_FALSE(token->scope.has_value());
    CHECK_FALSE(token->last_used.has_value());
    CHECK_FALSE(token->managed);
    // The canonical form writes the defaults out.
    const json out = jsonpatch::pat::to_json(*token);
    CHECK(out["scope"].is_null());
    CHECK(out["lastUsed"].is_null());
    CHECK(out["managed"] == false);
}

TEST_CASE("pat token: an empty scope array stays an empty array", "[pat][token]") {
    json doc = full_token();
    doc["scope"] = json::array();
    const auto token = parse_token(doc);
    REQUIRE(token);
    REQUIRE(token->scope);
    CHECK(token->scope->empty());
    CHECK(jsonpatch::pat::to_json(*token)["scope"] == json::array());
}

TEST_CASE("pat token: a missing required field names its pointer", "[pat][token][errors]") {
    const auto [member_path, expected] = GENERATE(table<std::string, std::string>({
        {"/id", "/id"},
        {"/name", "/name"},
        {"/owner", "/owner"},
        {"/owner/id", "/owner/id"},
        {"/owner/type", "/owner/type"},
        {"/owner/name", "/owner/name"},
        {"/created", "/created"},
    }));
    json doc = full_token();
    const json::json_pointer where(member_path);
    doc[where.parent_pointer()].erase(where.back());
    const auto e = parse_error(doc);
    CHECK(e.code == errc::missing_field);
    CHECK(e.path == expected);
}

TEST_CASE("pat token: a field of the wrong type names its pointer", "[pat][token][errors]") {
    const auto [member_path, bad] = GENERATE(table<std::string, json>({
        {"/id", json(42)},
        {"/id", json(nullptr)},
        {"/name", json::array()},
        {"/name", json(nullptr)},
        {"/scope", json("read:users")},
        {"/scope", json::object()},
        {"/scope/1", json(7)},
        {"/scope/0", json(nullptr)},
        {"/owner", json("ada")},
        {"/owner", json(nullptr)},
        {"/owner/type", json(1)},
        {"/owner/id", json(42)},
        {"/owner/name", json(false)},
        {"/created", json(1530000000)},
        {"/lastUsed", json(true)},
        {"/managed", json("true")},
        {"/managed", json(nullptr)},
        {"/managed", json(0)},
    }));
    json doc = full_token();
    doc[json::json_pointer(member_path)] = bad;
    const auto e = parse_error(doc);
    CHECK(e.code == errc::wrong_type);
    CHECK(e.path == member_path);
}

TEST_CASE("pat token: a document that is not an object is a wrong type at the root",
          "[pat][token][errors]") {
    const json doc = GENERATE(json::array(), json(nullptr), json("token"), json(1));
    const auto e = parse_error(doc);
    CHECK(e.code == errc::wrong_type);
    CHECK(e.path == "");
}

TEST_CASE("pat token: created and lastUsed must be millisecond UTC date-times",
          "[pat][token][errors]") {
    const std::string member_path = GENERATE(as<std::string>{}, "/created", "/lastUsed");
    const std::string bad = GENERATE(as<std::string>{}, "2018-06-25T20:22:28Z",
                                     "2018-06-25T20:22:28.104+02:00", "2018-02-30T20:22:28.104Z",
                                     "2018-06-25", "yesterday", "");
    json doc = full_token();
    doc[json::json_pointer(member_path)] = bad;
    const auto e = parse_error(doc);
    CHECK(e.code == errc::invalid_date_time);
    CHECK(e.path == member_path);
}

TEST_CASE("pat token: owner type must be IDENTITY", "[pat][token][errors]") {
    json doc = full_token();
    doc["owner"]["type"] = GENERATE("SERVICE", "identity", "");
    const auto e = parse_error(doc);
    CHECK(e.code == errc::validation_failed);
    CHECK(e.path == "/owner/type");
}

TEST_CASE("pat token: unknown members survive a round trip untouched", "[pat][token][round_trip]") {
    json doc = full_token();
    doc["owner"]["email"] = "ada@example.invalid";
    doc["nested"] = json::parse(R"({"a":[1,2.5,{"b":null}],"c":"\u00e9"})");
    const auto token = parse_token(doc);
    REQUIRE(token);
    CHECK(token->owner.unknown_members == json::parse(R"({"email":"ada@example.invalid"})"));
    const json out = jsonpatch::pat::to_json(*token);
    CHECK(out == doc);
    CHECK(out.dump() == doc.dump());
    const auto again = parse_token(out);
    REQUIRE(again);
    CHECK(*again == *token);
}

TEST_CASE("pat token: a known member wins over an unknown one of the same name",
          "[pat][token][round_trip]") {
    auto token = parse_token(full_token()).value();
    token.unknown_members["id"] = "spoofed";
    token.owner.unknown_members["id"] = "spoofed";
    const json out = jsonpatch::pat::to_json(token);
    CHECK(out["id"] == token.id);
    CHECK(out["owner"]["id"] == token.owner.id);
}

TEST_CASE("pat token: equality compares every member", "[pat][token]") {
    const auto a = parse_token(full_token()).value();
    auto b = a;
    CHECK(a == b);
    b.unknown_members["expirationDate"] = nullptr;
    CHECK(a != b);
    b = a;
    b.owner.name = "grace";
    CHECK(a != b);
    b = a;
    b.scope.reset();
    CHECK(a != b);
}

TEST_CASE("regression #21: a token with 100,000-deep unknown members round-trips",
          "[pat][token][regression][deep]") {
    // Unknown members are kept verbatim, however deep: reading and writing them must not recurse.
    constexpr std::size_t depth = jsonpatch_test::overflowing_depth;
    json doc = full_token();
    doc["extra"] = jsonpatch_test::deep_array<json>(depth, json("leaf"));
    doc["owner"]["extra"] = jsonpatch_test::deep_object<json>(depth, json(1));
    const auto token = parse_token(doc);
    REQUIRE(token);
    const json out = jsonpatch::pat::to_json(*token);
    CHECK(jsonpatch::detail::json_identical(out, doc));
    json via_adl = *token; // nlohmann's conversion, as apply_to uses it
    CHECK(jsonpatch::detail::json_identical(via_adl, doc));
    const auto again = parse_token(out);
    REQUIRE(again);
    CHECK(*again == *token);
}
