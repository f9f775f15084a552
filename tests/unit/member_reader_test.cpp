// SPDX-License-Identifier: MIT
// Tests of member_reader: typed fields read with pointer-exact errors.
#include <jsonpatch/member_reader.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

using jsonpatch::errc;
using json = nlohmann::json;

namespace {

struct record {
    std::string id;
    bool active = true;
    std::optional<std::string> note;
    std::vector<std::string> tags;
    std::string owner_id;
    json rest;
};

jsonpatch::member_reader<json> read(const json& doc, record& r) {
    jsonpatch::member_reader<json> reader(doc);
    reader.required("id", r.id)
        .expect(!r.id.empty(), errc::validation_failed, "id must not be empty")
        .optional("active", r.active)
        .optional("note", r.note)
        .optional("tags", r.tags)
        .object("owner",
                [&r](jsonpatch::member_reader<json>& owner) { owner.required("id", r.owner_id); })
        .others(r.rest);
    return reader;
}

} // namespace

TEST_CASE("member reader: reads typed fields and keeps the others", "[member_reader]") {
    record r;
    const auto reader =
        read(json::parse(R"({"id":"x","note":null,"tags":["a"],"owner":{"id":"o"},"z":[1]})"), r);
    REQUIRE(reader.ok());
    CHECK(r.id == "x");
    CHECK(r.active);
    CHECK_FALSE(r.note);
    CHECK(r.tags == std::vector<std::string>{"a"});
    CHECK(r.owner_id == "o");
    CHECK(r.rest == json::parse(R"({"z":[1]})"));
}

TEST_CASE("member reader: the first problem is kept with its member's pointer", "[member_reader]") {
    const auto first_error = [](const char* text) {
        record r;
        auto reader = read(json::parse(text), r);
        REQUIRE_FALSE(reader.ok());
        return std::move(reader).error();
    };
    auto e = first_error(R"({"owner":{"id":"o"}})");
    CHECK(e.code == errc::missing_field);
    CHECK(e.path == "/id");
    e = first_error(R"({"id":"","owner":{"id":"o"}})");
    CHECK(e.code == errc::validation_failed);
    CHECK(e.path == "/id");
    e = first_error(R"({"id":"x","active":null,"owner":{"id":"o"}})");
    CHECK(e.code == errc::wrong_type);
    CHECK(e.path == "/active");
    e = first_error(R"({"id":"x","tags":["a",2],"owner":{"id":"o"}})");
    CHECK(e.path == "/tags/1");
    e = first_error(R"({"id":"x","owner":{"id":3}})");
    CHECK(e.code == errc::wrong_type);
    CHECK(e.path == "/owner/id");
    e = first_error(R"({"id":"x","owner":[]})");
    CHECK(e.path == "/owner");
    e = first_error(R"({"id":"x"})");
    CHECK(e.code == errc::missing_field);
    CHECK(e.path == "/owner");
    e = first_error(R"([1])");
    CHECK(e.code == errc::wrong_type);
    CHECK(e.path == "");
}

TEST_CASE("regression #21: member names given as temporaries are kept by the reader",
          "[member_reader][regression]") {
    // Long names live on the heap; the reader must own them, not view the caller's strings.
    const std::string long_name(40, 'n');
    json doc = json::object();
    doc[long_name] = "v";
    doc["other"] = 1;
    std::string value;
    json rest;
    jsonpatch::member_reader<json> reader(doc);
    reader.required(std::string(long_name), value);
    std::vector<std::string> noise(16, std::string(40, 'z')); // reuses the freed storage
    reader.others(rest);
    CHECK(value == "v");
    CHECK(rest == json::parse(R"({"other":1})"));
    // expect() names the member read last, from a temporary too.
    jsonpatch::member_reader<json> checked(doc);
    checked.required(std::string(long_name), value);
    std::vector<std::string> more_noise(16, std::string(40, 'y'));
    checked.expect(false, errc::validation_failed, "refused");
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.error().path == "/" + long_name);
    // The sibling: the object itself is read in place, so a temporary is refused at compile time.
    static_assert(!std::is_constructible_v<jsonpatch::member_reader<json>, json&&>);
    static_assert(std::is_constructible_v<jsonpatch::member_reader<json>, const json&>);
}

namespace {

// The first error of reading member "v" of `doc` into a fresh V, or nothing on success (then
// `out` holds the value).
template <class V>
std::optional<jsonpatch::error> read_v(const char* text, V& out) {
    const json doc = json::parse(text);
    jsonpatch::member_reader<json> reader(doc);
    reader.required("v", out);
    if (reader) {
        return std::nullopt;
    }
    return std::move(reader).error();
}

template <class V> bool reads(const char* text, const V& expected) {
    V out{};
    const auto e = read_v(text, out);
    return !e && out == expected;
}

template <class V> std::optional<std::string> wrong_at(const char* text) {
    V out{};
    const auto e = read_v(text, out);
    if (!e) {
        return std::nullopt;
    }
    CHECK(e->code == errc::wrong_type);
    return e->path;
}

} // namespace

