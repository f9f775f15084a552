// SPDX-License-Identifier: MIT
// Tests of the HTTP glue: patch media types, entity tags, RFC 9110 §13.2.2 preconditions and
// handle_patch.
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/http.hpp>
#include <jsonpatch/member_reader.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/result.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace http = jsonpatch::http;
using http::patch_format;
using http::precondition;
using jsonpatch::errc;

namespace {

// Written out so a nullopt reads as "no such field" in the tables below.
constexpr std::optional<std::string_view> absent = std::nullopt;

} // namespace

namespace newsroom {

// The resource of the handle_patch tests, patched as nlohmann::json and as ordered_json.
struct article {
    std::string id;
    std::string title;
    std::vector<std::string> tags;
    int version = 1;
};

bool operator==(const article& a, const article& b) {
    return a.id == b.id && a.title == b.title && a.tags == b.tags && a.version == b.version;
}

template <class J> void to_json(J& out, const article& a) {
    out = J::object();
    out["id"] = a.id;
    out["title"] = a.title;
    out["tags"] = a.tags;
    out["version"] = a.version;
}

template <class J> void from_json(const J& in, article& a) {
    article read;
    jsonpatch::member_reader<J> members(in);
    members.required("id", read.id)
        .required("title", read.title)
        .required("tags", read.tags)
        .required("version", read.version);
    if (!members) {
        throw jsonpatch::patch_error(std::move(members).error());
    }
    a = std::move(read);
}

} // namespace newsroom

