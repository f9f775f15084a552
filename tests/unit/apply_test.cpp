// SPDX-License-Identifier: MIT
#include <jsonpatch/apply.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <check.hpp>

#include <string>
#include <string_view>
#include <tuple>

using jsonpatch::errc;
using jsonpatch::member;
using jsonpatch_test::applied;
using jsonpatch_test::failure;
using json = nlohmann::json;

TEST_CASE("apply: add per RFC 6902 §4.1", "[apply][add]") {
    const auto [doc, patch, expected] = GENERATE(table<std::string, std::string, std::string>({
        {R"({})", R"([{"op":"add","path":"/a","value":1}])", R"({"a":1})"},
        {R"({"a":1})", R"([{"op":"add","path":"/a","value":[2]}])", R"({"a":[2]})"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/0","value":0}])", R"({"a":[0,1,2]})"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/2","value":3}])", R"({"a":[1,2,3]})"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/-","value":3}])", R"({"a":[1,2,3]})"},
        {R"({"a":[]})", R"([{"op":"add","path":"/a/0","value":null}])", R"({"a":[null]})"},
        {R"({"a":[]})", R"([{"op":"add","path":"/a/-","value":{}}])", R"({"a":[{}]})"},
        {R"({"a":1})", R"([{"op":"add","path":"","value":[1]}])", R"([1])"},
        {R"("x")", R"([{"op":"add","path":"","value":{"b":2}}])", R"({"b":2})"},
        {R"({})", R"([{"op":"add","path":"/","value":1}])", R"({"":1})"},
        {R"({"a/b":{}})", R"([{"op":"add","path":"/a~1b/c~0d","value":1}])", R"({"a/b":{"c~d":1}})"},
        {R"({"0":1})", R"([{"op":"add","path":"/01","value":2}])", R"({"0":1,"01":2})"},
        {R"({})", R"([{"op":"add","path":"/-","value":2}])", R"({"-":2})"},
    }));
    CAPTURE(doc, patch);
    CHECK(applied(doc, patch) == json::parse(expected));
}

TEST_CASE("apply: add failures", "[apply][add]") {
    using row = std::tuple<std::string, std::string, errc, std::string>;
    const auto [doc, patch, code, path] = GENERATE(values<row>({
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/3","value":0}])", errc::array_index_out_of_range, "/a/3"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/01","value":0}])", errc::invalid_array_index, "/a/01"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/-1","value":0}])", errc::invalid_array_index, "/a/-1"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/1e0","value":0}])", errc::invalid_array_index, "/a/1e0"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/ 1","value":0}])", errc::invalid_array_index, "/a/ 1"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/+1","value":0}])", errc::invalid_array_index, "/a/+1"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/","value":0}])", errc::invalid_array_index, "/a/"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/99999999999999999999999","value":0}])", errc::array_index_out_of_range, "/a/99999999999999999999999"},
        {R"({"a":[1,2]})", R"([{"op":"add","path":"/a/18446744073709551615","value":0}])", errc::array_index_out_of_range, "/a/18446744073709551615"},
        {R"({"a":1})", R"([{"op":"add","path":"/a/b","value":0}])", errc::not_a_container, "/a/b"},
        {R"({"a":"s"})", R"([{"op":"add","path":"/a/0","value":0}])", errc::not_a_container, "/a/0"},
        {R"({"a":null})", R"([{"op":"add","path":"/a/b","value":0}])", errc::not_a_container, "/a/b"},
        {R"({"a":true})", R"([{"op":"add","path":"/a/b/c","value":0}])", errc::not_a_container, "/a/b/c"},
        {R"(5)", R"([{"op":"add","path":"/x","value":0}])", errc::not_a_container, "/x"},
        {R"({})", R"([{"op":"add","path":"/a/b","value":0}])", errc::path_not_found, "/a/b"},
        {R"({"a":[]})", R"([{"op":"add","path":"/a/0/b","value":0}])", errc::array_index_out_of_range, "/a/0/b"},
    }));
    const auto e = failure(doc, patch, code, 0);
    CHECK(e.path == path);
    CHECK_FALSE(e.from);
    CHECK(e.concerns == member::path);
}

