// SPDX-License-Identifier: MIT
// Tests of the HTTP glue: patch media types, entity tags and RFC 9110 §13.2.2 preconditions.
#include <jsonpatch/http.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace http = jsonpatch::http;
using http::patch_format;
using http::precondition;

namespace {

// Written out so a nullopt reads as "no such field" in the tables below.
constexpr std::optional<std::string_view> absent = std::nullopt;

} // namespace

TEST_CASE("http: the two patch media types and Accept-Patch", "[http][media_type]") {
    CHECK(http::json_patch_media_type == "application/json-patch+json");
    CHECK(http::merge_patch_media_type == "application/merge-patch+json");
    CHECK(http::accept_patch() == "application/json-patch+json, application/merge-patch+json");
    // Accept-Patch lists media types its own parser accepts.
    CHECK(http::patch_format_of(http::json_patch_media_type) == patch_format::json_patch);
    CHECK(http::patch_format_of(http::merge_patch_media_type) == patch_format::merge_patch);
}

TEST_CASE("http: patch_format_of accepts the media types in any case, with whitespace and "
          "parameters",
          "[http][media_type]") {
    const auto [value, expected] = GENERATE(table<std::string_view, patch_format>({
        {"application/json-patch+json", patch_format::json_patch},
        {"APPLICATION/JSON-PATCH+JSON", patch_format::json_patch},
        {"Application/Json-Patch+Json", patch_format::json_patch},
        {"application/merge-patch+json", patch_format::merge_patch},
        {"application/Merge-Patch+JSON", patch_format::merge_patch},
        {"  application/json-patch+json\t", patch_format::json_patch},
        {"application/json-patch+json;charset=utf-8", patch_format::json_patch},
        {"application/json-patch+json; charset=UTF-8", patch_format::json_patch},
        {"application/json-patch+json ;\tCharSet=\"utf-8\"", patch_format::json_patch},
        {"application/merge-patch+json; charset=utf-8; profile=\"x;y\"", patch_format::merge_patch},
        {"application/json-patch+json; foo=bar", patch_format::json_patch},
        {"application/json-patch+json;", patch_format::json_patch},
        {"application/json-patch+json;;charset=utf-8", patch_format::json_patch},
        {"application/json-patch+json; charset=utf-8; charset=UTF-8", patch_format::json_patch},
        {"application/json-patch+json; q=\"a\\\"b\"", patch_format::json_patch},
    }));
    CAPTURE(value);
    CHECK(http::patch_format_of(value) == expected);
}

TEST_CASE("http: patch_format_of refuses anything else, fail closed", "[http][media_type]") {
    const auto value = GENERATE(as<std::string_view>{}, "", " ", "application/json",
                                "application/json; charset=utf-8", "text/json-patch+json",
                                "application/json-patch", "json-patch+json",
                                "application/json-patch+json+x", "application/json-patch+jsonx",
                                "application/ json-patch+json", "application /json-patch+json",
                                "application/json-patch+json; charset=latin1",
                                "application/json-patch+json; charset=utf-16",
                                "application/json-patch+json; charset=utf8",
                                "application/json-patch+json; charset=\"utf-8",
                                "application/json-patch+json; charset=utf-8; charset=ascii",
                                "application/json-patch+json; charset", "application/json-patch+json; =x",
                                "application/json-patch+json x", "application%2Fjson-patch%2Bjson",
                                "application/json-patch%2Bjson", "application/json-patch+json%00",
                                "application/merge-patch+json, application/json",
                                "*/*", "application/*");
    CAPTURE(value);
    CHECK_FALSE(http::patch_format_of(value));
    // A NUL inside the value is not whitespace either.
    CHECK_FALSE(http::patch_format_of(std::string_view("application/json-patch+json\0", 28)));
}

