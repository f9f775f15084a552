// SPDX-License-Identifier: MIT
// Tests of member_reader: typed fields read with pointer-exact errors.
#include <jsonpatch/member_reader.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <optional>
#include <string>
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
}
