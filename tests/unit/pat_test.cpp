// SPDX-License-Identifier: MIT
#include <jsonpatch/pat.hpp>

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <string_view>

TEST_CASE("pat: the umbrella header offers the token flow end to end", "[pat][umbrella]") {
    const auto token = jsonpatch::pat::parse_token(nlohmann::json::parse(R"({
        "id": "t-1", "name": "ci", "scope": null, "created": "2018-06-25T20:22:28.104Z",
        "owner": {"type": "IDENTITY", "id": "42", "name": "ada"}})"));
    REQUIRE(token);
    const auto free_name = [](const jsonpatch::pat::token_owner&, std::string_view, std::string_view) {
        return false;
    };
    const auto renamed = jsonpatch::pat::apply_patch(
        *token, R"([{"op":"replace","path":"/name","value":"nightly"}])", free_name);
    REQUIRE(renamed);
    CHECK(jsonpatch::pat::to_json(*renamed)["name"] == "nightly");

    const auto refused = jsonpatch::pat::apply_patch(
        *token, R"([{"op":"replace","path":"/created","value":"2019-01-01T00:00:00.000Z"}])", free_name);
    REQUIRE_FALSE(refused);
    const jsonpatch::http_error http = jsonpatch::to_http_error(refused.error(), "trk");
    CHECK(http.status == 400);
    CHECK(http.body["detailCode"] == std::string(jsonpatch::bad_request_detail_code));
    CHECK(http.body["messages"][0]["text"].get<std::string>().rfind("op 0, path '/created'", 0) == 0);
    CHECK(jsonpatch::pat::is_date_time(token->created));
}
