// SPDX-License-Identifier: MIT
#include <jsonpatch/validate.hpp>

#include <jsonpatch/apply.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

using jsonpatch::errc;
using json = nlohmann::json;

TEST_CASE("validate: reports every shape problem, in order", "[validate]") {
    const auto problems = jsonpatch::validate(json::parse(R"([
        {"op":"add","path":"/a"},
        {"op":"test","path":"/a","value":1},
        {"op":"spam"},
        5,
        {"op":"move","path":"/b"}])"));
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].code == errc::missing_value);
    CHECK(problems[0].op_index == 0u);
    CHECK(problems[1].code == errc::unknown_op);
    CHECK(problems[1].op_index == 2u);
    CHECK(problems[2].code == errc::operation_not_object);
    CHECK(problems[3].code == errc::missing_from);
}

TEST_CASE("validate: with a document, simulates and continues past failures", "[validate]") {
    const json doc = json::parse(R"({"a":1,"list":[1]})");
    const auto problems = jsonpatch::validate(std::string_view(R"([
        {"op":"remove","path":"/a"},
        {"op":"remove","path":"/a"},
        {"op":"add","path":"/list/5","value":1},
        {"op":"replace","path":"/list/0","value":2},
        {"op":"test","path":"/list/0","value":2},
        {"op":"bogus","path":""},
        {"op":"move","from":"/missing","path":"/x"}])"), &doc);
    REQUIRE(problems.size() == 4);
    CHECK(problems[0].code == errc::path_not_found);
    CHECK(problems[0].op_index == 1u);
    CHECK(problems[1].code == errc::array_index_out_of_range);
    CHECK(problems[1].op_index == 2u);
    CHECK(problems[2].code == errc::unknown_op);
    CHECK(problems[2].op_index == 5u);
    CHECK(problems[3].code == errc::from_not_found);
    CHECK(problems[3].op_index == 6u);
    CHECK(doc == json::parse(R"({"a":1,"list":[1]})"));
}

TEST_CASE("validate: a valid patch has no problems", "[validate]") {
    const json doc = json::parse(R"({"a":1})");
    CHECK(jsonpatch::validate(std::string_view(R"([{"op":"test","path":"/a","value":1}])"), &doc).empty());
    CHECK(jsonpatch::validate(std::string_view("[]")).empty());
}

TEST_CASE("validate: text-level problems are reported alone", "[validate]") {
    auto problems = jsonpatch::validate(std::string_view("[{"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == errc::invalid_json);
    problems = jsonpatch::validate(std::string_view(R"([{"op":"add","op":"add","path":"","value":1}])"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == errc::duplicate_member);
    problems = jsonpatch::validate(json::parse(R"({"op":"add"})"));
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == errc::patch_not_array);
}

TEST_CASE("validate: text given as a literal or std::string is parsed as text", "[validate]") {
    const std::string text = R"([{"op":"add","path":"/a"}])";
    const auto from_string = jsonpatch::validate(text);
    REQUIRE(from_string.size() == 1);
    CHECK(from_string[0].code == errc::missing_value);
    const auto from_literal = jsonpatch::validate(R"([{"op":"add","op":"add","path":"","value":1}])");
    REQUIRE(from_literal.size() == 1);
    CHECK(from_literal[0].code == errc::duplicate_member);
}

TEST_CASE("regression #17: validate blames only the operation that fails", "[validate][regression]") {
    // Op 0 fails after its value was counted against max_added_nodes; skipping it must give the
    // count back, or op 1 (which applies alone) is blamed for value_too_large.
    jsonpatch::apply_options options;
    options.limits.max_added_nodes = 4;
    const json doc = json::parse(R"({"src":[1,2]})");
    const auto only_op0 = [&](const std::string& text) {
        const auto problems = jsonpatch::validate(text, &doc, options);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].op_index == 0u);
        CHECK(problems[0].code == errc::path_not_found);
    };
    only_op0(R"([{"op":"add","path":"/missing/x","value":[1,2,3]},
                 {"op":"add","path":"/y","value":[1,2]}])");
    only_op0(R"([{"op":"copy","from":"/src","path":"/missing/x"},
                 {"op":"copy","from":"/src","path":"/y"}])");
    // Charges of operations that succeed still add up.
    const auto both = jsonpatch::validate(
        R"([{"op":"add","path":"/x","value":[1,2]},{"op":"add","path":"/y","value":[1,2]}])", &doc,
        options);
    REQUIRE(both.size() == 1);
    CHECK(both[0].op_index == 1u);
    CHECK(both[0].code == errc::value_too_large);
}

TEST_CASE("validate: without a document, reports what fails in every document", "[validate]") {
    const std::string patch = R"([
        {"op":"remove","path":""},
        {"op":"move","from":"/a","path":"/a/b/c"},
        {"op":"move","from":"","path":"/x"},
        {"op":"spam","path":"/a"},
        {"op":"move","from":"/a","path":"/a"},
        {"op":"move","from":"/a","path":"/ab"},
        {"op":"move","from":"/a/b","path":"/a"},
        {"op":"copy","from":"/a","path":"/a/b"},
        {"op":"move","from":"/a~1b","path":"/a/b/c"},
        {"op":"move","from":"/a/b","path":"/a/b/-"}])";
    const auto problems = jsonpatch::validate(patch);
    REQUIRE(problems.size() == 5);
    CHECK(problems[0].code == errc::root_not_removable);
    CHECK(problems[0].op_index == 0u);
    CHECK(problems[0].concerns == jsonpatch::member::path);
    CHECK(problems[0].path == "");
    CHECK(problems[1].code == errc::move_into_descendant);
    CHECK(problems[1].op_index == 1u);
    CHECK(problems[1].concerns == jsonpatch::member::from);
    CHECK(problems[1].from == "/a");
    CHECK(problems[1].path == "/a/b/c");
    CHECK(problems[2].code == errc::move_into_descendant);
    CHECK(problems[2].op_index == 2u);
    CHECK(problems[3].code == errc::unknown_op);
    CHECK(problems[4].code == errc::move_into_descendant);
    CHECK(problems[4].op_index == 9u);

    // The same errors apply() gives for these operations on a document where their pointers exist.
    json doc = json::parse(R"({"a":{"b":{"c":1}}})");
    for (const std::size_t i : {0u, 1u, 2u}) {
        CAPTURE(i);
        const json one = json::array({json::parse(patch)[i]});
        const auto applied = jsonpatch::apply(doc, one);
        REQUIRE_FALSE(applied);
        auto expected = problems[i];
        expected.op_index = 0u;
        CHECK(applied.error() == expected);
        CHECK(jsonpatch::validate(one, &doc) == std::vector<jsonpatch::error>{expected});
    }
}

TEST_CASE("validate: without a document, a policy refusal is the operation's one problem",
          "[validate]") {
    jsonpatch::policy policy;
    policy.allow(jsonpatch::op_set{jsonpatch::op_kind::move}, "/name");
    jsonpatch::apply_options options;
    options.policy = &policy;
    const auto problems =
        jsonpatch::validate(R"([{"op":"move","from":"/a","path":"/a/b"}])", nullptr, options);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].code == errc::from_not_allowed); // not also move_into_descendant
}
