// SPDX-License-Identifier: MIT
// The tests a user writes for a typed model with <jsonpatch/testing.hpp>: what a client may do,
// what it may not, and what the server refuses to store.
#include <jsonpatch/apply_merge_to.hpp>
#include <jsonpatch/testing.hpp>

#include <catch2/catch_test_macros.hpp>

#include "user_profile.hpp"

using jsonpatch::errc;
using profiles::profile_model;
using profiles::user_profile;
namespace jt = jsonpatch::testing;

namespace {
user_profile ada() {
    return {"u-1", "Ada", "en", {{"home", "London"}}, {"maths", "engines"}, 7};
}
} // namespace

TEST_CASE("profile: a client renames itself and edits its interests", "[example][model]") {
    user_profile expected = ada();
    expected.display_name = "Ada L.";
    expected.interests = {"maths", "engines", "poetry"};
    CHECK(jt::patches_to(ada(),
                         R"([{"op":"replace","path":"/display_name","value":"Ada L."},
                             {"op":"add","path":"/interests/-","value":"poetry"}])",
                         profile_model(), expected));
}

TEST_CASE("profile: the city of any address may change, its label may not", "[example][model]") {
    user_profile expected = ada();
    expected.addresses[0].city = "Paris";
    CHECK(jt::patches_to(ada(), R"([{"op":"replace","path":"/addresses/0/city","value":"Paris"}])",
                         profile_model(), expected));
    CHECK(jt::refuses(ada(), R"([{"op":"replace","path":"/addresses/0/label","value":"work"}])",
                      profile_model(), errc::operation_not_allowed, 0, "/addresses/0/label"));
}

TEST_CASE("profile: the server's members are out of reach", "[example][model]") {
    CHECK(jt::refuses(ada(), R"([{"op":"replace","path":"/version","value":8}])", profile_model(),
                      errc::operation_not_allowed, 0, "/version"));
    CHECK(jt::refuses(ada(), R"([{"op":"move","from":"/id","path":"/display_name"}])",
                      profile_model(), errc::from_not_allowed, 0, "/display_name"));
}

TEST_CASE("profile: values are checked where they land", "[example][model]") {
    CHECK(jt::refuses(ada(), R"([{"op":"replace","path":"/language","value":"xx"}])",
                      profile_model(), errc::validation_failed, std::nullopt, "/language"));
    CHECK(jt::refuses(ada(), R"([{"op":"add","path":"/interests/-","value":"maths"}])",
                      profile_model(), errc::validation_failed, std::nullopt, "/interests/2"));
    CHECK(jt::refuses(ada(), R"([{"op":"replace","path":"/display_name","value":7}])",
                      profile_model(), errc::validation_failed, std::nullopt, "/display_name"));
}

TEST_CASE("profile: a Japanese profile keeps an address", "[example][model]") {
    user_profile nowhere = ada();
    nowhere.addresses.clear();
    CHECK(jt::refuses(nowhere, R"([{"op":"replace","path":"/language","value":"ja"}])",
                      profile_model(), errc::validation_failed, std::nullopt, "/addresses"));
}

TEST_CASE("profile: every rule names a member of the profile", "[example][model]") {
    CHECK(profile_model().verify());
    CHECK(profile_model().verify(ada()));
}

TEST_CASE("profile: a patch that changes nothing says so", "[example][model]") {
    const auto same = jsonpatch::apply_to_outcome(
        ada(), R"([{"op":"replace","path":"/language","value":"en"}])", profile_model());
    REQUIRE(same);
    CHECK_FALSE(same->changed);
    const auto moved = jsonpatch::apply_merge_to_outcome(ada(), R"({"language": "fr"})",
                                                         profile_model());
    REQUIRE(moved);
    CHECK(moved->changed);
    CHECK(moved->value.language == "fr");
}