TEST_CASE("apply: remove per RFC 6902 §4.2", "[apply][remove]") {
    CHECK(applied(R"({"a":1,"b":2})", R"([{"op":"remove","path":"/a"}])") == json::parse(R"({"b":2})"));
    CHECK(applied(R"({"a":[1,2,3]})", R"([{"op":"remove","path":"/a/1"}])") == json::parse(R"({"a":[1,3]})"));
    CHECK(applied(R"({"a":{"b":{"c":1}}})", R"([{"op":"remove","path":"/a/b"}])") == json::parse(R"({"a":{}})"));
    CHECK(applied(R"({"":1})", R"([{"op":"remove","path":"/"}])") == json::parse(R"({})"));
    CHECK(failure(R"({"a":1})", R"([{"op":"remove","path":"/b"}])", errc::path_not_found, 0).path == "/b");
    CHECK(failure(R"({"a":[1]})", R"([{"op":"remove","path":"/a/1"}])", errc::array_index_out_of_range, 0).path == "/a/1");
    CHECK(failure(R"({"a":[1]})", R"([{"op":"remove","path":"/a/-"}])", errc::array_index_out_of_range, 0).path == "/a/-");
    CHECK(failure(R"({"a":[1]})", R"([{"op":"remove","path":"/a/00"}])", errc::invalid_array_index, 0).path == "/a/00");
    CHECK(failure(R"({"a":1})", R"([{"op":"remove","path":"/a/b"}])", errc::not_a_container, 0).path == "/a/b");
    CHECK(failure(R"({"a":1})", R"([{"op":"remove","path":""}])", errc::root_not_removable, 0).path == "");
    CHECK(failure(R"({"a":1})", R"([{"op":"remove","path":"/x/y"}])", errc::path_not_found, 0).path == "/x/y");
}

TEST_CASE("apply: replace per RFC 6902 §4.3", "[apply][replace]") {
    CHECK(applied(R"({"a":1})", R"([{"op":"replace","path":"/a","value":{"b":[]}}])") == json::parse(R"({"a":{"b":[]}})"));
    CHECK(applied(R"({"a":[1,2]})", R"([{"op":"replace","path":"/a/1","value":null}])") == json::parse(R"({"a":[1,null]})"));
    CHECK(applied(R"({"a":1})", R"([{"op":"replace","path":"","value":"whole"}])") == json::parse(R"("whole")"));
    CHECK(applied(R"(null)", R"([{"op":"replace","path":"","value":[]}])") == json::parse(R"([])"));
    CHECK(failure(R"({"a":1})", R"([{"op":"replace","path":"/b","value":1}])", errc::path_not_found, 0).path == "/b");
    CHECK(failure(R"({"a":[1]})", R"([{"op":"replace","path":"/a/1","value":1}])", errc::array_index_out_of_range, 0).path == "/a/1");
    CHECK(failure(R"({"a":[1]})", R"([{"op":"replace","path":"/a/-","value":1}])", errc::array_index_out_of_range, 0).path == "/a/-");
    CHECK(failure(R"({"a":"s"})", R"([{"op":"replace","path":"/a/0","value":1}])", errc::not_a_container, 0).path == "/a/0");
}

