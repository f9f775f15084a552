// SPDX-License-Identifier: MIT
#include <jsonpatch/pat/patch_policy.hpp>

#include <jsonpatch/apply.hpp>
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using jsonpatch::errc;
using jsonpatch::member;
using json = nlohmann::json;

namespace {

const json token_doc = json::parse(R"({
    "id": "t-1", "name": "ci deploy", "scope": ["read:users", "write:users"],
    "owner": {"type": "IDENTITY", "id": "42", "name": "ada"},
    "created": "2018-06-25T20:22:28.104Z", "lastUsed": null, "managed": false,
    "expirationDate": "2030-01-01T00:00:00.000Z"})");

// The policy's verdict on a one-operation patch.
std::optional<jsonpatch::error> verdict(const json& operation) {
    const auto parsed = jsonpatch::parse_patch(json::array({operation}));
    REQUIRE(parsed);
    return jsonpatch::pat::patch_policy().check(*parsed);
}

json op(const char* kind, const char* path) { return {{"op", kind}, {"path", path}, {"value", "v"}}; }
json op_from(const char* kind, const char* from, const char* path) {
    return {{"op", kind}, {"from", from}, {"path", path}};
}

} // namespace

TEST_CASE("pat patch_policy: allows writes to name and scope", "[pat][policy]") {
    const json allowed = GENERATE(
        op("add", "/name"), op("replace", "/name"), op("add", "/scope"), op("replace", "/scope"),
        op("add", "/scope/-"), op("add", "/scope/0"), op("replace", "/scope/1"),
        json{{"op", "remove"}, {"path", "/scope/0"}}, json{{"op", "remove"}, {"path", "/scope/-"}});
    INFO(allowed.dump());
    CHECK_FALSE(verdict(allowed).has_value());
}

TEST_CASE("pat patch_policy: refuses writes anywhere else, naming the path", "[pat][policy]") {
    const json refused = GENERATE(
        op("add", ""), op("replace", ""), json{{"op", "remove"}, {"path", ""}},
        op("replace", "/id"), op("add", "/id"), json{{"op", "remove"}, {"path", "/id"}},
        op("replace", "/owner"), op("replace", "/owner/id"), op("add", "/owner/x"),
        op("replace", "/owner/type"), op("replace", "/created"), op("replace", "/lastUsed"),
        op("add", "/lastUsed"), op("replace", "/managed"), op("add", "/managed"),
        op("replace", "/expirationDate"), json{{"op", "remove"}, {"path", "/expirationDate"}},
        op("add", "/x"), op("add", "/name/x"), op("add", "/scopes"),
        json{{"op", "remove"}, {"path", "/name"}}, json{{"op", "remove"}, {"path", "/scope"}},
        // The target of move and copy is a write too.
        op_from("copy", "/name", "/owner/name"), op_from("copy", "/scope", ""),
        op_from("move", "/name", ""), op_from("move", "/scope/0", "/id"),
        op_from("copy", "/id", "/expirationDate"));
    INFO(refused.dump());
    const auto e = verdict(refused);
    REQUIRE(e);
    CHECK(e->code == errc::operation_not_allowed);
    CHECK(e->concerns == member::path);
    CHECK(e->op_index == std::optional<std::size_t>(0));
    CHECK(e->path == refused["path"].get<std::string>());
}

TEST_CASE("pat patch_policy: move takes only from name and scope", "[pat][policy]") {
    const json allowed = GENERATE(op_from("move", "/scope/0", "/scope/-"),
                                  op_from("move", "/name", "/scope/-"),
                                  op_from("move", "/scope", "/name"),
                                  op_from("move", "/scope/1", "/name"));
    INFO(allowed.dump());
    CHECK_FALSE(verdict(allowed).has_value());

    const json refused = GENERATE(op_from("move", "/id", "/name"), op_from("move", "/owner", "/scope"),
                                  op_from("move", "/owner/name", "/name"),
                                  op_from("move", "", "/name"),
                                  op_from("move", "/expirationDate", "/name"),
                                  op_from("move", "/lastUsed", "/scope/-"),
                                  op_from("move", "/managed", "/scope/0"));
    INFO(refused.dump());
    const auto e = verdict(refused);
    REQUIRE(e);
    CHECK(e->code == errc::from_not_allowed);
    CHECK(e->concerns == member::from);
    CHECK(e->from == refused["from"].get<std::string>());
    CHECK(e->path == refused["path"].get<std::string>());
}