TEST_CASE("member reader: integers are range-checked for their type", "[member_reader][types]") {
    CHECK(reads<int>(R"({"v": -5})", -5));
    CHECK(reads<int>(R"({"v": 2.0})", 2)); // a whole number written as a float
    CHECK(reads<long>(R"({"v": 2147483648})", 2147483648L));
    CHECK(reads<long long>(R"({"v": -9223372036854775808})",
                           std::numeric_limits<long long>::min()));
    CHECK(reads<unsigned>(R"({"v": 4294967295})", 4294967295U));
    CHECK(reads<unsigned long long>(R"({"v": 18446744073709551615})",
                                    std::numeric_limits<unsigned long long>::max()));
    CHECK(reads<unsigned short>(R"({"v": 65535})", static_cast<unsigned short>(65535)));
    CHECK(reads<std::uint8_t>(R"({"v": 255})", static_cast<std::uint8_t>(255)));
    CHECK(wrong_at<int>(R"({"v": 2147483648})") == "/v");
    CHECK(wrong_at<int>(R"({"v": -2147483649})") == "/v");
    CHECK(wrong_at<int>(R"({"v": 1.5})") == "/v");
    CHECK(wrong_at<int>(R"({"v": 1e30})") == "/v");
    CHECK(wrong_at<int>(R"({"v": "1"})") == "/v");
    CHECK(wrong_at<int>(R"({"v": true})") == "/v");
    CHECK(wrong_at<unsigned>(R"({"v": -1})") == "/v");
    CHECK(wrong_at<unsigned>(R"({"v": 4294967296})") == "/v");
    CHECK(wrong_at<unsigned long>(R"({"v": -0.5})") == "/v");
    CHECK(wrong_at<unsigned char>(R"({"v": 256})") == "/v");
    CHECK(wrong_at<long long>(R"({"v": 9223372036854775808})") == "/v");
    CHECK(wrong_at<short>(R"({"v": 40000})") == "/v");
    int untouched = 7;
    CHECK(read_v(R"({"v": 1e10})", untouched));
    CHECK(untouched == 7); // a failed read leaves the field alone
}

TEST_CASE("member reader: doubles, booleans and strings", "[member_reader][types]") {
    CHECK(reads<double>(R"({"v": 2.5})", 2.5));
    CHECK(reads<double>(R"({"v": -3})", -3.0));
    CHECK(reads<double>(R"({"v": 18446744073709551615})", 18446744073709551615.0));
    CHECK(reads<float>(R"({"v": 0.5})", 0.5F));
    CHECK(wrong_at<float>(R"({"v": 1e300})") == "/v");
    CHECK(wrong_at<double>(R"({"v": "2.5"})") == "/v");
    CHECK(reads<bool>(R"({"v": false})", false));
    CHECK(wrong_at<bool>(R"({"v": 0})") == "/v");
    CHECK(reads<std::string>(R"({"v": "x"})", std::string("x")));
    CHECK(wrong_at<std::string>(R"({"v": null})") == "/v");
}

TEST_CASE("member reader: vectors, maps and optionals nest, and errors name the element or key",
          "[member_reader][types]") {
    using counts = std::map<std::string, int>;
    CHECK(reads<std::vector<int>>(R"({"v": [1, 2]})", std::vector<int>{1, 2}));
    CHECK(reads<counts>(R"({"v": {"a": 1, "b~/c": 2}})", counts{{"a", 1}, {"b~/c", 2}}));
    CHECK(reads<std::vector<counts>>(R"({"v": [{"a": 1}, {}]})",
                                     std::vector<counts>{{{"a", 1}}, {}}));
    CHECK(reads<std::map<std::string, std::vector<std::string>>>(
        R"({"v": {"k": ["x"]}})", std::map<std::string, std::vector<std::string>>{{"k", {"x"}}}));
    CHECK(reads<std::optional<int>>(R"({"v": null})", std::optional<int>{}));
    CHECK(reads<std::optional<int>>(R"({"v": 4})", std::optional<int>{4}));
    CHECK(reads<std::vector<std::optional<unsigned>>>(
        R"({"v": [null, 3]})", std::vector<std::optional<unsigned>>{std::nullopt, 3U}));
    CHECK(reads<std::optional<counts>>(R"({"v": {"a": 0}})", std::optional<counts>{counts{{"a", 0}}}));
    CHECK(reads<json>(R"({"v": {"any": [1, "thing"]}})", json::parse(R"({"any": [1, "thing"]})")));
    CHECK(wrong_at<std::vector<int>>(R"({"v": [1, "2"]})") == "/v/1");
    CHECK(wrong_at<std::vector<int>>(R"({"v": {"a": 1}})") == "/v");
    CHECK(wrong_at<counts>(R"({"v": {"a": 1, "k": "x"}})") == "/v/k");
    CHECK(wrong_at<counts>(R"({"v": {"a/b": 1.5}})") == "/v/a~1b");
    CHECK(wrong_at<counts>(R"({"v": [1]})") == "/v");
    CHECK(wrong_at<std::vector<counts>>(R"({"v": [{}, {"x": -1}, {"y": []}]})") == "/v/2/y");
    CHECK(wrong_at<std::vector<std::optional<unsigned>>>(R"({"v": [null, -3]})") == "/v/1");
    CHECK(wrong_at<std::optional<std::vector<int>>>(R"({"v": [true]})") == "/v/0");
    // Nested in an object read, the pointer carries the object's own.
    json doc = json::parse(R"({"limits": {"daily": {"calls": 5000000000}}})");
    jsonpatch::member_reader<json> reader(doc);
    std::map<std::string, int> daily;
    reader.object("limits", [&daily](jsonpatch::member_reader<json>& limits) {
        limits.required("daily", daily);
    });
    REQUIRE_FALSE(reader.ok());
    CHECK(reader.error().path == "/limits/daily/calls");
    CHECK(reader.error().code == errc::wrong_type);
}

TEST_CASE("member reader: reads ordered_json documents too", "[member_reader][ordered]") {
    const auto doc = nlohmann::ordered_json::parse(R"({"z": [1, 2], "a": {"k": 3}})");
    std::vector<long> z;
    std::map<std::string, unsigned> a;
    jsonpatch::member_reader<nlohmann::ordered_json> reader(doc);
    reader.required("z", z).required("a", a);
    REQUIRE(reader.ok());
    CHECK(z == std::vector<long>{1, 2});
    CHECK(a.at("k") == 3U);
}
