// SPDX-License-Identifier: MIT
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/merge_patch.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <tuple>

using jsonpatch::errc;
using jsonpatch::member;
using json = nlohmann::json;

TEST_CASE("parse: shape errors name the operation and member", "[parse][shape]") {
    using row = std::tuple<std::string, errc, std::optional<std::size_t>, member>;
    const auto [text, code, index, which] = GENERATE(values<row>({
        {R"({})", errc::patch_not_array, std::nullopt, member::none},
        {R"("[]")", errc::patch_not_array, std::nullopt, member::none},
        {R"(null)", errc::patch_not_array, std::nullopt, member::none},
        {R"([1])", errc::operation_not_object, 0, member::none},
        {R"([{"op":"test","path":"","value":1},[]])", errc::operation_not_object, 1, member::none},
        {R"([{"path":"/a"}])", errc::missing_op, 0, member::op},
        {R"([{"op":null,"path":"/a"}])", errc::op_not_string, 0, member::op},
        {R"([{"op":1,"path":"/a"}])", errc::op_not_string, 0, member::op},
        {R"([{"op":"Add","path":"/a","value":1}])", errc::unknown_op, 0, member::op},
        {R"([{"op":"spam","path":"/a"}])", errc::unknown_op, 0, member::op},
        {R"([{"op":"add","value":1}])", errc::missing_path, 0, member::path},
        {R"([{"op":"add","path":null,"value":1}])", errc::path_not_string, 0, member::path},
        {R"([{"op":"add","path":["/a"],"value":1}])", errc::path_not_string, 0, member::path},
        {R"([{"op":"add","path":"a","value":1}])", errc::pointer_missing_slash, 0, member::path},
        {R"([{"op":"add","path":"/~2","value":1}])", errc::pointer_invalid_escape, 0, member::path},
        {R"([{"op":"move","path":"/a"}])", errc::missing_from, 0, member::from},
        {R"([{"op":"copy","path":"/a","from":7}])", errc::from_not_string, 0, member::from},
        {R"([{"op":"copy","path":"/a","from":"b"}])", errc::pointer_missing_slash, 0, member::from},
        {R"([{"op":"move","path":"/a","from":"/~"}])", errc::pointer_invalid_escape, 0, member::from},
        {R"([{"op":"add","path":"/a"}])", errc::missing_value, 0, member::value},
        {R"([{"op":"replace","path":"/a"}])", errc::missing_value, 0, member::value},
        {R"([{"op":"test","path":"/a"}])", errc::missing_value, 0, member::value},
    }));
    CAPTURE(text);
    for (const bool from_text : {false, true}) {
        const auto p = from_text ? jsonpatch::parse_patch(std::string_view(text))
                                 : jsonpatch::parse_patch(json::parse(text));
        REQUIRE_FALSE(p);
        CHECK(p.error().code == code);
        CHECK(p.error().op_index == index);
        CHECK(p.error().concerns == which);
    }
}

TEST_CASE("parse: errors carry the operation's pointers as given", "[parse][shape]") {
    auto p = jsonpatch::parse_patch(R"([{"op":"move","path":"/a/b"}])");
    REQUIRE_FALSE(p);
    CHECK(p.error().path == "/a/b");
    CHECK_FALSE(p.error().from);
    p = jsonpatch::parse_patch(R"([{"op":"copy","path":"/x","from":"nope"}])");
    REQUIRE_FALSE(p);
    CHECK(p.error().path == "/x");
    CHECK(p.error().from == "nope");
}

TEST_CASE("parse: members not defined for the op are ignored (RFC 6902 §4)", "[parse]") {
    const auto p = jsonpatch::parse_patch(R"([
        {"op":"remove","path":"/a","value":{"x":1},"from":5},
        {"op":"add","path":"/b","value":null,"from":null,"extra":[1]},
        {"op":"move","path":"/c","from":"/d","value":"ignored"}])");
    REQUIRE(p);
    CHECK(p->size() == 3);
    CHECK((*p)[1].value.is_null());
    CHECK((*p)[2].from.to_string() == "/d");
}

TEST_CASE("parse: an empty patch is valid", "[parse]") {
    const auto p = jsonpatch::parse_patch("[]");
    REQUIRE(p);
    CHECK(p->empty());
}

TEST_CASE("parse: text that repeats an operation member is rejected", "[parse][text]") {
    const auto [text, index, which] = GENERATE(table<std::string, std::size_t, member>({
        {R"([{"op":"add","path":"/a","value":1,"op":"remove"}])", 0, member::op},
        {R"([{"op":"test","path":"/","value":1},{"op":"add","path":"/a","path":"/b","value":1}])", 1, member::path},
        {R"([{"op":"move","from":"/a","path":"/b","from":"/c"}])", 0, member::from},
        {R"([{"op":"add","path":"/a","value":1,"value":2}])", 0, member::value},
    }));
    CAPTURE(text);
    const auto p = jsonpatch::parse_patch(text);
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::duplicate_member);
    CHECK(p.error().op_index == index);
    CHECK(p.error().concerns == which);
}