TEST_CASE("pat patch_policy: copy may read any path into a patchable one", "[pat][policy]") {
    // Decision: reading does not change the token and a client can GET all of it anyway; the
    // copied value must still pass the result checks where it lands.
    const json allowed = GENERATE(op_from("copy", "/owner/name", "/name"),
                                  op_from("copy", "/id", "/scope/-"),
                                  op_from("copy", "/expirationDate", "/scope/0"),
                                  op_from("copy", "", "/scope/-"),
                                  op_from("copy", "/scope/0", "/scope/-"),
                                  op_from("copy", "/name", "/scope"));
    INFO(allowed.dump());
    CHECK_FALSE(verdict(allowed).has_value());
}

TEST_CASE("pat patch_policy: test may read any path", "[pat][policy]") {
    const char* path = GENERATE("", "/id", "/owner", "/owner/id", "/created", "/lastUsed",
                                "/managed", "/expirationDate", "/x", "/scope/0");
    CHECK_FALSE(verdict(json{{"op", "test"}, {"path", path}, {"value", 1}}).has_value());
}

TEST_CASE("pat patch_policy: the first violation wins and nothing is applied", "[pat][policy]") {
    json doc = token_doc;
    const std::string before = doc.dump();
    jsonpatch::apply_options o;
    o.policy = &jsonpatch::pat::patch_policy();
    const auto outcome = jsonpatch::apply(doc, json::parse(R"([
        {"op":"replace","path":"/name","value":"ok"},
        {"op":"add","path":"/scope/-","value":"x"},
        {"op":"replace","path":"/managed","value":true},
        {"op":"remove","path":"/id"}])"), o);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == errc::operation_not_allowed);
    CHECK(outcome.error().op_index == std::optional<std::size_t>(2));
    CHECK(outcome.error().path == std::optional<std::string>("/managed"));
    CHECK(doc.dump() == before);
}

TEST_CASE("pat patch_policy: is built once", "[pat][policy]") {
    CHECK(&jsonpatch::pat::patch_policy() == &jsonpatch::pat::patch_policy());
}

TEST_CASE("pat count_code_points: counts characters of UTF-8 text", "[pat][validation]") {
    STATIC_REQUIRE(jsonpatch::pat::count_code_points("") == 0);
    STATIC_REQUIRE(jsonpatch::pat::count_code_points("abc") == 3);
    CHECK(jsonpatch::pat::count_code_points("n\xC3\xA9") == 2);              // né
    CHECK(jsonpatch::pat::count_code_points("\xE2\x82\xAC") == 1);           // €
    CHECK(jsonpatch::pat::count_code_points("\xF0\x9F\x98\x80!") == 2);      // 😀!
    CHECK(jsonpatch::pat::count_code_points("\xE6\x97\xA5\xE6\x9C\xAC") == 2); // 日本
}

TEST_CASE("pat check_name: accepts 1 to max code points", "[pat][validation]") {
    const auto named = [](const json& name) {
        json d = token_doc;
        d["name"] = name;
        return d;
    };
    CHECK(jsonpatch::pat::check_name(named("a"), 1));
    CHECK(jsonpatch::pat::check_name(named("\xE6\x97\xA5\xE6\x9C\xAC"), 2)); // 6 bytes, 2 characters
    for (const json& bad : {json(""), json("abc"), json(3), json(nullptr), json::array({"a"})}) {
        const auto s = jsonpatch::pat::check_name(named(bad), 2);
        INFO(bad.dump());
        REQUIRE_FALSE(s);
        CHECK(s.error().code == errc::validation_failed);
        CHECK(s.error().path == std::optional<std::string>("/name"));
    }
    json no_name = token_doc;
    no_name.erase("name");
    CHECK_FALSE(jsonpatch::pat::check_name(no_name, 10));
    CHECK_FALSE(jsonpatch::pat::check_name(json::array(), 10));
}