TEST_CASE("http: strong_etag quotes opaque text and keeps every tag valid and distinct",
          "[http][etag]") {
    CHECK(http::strong_etag("v7") == "\"v7\"");
    CHECK(http::strong_etag("") == "\"\"");
    CHECK(http::strong_etag("a-b_c.1:2/3") == "\"a-b_c.1:2/3\"");
    CHECK(http::strong_etag("a\"b") == "\"a%22b\"");
    CHECK(http::strong_etag("a b") == "\"a%20b\"");
    CHECK(http::strong_etag("%22") == "\"%2522\""); // differs from strong_etag("\"")
    CHECK(http::strong_etag(std::string_view("\0\x7f", 2)) == "\"%00%7F\"");
    CHECK(http::strong_etag("\xc3\xa9") == "\"\xc3\xa9\""); // obs-text is allowed as it is
    // What it makes is what the preconditions recognise.
    for (const std::string_view opaque : {"v7", "", "a\"b", "x y", "%", "\xff"}) {
        const std::string tag = http::strong_etag(opaque);
        CHECK(http::evaluate_preconditions("PATCH", tag, absent, tag, true) ==
              precondition::proceed);
    }
}

TEST_CASE("http: If-Match, RFC 9110 §13.2.2 step 1 (strong comparison)", "[http][precondition]") {
    const std::string_view etag = "\"v7\"";
    struct row {
        std::string_view if_match;
        bool exists;
        precondition expected;
    };
    const auto r = GENERATE(values<row>({
        {"\"v7\"", true, precondition::proceed},
        {"\"v6\"", true, precondition::failed},
        {"\"v6\", \"v7\"", true, precondition::proceed},
        {"\"v6\",\"v7\"", true, precondition::proceed},
        {" \"v6\" ,\t\"v7\" ", true, precondition::proceed},
        {", \"v7\",", true, precondition::proceed}, // empty list elements are ignored (§5.6.1)
        {"W/\"v7\"", true, precondition::failed},    // a weak tag never matches strongly
        {"W/\"v6\", W/\"v7\"", true, precondition::failed},
        {"\"V7\"", true, precondition::failed}, // opaque tags compare byte for byte
        {"*", true, precondition::proceed},
        {" * ", true, precondition::proceed},
        {"*", false, precondition::failed},
        {"\"v7\"", false, precondition::failed},
        {"", true, precondition::failed},  // empty: fails, never ignored
        {" ", true, precondition::failed},
        {",", true, precondition::failed}, // a list with no element
        {"v7", true, precondition::failed}, // unquoted: not an entity tag
        {"\"v7", true, precondition::failed},
        {"\"v7\" \"v6\"", true, precondition::failed}, // missing comma
        {"*, \"v7\"", true, precondition::failed},      // "*" alone or a list, not both
        {"w/\"v7\"", true, precondition::failed},       // the weak prefix is case-sensitive
        {"\"v 7\"", true, precondition::failed},        // space is not etagc
    }));
    CAPTURE(r.if_match, r.exists);
    CHECK(http::evaluate_preconditions("PATCH", r.if_match, absent, etag, r.exists) == r.expected);
    CHECK(http::evaluate_preconditions("GET", r.if_match, absent, etag, r.exists) == r.expected);
}

TEST_CASE("http: If-Match never matches a weak current tag", "[http][precondition]") {
    CHECK(http::evaluate_preconditions("PATCH", "\"v7\"", absent, "W/\"v7\"", true) ==
          precondition::failed);
    CHECK(http::evaluate_preconditions("PATCH", "W/\"v7\"", absent, "W/\"v7\"", true) ==
          precondition::failed);
    CHECK(http::evaluate_preconditions("PATCH", "*", absent, "W/\"v7\"", true) ==
          precondition::proceed);
    // A current tag the caller got wrong matches nothing.
    CHECK(http::evaluate_preconditions("PATCH", "\"v7\"", absent, "v7", true) ==
          precondition::failed);
}