TEST_CASE("parse: repeated keys inside values and unknown members are not duplicates", "[parse][text]") {
    const auto p = jsonpatch::parse_patch(
        R"([{"op":"add","path":"/a","value":{"k":1,"k":2},"x":1,"x":2}])");
    REQUIRE(p);
    CHECK((*p)[0].value == json::parse(R"({"k":2})"));
}

TEST_CASE("parse: invalid JSON text is a document-level patch error", "[parse][text]") {
    for (const char* text : {"", "[", "[{]", R"([{"op":"add",}])", "[1,]", "nul", "[\"\xff\"]",
                             R"([{"op":"add","path":"/a","value":1}] x)", "/* c */ []"}) {
        CAPTURE(text);
        const auto p = jsonpatch::parse_patch(text);
        REQUIRE_FALSE(p);
        CHECK(p.error().code == errc::invalid_json);
        CHECK_FALSE(p.error().op_index);
        CHECK(p.error().message.find("byte") != std::string::npos);
    }
}

TEST_CASE("parse: the text parser never echoes input in its message", "[parse][text]") {
    const auto p = jsonpatch::parse_patch(R"([{"op":"add","path":"/a","value":"s3cr3t-token)");
    REQUIRE_FALSE(p);
    CHECK(p.error().message.find("s3cr3t") == std::string::npos);
}

TEST_CASE("parse: values are moved out of an rvalue document", "[parse]") {
    json doc = json::parse(R"([{"op":"add","path":"/a","value":[1,2,3]}])");
    const auto p = jsonpatch::parse_patch(std::move(doc));
    REQUIRE(p);
    CHECK((*p)[0].value == json::parse("[1,2,3]"));
}

TEST_CASE("parse: parse_patch_or_throw throws patch_error", "[parse][throw]") {
    CHECK_THROWS_AS(jsonpatch::parse_patch_or_throw("{}"), jsonpatch::patch_error);
    CHECK(jsonpatch::parse_patch_or_throw(json::array()).empty());
}

TEST_CASE("regression #21: wide ordered_json objects in patch text keep order and duplicates",
          "[parse][ordered][regression]") {
    // Members of an ordered object used to be looked up one by one while the text was read, a
    // quadratic cost per object (40,000 members took seconds); the bench gate times it against
    // nlohmann::json. Here: the wide object comes out exactly as nlohmann's own DOM parser builds
    // it, repeated names included (the last value wins, in the first one's place).
    using ordered_json = nlohmann::ordered_json;
    constexpr std::size_t members = 40'000;
    std::string value = "{";
    for (std::size_t i = 0; i < members; ++i) {
        value += "\"m" + std::to_string((i * 7919) % members) + "\":" + std::to_string(i) + ",";
    }
    value += "\"m5\":\"again\",\"nested\":{\"a\":1,\"b\":2,\"a\":3}}";
    const std::string text = R"([{"op":"add","path":"/x","value":)" + value + "}]";
    const auto parsed = jsonpatch::parse_patch<ordered_json>(text);
    REQUIRE(parsed);
    // As nlohmann's DOM parser builds it (which has the quadratic cost itself, so by hand).
    ordered_json expected = ordered_json::object();
    auto& expected_members = expected.get_ref<ordered_json::object_t&>();
    for (std::size_t i = 0; i < members; ++i) {
        expected_members.emplace_back("m" + std::to_string((i * 7919) % members), i);
    }
    expected["m5"] = "again";
    expected["nested"] = ordered_json::parse(R"({"a":3,"b":2})");
    CHECK((*parsed)[0].value.size() == members + 1);
    CHECK((*parsed)[0].value.dump() == expected.dump());
    CHECK(jsonpatch::detail::json_identical((*parsed)[0].value, expected));

    // In an operation object and in merge patch text, a repeated member is refused however wide
    // the object is.
    const std::string op_text = R"([{"op":"add","path":"/x","value":1,)" +
                                value.substr(1, value.size() - 2) + R"(,"path":"/y"}])";
    const auto repeated = jsonpatch::parse_patch<ordered_json>(op_text);
    REQUIRE_FALSE(repeated);
    CHECK(repeated.error().code == errc::duplicate_member);
    ordered_json doc = ordered_json::object();
    const auto merge = jsonpatch::apply_merge_patch(doc, value);
    REQUIRE_FALSE(merge);
    CHECK(merge.error().code == errc::duplicate_member);
    std::string unique = "{";
    for (std::size_t i = 0; i < members; ++i) {
        unique += "\"m" + std::to_string(i) + "\":" + std::to_string(i) + (i + 1 < members ? "," : "}");
    }
    const auto read = jsonpatch::detail::parse_patch_text<ordered_json>(
        unique, {}, jsonpatch::detail::patch_text_kind::merge_patch);
    REQUIRE(read);
    CHECK(read->size() == members);
    CHECK(read->dump() == unique);
}
