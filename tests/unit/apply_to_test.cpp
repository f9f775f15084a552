// SPDX-License-Identifier: MIT
// Tests of apply_to and basic_model: a user's own structs patched under declared rules.
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

using jsonpatch::errc;
using jsonpatch::json_kind;
using json = nlohmann::json;

namespace shop {

struct address {
    std::string city;
    std::string country;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(address, city, country)

struct customer {
    std::string id;
    std::string name;
    int age = 0;
    std::vector<address> addresses;
    std::vector<std::string> tags;
    std::string tier = "basic";
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(customer, id, name, age, addresses, tags, tier)

// A type converting to and from any basic_json, member order kept (a vector of pairs).
struct label {
    std::string text;
    std::vector<std::pair<std::string, std::string>> attributes;
};
template <class J> void to_json(J& out, const label& l) {
    out = J::object();
    out["text"] = l.text;
    out["attributes"] = J::object();
    for (const auto& [key, value] : l.attributes) {
        out["attributes"][key] = value;
    }
}
template <class J> void from_json(const J& in, label& l) {
    l.text = in.at("text").template get<std::string>();
    l.attributes.clear();
    for (const auto& [key, value] : in.at("attributes").items()) {
        l.attributes.emplace_back(key, value.template get<std::string>());
    }
}

} // namespace shop

namespace {

using shop::customer;

customer sample() {
    return customer{"c-1", "Ada", 36, {{"London", "UK"}, {"Paris", "FR"}}, {"vip"}, "gold"};
}

jsonpatch::status adult(const jsonpatch::change<customer>& c) {
    if (c.after.age >= 18) {
        return {};
    }
    jsonpatch::error e;
    e.code = errc::validation_failed;
    e.path = "/age";
    e.message = "a customer is an adult";
    return e;
}

const jsonpatch::model<customer>& rules() {
    static const auto model =
        jsonpatch::model<customer>()
            .member("/name", jsonpatch::may_replace, jsonpatch::type_is({json_kind::string}),
                    jsonpatch::non_empty(), jsonpatch::max_length(20))
            .member("/age", jsonpatch::may_replace)
            .member("/addresses/*/city", jsonpatch::may_replace, jsonpatch::non_empty())
            .member("/tags", jsonpatch::may_replace, jsonpatch::may_edit_items,
                    jsonpatch::unique_items(), jsonpatch::max_items(3))
            .member("/tier", jsonpatch::may_replace, jsonpatch::one_of({"basic", "gold"}))
            .read_only("/id")
            .other_members_fixed()
            .check(adult);
    return model;
}

json json_of(const customer& c) {
    return c;
}

} // namespace

TEST_CASE("apply_to: a valid patch returns the new value and leaves the current one alone",
          "[apply_to]") {
    const customer current = sample();
    const auto patched = jsonpatch::apply_to(current, json::parse(R"([
        {"op":"replace","path":"/addresses/1/city","value":"Lyon"},
        {"op":"add","path":"/tags/-","value":"new"},
        {"op":"replace","path":"/age","value":37}])"),
                                             rules());
    REQUIRE(patched);
    CHECK(patched->addresses[1].city == "Lyon");
    CHECK(patched->tags == std::vector<std::string>{"vip", "new"});
    CHECK(patched->age == 37);
    CHECK(json_of(current) == json_of(sample()));
    // Text and parsed patches too.
    CHECK(jsonpatch::apply_to(current, R"([{"op":"replace","path":"/name","value":"Grace"}])",
                              rules())
              ->name == "Grace");
    const auto parsed = jsonpatch::parse_patch(R"([{"op":"remove","path":"/tags/0"}])");
    CHECK(jsonpatch::apply_to(current, *parsed, rules())->tags.empty());
}

TEST_CASE("apply_to: a write outside the rules names the operation and its path", "[apply_to]") {
    const customer current = sample();
    const auto refused = jsonpatch::apply_to(current, json::parse(R"([
        {"op":"replace","path":"/age","value":40},
        {"op":"replace","path":"/addresses/0/country","value":"DE"}])"),
                                             rules());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == errc::operation_not_allowed);
    CHECK(refused.error().op_index == 1u);
    CHECK(refused.error().path == "/addresses/0/country");
    CHECK(jsonpatch::to_problem_details(refused.error()).status == 403);
    CHECK(jsonpatch::testing::refuses(current, R"([{"op":"remove","path":"/id"}])", rules(),
                                      errc::operation_not_allowed, 0, "/id"));
    CHECK(json_of(current) == json_of(sample()));
}