TEST_CASE("apply: move per RFC 6902 §4.4", "[apply][move]") {
    CHECK(applied(R"({"a":1})", R"([{"op":"move","from":"/a","path":"/b"}])") == json::parse(R"({"b":1})"));
    CHECK(applied(R"({"a":{"x":1},"b":{}})", R"([{"op":"move","from":"/a/x","path":"/b/y"}])") == json::parse(R"({"a":{},"b":{"y":1}})"));
    // The removal happens first, so indices after it shift (RFC 6902 A.7).
    CHECK(applied(R"({"a":[1,2,3,4]})", R"([{"op":"move","from":"/a/1","path":"/a/3"}])") == json::parse(R"({"a":[1,3,4,2]})"));
    CHECK(applied(R"({"a":[1,2,3]})", R"([{"op":"move","from":"/a/0","path":"/a/-"}])") == json::parse(R"({"a":[2,3,1]})"));
    CHECK(applied(R"({"a":1,"b":2})", R"([{"op":"move","from":"/a","path":"/b"}])") == json::parse(R"({"b":1})"));
    CHECK(applied(R"({"a":{"b":1}})", R"([{"op":"move","from":"/a","path":""}])") == json::parse(R"({"b":1})"));
    CHECK(applied(R"({"a":{"b":1}})", R"([{"op":"move","from":"/a/b","path":"/a/b"}])") == json::parse(R"({"a":{"b":1}})"));
    CHECK(applied(R"({"a":1})", R"([{"op":"move","from":"","path":""}])") == json::parse(R"({"a":1})"));
    // "/a" is not a token-wise prefix of "/ab".
    CHECK(applied(R"({"a":1,"ab":{}})", R"([{"op":"move","from":"/a","path":"/ab/c"}])") == json::parse(R"({"ab":{"c":1}})"));

    auto e = failure(R"({"a":{"b":{}}})", R"([{"op":"move","from":"/a","path":"/a/b/c"}])", errc::move_into_descendant, 0);
    CHECK(e.from == "/a");
    CHECK(e.path == "/a/b/c");
    e = failure(R"({"a":{}})", R"([{"op":"move","from":"","path":"/a/b"}])", errc::move_into_descendant, 0);
    CHECK(e.from == "");
    e = failure(R"({"a":1})", R"([{"op":"move","from":"/x","path":"/b"}])", errc::from_not_found, 0);
    CHECK(e.from == "/x");
    CHECK(e.concerns == member::from);
    failure(R"({"a":1})", R"([{"op":"move","from":"/x","path":"/x"}])", errc::from_not_found, 0);
    failure(R"({"a":[1]})", R"([{"op":"move","from":"/a/-","path":"/b"}])", errc::array_index_out_of_range, 0);
    failure(R"({"a":1})", R"([{"op":"move","from":"/a/b","path":"/c"}])", errc::not_a_container, 0);
    // The add half fails after the removal happened: both are taken back.
    e = failure(R"({"a":1,"b":[]})", R"([{"op":"move","from":"/a","path":"/b/5"}])", errc::array_index_out_of_range, 0);
    CHECK(e.concerns == member::path);
    failure(R"({"a":[1,2],"b":3})", R"([{"op":"move","from":"/a/0","path":"/b/c"}])", errc::not_a_container, 0);
    failure(R"({"a":{"k":1}})", R"([{"op":"move","from":"/a/k","path":"/nope/k"}])", errc::path_not_found, 0);
}

TEST_CASE("apply: copy per RFC 6902 §4.5", "[apply][copy]") {
    CHECK(applied(R"({"a":{"b":1}})", R"([{"op":"copy","from":"/a","path":"/c"}])") == json::parse(R"({"a":{"b":1},"c":{"b":1}})"));
    CHECK(applied(R"({"a":[1,2]})", R"([{"op":"copy","from":"/a/0","path":"/a/-"}])") == json::parse(R"({"a":[1,2,1]})"));
    CHECK(applied(R"({"a":{"b":1}})", R"([{"op":"copy","from":"","path":"/a/c"}])") == json::parse(R"({"a":{"b":1,"c":{"a":{"b":1}}}})"));
    CHECK(applied(R"({"a":{"b":1}})", R"([{"op":"copy","from":"/a","path":""}])") == json::parse(R"({"b":1})"));
    // A deep copy: changing the copy leaves the source alone.
    CHECK(applied(R"({"a":{"b":1}})", R"([{"op":"copy","from":"/a","path":"/c"},{"op":"replace","path":"/c/b","value":2}])") ==
          json::parse(R"({"a":{"b":1},"c":{"b":2}})"));
    auto e = failure(R"({"a":1})", R"([{"op":"copy","from":"/b","path":"/c"}])", errc::from_not_found, 0);
    CHECK(e.from == "/b");
    failure(R"({"a":1})", R"([{"op":"copy","from":"/a","path":"/x/y"}])", errc::path_not_found, 0);
    failure(R"({"a":[1]})", R"([{"op":"copy","from":"/a/1e0","path":"/b"}])", errc::invalid_array_index, 0);
}

