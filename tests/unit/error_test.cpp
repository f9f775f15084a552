// SPDX-License-Identifier: MIT
#include <jsonpatch/error.hpp>

#include <jsonpatch/apply.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <system_error>

using jsonpatch::errc;
using json = nlohmann::json;

TEST_CASE("error: converts to a JSON object with stable fields", "[error]") {
    jsonpatch::error e;
    e.code = errc::from_not_found;
    e.op_index = 3;
    e.path = "/a";
    e.from = "";
    e.concerns = jsonpatch::member::from;
    e.message = "no member 'x' in the document root";
    const nlohmann::json j = e;
    CHECK(j == nlohmann::json::parse(R"({"code":"from_not_found","value":301,"op_index":3,
        "path":"/a","from":"","member":"from","message":"no member 'x' in the document root"})"));

    jsonpatch::error doc_level;
    doc_level.code = errc::patch_not_array;
    doc_level.message = "m";
    const nlohmann::json k = doc_level;
    CHECK(k["op_index"].is_null());
    CHECK(k["path"].is_null());
    CHECK(k["from"].is_null());
    CHECK(k["member"].is_null());
}

TEST_CASE("error: describe names the operation and its pointers", "[error]") {
    jsonpatch::error e;
    e.code = errc::path_not_found;
    e.op_index = 2;
    e.path = "/x";
    e.message = "no member 'x' in the document root";
    CHECK(jsonpatch::describe(e) == "op 2 (path '/x'): no member 'x' in the document root");
    e.from = "/y";
    CHECK(jsonpatch::describe(e) == "op 2 (path '/x', from '/y'): no member 'x' in the document root");
    e.op_index.reset();
    e.path.reset();
    CHECK(jsonpatch::describe(e) == "no member 'x' in the document root");
}

TEST_CASE("error: an out-of-range index counts the elements in words that agree", "[error]") {
    const auto message_for = [](const char* document) {
        json doc = json::parse(document);
        const auto r =
            jsonpatch::apply(doc, json::parse(R"([{"op":"remove","path":"/a/5"}])"));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::array_index_out_of_range);
        return r.error().message;
    };
    CHECK(message_for(R"({"a":[]})") ==
          "index '5' in '/a' is out of range for an array of 0 elements");
    CHECK(message_for(R"({"a":[1]})") ==
          "index '5' in '/a' is out of range for an array of 1 element");
    CHECK(message_for(R"({"a":[1,2]})") ==
          "index '5' in '/a' is out of range for an array of 2 elements");
}

TEST_CASE("error: patch_error is a system_error carrying the error", "[error]") {
    jsonpatch::error e;
    e.code = errc::test_failed;
    e.op_index = 0;
    e.path = "/a";
    e.message = "differs";
    const jsonpatch::patch_error ex(e);
    CHECK(ex.error() == e);
    CHECK(ex.code() == std::error_code(errc::test_failed));
    CHECK(std::string(ex.what()).find("op 0 (path '/a')") != std::string::npos);
    jsonpatch::error other = e;
    other.op_index = 1;
    CHECK(other != e);
}

TEST_CASE("error: clip bounds echoed input", "[error]") {
    const std::string huge(5000, 'a');
    CHECK(jsonpatch::detail::clip(huge).size() == jsonpatch::detail::max_echo);
    CHECK(jsonpatch::detail::clip("short") == "short");
}

TEST_CASE("regression #17: errors echo valid UTF-8 cut between characters", "[error][regression]") {
    std::string long_path = "/x";
    for (int i = 0; i < 600; ++i) {
        long_path += "\xC3\xA9"; // é, two bytes: 1026 bytes in all, so the cut falls mid-way
    }
    json doc = json::object();
    const auto outcome =
        jsonpatch::apply(doc, json::array({json{{"op", "remove"}, {"path", long_path}}}));
    REQUIRE_FALSE(outcome);
    const jsonpatch::error& e = outcome.error();
    REQUIRE(e.path);
    CHECK(e.path->size() <= jsonpatch::detail::max_echo);
    CHECK(e.path->size() == 1024); // "/x" and 511 whole characters
    CHECK(long_path.compare(0, e.path->size(), *e.path) == 0);
    std::string dumped;
    CHECK_NOTHROW(dumped = json(e).dump());
    CHECK(json::parse(dumped)["path"] == *e.path);
}

TEST_CASE("regression #17: clip keeps whole characters and repairs ill-formed text",
          "[error][regression]") {
    using jsonpatch::detail::clip;
    CHECK(clip("a\xE2\x82\xAC", 3) == "a");          // the euro sign does not fit: dropped whole
    CHECK(clip("a\xE2\x82\xAC", 4) == "a\xE2\x82\xAC"); // it fits
    CHECK(clip("\xF0\x9F\x98\x80!", 4) == "\xF0\x9F\x98\x80");
    CHECK(clip("a\xFF" "b") == "a\xEF\xBF\xBD" "b");     // a stray byte becomes U+FFFD
    CHECK(clip("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD"); // an overlong '/' is two bad bytes
    CHECK(clip("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"); // a surrogate
    CHECK(clip("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD"); // truncated at the end of the text
    // Every error field an ill-formed pointer reaches, and a validator's own message, still dump.
    json doc = json::object();
    const auto bad_path = jsonpatch::apply(doc, json::array({json{{"op", "remove"},
                                                                  {"path", "/\xFF\xFE"}}}));
    REQUIRE_FALSE(bad_path);
    CHECK_NOTHROW(json(bad_path.error()).dump());
    jsonpatch::error custom;
    custom.code = errc::validation_failed;
    custom.path = "/\xC3";
    custom.message = "bad \xF5 byte";
    CHECK_NOTHROW(json(custom).dump());
}

TEST_CASE("error: describe names the path of an error that concerns no operation",
          "[error][describe]") {
    // A validator's or a typed model's error has a path but no op_index (issue 12).
    jsonpatch::error e;
    e.code = errc::validation_failed;
    e.path = "/email";
    e.message = "must contain @";
    CHECK(jsonpatch::describe(e) == "path '/email': must contain @");
    e.path = "";
    CHECK(jsonpatch::describe(e) == "path '': must contain @");
}