TEST_CASE("pat check_scope: null or an array of distinct non-empty strings", "[pat][validation]") {
    const auto scoped = [](const json& scope) {
        json d = token_doc;
        d["scope"] = scope;
        return d;
    };
    CHECK(jsonpatch::pat::check_scope(scoped(nullptr)));
    CHECK(jsonpatch::pat::check_scope(scoped(json::array())));
    CHECK(jsonpatch::pat::check_scope(scoped(json::array({"a", "b", "ab"}))));
    // Element problems are reported at the element, the rest at "/scope".
    const std::vector<std::pair<json, std::string>> bad_scopes = {
        {json::array({"a", "b", "a"}), "/scope/2"},
        {json::array({""}), "/scope/0"},
        {json::array({"a", 1}), "/scope/1"},
        {json::array({json::array()}), "/scope/0"},
        {json("a"), "/scope"},
        {json::object(), "/scope"},
        {json(false), "/scope"}};
    for (const auto& [bad, where] : bad_scopes) {
        const auto s = jsonpatch::pat::check_scope(scoped(bad));
        INFO(bad.dump());
        REQUIRE_FALSE(s);
        CHECK(s.error().code == errc::validation_failed);
        CHECK(s.error().path == std::optional<std::string>(where));
    }
    json no_scope = token_doc;
    no_scope.erase("scope");
    CHECK_FALSE(jsonpatch::pat::check_scope(no_scope));
}

TEST_CASE("pat check_scope: a vocabulary error keeps its own code and path", "[pat][validation]") {
    const jsonpatch::pat::scope_check_function vocabulary =
        [](const std::vector<std::string>& scope) -> jsonpatch::status {
        if (scope.size() > 1) {
            jsonpatch::error e;
            e.code = errc::conflict;
            e.path = "/scope/1";
            return e;
        }
        return {};
    };
    const auto s = jsonpatch::pat::check_scope(token_doc, vocabulary);
    REQUIRE_FALSE(s);
    CHECK(s.error().code == errc::conflict);
    CHECK(s.error().path == std::optional<std::string>("/scope/1"));
}

TEST_CASE("pat check_fixed_members: every member but name and scope must stay the same",
          "[pat][validation]") {
    json same = token_doc;
    same["name"] = "renamed";
    same["scope"] = nullptr;
    CHECK(jsonpatch::pat::check_fixed_members(token_doc, same));

    const auto changed = [](const char* pointer, const json& value) {
        json d = token_doc;
        d[json::json_pointer(pointer)] = value;
        return d;
    };
    struct case_t {
        json doc;
        std::string path;
    };
    json removed = token_doc;
    removed.erase("expirationDate");
    json int_to_float = token_doc;
    int_to_float["n"] = 1;
    json float_doc = int_to_float;
    float_doc["n"] = 1.0;
    for (const case_t& c : std::vector<case_t>{
             {changed("/id", "t-2"), "/id"},
             {changed("/owner/name", "grace"), "/owner"},
             {changed("/managed", true), "/managed"},
             {changed("/lastUsed", "2019-01-01T00:00:00.000Z"), "/lastUsed"},
             {changed("/expirationDate", nullptr), "/expirationDate"},
             {removed, "/expirationDate"},
             {changed("/a~1b", 1), "/a~1b"}}) {
        const auto s = jsonpatch::pat::check_fixed_members(token_doc, c.doc);
        INFO(c.path);
        REQUIRE_FALSE(s);
        CHECK(s.error().code == errc::validation_failed);
        CHECK(s.error().path == c.path);
    }
    // 1 and 1.0 are equal JSON numbers but not the same stored value.
    const auto s = jsonpatch::pat::check_fixed_members(int_to_float, float_doc);
    REQUIRE_FALSE(s);
    CHECK(s.error().path == std::optional<std::string>("/n"));
    CHECK_FALSE(jsonpatch::pat::check_fixed_members(token_doc, json::array()));
}
