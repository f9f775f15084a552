// SPDX-License-Identifier: MIT
#include <jsonpatch/operation.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

using jsonpatch::op_kind;
using json = nlohmann::json;

TEST_CASE("operation: op names are the six RFC 6902 names, case-sensitive", "[operation]") {
    for (const op_kind op : {op_kind::add, op_kind::remove, op_kind::replace, op_kind::move,
                             op_kind::copy, op_kind::test}) {
        CHECK(jsonpatch::op_kind_from_string(jsonpatch::to_string(op)) == op);
    }
    CHECK_FALSE(jsonpatch::op_kind_from_string("Add"));
    CHECK_FALSE(jsonpatch::op_kind_from_string("ADD"));
    CHECK_FALSE(jsonpatch::op_kind_from_string("add "));
    CHECK_FALSE(jsonpatch::op_kind_from_string(""));
    CHECK_FALSE(jsonpatch::op_kind_from_string("_get"));
}

TEST_CASE("operation: members follow the op", "[operation]") {
    CHECK(jsonpatch::has_from(op_kind::move));
    CHECK(jsonpatch::has_from(op_kind::copy));
    CHECK_FALSE(jsonpatch::has_from(op_kind::add));
    CHECK(jsonpatch::has_value(op_kind::add));
    CHECK(jsonpatch::has_value(op_kind::replace));
    CHECK(jsonpatch::has_value(op_kind::test));
    CHECK_FALSE(jsonpatch::has_value(op_kind::remove));
}

TEST_CASE("operation: serialises with only the members its op defines", "[operation]") {
    jsonpatch::patch p;
    const auto at = [](const char* t) { return jsonpatch::pointer::parse(t).value(); };
    p.add(at("/a~1b"), json::array({1})).remove(at("/x")).copy(at(""), at("/c")).test(at("/t"), nullptr);
    CHECK(p.size() == 4);
    CHECK_FALSE(p.empty());
    CHECK(p.to_json() == json::parse(R"([
        {"op":"add","path":"/a~1b","value":[1]},
        {"op":"remove","path":"/x"},
        {"op":"copy","from":"","path":"/c"},
        {"op":"test","path":"/t","value":null}])"));
    CHECK(p[1].op == op_kind::remove);
    std::size_t n = 0;
    for (const auto& op : p) {
        n += op.path.size();
    }
    CHECK(n == 4);
}
