// SPDX-License-Identifier: MIT
#include <jsonpatch/http_status.hpp>

#include <jsonpatch/apply.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <string>

using jsonpatch::errc;
using json = nlohmann::json;

namespace {

// Every entry of messages/causes has the platform's localized-text shape.
void require_dto_shape(const json& body) {
    REQUIRE(body.is_object());
    CHECK(body.size() == 4);
    REQUIRE(body.contains("detailCode"));
    REQUIRE(body.contains("trackingId"));
    REQUIRE(body["messages"].is_array());
    REQUIRE(body["causes"].is_array());
    for (const char* list : {"messages", "causes"}) {
        for (const json& entry : body[list]) {
            CHECK(entry.size() == 3);
            CHECK(entry["locale"] == "en-US");
            CHECK(entry["localeOrigin"] == "DEFAULT");
            CHECK(entry["text"].is_string());
        }
    }
}

bool any_cause(const json& body, const std::string& text) {
    for (const json& entry : body["causes"]) {
        if (entry["text"] == text) {
            return true;
        }
    }
    return false;
}

} // namespace

TEST_CASE("http_status: a policy error maps to 400 naming op, path and from", "[http_status]") {
    json doc = json::parse(R"({"a":1})");
    jsonpatch::policy none;
    jsonpatch::apply_options o;
    o.policy = &none;
    const auto outcome = jsonpatch::apply(doc, json::parse(R"([{"op":"test","path":"/a","value":1},
        {"op":"copy","from":"/a","path":"/b"}])"), o);
    REQUIRE_FALSE(outcome);
    const auto http = jsonpatch::to_http_error(outcome.error(), "trk-1");
    CHECK(http.status == 400);
    require_dto_shape(http.body);
    CHECK(http.body["detailCode"] == "400.1 Bad Request Content");
    CHECK(http.body["trackingId"] == "trk-1");
    REQUIRE(http.body["messages"].size() == 1);
    const std::string text = http.body["messages"][0]["text"].get<std::string>();
    CHECK(text.rfind("op 1, path '/b', from '/a': ", 0) == 0);
    CHECK(any_cause(http.body, "code from_not_allowed (401)"));
    CHECK(any_cause(http.body, "op 1"));
    CHECK(any_cause(http.body, "path '/b'"));
    CHECK(any_cause(http.body, "from '/a'"));
    CHECK(http.body["causes"].size() == 4);
}

TEST_CASE("http_status: a document-level error lists only what is set", "[http_status]") {
    jsonpatch::error e;
    e.code = errc::validation_failed;
    e.path = "/name";
    e.message = "name must not be empty";
    const auto http = jsonpatch::to_http_error(e, "t");
    require_dto_shape(http.body);
    CHECK(http.body["messages"][0]["text"] == "path '/name': name must not be empty");
    CHECK(http.body["causes"].size() == 2);
    CHECK(any_cause(http.body, "code validation_failed (402)"));
    CHECK(any_cause(http.body, "path '/name'"));

    jsonpatch::error bare;
    bare.code = errc::invalid_json;
    bare.message = "patch is not valid JSON";
    const auto plain = jsonpatch::to_http_error(bare, "t");
    CHECK(plain.body["messages"][0]["text"] == "patch is not valid JSON");
    CHECK(plain.body["causes"].size() == 1);
}

TEST_CASE("http_status: the root pointer is named as an empty path", "[http_status]") {
    jsonpatch::error e;
    e.code = errc::operation_not_allowed;
    e.op_index = 0;
    e.path = "";
    const auto http = jsonpatch::to_http_error(e, "t");
    CHECK(any_cause(http.body, "path ''"));
    CHECK(any_cause(http.body, "op 0"));
}

TEST_CASE("http_status: make_http_error builds the same shape for service failures", "[http_status]") {
    const auto http = jsonpatch::make_http_error(404, "404 Not found", "token not found", "trk-9");
    CHECK(http.status == 404);
    require_dto_shape(http.body);
    CHECK(http.body["detailCode"] == "404 Not found");
    CHECK(http.body["trackingId"] == "trk-9");
    CHECK(http.body["messages"][0]["text"] == "token not found");
    CHECK(http.body["causes"].empty());
}

TEST_CASE("http_status: text that is not valid UTF-8 is repaired so the body serialises",
          "[http_status]") {
    jsonpatch::error e;
    e.code = errc::path_not_found;
    e.op_index = 2;
    // A pointer clipped inside a character, a stray continuation byte, an overlong '/', a
    // surrogate, and a code point past U+10FFFF.
    e.path = std::string("/caf\xC3", 5);
    e.from = std::string("/\x80/\xC0\xAF/\xED\xA0\x80/\xF4\x90\x80\x80/ok\xE2\x82\xAC");
    e.message = "target does not exist";
    const auto http = jsonpatch::to_http_error(e, std::string("id\xFF", 3));
    require_dto_shape(http.body);
    std::string dumped;
    REQUIRE_NOTHROW(dumped = http.body.dump());
    CHECK(any_cause(http.body, "path '/caf\xEF\xBF\xBD'"));
    CHECK(http.body["trackingId"] == "id\xEF\xBF\xBD");
    // Valid multi-byte characters pass through unchanged.
    const std::string from = [&http] {
        for (const json& entry : http.body["causes"]) {
            const auto& t = entry["text"].get_ref<const std::string&>();
            if (t.rfind("from '", 0) == 0) {
                return t;
            }
        }
        return std::string();
    }();
    CHECK(from.find("ok\xE2\x82\xAC'") != std::string::npos);
    CHECK(from.find("\xC0") == std::string::npos);
    CHECK(from.find("\xED\xA0") == std::string::npos);
    CHECK(from.find("\xF4\x90") == std::string::npos);
    CHECK(json::parse(dumped) == http.body);
}

TEST_CASE("http error: a model that does not verify is the server's error, 500, with no detail",
          "[http_status]") {
    jsonpatch::error e;
    e.code = errc::invalid_model;
    e.message = "model rule member(\"/titel\") names nothing in the resource's JSON form";
    const auto http = jsonpatch::to_http_error(e, "trk-9");
    CHECK(http.status == 500);
    require_dto_shape(http.body);
    CHECK(http.body["detailCode"] == "500 Internal Server Error");
    CHECK(http.body["causes"].empty());
    CHECK(http.body.dump().find("titel") == std::string::npos);
}
