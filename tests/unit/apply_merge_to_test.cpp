// SPDX-License-Identifier: MIT
// Tests of apply_merge_to: RFC 7396 merge patches on typed values, under a model, with errors in
// the client's terms.
#include <jsonpatch/apply_merge_to.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/problem_details.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

using jsonpatch::errc;
using json = nlohmann::json;

namespace store {

struct product {
    std::string sku;
    std::string title;
    double price = 0;
    std::vector<std::string> tags;
    std::map<std::string, std::string> attributes;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(product, sku, title, price, tags, attributes)

// The same product for any basic_json, so it can be patched as ordered_json.
struct label {
    std::string text;
    std::map<std::string, int> counts;
};
template <class J> void to_json(J& out, const label& l) {
    out = J::object();
    out["text"] = l.text;
    out["counts"] = J::object();
    for (const auto& [key, value] : l.counts) {
        out["counts"][key] = value;
    }
}
template <class J> void from_json(const J& in, label& l) {
    l.text = in.at("text").template get<std::string>();
    l.counts.clear();
    for (const auto& [key, value] : in.at("counts").items()) {
        l.counts[key] = value.template get<int>();
    }
}

} // namespace store

namespace {

using store::product;

product lamp() {
    return product{"L-1", "Desk lamp", 25.5, {"home", "light"}, {{"color", "black"}}};
}

jsonpatch::status not_too_cheap(const jsonpatch::change<product>& c) {
    if (c.after.price >= 1) {
        return {};
    }
    return jsonpatch::make_error(errc::validation_failed, "/price", "price must be at least 1");
}

const jsonpatch::model<product>& rules() {
    using namespace jsonpatch;
    static const auto model =
        jsonpatch::model<product>()
            .member("/title", may_replace, type_is({json_kind::string}), non_empty(),
                    max_length(40))
            .member("/price", may_replace)
            .member("/tags", may_replace, items_type_is({json_kind::string}), unique_items())
            .member("/attributes/*", may_replace, may_remove, non_empty())
            .read_only("/sku")
            .other_members_fixed()
            .check(not_too_cheap);
    return model;
}

// No RFC 6902 operation name and no "op N" in a message: the client sent a merge patch.
bool speaks_of_members(const jsonpatch::error& e) {
    static const std::regex operation_words(R"(\b(add|remove|replace|move|copy|test|op)\b)");
    return !std::regex_search(e.message, operation_words) &&
           !std::regex_search(jsonpatch::describe(e), operation_words);
}

jsonpatch::error merge_failure(std::string_view merge, errc code, const std::string& path) {
    const auto refused = jsonpatch::apply_merge_to(lamp(), merge, rules());
    INFO(merge);
    REQUIRE_FALSE(refused);
    INFO(jsonpatch::describe(refused.error()));
    CHECK(refused.error().code == code);
    CHECK(refused.error().path == path);
    CHECK_FALSE(refused.error().op_index.has_value());
    CHECK_FALSE(refused.error().from.has_value());
    CHECK(speaks_of_members(refused.error()));
    return refused.error();
}

} // namespace

TEST_CASE("apply_merge_to: a merge patch sets, merges and deletes members under the model",
          "[apply_merge_to]") {
    const auto patched = jsonpatch::apply_merge_to(
        lamp(), R"({"title": "Floor lamp", "tags": ["home"], "attributes": {"color": null,
                    "height": "1.5 m"}})",
        rules());
    REQUIRE(patched);
    CHECK(patched->title == "Floor lamp");
    CHECK(patched->tags == std::vector<std::string>{"home"});
    CHECK(patched->attributes == std::map<std::string, std::string>{{"height", "1.5 m"}});
    CHECK(patched->sku == "L-1");
    // A value of the model's JSON type, and every text form.
    const std::string text = R"({"price": 30})";
    CHECK(jsonpatch::apply_merge_to(lamp(), json::parse(text), rules())->price == 30);
    CHECK(jsonpatch::apply_merge_to(lamp(), text, rules())->price == 30);
    CHECK(jsonpatch::apply_merge_to(lamp(), std::string_view(text), rules())->price == 30);
    CHECK(jsonpatch::apply_merge_to(lamp(), text.c_str(), rules())->price == 30);
}

TEST_CASE("apply_merge_to: refusals name the member, never an operation",
          "[apply_merge_to][policy]") {
    auto e = merge_failure(R"({"sku": "L-2"})", errc::operation_not_allowed, "/sku");
    CHECK(e.message == "member may not be changed");
    CHECK(jsonpatch::to_problem_details(e).status == 403);
    CHECK_FALSE(jsonpatch::to_problem_details(e).body.contains("op_index"));
    e = merge_failure(R"({"title": null})", errc::operation_not_allowed, "/title");
    CHECK(e.message == "member may not be deleted");
    e = merge_failure(R"({"colour": "red"})", errc::operation_not_allowed, "/colour");
    CHECK(e.message == "member may not be created");
    e = merge_failure(R"({"tags": null, "price": 3})", errc::operation_not_allowed, "/tags");
    merge_failure(R"([1, 2])", errc::operation_not_allowed, "");
}