TEST_CASE("apply_to: a member of the wrong type fails with that member's path, never throws",
          "[apply_to][conversion]") {
    const customer current = sample();
    const auto wrong =
        jsonpatch::apply_to(current, R"([{"op":"replace","path":"/age","value":"old"}])", rules());
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == errc::wrong_type);
    CHECK(wrong.error().path == "/age");
    CHECK_FALSE(wrong.error().op_index.has_value());
    CHECK(jsonpatch::to_problem_details(wrong.error()).status == 422);
    // Nested: an element's member of the wrong type.
    jsonpatch::policy anything = jsonpatch::policy::allow_all();
    jsonpatch::apply_options open;
    open.policy = &anything;
    CHECK(jsonpatch::testing::refuses(
        current, R"([{"op":"replace","path":"/addresses/1","value":{"city":5,"country":"FR"}}])",
        open, errc::wrong_type, std::nullopt, "/addresses/1/city"));
    // A member the struct needs, removed: missing_field at its path.
    CHECK(jsonpatch::testing::refuses(current, R"([{"op":"remove","path":"/tier"}])", open,
                                      errc::missing_field, std::nullopt, "/tier"));
    // An element of the wrong type in an array of strings.
    CHECK(jsonpatch::testing::refuses(current, R"([{"op":"add","path":"/tags/-","value":[1]}])",
                                      open, errc::wrong_type, std::nullopt, "/tags/1"));
    CHECK(json_of(current) == json_of(sample()));
}

TEST_CASE("apply_to: member rules and typed checks run in the same transaction",
          "[apply_to][model]") {
    const customer current = sample();
    CHECK(jsonpatch::testing::refuses(
        current, R"([{"op":"replace","path":"/addresses/0/city","value":""}])", rules(),
        errc::validation_failed, std::nullopt, "/addresses/0/city"));
    CHECK(jsonpatch::testing::refuses(current, R"([{"op":"add","path":"/tags/-","value":"vip"}])",
                                      rules(), errc::validation_failed, std::nullopt, "/tags/1"));
    CHECK(jsonpatch::testing::refuses(current,
                                      R"([{"op":"replace","path":"/tier","value":"platinum"}])",
                                      rules(), errc::validation_failed, std::nullopt, "/tier"));
    CHECK(jsonpatch::testing::refuses(current, R"([{"op":"replace","path":"/age","value":12}])",
                                      rules(), errc::validation_failed, std::nullopt, "/age"));
    customer expected = sample();
    expected.name = "Ada L.";
    CHECK(jsonpatch::testing::patches_to(
        current, R"([{"op":"replace","path":"/name","value":"Ada L."}])", rules(), expected));
}

TEST_CASE("apply_to: per-call checks see the change and run last, once the rest passed",
          "[apply_to][model]") {
    const customer current = sample();
    int calls = 0;
    const auto name_free = [&calls](const jsonpatch::change<customer>& c) -> jsonpatch::status {
        ++calls;
        if (c.after.name != "Taken" || c.before.name == c.after.name) {
            return {};
        }
        jsonpatch::error e;
        e.code = errc::conflict;
        e.path = "/name";
        e.message = "name taken";
        return e;
    };
    const auto taken = jsonpatch::apply_to(
        current, R"([{"op":"replace","path":"/name","value":"Taken"}])", rules(), name_free);
    REQUIRE_FALSE(taken);
    CHECK(taken.error().code == errc::conflict);
    CHECK(jsonpatch::to_problem_details(taken.error()).status == 409);
    CHECK(calls == 1);
    // A rule that fails first means the caller's check never runs.
    CHECK_FALSE(jsonpatch::apply_to(current, R"([{"op":"replace","path":"/name","value":""}])",
                                    rules(), name_free));
    CHECK(calls == 1);
    CHECK(jsonpatch::apply_to(current, R"([{"op":"replace","path":"/name","value":"Free"}])",
                              rules(), name_free));
    CHECK(calls == 2);
}

TEST_CASE("model: other_members_fixed holds every member no grant writes", "[model]") {
    const json before = json_of(sample());
    json after = before;
    after["name"] = "changed"; // granted
    CHECK(rules().check_other_members(before, after));
    after["id"] = "c-2";
    auto refused = rules().check_other_members(before, after);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().path == "/id");
    after = before;
    after["extra"] = 1;
    refused = rules().check_other_members(before, after);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().path == "/extra");
    // A grant at the root or on "*" frees every member.
    auto wide = jsonpatch::model<customer>();
    wide.member("/*", jsonpatch::may_replace).other_members_fixed();
    CHECK(wide.check_other_members(before, after));
    CHECK(jsonpatch::apply_to(sample(), R"([{"op":"replace","path":"/tier","value":"x"}])", wide)
              ->tier == "x");
}