TEST_CASE("apply: test per RFC 6902 §4.6", "[apply][test]") {
    using row = std::tuple<std::string, std::string, bool>;
    const auto [doc, value, equal] = GENERATE(values<row>({
        {R"(1)", R"(1.0)", true},
        {R"(1.0)", R"(1)", true},
        {R"(-0.0)", R"(0)", true},
        {R"(18446744073709551615)", R"(18446744073709551615)", true},
        {R"(9007199254740993)", R"(9007199254740992.0)", false},
        {R"(-1)", R"(18446744073709551615)", false},
        {R"(true)", R"(1)", false},
        {R"(false)", R"(0)", false},
        {R"(null)", R"(false)", false},
        {R"("1")", R"(1)", false},
        {R"("é")", R"("e\u0301")", false},
        {R"("\u00e9")", R"("é")", true},
        {R"({"a":1,"b":2})", R"({"b":2,"a":1})", true},
        {R"({"a":1})", R"({"a":1,"b":null})", false},
        {R"([1,2])", R"([2,1])", false},
        {R"([1,[2,{"x":3.0}]])", R"([1,[2,{"x":3}]])", true},
        {R"([])", R"({})", false},
        {R"("")", R"(null)", false},
    }));
    const std::string patch = R"([{"op":"test","path":"/v","value":)" + value + "}]";
    const std::string document = R"({"v":)" + doc + "}";
    CAPTURE(document, patch);
    if (equal) {
        CHECK(applied(document, patch) == json::parse(document));
    } else {
        const auto e = failure(document, patch, errc::test_failed, 0);
        CHECK(e.path == "/v");
        CHECK(e.concerns == member::value);
    }
}

TEST_CASE("apply: test targets", "[apply][test]") {
    CHECK(applied(R"({"a":[1]})", R"([{"op":"test","path":"","value":{"a":[1]}}])") == json::parse(R"({"a":[1]})"));
    failure(R"({"a":[1]})", R"([{"op":"test","path":"/b","value":null}])", errc::path_not_found, 0);
    failure(R"({"a":[1]})", R"([{"op":"test","path":"/a/-","value":null}])", errc::array_index_out_of_range, 0);
    failure(R"(["foo","bar"])", R"([{"op":"test","path":"/01","value":"bar"}])", errc::invalid_array_index, 0);
}

TEST_CASE("apply: operations run in order and the failing index is reported", "[apply][atomicity]") {
    const std::string doc = R"({"a":{"b":[1,2,3]},"c":"x","d":{"e":null}})";
    const std::string patch = R"([
        {"op":"add","path":"/a/b/1","value":9},
        {"op":"move","from":"/c","path":"/a/c"},
        {"op":"copy","from":"/a","path":"/f"},
        {"op":"remove","path":"/d/e"},
        {"op":"replace","path":"/a/b/0","value":{"deep":[1,2]}},
        {"op":"add","path":"/a/b/-","value":4},
        {"op":"move","from":"/a/b/0","path":"/g"},
        {"op":"add","path":"","value":{"whole":"new"}},
        {"op":"test","path":"/whole","value":"old"}
    ])";
    const auto e = failure(doc, patch, errc::test_failed, 8);
    CHECK(e.path == "/whole");
    // Without the last operation the patch succeeds.
    auto ok = json::parse(patch);
    ok.erase(ok.size() - 1);
    CHECK(applied(doc, ok.dump()) == json::parse(R"({"whole":"new"})"));
}

