// SPDX-License-Identifier: MIT
// Tests of the RFC 9457 / RFC 5789 mapping of errors to HTTP responses.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/problem_details.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <string>

using jsonpatch::errc;
using json = nlohmann::json;

TEST_CASE("problem details: statuses follow RFC 5789 §2.2", "[problem_details]") {
    const auto [code, status] = GENERATE(table<errc, int>({
        {errc::pointer_invalid_escape, 400},
        {errc::invalid_json, 400},
        {errc::missing_value, 400},
        {errc::duplicate_member, 400},
        {errc::test_failed, 409},
        {errc::path_not_found, 409},
        {errc::array_index_out_of_range, 409},
        {errc::conflict, 409},
        {errc::rebase_conflict, 409},
        {errc::operation_not_allowed, 403},
        {errc::from_not_allowed, 403},
        {errc::resource_read_only, 403},
        {errc::validation_failed, 422},
        {errc::wrong_type, 422},
        {errc::missing_field, 422},
        {errc::invalid_date_time, 422},
        {errc::patch_too_large, 413},
        {errc::too_many_operations, 413},
        {errc::value_too_deep, 413},
    }));
    CHECK(jsonpatch::http_status_of(code) == status);
    jsonpatch::error e;
    e.code = code;
    CHECK(jsonpatch::to_problem_details(e).status == status);
}

TEST_CASE("problem details: the body carries the error's fields as extension members",
          "[problem_details]") {
    json doc = json::parse(R"({"a":1})");
    const auto outcome = jsonpatch::apply(doc, R"([{"op":"copy","from":"/x","path":"/b"}])");
    REQUIRE_FALSE(outcome);
    const auto problem = jsonpatch::to_problem_details(outcome.error());
    CHECK(problem.status == 409);
    const json& body = problem.body;
    CHECK(body["type"] == "about:blank");
    CHECK(body["title"] == "Conflict"); // about:blank: the status phrase (RFC 9457 §4.2.1)
    CHECK(body["status"] == 409);
    CHECK(body["code"] == "from_not_found");
    CHECK(body["op_index"] == 0);
    CHECK(body["path"] == "/b");
    CHECK(body["from"] == "/x");
    CHECK(body["detail"].get<std::string>().rfind("op 0 (path '/b', from '/x')", 0) == 0);
    CHECK(jsonpatch::problem_json_media_type == "application/problem+json");

    jsonpatch::error plain;
    plain.code = errc::invalid_json;
    plain.message = "bad \xFF text";
    const auto no_op = jsonpatch::to_problem_details(plain).body;
    // Members that are not set are left out, never null.
    CHECK_FALSE(no_op.contains("op_index"));
    CHECK_FALSE(no_op.contains("path"));
    CHECK_FALSE(no_op.contains("from"));
    CHECK_NOTHROW(no_op.dump()); // repaired to valid UTF-8
}

TEST_CASE("problem details: a service's own type base names each kind of error",
          "[problem_details]") {
    jsonpatch::error e;
    e.code = errc::operation_not_allowed;
    e.op_index = 2;
    e.path = "/id";
    const auto problem = jsonpatch::to_problem_details<nlohmann::ordered_json>(
        e, "https://api.example.com/problems/");
    CHECK(problem.body["type"] == "https://api.example.com/problems/operation_not_allowed");
    CHECK(problem.body["title"] == "Change not allowed");
    CHECK(problem.body.begin().key() == "type"); // ordered_json keeps RFC 9457's order
}

TEST_CASE("problem details: make_problem_details for a service's own answers",
          "[problem_details]") {
    const auto unsupported = jsonpatch::make_problem_details(
        415, "the content type must be application/json-patch+json");
    CHECK(unsupported.status == 415);
    CHECK(unsupported.body["title"] == "Unsupported Media Type");
    CHECK(unsupported.body["type"] == "about:blank");
    const auto custom = jsonpatch::make_problem_details(412, "stale", "urn:x:stale", "Stale tag");
    CHECK(custom.body["type"] == "urn:x:stale");
    CHECK(custom.body["title"] == "Stale tag");
    CHECK(jsonpatch::http_reason_phrase(428) == "Precondition Required");
}

TEST_CASE("regression #21: a move into a descendant and removing the root are 422, not 409",
          "[problem_details][regression]") {
    // No state of the resource can make these succeed, so 409 (retry after the resource changes)
    // would send a client in circles.
    CHECK(jsonpatch::http_status_of(errc::move_into_descendant) == 422);
    CHECK(jsonpatch::http_status_of(errc::root_not_removable) == 422);
    json doc = json::parse(R"({"a":{"b":1}})");
    const auto into_child = jsonpatch::apply(doc, R"([{"op":"move","from":"/a","path":"/a/b/c"}])");
    REQUIRE_FALSE(into_child);
    CHECK(jsonpatch::to_problem_details(into_child.error()).status == 422);
    const auto root = jsonpatch::apply(doc, R"([{"op":"remove","path":""}])");
    REQUIRE_FALSE(root);
    CHECK(jsonpatch::to_problem_details(root.error()).status == 422);
    // Their siblings in the band still depend on the resource's state: 409.
    CHECK(jsonpatch::http_status_of(errc::not_a_container) == 409);
    CHECK(jsonpatch::http_status_of(errc::invalid_array_index) == 409);
}