TEST_CASE("http: If-None-Match, RFC 9110 §13.2.2 step 3 (weak comparison)",
          "[http][precondition]") {
    const std::string_view etag = "\"v7\"";
    struct row {
        std::string_view method;
        std::string_view if_none_match;
        bool exists;
        precondition expected;
    };
    const auto r = GENERATE(values<row>({
        {"GET", "\"v7\"", true, precondition::not_modified},
        {"HEAD", "\"v7\"", true, precondition::not_modified},
        {"GET", "W/\"v7\"", true, precondition::not_modified}, // weak comparison
        {"GET", "\"v6\", W/\"v7\"", true, precondition::not_modified},
        {"GET", "\"v6\"", true, precondition::proceed},
        {"GET", "*", true, precondition::not_modified},
        {"GET", "*", false, precondition::proceed},
        {"GET", "\"v7\"", false, precondition::proceed},
        {"PATCH", "\"v7\"", true, precondition::failed},
        {"PATCH", "W/\"v7\"", true, precondition::failed},
        {"PATCH", "*", true, precondition::failed},
        {"PATCH", "*", false, precondition::proceed}, // create-only semantics
        {"PATCH", "\"v6\"", true, precondition::proceed},
        {"PUT", "*", true, precondition::failed},
        {"DELETE", "\"v7\"", true, precondition::failed},
        {"POST", "\"v7\"", true, precondition::failed},
        {"get", "\"v7\"", true, precondition::failed}, // methods are case-sensitive
        {"GET", "", true, precondition::failed},        // unreadable conditions never pass
        {"GET", "v7", true, precondition::failed},
        {"PATCH", ",", true, precondition::failed},
    }));
    CAPTURE(r.method, r.if_none_match, r.exists);
    CHECK(http::evaluate_preconditions(r.method, absent, r.if_none_match, etag, r.exists) ==
          r.expected);
}

TEST_CASE("http: If-Match is evaluated before If-None-Match", "[http][precondition]") {
    const std::string_view etag = "\"v7\"";
    // Step 1 fails first: 412 even where If-None-Match alone would give 304.
    CHECK(http::evaluate_preconditions("GET", "\"v6\"", "\"v7\"", etag, true) ==
          precondition::failed);
    // Step 1 holds, step 3 decides.
    CHECK(http::evaluate_preconditions("GET", "\"v7\"", "\"v7\"", etag, true) ==
          precondition::not_modified);
    CHECK(http::evaluate_preconditions("PATCH", "\"v7\"", "\"v7\"", etag, true) ==
          precondition::failed);
    CHECK(http::evaluate_preconditions("PATCH", "\"v7\"", "\"v6\"", etag, true) ==
          precondition::proceed);
    CHECK(http::evaluate_preconditions("PATCH", "*", "*", etag, true) == precondition::failed);
}

TEST_CASE("http: no precondition at all proceeds", "[http][precondition]") {
    for (const std::string_view method : {"GET", "HEAD", "PATCH", "PUT", "DELETE", "POST"}) {
        CAPTURE(method);
        CHECK(http::evaluate_preconditions(method, absent, absent, "\"v7\"", true) ==
              precondition::proceed);
        CHECK(http::evaluate_preconditions(method, absent, absent, "", false) ==
              precondition::proceed);
    }
}

TEST_CASE("http: require_if_match makes If-Match mandatory for state-changing methods",
          "[http][precondition]") {
    for (const std::string_view method : {"PATCH", "PUT", "DELETE"}) {
        CAPTURE(method);
        CHECK(http::evaluate_preconditions(method, absent, absent, "\"v7\"", true, true) ==
              precondition::required);
        // If-None-Match does not stand in for the If-Match the server asks for.
        CHECK(http::evaluate_preconditions(method, absent, "\"v6\"", "\"v7\"", true, true) ==
              precondition::required);
        CHECK(http::evaluate_preconditions(method, absent, absent, "", false, true) ==
              precondition::required);
        // Present (even empty or stale): evaluated as usual.
        CHECK(http::evaluate_preconditions(method, "\"v7\"", absent, "\"v7\"", true, true) ==
              precondition::proceed);
        CHECK(http::evaluate_preconditions(method, "\"v6\"", absent, "\"v7\"", true, true) ==
              precondition::failed);
        CHECK(http::evaluate_preconditions(method, "", absent, "\"v7\"", true, true) ==
              precondition::failed);
    }
    for (const std::string_view method : {"GET", "HEAD", "OPTIONS", "POST", "patch"}) {
        CAPTURE(method);
        CHECK(http::evaluate_preconditions(method, absent, absent, "\"v7\"", true, true) ==
              precondition::proceed);
    }
}

TEST_CASE("http: a field sent on two lines is one list", "[http][precondition]") {
    // RFC 9110 §5.3: "If-Match: \"v6\"" and "If-Match: \"v7\"" combine to "\"v6\", \"v7\"".
    CHECK(http::evaluate_preconditions("PATCH", "\"v6\", \"v7\"", absent, "\"v7\"", true) ==
          precondition::proceed);
    CHECK(http::evaluate_preconditions("GET", absent, "\"v6\", \"v7\"", "\"v7\"", true) ==
          precondition::not_modified);
}