namespace {

using newsroom::article;

// The article model of the example endpoints: id and version read-only, a title of 1 to 200
// code points, at most 10 unique string tags, limits for a small resource.
template <class J> const jsonpatch::basic_model<article, J>& article_model() {
    using namespace jsonpatch;
    static const auto model =
        basic_model<article, J>()
            .member("/title", may_replace, type_is({json_kind::string}), non_empty(),
                    max_length(200))
            .member("/tags", may_replace, may_edit_items, items_type_is({json_kind::string}),
                    unique_items(), max_items(10))
            .read_only("/id")
            .read_only("/version")
            .limits(small_resource_limits());
    return model;
}

const article hello{"a1", "Hello", {"x"}, 1};
// The two patch formats, short for the tables below.
constexpr std::string_view jp = http::json_patch_media_type;
constexpr std::string_view mp = http::merge_patch_media_type;
constexpr std::string_view hello_tag = "\"v1\"";

// A request as a careful client sends it: If-Match on the tag it read, If-Match required.
http::patch_request patch_of(std::string_view body,
                             std::string_view content_type = http::json_patch_media_type) {
    http::patch_request request;
    request.content_type = content_type;
    request.if_match = hello_tag;
    request.body = body;
    request.require_if_match = true;
    return request;
}

// The values of the header fields named `name` (case-insensitive, as HTTP field names are).
std::vector<std::string>
fields_named(const std::vector<std::pair<std::string, std::string>>& headers,
             std::string_view name) {
    std::vector<std::string> out;
    for (const auto& [field, value] : headers) {
        if (jsonpatch::detail::equals_ignoring_ascii_case(field, name)) {
            out.push_back(value);
        }
    }
    return out;
}

// Checks what every failure answers (a problem details body of its own status, with its media
// type and Accept-Patch, no value) and returns the body.
template <class J> J problem_of(const http::patch_response<article>& response, int status) {
    INFO(response.body);
    CHECK(response.status == status);
    CHECK_FALSE(response.updated);
    CHECK_FALSE(response.changed);
    CHECK(fields_named(response.headers, "Content-Type") ==
          std::vector<std::string>{"application/problem+json"});
    CHECK(fields_named(response.headers, "Accept-Patch") ==
          std::vector<std::string>{http::accept_patch()});
    REQUIRE(J::accept(response.body));
    const J body = J::parse(response.body);
    CHECK(body.at("type") == "about:blank");
    CHECK(body.at("title") == jsonpatch::http_reason_phrase(status));
    CHECK(body.at("status") == status);
    CHECK(body.at("detail").is_string());
    return body;
}

// A per-call check that counts its calls: zero calls prove the patch was never applied.
struct counting_check {
    int* calls;
    jsonpatch::status operator()(const jsonpatch::change<article>&) const {
        ++*calls;
        return {};
    }
};

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
    const auto value = GENERATE(
        as<std::string_view>{}, "", " ", "application/json", "application/json; charset=utf-8",
        "text/json-patch+json", "application/json-patch", "json-patch+json",
        "application/json-patch+json+x", "application/json-patch+jsonx",
        "application/ json-patch+json", "application /json-patch+json",
        "application/json-patch+json; charset=latin1",
        "application/json-patch+json; charset=utf-16", "application/json-patch+json; charset=utf8",
        "application/json-patch+json; charset=\"utf-8",
        "application/json-patch+json; charset=utf-8; charset=ascii",
        "application/json-patch+json; charset", "application/json-patch+json; =x",
        "application/json-patch+json x", "application%2Fjson-patch%2Bjson",
        "application/json-patch%2Bjson", "application/json-patch+json%00",
        "application/merge-patch+json, application/json", "*/*", "application/*");
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
        {"W/\"v7\"", true, precondition::failed},   // a weak tag never matches strongly
        {"W/\"v6\", W/\"v7\"", true, precondition::failed},
        {"\"V7\"", true, precondition::failed}, // opaque tags compare byte for byte
        {"*", true, precondition::proceed},
        {" * ", true, precondition::proceed},
        {"*", false, precondition::failed},
        {"\"v7\"", false, precondition::failed},
        {"", true, precondition::failed}, // empty: fails, never ignored
        {" ", true, precondition::failed},
        {",", true, precondition::failed},  // a list with no element
        {"v7", true, precondition::failed}, // unquoted: not an entity tag
        {"\"v7", true, precondition::failed},
        {"\"v7\" \"v6\"", true, precondition::failed}, // missing comma
        {"*, \"v7\"", true, precondition::failed},     // "*" alone or a list, not both
        {"w/\"v7\"", true, precondition::failed},      // the weak prefix is case-sensitive
        {"\"v 7\"", true, precondition::failed},       // space is not etagc
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
        {"GET", "", true, precondition::failed},       // unreadable conditions never pass
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

TEST_CASE("regression #23: preconditions are ignored on CONNECT, OPTIONS and TRACE",
          "[http][precondition][regression]") {
    // RFC 9110 §13.2.1: these methods select no representation, so a server MUST ignore
    // If-Match and If-None-Match on them (a stale tag is no reason to refuse an OPTIONS).
    for (const std::string_view method : {"CONNECT", "OPTIONS", "TRACE"}) {
        CAPTURE(method);
        CHECK(http::evaluate_preconditions(method, "\"v6\"", absent, "\"v7\"", true) ==
              precondition::proceed);
        CHECK(http::evaluate_preconditions(method, "*", absent, "", false) ==
              precondition::proceed);
        CHECK(http::evaluate_preconditions(method, absent, "\"v7\"", "\"v7\"", true) ==
              precondition::proceed);
        CHECK(http::evaluate_preconditions(method, absent, "*", "\"v7\"", true) ==
              precondition::proceed);
        CHECK(http::evaluate_preconditions(method, "not a tag", "", "\"v7\"", true, true) ==
              precondition::proceed);
    }
    // Only those three: the check is case-sensitive like every method name, and POST is not one.
    CHECK(http::evaluate_preconditions("options", "\"v6\"", absent, "\"v7\"", true) ==
          precondition::failed);
    CHECK(http::evaluate_preconditions("POST", "\"v6\"", absent, "\"v7\"", true) ==
          precondition::failed);
}

TEST_CASE("regression #23: a current entity tag that is not one never lets a tag list pass",
          "[http][precondition][regression]") {
    // The caller's own tag is unreadable (unquoted, say): no tag can be compared with it, and a
    // condition that cannot be evaluated fails, for If-None-Match as for If-Match.
    for (const std::string_view current : {"v7", "\"v7", "W/v7", "\"v7\" x"}) {
        CAPTURE(current);
        CHECK(http::evaluate_preconditions("PATCH", absent, "\"v6\"", current, true) ==
              precondition::failed);
        CHECK(http::evaluate_preconditions("GET", absent, "\"v6\"", current, true) ==
              precondition::failed);
        CHECK(http::evaluate_preconditions("PATCH", "\"v7\"", absent, current, true) ==
              precondition::failed);
        // "*" needs no comparison: it asks only whether the resource exists.
        CHECK(http::evaluate_preconditions("PATCH", "*", absent, current, true) ==
              precondition::proceed);
        CHECK(http::evaluate_preconditions("GET", absent, "*", current, true) ==
              precondition::not_modified);
        // Without conditions the tag is not looked at.
        CHECK(http::evaluate_preconditions("PATCH", absent, absent, current, true) ==
              precondition::proceed);
    }
    // An empty tag is a representation without one: a list never matches it, which lets
    // If-None-Match pass and If-Match fail (RFC 9110 §13.1.1, §13.1.2).
    CHECK(http::evaluate_preconditions("PATCH", absent, "\"v6\"", "", true) ==
          precondition::proceed);
    CHECK(http::evaluate_preconditions("PATCH", "\"v6\"", absent, "", true) ==
          precondition::failed);
}

TEMPLATE_TEST_CASE(
    "handle_patch: a method other than PATCH is 405 with Allow, before anything else",
    "[http][handle_patch]", nlohmann::json, nlohmann::ordered_json) {
    const auto method = GENERATE(as<std::string_view>{}, "GET", "POST", "PUT", "patch", "");
    CAPTURE(method);
    http::patch_request request = patch_of("not even JSON", "text/plain");
    request.method = method;
    request.if_match = "\"stale\"";
    const auto response = http::handle_patch(request, hello, hello_tag, article_model<TestType>());
    problem_of<TestType>(response, 405);
    CHECK(fields_named(response.headers, "Allow") == std::vector<std::string>{"PATCH"});
}

TEMPLATE_TEST_CASE("handle_patch: 415 with Accept-Patch for a body in no patch format",
                   "[http][handle_patch]", nlohmann::json, nlohmann::ordered_json) {
    const auto content_type = GENERATE(as<std::string_view>{}, "", "application/json", "text/plain",
                                       "application/json-patch+json; charset=latin1",
                                       "application/merge-patch+json, application/json",
                                       "application%2Fjson-patch%2Bjson", "*/*");
    CAPTURE(content_type);
    // The media type is decided first: a stale If-Match and a broken body change nothing.
    http::patch_request request = patch_of("{", content_type);
    request.if_match = "\"stale\"";
    const auto response = http::handle_patch(request, hello, hello_tag, article_model<TestType>());
    const TestType body = problem_of<TestType>(response, 415);
    CHECK_FALSE(body.contains("code"));
    CHECK(fields_named(response.headers, "Allow").empty());
}

TEMPLATE_TEST_CASE("handle_patch: 412 and 428 are decided before the body is looked at",
                   "[http][handle_patch][precondition]", nlohmann::json, nlohmann::ordered_json) {
    struct row {
        std::optional<std::string_view> if_match;
        std::optional<std::string_view> if_none_match;
        bool require_if_match;
        int status;
    };
    const auto r = GENERATE(values<row>({
        {absent, absent, true, 428},
        {absent, "\"v0\"", true, 428}, // If-None-Match does not stand in for If-Match
        {"\"v0\"", absent, true, 412}, // stale
        {"\"v0\"", absent, false, 412},
        {"W/\"v1\"", absent, true, 412}, // a weak tag never matches strongly
        {"v1", absent, true, 412},       // unquoted: not an entity tag
        {"", absent, true, 412},         // empty: fails, never ignored
        {"\"v1\"", "\"v1\"", true, 412}, // If-Match holds, If-None-Match matches
        {"*", "*", true, 412},
        {absent, "*", false, 412},        // the resource exists
        {absent, "W/\"v1\"", false, 412}, // weak comparison matches
        {absent, "", false, 412},         // unreadable
    }));
    const auto [content_type, body] = GENERATE(table<std::string_view, std::string_view>({
        {http::json_patch_media_type, "[{\"op\": \"replace\""}, // truncated
        {http::json_patch_media_type, "[{\"op\": \"jump\", \"path\": 1}]"},
        {http::merge_patch_media_type, "{\"title\": \"\xff\"}"},    // invalid UTF-8
        {http::merge_patch_media_type, "{\"id\": \"taken over\"}"}, // not allowed
    }));
    CAPTURE(r.if_match, r.if_none_match, r.require_if_match, content_type, body);
    http::patch_request request = patch_of(body, content_type);
    request.if_match = r.if_match;
    request.if_none_match = r.if_none_match;
    request.require_if_match = r.require_if_match;
    int calls = 0;
    const auto response = http::handle_patch(request, hello, hello_tag, article_model<TestType>(),
                                             counting_check{&calls});
    const TestType problem = problem_of<TestType>(response, r.status);
    // Answered from the fields alone: no error of the body, and the patch never ran.
    CHECK_FALSE(problem.contains("code"));
    CHECK(calls == 0);
}

TEMPLATE_TEST_CASE("handle_patch: preconditions that hold let the patch through",
                   "[http][handle_patch][precondition]", nlohmann::json, nlohmann::ordered_json) {
    struct row {
        std::optional<std::string_view> if_match;
        std::optional<std::string_view> if_none_match;
        bool require_if_match;
    };
    const auto r = GENERATE(values<row>({
        {"\"v1\"", absent, true},
        {"\"v0\", \"v1\"", absent, true},
        {"*", absent, true},
        {"\"v1\"", "\"v0\"", true},
        {absent, absent, false},
        {absent, "\"v0\", W/\"v2\"", false},
    }));
    CAPTURE(r.if_match, r.if_none_match, r.require_if_match);
    http::patch_request request =
        patch_of(R"([{"op": "replace", "path": "/title", "value": "Hi"}])");
    request.if_match = r.if_match;
    request.if_none_match = r.if_none_match;
    request.require_if_match = r.require_if_match;
    int calls = 0;
    const auto response = http::handle_patch(request, hello, hello_tag, article_model<TestType>(),
                                             counting_check{&calls});
    CHECK(response.status == 200);
    CHECK(calls == 1);
}

TEMPLATE_TEST_CASE("handle_patch: 200 with the new value, and whether it changed",
                   "[http][handle_patch]", nlohmann::json, nlohmann::ordered_json) {
    struct row {
        std::string_view content_type;
        std::string_view body;
        bool changed;
        article expected;
    };
    const article retitled{"a1", "Hi", {"x"}, 1};
    const article tagged{"a1", "Hello", {"x", "y"}, 1};
    const auto r = GENERATE_COPY(values<row>({
        {http::json_patch_media_type, R"([{"op": "replace", "path": "/title", "value": "Hi"}])",
         true, retitled},
        {"Application/JSON-Patch+JSON; charset=UTF-8",
         R"([{"op": "add", "path": "/tags/-", "value": "y"}])", true, tagged},
        {http::json_patch_media_type, R"([{"op": "test", "path": "/title", "value": "Hello"}])",
         false, hello},
        {http::json_patch_media_type, "[]", false, hello},
        {http::json_patch_media_type,
         R"([{"op": "replace", "path": "/title", "value": "Hi"},
             {"op": "replace", "path": "/title", "value": "Hello"}])",
         false, hello},
        {http::merge_patch_media_type, R"({"title": "Hi"})", true, retitled},
        {"application/merge-patch+json;charset=\"utf-8\"", R"({"tags": ["x", "y"]})", true, tagged},
        {http::merge_patch_media_type, R"({"title": "Hello", "tags": ["x"]})", false, hello},
        {http::merge_patch_media_type, "{}", false, hello},
    }));
    CAPTURE(r.content_type, r.body);
    const auto response = http::handle_patch(patch_of(r.body, r.content_type), hello, hello_tag,
                                             article_model<TestType>());
    INFO(response.body);
    CHECK(response.status == 200);
    CHECK(response.body.empty());
    REQUIRE(response.updated);
    CHECK(*response.updated == r.expected);
    CHECK(response.changed == r.changed);
    // The caller adds Content-Type and ETag for the value it serialises.
    CHECK(response.headers ==
          std::vector<std::pair<std::string, std::string>>{{"Accept-Patch", http::accept_patch()}});
}