TEST_CASE("apply: every failing position rolls back everything before it", "[apply][atomicity]") {
    const json doc = json::parse(R"({"a":{"b":[1,2,3],"k":"v"},"list":[{"x":1},{"x":2}],"s":"t"})");
    const json steps = json::parse(R"([
        {"op":"add","path":"/a/n","value":{"m":[1]}},
        {"op":"remove","path":"/list/0"},
        {"op":"move","from":"/a/k","path":"/list/0/k"},
        {"op":"copy","from":"/a/b","path":"/a/n/m/0"},
        {"op":"replace","path":"/s","value":[1,2]},
        {"op":"add","path":"/a/b/0","value":0},
        {"op":"move","from":"/a/b","path":"/moved"},
        {"op":"remove","path":"/a/n/m/1"},
        {"op":"add","path":"/a/","value":1},
        {"op":"replace","path":"","value":[]}
    ])");
    const json failing = json::parse(R"({"op":"test","path":"/zzz","value":1})");
    for (std::size_t cut = 0; cut <= steps.size(); ++cut) {
        json patch = json::array();
        for (std::size_t i = 0; i < cut; ++i) {
            patch.push_back(steps[i]);
        }
        patch.push_back(failing);
        json d = doc;
        const auto outcome = jsonpatch::apply(d, patch);
        INFO("failing op at " << cut);
        REQUIRE_FALSE(outcome);
        CHECK(outcome.error().op_index == cut);
        CHECK(d.dump() == doc.dump());
    }
}

TEST_CASE("apply: shape errors are reported before anything changes", "[apply][parse]") {
    auto e = failure(R"({"a":1})", R"([{"op":"remove","path":"/a"},{"op":"add","path":"/b"}])", errc::missing_value, 1);
    CHECK(e.concerns == member::value);
    failure(R"({"a":1})", R"({"op":"remove","path":"/a"})", errc::patch_not_array, std::nullopt);
}

TEST_CASE("apply: a pre-parsed patch can be applied many times", "[apply]") {
    const auto p = jsonpatch::parse_patch(R"([{"op":"add","path":"/n/-","value":1}])");
    REQUIRE(p);
    json doc = json::parse(R"({"n":[]})");
    for (int i = 0; i < 3; ++i) {
        REQUIRE(jsonpatch::apply(doc, *p));
    }
    CHECK(doc == json::parse(R"({"n":[1,1,1]})"));
}

TEST_CASE("apply: apply_or_throw throws patch_error with the same error", "[apply][throw]") {
    json doc = json::parse(R"({"a":1})");
    jsonpatch::apply_or_throw(doc, json::parse(R"([{"op":"replace","path":"/a","value":2}])"));
    CHECK(doc["a"] == 2);
    try {
        jsonpatch::apply_or_throw(doc, json::parse(R"([{"op":"remove","path":"/nope"}])"));
        FAIL("no exception");
    } catch (const jsonpatch::patch_error& e) {
        CHECK(e.error().code == errc::path_not_found);
        CHECK(e.error().op_index == 0u);
        CHECK(e.code() == make_error_code(errc::path_not_found));
        const std::system_error& as_system = e;
        CHECK(as_system.code().category().name() == std::string("jsonpatch"));
    }
    const auto p = jsonpatch::parse_patch(R"([{"op":"test","path":"/a","value":3}])");
    REQUIRE(p);
    CHECK_THROWS_AS(jsonpatch::apply_or_throw(doc, *p), jsonpatch::patch_error);
    CHECK(doc == json::parse(R"({"a":2})"));
}

TEST_CASE("apply: patched returns a new document and leaves the input alone", "[apply]") {
    const json doc = json::parse(R"({"a":1})");
    const auto p = jsonpatch::parse_patch(R"([{"op":"add","path":"/b","value":2}])");
    REQUIRE(p);
    const auto out = jsonpatch::patched(doc, *p);
    REQUIRE(out);
    CHECK(*out == json::parse(R"({"a":1,"b":2})"));
    CHECK(doc == json::parse(R"({"a":1})"));
}

