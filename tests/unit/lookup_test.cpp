// SPDX-License-Identifier: MIT
#include <jsonpatch/lookup.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

using jsonpatch::errc;
using json = nlohmann::json;

TEST_CASE("lookup: evaluates the RFC 6901 §5 examples", "[lookup]") {
    const json doc = json::parse(R"({"foo":["bar","baz"],"":0,"a/b":1,"c%d":2,"e^f":3,"g|h":4,
        "i\\j":5,"k\"l":6," ":7,"m~n":8})");
    const auto at = [&doc](const char* text) { return jsonpatch::find(doc, text).value(); };
    CHECK(at("") == &doc);
    CHECK(*at("/foo") == json::parse(R"(["bar","baz"])"));
    CHECK(*at("/foo/0") == "bar");
    CHECK(*at("/") == 0);
    CHECK(*at("/a~1b") == 1);
    CHECK(*at("/c%d") == 2);
    CHECK(*at("/e^f") == 3);
    CHECK(*at("/g|h") == 4);
    CHECK(*at("/i\\j") == 5);
    CHECK(*at("/k\"l") == 6);
    CHECK(*at("/ ") == 7);
    CHECK(*at("/m~0n") == 8);
}

TEST_CASE("lookup: missing and invalid references give nullptr", "[lookup]") {
    const json doc = json::parse(R"({"a":[1,{"b":null}],"s":"text","n":5})");
    for (const char* text : {"/x", "/a/2", "/a/-", "/a/01", "/a/1e0", "/a/-1", "/s/0", "/n/x",
                             "/a/1/b/c", "/a/99999999999999999999999", "/a/1/c"}) {
        CAPTURE(text);
        const auto r = jsonpatch::find(doc, text);
        REQUIRE(r);
        CHECK(*r == nullptr);
    }
    CHECK(jsonpatch::find(doc, "/a/1/b").value()->is_null());
}

TEST_CASE("lookup: malformed pointer text is an error, not a crash", "[lookup]") {
    const json doc = json::parse(R"({"a":1})");
    CHECK(jsonpatch::find(doc, "a").error().code == errc::pointer_missing_slash);
    CHECK(jsonpatch::find(doc, "/~2").error().code == errc::pointer_invalid_escape);
    CHECK(jsonpatch::find(doc, "/a~").error().code == errc::pointer_invalid_escape);
}

TEST_CASE("lookup: parsed pointers find mutable values", "[lookup]") {
    json doc = json::parse(R"({"a":{"b":[10,20]}})");
    const auto p = jsonpatch::pointer::parse("/a/b/1").value();
    json* v = jsonpatch::find(doc, p);
    REQUIRE(v != nullptr);
    *v = 21;
    CHECK(doc["a"]["b"][1] == 21);
    CHECK(jsonpatch::find(doc, jsonpatch::pointer::parse("/a/c").value()) == nullptr);
}