TEMPLATE_TEST_CASE("handle_patch: errors of the patch are problem details with their status",
                   "[http][handle_patch]", nlohmann::json, nlohmann::ordered_json) {
    struct row {
        std::string_view content_type;
        std::string body;
        int status;
        errc code;
        std::optional<std::size_t> op_index;
        std::optional<std::string> path;
    };
    const auto r = GENERATE(values<row>({
        // 400: not a patch document
        {jp, "", 400, errc::invalid_json, std::nullopt, std::nullopt},
        {jp, "[{\"op\": \"replace\"", 400, errc::invalid_json, std::nullopt, std::nullopt},
        {jp, "[{\"op\": \"replace\", \"path\": \"/title\", \"value\": \"\xc3\x28\"}]", 400,
         errc::invalid_json, std::nullopt, std::nullopt},
        {jp, std::string("[]\0", 3), 400, errc::invalid_json, std::nullopt, std::nullopt},
        {jp, "{}", 400, errc::patch_not_array, std::nullopt, std::nullopt},
        {jp, R"([{"op": "jump", "path": "/title"}])", 400, errc::unknown_op, 0, "/title"},
        {jp, R"([{"op": "replace", "path": "title", "value": 1}])", 400,
         errc::pointer_missing_slash, 0, "title"},
        {mp, "{\"title\": ", 400, errc::invalid_json, std::nullopt, std::nullopt},
        {mp, "{\"title\": \"\xff\"}", 400, errc::invalid_json, std::nullopt, std::nullopt},
        // 403: not granted
        {jp, R"([{"op": "replace", "path": "/id", "value": "b1"}])", 403,
         errc::operation_not_allowed, 0, "/id"},
        {jp, R"([{"op": "test", "path": "/id", "value": "a1"},
                 {"op": "replace", "path": "/version", "value": 9}])",
         403, errc::operation_not_allowed, 1, "/version"},
        {jp, R"([{"op": "add", "path": "/extra", "value": 1}])", 403, errc::operation_not_allowed,
         0, "/extra"},
        {mp, R"({"id": "b1"})", 403, errc::operation_not_allowed, std::nullopt, "/id"},
        {mp, R"({"tags": null})", 403, errc::operation_not_allowed, std::nullopt, "/tags"},
        {mp, R"({"extra": 1})", 403, errc::operation_not_allowed, std::nullopt, "/extra"},
        // 409: does not apply to the resource as it is
        {jp, R"([{"op": "test", "path": "/title", "value": "Bye"}])", 409, errc::test_failed, 0,
         "/title"},
        {jp, R"([{"op": "remove", "path": "/tags/5"}])", 409, errc::array_index_out_of_range, 0,
         "/tags/5"},
        // 422: the result would be invalid
        {jp, R"([{"op": "replace", "path": "/title", "value": ""}])", 422, errc::validation_failed,
         std::nullopt, "/title"},
        {jp, R"([{"op": "replace", "path": "/title", "value": 7}])", 422, errc::validation_failed,
         std::nullopt, "/title"},
        {jp,
         "[{\"op\": \"replace\", \"path\": \"/title\", \"value\": \"" + std::string(201, 'a') +
             "\"}]",
         422, errc::validation_failed, std::nullopt, "/title"},
        {jp, R"([{"op": "add", "path": "/tags/-", "value": "x"}])", 422, errc::validation_failed,
         std::nullopt, "/tags/1"},
        {jp, R"([{"op": "add", "path": "/tags/0", "value": 7}])", 422, errc::validation_failed,
         std::nullopt, "/tags/0"},
        {mp, R"({"title": ""})", 422, errc::validation_failed, std::nullopt, "/title"},
        {mp, R"({"tags": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]})", 422,
         errc::validation_failed, std::nullopt, "/tags"},
        {mp, R"({"tags": ["x", "x"]})", 422, errc::validation_failed, std::nullopt, "/tags/1"},
        // 413: the limits of a small resource
        {jp, "[" + std::string(70'000, ' ') + "]", 413, errc::patch_too_large, std::nullopt,
         std::nullopt},
        {mp, "{" + std::string(70'000, ' ') + "}", 413, errc::patch_too_large, std::nullopt,
         std::nullopt},
    }));
    CAPTURE(r.content_type, r.body.substr(0, 200));
    const auto response = http::handle_patch(patch_of(r.body, r.content_type), hello, hello_tag,
                                             article_model<TestType>());
    const TestType problem = problem_of<TestType>(response, r.status);
    CHECK(problem.at("code") == jsonpatch::to_string(r.code));
    if (r.op_index) {
        CHECK(problem.at("op_index") == *r.op_index);
    } else {
        CHECK_FALSE(problem.contains("op_index")); // always so for a merge patch
    }
    if (r.path) {
        CHECK(problem.at("path") == *r.path);
    } else {
        CHECK_FALSE(problem.contains("path"));
    }
    CHECK_FALSE(problem.contains("from"));
}

