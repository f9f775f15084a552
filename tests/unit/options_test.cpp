// SPDX-License-Identifier: MIT
#include <jsonpatch/options.hpp>

#include <jsonpatch/apply.hpp>
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <check.hpp>

#include <stdexcept>
#include <string>

using jsonpatch::errc;
using jsonpatch_test::applied;
using jsonpatch_test::failure;
using json = nlohmann::json;

TEST_CASE("options: strict RFC behaviour is the default", "[options]") {
    const jsonpatch::apply_options defaults;
    CHECK_FALSE(defaults.allow_negative_array_index);
    CHECK_FALSE(defaults.allow_missing_remove_target);
    CHECK_FALSE(defaults.create_missing_parents);
}

TEST_CASE("options: allow_negative_array_index counts from the end", "[options][leniency]") {
    jsonpatch::apply_options o;
    o.allow_negative_array_index = true;
    CHECK(applied(R"({"a":[1,2,3]})", R"([{"op":"remove","path":"/a/-1"}])", o) == json::parse(R"({"a":[1,2]})"));
    CHECK(applied(R"({"a":[1,2,3]})", R"([{"op":"replace","path":"/a/-3","value":0}])", o) == json::parse(R"({"a":[0,2,3]})"));
    CHECK(applied(R"({"a":[1,2,3]})", R"([{"op":"add","path":"/a/-1","value":9}])", o) == json::parse(R"({"a":[1,2,9,3]})"));
    CHECK(applied(R"({"a":[[0],2]})", R"([{"op":"add","path":"/a/-2/-","value":1}])", o) == json::parse(R"({"a":[[0,1],2]})"));
    failure(R"({"a":[1,2,3]})", R"([{"op":"remove","path":"/a/-4"}])", errc::array_index_out_of_range, 0, o);
    failure(R"({"a":[1]})", R"([{"op":"remove","path":"/a/-0"}])", errc::invalid_array_index, 0, o);
    // Rolled back correctly through a negative index.
    failure(R"({"a":[[1],[2]]})", R"([{"op":"add","path":"/a/-1/-1","value":0},{"op":"test","path":"/x","value":1}])",
            errc::path_not_found, 1, o);
    // Off by default.
    failure(R"({"a":[1,2,3]})", R"([{"op":"remove","path":"/a/-1"}])", errc::invalid_array_index, 0);
}

TEST_CASE("options: allow_missing_remove_target makes remove idempotent", "[options][leniency]") {
    jsonpatch::apply_options o;
    o.allow_missing_remove_target = true;
    CHECK(applied(R"({"a":1})", R"([{"op":"remove","path":"/b"}])", o) == json::parse(R"({"a":1})"));
    CHECK(applied(R"({"a":[1]})", R"([{"op":"remove","path":"/a/5"}])", o) == json::parse(R"({"a":[1]})"));
    CHECK(applied(R"({"a":1})", R"([{"op":"remove","path":"/x/y"}])", o) == json::parse(R"({"a":1})"));
    // Only remove is lenient: move still needs its source, and syntax errors still fail.
    failure(R"({"a":1})", R"([{"op":"move","from":"/b","path":"/c"}])", errc::from_not_found, 0, o);
    failure(R"({"a":[1]})", R"([{"op":"remove","path":"/a/x"}])", errc::invalid_array_index, 0, o);
}

TEST_CASE("options: create_missing_parents builds objects on add", "[options][leniency]") {
    jsonpatch::apply_options o;
    o.create_missing_parents = true;
    CHECK(applied(R"({})", R"([{"op":"add","path":"/a/b/c","value":1}])", o) == json::parse(R"({"a":{"b":{"c":1}}})"));
    CHECK(applied(R"({"a":{}})", R"([{"op":"add","path":"/a/b/c","value":1}])", o) == json::parse(R"({"a":{"b":{"c":1}}})"));
    CHECK(applied(R"({"x":1})", R"([{"op":"copy","from":"/x","path":"/p/q"}])", o) == json::parse(R"({"x":1,"p":{"q":1}})"));
    // Created parents are taken back on failure.
    failure(R"({})", R"([{"op":"add","path":"/a/b/c","value":1},{"op":"test","path":"/a","value":0}])",
            errc::test_failed, 1, o);
    // Arrays are never invented, and scalars are never written through.
    failure(R"({"a":[]})", R"([{"op":"add","path":"/a/0/b","value":1}])", errc::array_index_out_of_range, 0, o);
    failure(R"({"a":1})", R"([{"op":"add","path":"/a/b/c","value":1}])", errc::not_a_container, 0, o);
}