TEST_CASE("apply: programmatically built patches", "[apply]") {
    const auto path = [](const char* text) { return jsonpatch::pointer::parse(text).value(); };
    jsonpatch::patch p;
    p.add(path("/list"), json::array()).add(path("/list/-"), 1).copy(path("/list/0"), path("/one"));
    p.move(path("/one"), path("/uno")).replace(path("/uno"), 2).test(path("/uno"), 2.0).remove(path("/list"));
    json doc = json::object();
    REQUIRE(jsonpatch::apply(doc, p));
    CHECK(doc == json::parse(R"({"uno":2})"));
    CHECK(p.to_json()[3] == json::parse(R"({"op":"move","from":"/one","path":"/uno"})"));
}

TEST_CASE("regression #17: patch text is applied as text, never as a JSON string value",
          "[apply][parse][regression]") {
    const char* text = R"([{"op":"replace","path":"/a","value":2}])";
    json doc = json::parse(R"({"a":1})");
    SECTION("a literal, a std::string and a std::string_view") {
        REQUIRE(jsonpatch::apply(doc, text));
        CHECK(doc == json::parse(R"({"a":2})"));
        REQUIRE(jsonpatch::apply(doc, std::string(R"([{"op":"replace","path":"/a","value":3}])")));
        CHECK(doc == json::parse(R"({"a":3})"));
        REQUIRE(jsonpatch::apply(doc, std::string_view(R"([{"op":"remove","path":"/a"}])")));
        CHECK(doc == json::object());
    }
    SECTION("apply_or_throw takes text too") {
        jsonpatch::apply_or_throw(doc, std::string(text));
        CHECK(doc == json::parse(R"({"a":2})"));
        CHECK_THROWS_AS(jsonpatch::apply_or_throw(doc, R"([{"op":"remove","path":"/b"}])"),
                        jsonpatch::patch_error);
        CHECK(doc == json::parse(R"({"a":2})"));
    }
    SECTION("text errors are those of parse_patch, and nothing changes") {
        const auto bad = jsonpatch::apply(doc, "[{\"op\":");
        REQUIRE_FALSE(bad);
        CHECK(bad.error().code == errc::invalid_json);
        const auto repeated =
            jsonpatch::apply(doc, R"([{"op":"remove","path":"/a","path":"/b"}])");
        REQUIRE_FALSE(repeated);
        CHECK(repeated.error().code == errc::duplicate_member);
        CHECK(repeated.error().op_index == 0u);
        jsonpatch::apply_options small;
        small.limits.max_patch_bytes = 8;
        const auto large = jsonpatch::apply(doc, std::string(text), small);
        REQUIRE_FALSE(large);
        CHECK(large.error().code == errc::patch_too_large);
        CHECK(doc == json::parse(R"({"a":1})"));
    }
}

TEST_CASE("regression #17: a result's error and value taken from a temporary stay valid",
          "[apply][result][regression]") {
    json doc = json::parse(R"({"a":1})");
    // Both lines bound a reference into the temporary before; under ASan reading it was a
    // stack-use-after-scope. The accessors of a temporary now return by value.
    const jsonpatch::error& e = jsonpatch::apply(doc, R"([{"op":"remove","path":"/zzz"}])").error();
    CHECK(e.code == errc::path_not_found);
    CHECK(e.message.find("zzz") != std::string::npos);
    const jsonpatch::patch& p = *jsonpatch::parse_patch(R"([{"op":"add","path":"/b","value":[1]}])");
    REQUIRE(p.size() == 1);
    CHECK(p[0].value == json::array({1}));
    REQUIRE(jsonpatch::apply(doc, p));
    CHECK(doc == json::parse(R"({"a":1,"b":[1]})"));
}