TEMPLATE_TEST_CASE("handle_patch: 413 for every limit of a small resource, in either format",
                   "[http][handle_patch][limits]", nlohmann::json, nlohmann::ordered_json) {
    std::string many = "[";
    for (int i = 0; i < 101; ++i) {
        many += R"({"op": "test", "path": "/id", "value": "a1"},)";
    }
    many.back() = ']';
    const std::string deep_value = std::string(40, '[') + std::string(40, ']');
    std::string deep_merge = "{\"title\": 1";
    for (int i = 0; i < 40; ++i) {
        deep_merge = "{\"a\": " + deep_merge + "}";
    }
    const std::string very_deep = std::string(100'000, '[') + std::string(100'000, ']');
    const auto [content_type, body, code] =
        GENERATE_COPY(table<std::string_view, std::string, errc>({
            {http::json_patch_media_type, many, errc::too_many_operations},
            {http::json_patch_media_type,
             R"([{"op": "replace", "path": "/title", "value": )" + deep_value + "}]",
             errc::value_too_deep},
            {http::json_patch_media_type, very_deep, errc::patch_too_large},
            {http::merge_patch_media_type, deep_merge, errc::value_too_deep},
            {http::json_patch_media_type,
             "[" + std::string(30'000, '[') + std::string(30'000, ']') + "]", errc::value_too_deep},
        }));
    CAPTURE(content_type, body.size());
    const auto response = http::handle_patch(patch_of(body, content_type), hello, hello_tag,
                                             article_model<TestType>());
    const TestType problem = problem_of<TestType>(response, 413);
    CHECK(problem.at("code") == jsonpatch::to_string(code));
}

TEMPLATE_TEST_CASE("handle_patch: a per-call check's conflict is 409, and it sees the change",
                   "[http][handle_patch]", nlohmann::json, nlohmann::ordered_json) {
    const auto title_taken = [](const jsonpatch::change<article>& c) -> jsonpatch::status {
        if (c.after.title != c.before.title && c.after.title == "Taken") {
            return jsonpatch::make_error(errc::conflict, "/title",
                                         "another article has this title");
        }
        return {};
    };
    const auto body =
        GENERATE(as<std::pair<std::string_view, std::string_view>>{},
                 std::pair{http::json_patch_media_type,
                           R"([{"op": "replace", "path": "/title", "value": "Taken"}])"},
                 std::pair{http::merge_patch_media_type, R"({"title": "Taken"})"});
    CAPTURE(body.second);
    const auto response = http::handle_patch(patch_of(body.second, body.first), hello, hello_tag,
                                             article_model<TestType>(), title_taken);
    const TestType problem = problem_of<TestType>(response, 409);
    CHECK(problem.at("code") == "conflict");
    CHECK(problem.at("path") == "/title");
    CHECK(problem.at("detail").template get<std::string>().find("another article") !=
          std::string::npos);
    // Other titles pass the same check.
    const auto other =
        http::handle_patch(patch_of(R"({"title": "Free"})", http::merge_patch_media_type), hello,
                           hello_tag, article_model<TestType>(), title_taken);
    CHECK(other.status == 200);
}

TEMPLATE_TEST_CASE("handle_patch: a model that does not verify is 500, whatever the patch",
                   "[http][handle_patch]", nlohmann::json, nlohmann::ordered_json) {
    using namespace jsonpatch;
    // "/titel": a typo, whose rule would never run.
    const auto typo = basic_model<article, TestType>().member("/titel", may_replace, non_empty());
    const auto [content_type, body] = GENERATE(table<std::string_view, std::string_view>({
        {http::json_patch_media_type, "[]"},
        {http::json_patch_media_type, R"([{"op": "replace", "path": "/titel", "value": ""}])"},
        {http::merge_patch_media_type, "{}"},
        {http::merge_patch_media_type, R"({"titel": ""})"},
    }));
    CAPTURE(content_type, body);
    const auto response = http::handle_patch(patch_of(body, content_type), hello, hello_tag, typo);
    const TestType problem = problem_of<TestType>(response, 500);
    CHECK(problem.at("code") == "invalid_model");
    // The server's configuration stays out of the answer (the model's message names a rule).
    CHECK(response.body.find("titel") == std::string::npos);
}

TEMPLATE_TEST_CASE("handle_patch: a current entity tag that is not one is the server's 500",
                   "[http][handle_patch]", nlohmann::json, nlohmann::ordered_json) {
    const auto current = GENERATE(as<std::string_view>{}, "v1", "\"v1", "W/v1", " ");
    CAPTURE(current);
    for (const bool conditional : {true, false}) {
        http::patch_request request = patch_of("[]");
        request.if_match = conditional ? std::optional<std::string_view>(current) : absent;
        request.require_if_match = conditional;
        const auto response =
            http::handle_patch(request, hello, current, article_model<TestType>());
        const TestType problem = problem_of<TestType>(response, 500);
        CHECK_FALSE(problem.contains("code"));
    }
    // An empty tag is a representation without one: only If-Match: * can hold.
    http::patch_request request = patch_of("[]");
    request.if_match = "*";
    CHECK(http::handle_patch(request, hello, "", article_model<TestType>()).status == 200);
    request.if_match = "\"\"";
    CHECK(http::handle_patch(request, hello, "", article_model<TestType>()).status == 412);
    // A weak current tag is a tag, but If-Match compares strongly: never a match.
    request.if_match = "W/\"v1\"";
    CHECK(http::handle_patch(request, hello, "W/\"v1\"", article_model<TestType>()).status == 412);
}

TEST_CASE("handle_patch: problem bodies follow the model's JSON type", "[http][handle_patch]") {
    const auto body = R"([{"op": "replace", "path": "/id", "value": "b1"}])";
    // ordered_json keeps RFC 9457's members first, in the order they were written.
    const auto ordered = http::handle_patch(patch_of(body), hello, hello_tag,
                                            article_model<nlohmann::ordered_json>());
    CHECK(ordered.body.rfind(R"({"type":"about:blank","title":"Forbidden","status":403,)", 0) == 0);
    // nlohmann::json sorts them.
    const auto sorted =
        http::handle_patch(patch_of(body), hello, hello_tag, article_model<nlohmann::json>());
    CHECK(sorted.body.rfind(R"({"code":"operation_not_allowed","detail":)", 0) == 0);
}

TEST_CASE("handle_patch: a refused value never appears in the answer", "[http][handle_patch]") {
    // Problem details name members, never values: a client may have sent a secret by mistake.
    const std::string secret = "s3cr3t-" + std::string(200, 'x');
    for (const std::string& body :
         {R"([{"op": "replace", "path": "/title", "value": ")" + secret + "\"}]",
          R"([{"op": "replace", "path": "/id", "value": ")" + secret + "\"}]",
          R"([{"op": "test", "path": "/title", "value": ")" + secret + "\"}]"}) {
        const auto response =
            http::handle_patch(patch_of(body), hello, hello_tag, article_model<nlohmann::json>());
        CAPTURE(response.body);
        CHECK(response.status >= 400);
        CHECK(response.body.find("s3cr3t") == std::string::npos);
    }
}