TEST_CASE("options: limits are enforced with their own codes", "[options][limits]") {
    jsonpatch::apply_options o;
    o.limits.max_operations = 2;
    auto e = failure(R"({})", R"([{"op":"test","path":"","value":{}},{"op":"test","path":"","value":{}},{"op":"test","path":"","value":{}}])",
                     errc::too_many_operations, 2, o);
    o = {};
    o.limits.max_pointer_length = 4;
    e = failure(R"({})", R"([{"op":"add","path":"/abcd","value":1}])", errc::pointer_too_long, 0, o);
    CHECK(e.concerns == jsonpatch::member::path);
    o = {};
    o.limits.max_pointer_depth = 2;
    failure(R"({})", R"([{"op":"copy","from":"/a/b/c","path":"/x"}])", errc::pointer_too_deep, 0, o);
    o = {};
    o.limits.max_value_depth = 2;
    failure(R"({})", R"([{"op":"add","path":"/a","value":[[[1]]]}])", errc::value_too_deep, 0, o);
    o = {};
    o.limits.max_added_nodes = 5;
    failure(R"({"a":[1,2]})", R"([{"op":"copy","from":"/a","path":"/b"},{"op":"copy","from":"/a","path":"/c"}])",
            errc::value_too_large, 1, o);
    o = {};
    o.limits.max_document_depth = 3;
    failure(R"({"a":{"b":{}}})", R"([{"op":"add","path":"/a/b/c","value":[1]}])", errc::document_too_deep, 0, o);
    failure(R"({"a":{"b":{}},"d":[[1]]})", R"([{"op":"move","from":"/d","path":"/a/b/c"}])", errc::document_too_deep, 0, o);
    o = {};
    o.limits.max_array_size = 2;
    failure(R"({"a":[1,2]})", R"([{"op":"add","path":"/a/-","value":3}])", errc::array_too_large, 0, o);
    o = {};
    o.limits.max_patch_bytes = 10;
    const auto p = jsonpatch::parse_patch(R"([{"op":"test","path":"","value":1}])", o.limits);
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::patch_too_large);
}

TEST_CASE("options: limits also bind programmatically built patches", "[options][limits]") {
    jsonpatch::apply_options o;
    o.limits.max_pointer_depth = 1;
    jsonpatch::patch p;
    p.add(jsonpatch::pointer::parse("/a/b").value(), 1);
    json doc = json::parse(R"({"a":{}})");
    const auto outcome = jsonpatch::apply(doc, p, o);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == errc::pointer_too_deep);
    CHECK(doc == json::parse(R"({"a":{}})"));
}

TEST_CASE("options: validators run after the operations, inside the transaction", "[options][validators]") {
    jsonpatch::apply_options o;
    int calls = 0;
    o.validators.push_back([&calls](const json& patched) -> jsonpatch::status {
        ++calls;
        if (patched.contains("name") && patched["name"].is_string() && patched["name"].get<std::string>().empty()) {
            jsonpatch::error e;
            e.code = errc::validation_failed;
            e.path = "/name";
            e.message = "name must not be empty";
            return e;
        }
        return {};
    });
    CHECK(applied(R"({"name":"a"})", R"([{"op":"replace","path":"/name","value":"b"}])", o) == json::parse(R"({"name":"b"})"));
    CHECK(calls == 1);
    const auto e = failure(R"({"name":"a","n":1})", R"([{"op":"remove","path":"/n"},{"op":"replace","path":"/name","value":""}])",
                           errc::validation_failed, std::nullopt, o);
    CHECK(e.path == "/name");
    CHECK(calls == 2);
    // A failing operation stops before the validators run.
    failure(R"({"name":"a"})", R"([{"op":"remove","path":"/x"}])", errc::path_not_found, 0, o);
    CHECK(calls == 2);
}

TEST_CASE("options: a throwing validator rolls back and propagates", "[options][validators]") {
    jsonpatch::apply_options o;
    o.validators.push_back([](const json&) -> jsonpatch::status { throw std::runtime_error("boom"); });
    json doc = json::parse(R"({"a":1})");
    CHECK_THROWS_AS(jsonpatch::apply(doc, json::parse(R"([{"op":"remove","path":"/a"}])"), o), std::runtime_error);
    CHECK(doc == json::parse(R"({"a":1})"));
}

TEST_CASE("regression: a failed move under create_missing_parents puts the moved value back", "[options][leniency][regression]") {
    jsonpatch::apply_options o;
    o.create_missing_parents = true;
    // The move creates /x, inserts the value below it, and a later op fails: undoing the created
    // parent must not clobber the value the undone insertion handed back.
    failure(R"({"a":1,"b":2})", R"([{"op":"move","from":"/a","path":"/x/y"},{"op":"test","path":"/b","value":3}])",
            errc::test_failed, 1, o);
    failure(R"({"a":{"k":[1,2]},"b":2})",
            R"([{"op":"move","from":"/a/k/1","path":"/p/q/r"},{"op":"move","from":"/a","path":"/m/n"},{"op":"remove","path":"/zz"}])",
            errc::path_not_found, 2, o);
}

TEST_CASE("regression: a move that creates parents fits the journal room reserved for it", "[options][leniency][regression]") {
    jsonpatch::apply_options o;
    o.create_missing_parents = true;
    // Removal, created parent and insertion are three journal steps for one operation.
    CHECK(applied(R"({"a":1})", R"([{"op":"move","from":"/a","path":"/x/y"}])", o) == json::parse(R"({"x":{"y":1}})"));
    CHECK(applied(R"({"a":1,"b":2,"c":3})",
                  R"([{"op":"move","from":"/a","path":"/p/a"},{"op":"move","from":"/b","path":"/q/b"},{"op":"move","from":"/c","path":"/r/c"}])",
                  o) == json::parse(R"({"p":{"a":1},"q":{"b":2},"r":{"c":3}})"));
}