TEST_CASE("apply_merge_to: a read-only member under a grant is refused in the same words",
          "[apply_merge_to][policy]") {
    using namespace jsonpatch;
    static const auto granted = jsonpatch::model<product>()
                                    .member("/attributes", may_edit_items)
                                    .other_members_fixed();
    static const auto sealed = jsonpatch::model<product>(granted).read_only("/attributes");
    // The grant alone lets the change through: the refusals below are the read-only rule's.
    const auto allowed = apply_merge_to(lamp(), R"({"attributes": {"color": "red"}})", granted);
    REQUIRE(allowed);
    CHECK(allowed->attributes.at("color") == "red");

    const auto changed = apply_merge_to(lamp(), R"({"attributes": {"color": "red"}})", sealed);
    REQUIRE_FALSE(changed);
    CHECK(changed.error().code == errc::operation_not_allowed);
    CHECK(changed.error().path == "/attributes/color");
    CHECK(changed.error().message == "member may not be changed");
    const auto deleted = apply_merge_to(lamp(), R"({"attributes": {"color": null}})", sealed);
    REQUIRE_FALSE(deleted);
    CHECK(deleted.error().message == "member may not be deleted");
    const auto created = apply_merge_to(lamp(), R"({"attributes": {"size": "L"}})", sealed);
    REQUIRE_FALSE(created);
    CHECK(created.error().message == "member may not be created");
}

TEST_CASE("apply_merge_to: rules, conversion and checks report at the member",
          "[apply_merge_to][model]") {
    merge_failure(R"({"title": ""})", errc::validation_failed, "/title");
    merge_failure(R"({"tags": ["a", "a"]})", errc::validation_failed, "/tags/1");
    merge_failure(R"({"attributes": {"color": ""}})", errc::validation_failed, "/attributes/color");
    merge_failure(R"({"price": "cheap"})", errc::wrong_type, "/price");
    merge_failure(R"({"attributes": {"size": 3}})", errc::wrong_type, "/attributes/size");
    merge_failure(R"({"price": 0.5})", errc::validation_failed, "/price");
    // Per-call checks run last, like apply_to's.
    int calls = 0;
    const auto counted = [&calls](const jsonpatch::change<product>&) -> jsonpatch::status {
        ++calls;
        return {};
    };
    CHECK(jsonpatch::apply_merge_to(lamp(), R"({"price": 2})", rules(), counted));
    CHECK_FALSE(jsonpatch::apply_merge_to(lamp(), R"({"price": 0})", rules(), counted));
    CHECK(calls == 1);
}

TEST_CASE("apply_merge_to: text errors and limits, in the client's terms", "[apply_merge_to]") {
    const auto bad = jsonpatch::apply_merge_to(lamp(), "{\"title\": ", rules());
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == errc::invalid_json);
    CHECK(jsonpatch::apply_merge_to(lamp(), R"({"price": 1, "price": 2})", rules()).error().code ==
          errc::duplicate_member);
    auto few = rules();
    few.limits([] {
        jsonpatch::apply_limits l;
        l.max_operations = 1;
        return l;
    }());
    const auto many = jsonpatch::apply_merge_to(lamp(), R"({"price": 3, "title": "x"})", few);
    REQUIRE_FALSE(many);
    CHECK(many.error().code == errc::too_many_operations);
    CHECK_FALSE(many.error().op_index.has_value());
    CHECK(speaks_of_members(many.error()));
    auto tiny = rules();
    tiny.options().limits.max_added_nodes = 2;
    const auto large = jsonpatch::apply_merge_to(lamp(), R"({"tags": ["a", "b", "c"]})", tiny);
    REQUIRE_FALSE(large);
    CHECK(large.error().code == errc::value_too_large);
    CHECK(large.error().path == "/tags");
    CHECK(speaks_of_members(large.error()));
}

TEST_CASE("apply_merge_to: a model that does not verify refuses every merge patch",
          "[apply_merge_to][verify]") {
    const auto typo = jsonpatch::model<product>().member("/titel", jsonpatch::may_replace);
    for (const char* merge : {"{}", R"({"title": "x"})", "{"}) {
        const auto refused = jsonpatch::apply_merge_to(lamp(), merge, typo);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == errc::invalid_model);
        CHECK(jsonpatch::to_problem_details(refused.error()).status == 500);
    }
}

TEST_CASE("apply_merge_to_outcome: tells a change from a no-op", "[apply_merge_to][outcome]") {
    const auto empty = jsonpatch::apply_merge_to_outcome(lamp(), "{}", rules());
    REQUIRE(empty);
    CHECK_FALSE(empty->changed);
    const auto same = jsonpatch::apply_merge_to_outcome(
        lamp(), R"({"title": "Desk lamp", "attributes": {"color": "black", "x": null}})", rules());
    REQUIRE(same);
    CHECK_FALSE(same->changed);
    const auto renamed = jsonpatch::apply_merge_to_outcome(lamp(), R"({"title": "Lamp"})", rules());
    REQUIRE(renamed);
    CHECK(renamed->changed);
    CHECK(renamed->value.title == "Lamp");
    // 25.5 written back as 25.50: the same number, the same JSON form.
    const auto rewritten =
        jsonpatch::apply_merge_to_outcome(lamp(), R"({"price": 25.50})", rules());
    REQUIRE(rewritten);
    CHECK_FALSE(rewritten->changed);
}

TEST_CASE("apply_merge_to: ordered_json models keep member order", "[apply_merge_to][ordered]") {
    using namespace jsonpatch;
    const auto ordered_rules = basic_model<store::label, nlohmann::ordered_json>()
                                   .member("/text", may_replace, non_empty())
                                   .member("/counts/*", may_replace, may_remove);
    const store::label current{"Ada", {{"z", 1}, {"a", 2}}};
    const auto patched =
        apply_merge_to(current, nlohmann::ordered_json::parse(R"({"counts": {"m": 3, "z": null}})"),
                       ordered_rules);
    REQUIRE(patched);
    CHECK(patched->counts == std::map<std::string, int>{{"a", 2}, {"m", 3}});
    const auto refused = apply_merge_to(current, R"({"text": ""})", ordered_rules);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().path == "/text");
}