TEST_CASE("apply_to: models work on ordered_json documents too", "[apply_to][model][ordered]") {
    // NLOHMANN_DEFINE_TYPE_* of nlohmann 3.11.2 converts to nlohmann::json only; a type with
    // conversions for any basic_json is patched as ordered_json, keeping member order.
    const shop::label current{"Ada", {{"z", "1"}, {"a", "2"}}};
    const auto ordered_rules = jsonpatch::basic_model<shop::label, nlohmann::ordered_json>()
                                   .member("/text", jsonpatch::may_replace, jsonpatch::non_empty())
                                   .member("/attributes", jsonpatch::may_edit_items);
    const auto patched = jsonpatch::apply_to(
        current, nlohmann::ordered_json::parse(R"([{"op":"replace","path":"/text","value":"Bo"},
                                          {"op":"add","path":"/attributes/m","value":"3"}])"),
        ordered_rules);
    REQUIRE(patched);
    CHECK(patched->text == "Bo");
    CHECK(nlohmann::ordered_json(*patched).dump() ==
          R"({"text":"Bo","attributes":{"z":"1","a":"2","m":"3"}})");
    CHECK_FALSE(jsonpatch::apply_to(current, R"([{"op":"replace","path":"/text","value":""}])",
                                    ordered_rules));
    jsonpatch::ordered_apply_options options;
    CHECK(jsonpatch::apply_to(current, R"([{"op":"remove","path":"/attributes/z"}])", options)
              ->attributes.size() == 1);
}

namespace shop {

// A map member, and an array that may start empty.
struct catalog_entry {
    std::string sku;
    std::map<std::string, int> stock;
    std::vector<std::string> tags;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(catalog_entry, sku, stock, tags)

} // namespace shop

TEST_CASE("regression #22: a conversion error names the member, never the root or the array, "
          "and carries no library text",
          "[apply_to][conversion][regression]") {
    const auto open = jsonpatch::model<shop::catalog_entry>()
                          .member("/stock", jsonpatch::may_edit_items)
                          .member("/tags", jsonpatch::may_edit_items);
    const auto where = [&open](const shop::catalog_entry& current, const char* patch) {
        const auto refused = jsonpatch::apply_to(current, patch, open);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == errc::wrong_type);
        const auto problem = jsonpatch::to_problem_details(refused.error());
        CHECK(problem.status == 422);
        const std::string body = problem.body.dump();
        CHECK(body.find("json.exception") == std::string::npos);
        CHECK(body.find("type_error") == std::string::npos);
        CHECK(refused.error().message.find("json.exception") == std::string::npos);
        return refused.error().path.value_or("<none>");
    };
    const shop::catalog_entry stocked{"s-1", {{"a", 1}}, {"x"}};
    const shop::catalog_entry empty{"s-2", {}, {}};
    // A bad map value, next to good ones or alone.
    CHECK(where(stocked, R"([{"op":"add","path":"/stock/k","value":"many"}])") == "/stock/k");
    CHECK(where(empty, R"([{"op":"add","path":"/stock/k","value":"many"}])") == "/stock/k");
    CHECK(where(stocked, R"([{"op":"replace","path":"/stock/a","value":[1]}])") == "/stock/a");
    // An element added to an array that held none, or next to others.
    CHECK(where(empty, R"([{"op":"add","path":"/tags/-","value":5}])") == "/tags/0");
    CHECK(where(stocked, R"([{"op":"add","path":"/tags/0","value":{}}])") == "/tags/0");
    // The message says what was expected, in our words.
    const auto refused =
        jsonpatch::apply_to(stocked, R"([{"op":"add","path":"/stock/k","value":"many"}])", open);
    CHECK(refused.error().message == "does not convert to the resource's type: must be a number, "
                                     "not a string");
}

TEST_CASE("apply_to_outcome: changed says whether the value's JSON form changed",
          "[apply_to][outcome]") {
    const customer current = sample();
    const auto changed = [&current](const char* patch) {
        const auto outcome = jsonpatch::apply_to_outcome(current, patch, rules());
        INFO(patch << (outcome ? "" : " -> " + jsonpatch::describe(outcome.error())));
        REQUIRE(outcome);
        CHECK(json_of(outcome->value) == json_of(jsonpatch::apply_to(current, patch, rules()).value()));
        return outcome->changed;
    };
    CHECK_FALSE(changed("[]"));
    CHECK_FALSE(changed(R"([{"op":"test","path":"/name","value":"Ada"}])"));
    CHECK_FALSE(changed(R"([{"op":"replace","path":"/name","value":"Ada"}])"));
    CHECK_FALSE(changed(R"([{"op":"add","path":"/tags/-","value":"x"},
                            {"op":"remove","path":"/tags/1"}])"));
    // 36.0 over 36: the document differs, the value read back (an int) does not.
    CHECK_FALSE(changed(R"([{"op":"replace","path":"/age","value":36.0}])"));
    CHECK(changed(R"([{"op":"replace","path":"/age","value":37}])"));
    CHECK(changed(R"([{"op":"move","from":"/tags/0","path":"/tags/-"},
                      {"op":"add","path":"/tags/0","value":"new"}])"));
    // Errors are those of apply_to.
    const auto refused = jsonpatch::apply_to_outcome(
        current, R"([{"op":"replace","path":"/id","value":"c-9"}])", rules());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == errc::operation_not_allowed);
}
