// SPDX-License-Identifier: MIT
// Tests of apply_with_inverse: exact undo, test guards, failures as in apply, random patches.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <deep_values.hpp>
#include <json_types.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using json = nlohmann::json;

struct rng {
    std::mt19937_64 engine;
    explicit rng(std::uint64_t seed) : engine(seed) {}
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(engine() % n); }
    bool chance(std::size_t percent) { return below(100) < percent; }
};

// Mostly plain names, sometimes names that read like array tokens ("-1", "0", "-"), which must
// stay member names wherever the value is an object.
std::string member_name(rng& r) {
    static const std::vector<std::string> tricky{"-1", "-2", "0", "1", "-"};
    return r.chance(20) ? tricky[r.below(tricky.size())]
                        : std::string(1, static_cast<char>('m' + r.below(5)));
}

template <class J = json>
J random_value(rng& r, std::size_t depth) {
    if (depth == 0 || r.chance(45)) {
        switch (r.below(5)) {
        case 0:
            return nullptr;
        case 1:
            return r.chance(50);
        case 2:
            return static_cast<std::int64_t>(r.below(9)) - 4;
        case 3:
            return 0.5 + static_cast<double>(r.below(4));
        default:
            return std::string(1, static_cast<char>('a' + r.below(5)));
        }
    }
    const std::size_t width = r.below(5);
    J out = r.chance(50) ? J::array() : J::object();
    for (std::size_t i = 0; i < width; ++i) {
        if (out.is_array()) {
            out.push_back(random_value<J>(r, depth - 1));
        } else {
            out[member_name(r)] = random_value<J>(r, depth - 1);
        }
    }
    return out;
}

template <class J>
struct located {
    std::string path;
    const J* value;
};

template <class J>
std::vector<located<J>> locations(const J& doc) {
    std::vector<located<J>> out;
    std::vector<located<J>> pending{{"", &doc}};
    while (!pending.empty()) {
        const located<J> here = pending.back();
        pending.pop_back();
        out.push_back(here);
        if (here.value->is_object()) {
            for (const auto& [key, value] : here.value->items()) {
                pending.push_back({here.path + "/" + jsonpatch::pointer::escape(key), &value});
            }
        } else if (here.value->is_array()) {
            for (std::size_t i = 0; i < here.value->size(); ++i) {
                pending.push_back({here.path + "/" + std::to_string(i), &(*here.value)[i]});
            }
        }
    }
    return out;
}

// A location where something can be added: a new or existing member, or an array position.
template <class J>
std::string add_target(rng& r, const std::vector<located<J>>& where, bool negative) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        const located<J>& parent = where[r.below(where.size())];
        if (parent.value->is_object()) {
            return parent.path + "/" + jsonpatch::pointer::escape(member_name(r));
        }
        if (parent.value->is_array()) {
            const std::size_t size = parent.value->size();
            if (negative && size > 0 && r.chance(30)) {
                return parent.path + "/-" + std::to_string(1 + r.below(size));
            }
            return parent.path + "/" +
                   (r.chance(20) ? std::string("-") : std::to_string(r.below(size + 1)));
        }
    }
    return "";
}

// `path` (an existing location) with its last index sometimes counted from the end, as
// allow_negative_array_index reads "-N".
template <class J>
std::string maybe_from_end(rng& r, const J& doc, const std::string& path, bool negative) {
    if (!negative || path.empty() || !r.chance(40)) {
        return path;
    }
    const jsonpatch::pointer p = jsonpatch::pointer::parse(path).value();
    const J* parent = jsonpatch::find(doc, p.parent());
    if (parent == nullptr || !parent->is_array()) {
        return path;
    }
    const std::size_t index = p.array_index(p.size() - 1).value;
    return std::string(p.prefix_text(p.size() - 1)) + "/-" + std::to_string(parent->size() - index);
}

// One random operation; it may be invalid (the caller keeps only those that apply).
template <class J>
J random_operation(rng& r, const J& doc, bool negative) {
    const auto where = locations(doc);
    const located<J>& some = where[r.below(where.size())];
    const std::string written = maybe_from_end(r, doc, some.path, negative);
    switch (r.below(6)) {
    case 0:
        return {
            {"op", "add"}, {"path", add_target(r, where, negative)}, {"value", random_value<J>(r, 2)}};
    case 1:
        return {{"op", "remove"}, {"path", written}};
    case 2:
        return {{"op", "replace"}, {"path", written}, {"value", random_value<J>(r, 2)}};
    case 3: {
        // Sometimes onto an ancestor of the source (the root included): the source's parent is
        // then replaced by what it held, the pattern of regression #17.
        std::string target = add_target(r, where, negative);
        if (r.chance(25) && !some.path.empty()) {
            const jsonpatch::pointer from = jsonpatch::pointer::parse(some.path).value();
            target = from.prefix_text(r.below(from.size()));
        }
        return {{"op", "move"}, {"from", written}, {"path", target}};
    }
    case 4:
        return {{"op", "copy"}, {"from", some.path}, {"path", add_target(r, where, negative)}};
    default:
        return {{"op", "test"}, {"path", some.path}, {"value", *some.value}};
    }
}

// Applies with the inverse, checks the result against plain apply, then applies the inverse with
// default options and checks the original comes back exactly.
template <class J>
void require_inverse_restores(const J& original, const J& patch_document,
                              const jsonpatch::basic_apply_options<J>& options = {}) {
    J expected = original;
    REQUIRE(jsonpatch::apply(expected, patch_document, options));
    J doc = original;
    const auto inverse = jsonpatch::apply_with_inverse(doc, patch_document, options);
    INFO("doc = " << original.dump() << "\npatch = " << patch_document.dump());
    REQUIRE(inverse);
    INFO("inverse = " << inverse->to_json().dump());
    REQUIRE(doc.dump() == expected.dump());
    const auto undone = jsonpatch::apply(doc, *inverse);
    INFO((undone ? "" : jsonpatch::describe(undone.error())));
    REQUIRE(undone);
    REQUIRE(doc.dump() == original.dump());
}

} // namespace

TEST_CASE("inverse: each operation kind is undone exactly", "[inverse]") {
    const json doc = json::parse(R"({"a":[1,2,3],"b":{"c":"d"},"e":null})");
    const char* patches[] = {
        R"([{"op":"add","path":"/a/1","value":9}])",
        R"([{"op":"add","path":"/a/-","value":[9]}])",
        R"([{"op":"add","path":"/b/c","value":"over"}])",
        R"([{"op":"add","path":"/f","value":{"g":1}}])",
        R"([{"op":"add","path":"","value":[1]}])",
        R"([{"op":"remove","path":"/a/0"}])",
        R"([{"op":"remove","path":"/b"}])",
        R"([{"op":"replace","path":"/e","value":false}])",
        R"([{"op":"replace","path":"","value":"root"}])",
        R"([{"op":"move","from":"/a/0","path":"/a/2"}])",
        R"([{"op":"move","from":"/b/c","path":"/a/0"}])",
        R"([{"op":"move","from":"/a","path":"/b/c"}])",
        R"([{"op":"move","from":"/b","path":""}])",
        R"([{"op":"move","from":"/a","path":"/a"}])",
        R"([{"op":"copy","from":"/b","path":"/a/-"}])",
        R"([{"op":"test","path":"/a/0","value":1}])",
    };
    for (const char* p : patches) {
        require_inverse_restores(doc, json::parse(p));
    }
}

TEST_CASE("inverse: several steps on one array get the right indices", "[inverse][array]") {
    require_inverse_restores(json::parse(R"({"a":[0,1,2,3]})"),
                             json::parse(R"([{"op":"add","path":"/a/0","value":"x"},
                                             {"op":"add","path":"/a/0","value":"y"},
                                             {"op":"remove","path":"/a/3"},
                                             {"op":"move","from":"/a/0","path":"/a/-"},
                                             {"op":"replace","path":"/a/1","value":"z"},
                                             {"op":"copy","from":"/a/2","path":"/a/1"},
                                             {"op":"remove","path":"/a/0"}])"));
}

TEST_CASE("inverse: every location it writes is guarded by a test", "[inverse][test]") {
    json doc = json::parse(R"({"a":1,"b":[1,2]})");
    const auto inverse = jsonpatch::apply_with_inverse(
        doc,
        json::parse(
            R"([{"op":"replace","path":"/a","value":2},{"op":"add","path":"/b/0","value":0}])"));
    REQUIRE(inverse);
    CHECK(inverse->to_json() == json::parse(R"([
        {"op":"test","path":"/b/0","value":0},{"op":"remove","path":"/b/0"},
        {"op":"test","path":"/a","value":2},{"op":"replace","path":"/a","value":1}])"));
}

TEST_CASE("inverse: refuses a document that changed since", "[inverse][test]") {
    const json original = json::parse(R"({"a":1,"b":[1,2]})");
    json doc = original;
    const auto inverse = jsonpatch::apply_with_inverse(
        doc,
        json::parse(
            R"([{"op":"replace","path":"/a","value":2},{"op":"add","path":"/b/-","value":3}])"));
    REQUIRE(inverse);
    doc["a"] = 5; // someone else wrote /a after the patch
    const std::string before = doc.dump();
    const auto undone = jsonpatch::apply(doc, *inverse);
    REQUIRE_FALSE(undone);
    CHECK(undone.error().code == jsonpatch::errc::test_failed);
    CHECK(undone.error().op_index == 2u);
    CHECK(undone.error().path == "/a");
    CHECK(doc.dump() == before);
}

TEST_CASE("inverse: a failing operation fails as apply does and changes nothing",
          "[inverse][failure]") {
    const json original = json::parse(R"({"a":[1]})");
    json doc = original;
    const auto outcome = jsonpatch::apply_with_inverse(
        doc,
        json::parse(R"([{"op":"add","path":"/a/0","value":0},{"op":"remove","path":"/a/5"}])"));
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::array_index_out_of_range);
    CHECK(outcome.error().op_index == 1u);
    CHECK(outcome.error().path == "/a/5");
    CHECK(doc.dump() == original.dump());

    const auto shape =
        jsonpatch::apply_with_inverse(doc, json::parse(R"([{"op":"add","value":1}])"));
    REQUIRE_FALSE(shape);
    CHECK(shape.error().code == jsonpatch::errc::missing_path);
    CHECK(shape.error().op_index == 0u);
    CHECK(doc.dump() == original.dump());
}

TEST_CASE("inverse: policy, limits and validators behave as in apply", "[inverse][policy]") {
    const json original = json::parse(R"({"name":"n","id":"x"})");
    json doc = original;
    jsonpatch::policy rules;
    rules.allow({jsonpatch::op_kind::replace}, "/name");
    jsonpatch::apply_options options;
    options.policy = &rules;
    auto outcome = jsonpatch::apply_with_inverse(
        doc,
        json::parse(
            R"([{"op":"replace","path":"/name","value":"m"},{"op":"remove","path":"/id"}])"),
        options);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::operation_not_allowed);
    CHECK(outcome.error().op_index == 1u);
    CHECK(outcome.error().path == "/id");
    CHECK(doc.dump() == original.dump());

    jsonpatch::apply_options limited;
    limited.limits.max_operations = 1;
    outcome = jsonpatch::apply_with_inverse(
        doc, json::parse(R"([{"op":"remove","path":"/id"},{"op":"remove","path":"/name"}])"),
        limited);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::too_many_operations);
    CHECK(doc.dump() == original.dump());

    jsonpatch::apply_options validated;
    validated.validators.push_back([](const json& patched) -> jsonpatch::status {
        if (patched.contains("id")) {
            return {};
        }
        jsonpatch::error e;
        e.code = jsonpatch::errc::validation_failed;
        e.path = "/id";
        return e;
    });
    outcome = jsonpatch::apply_with_inverse(
        doc,
        json::parse(
            R"([{"op":"replace","path":"/name","value":"m"},{"op":"remove","path":"/id"}])"),
        validated);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == jsonpatch::errc::validation_failed);
    CHECK(outcome.error().path == "/id");
    CHECK(doc.dump() == original.dump());
}

TEST_CASE("inverse: leniencies give an inverse that needs none", "[inverse][options]") {
    jsonpatch::apply_options options;
    options.allow_negative_array_index = true;
    options.create_missing_parents = true;
    options.allow_missing_remove_target = true;
    require_inverse_restores(json::parse(R"({"a":[[1,2],[3,4]]})"),
                             json::parse(R"([{"op":"add","path":"/a/-1/-1","value":9},
                                             {"op":"remove","path":"/a/-2/-1"},
                                             {"op":"replace","path":"/a/-1/0","value":0},
                                             {"op":"move","from":"/a/-1/-1","path":"/a/0"},
                                             {"op":"remove","path":"/nothing"},
                                             {"op":"add","path":"/x/y/z","value":1},
                                             {"op":"move","from":"/a/-1","path":"/p/q"}])"),
                             options);
}

TEST_CASE("inverse: the parents create_missing_parents made are removed only if unchanged",
          "[inverse][options][test]") {
    jsonpatch::apply_options options;
    options.create_missing_parents = true;
    json doc = json::parse(R"({})");
    const auto inverse = jsonpatch::apply_with_inverse(
        doc, json::parse(R"([{"op":"add","path":"/x/y/z","value":1}])"), options);
    REQUIRE(inverse);
    doc["x"]["other"] = 2; // a sibling added since would be lost by removing /x
    const std::string before = doc.dump();
    const auto undone = jsonpatch::apply(doc, *inverse);
    REQUIRE_FALSE(undone);
    CHECK(undone.error().code == jsonpatch::errc::test_failed);
    CHECK(undone.error().path == "/x");
    CHECK(doc.dump() == before);
}

TEMPLATE_TEST_CASE("inverse: random valid patches are undone exactly", "[inverse][property]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using J = TestType;
    rng r(6902);
    std::size_t operations = 0;
    for (int round = 0; round < 2000; ++round) {
        const J original = random_value<J>(r, 4);
        jsonpatch::basic_apply_options<J> options;
        options.allow_negative_array_index = r.chance(25);
        options.create_missing_parents = r.chance(15);
        J state = original;
        J patch_document = J::array();
        const std::size_t wanted = 1 + r.below(8);
        for (std::size_t attempt = 0; attempt < 4 * wanted && patch_document.size() < wanted;
             ++attempt) {
            J op = random_operation(r, state, options.allow_negative_array_index);
            J next = state;
            if (jsonpatch::apply(next, J::array({op}), options)) {
                patch_document.push_back(std::move(op));
                state = std::move(next);
            }
        }
        operations += patch_document.size();
        // For ordered_json "restores exactly" includes member order.
        require_inverse_restores(original, patch_document, options);
    }
    CHECK(operations > 4000);
}

TEST_CASE("regression #17: the inverse of a move out of a member named like a negative index",
          "[inverse][regression]") {
    // The source's parent was an object; after the move the same pointer names an array, and its
    // "-1" must still be the member name, with or without allow_negative_array_index.
    jsonpatch::apply_options lenient;
    lenient.allow_negative_array_index = true;
    for (const jsonpatch::apply_options& options : {jsonpatch::apply_options{}, lenient}) {
        require_inverse_restores(json::parse(R"({"-1":[1,2]})"),
                                 json::parse(R"([{"op":"move","from":"/-1","path":""}])"), options);
        require_inverse_restores(json::parse(R"([{"-1":["x"]}])"),
                                 json::parse(R"([{"op":"move","from":"/0/-1","path":"/0"}])"),
                                 options);
        require_inverse_restores(json::parse(R"({"a":{"-2":[7,8,9]}})"),
                                 json::parse(R"([{"op":"move","from":"/a/-2","path":"/a"}])"),
                                 options);
    }
}

TEST_CASE("regression #17: inverse of steps resolved from negative indices by the engine",
          "[inverse][regression][options]") {
    jsonpatch::apply_options lenient;
    lenient.allow_negative_array_index = true;
    // A replace through "-1", a move from "-1" into the array's own parent, and a move from an
    // element to the root: each location is the one the engine resolved, not a re-reading.
    require_inverse_restores(json::parse(R"({"a":[1,2,3]})"),
                             json::parse(R"([{"op":"replace","path":"/a/-1","value":9}])"), lenient);
    require_inverse_restores(json::parse(R"({"a":[[1],[2,3]]})"),
                             json::parse(R"([{"op":"move","from":"/a/-1","path":"/a"}])"), lenient);
    require_inverse_restores(json::parse(R"([[4,5],[6]])"),
                             json::parse(R"([{"op":"move","from":"/-2","path":""}])"), lenient);
}

TEMPLATE_TEST_CASE("regression #21: the inverse of a patch on a 100,000-deep document",
                   "[inverse][regression][deep]", JSONPATCH_TEST_JSON_TYPES) {
    // The inverse holds the values a patch removed or overwrote; copying them must not recurse.
    using J = TestType;
    using jsonpatch_test::overflowing_depth;
    const auto deep = [] { return jsonpatch_test::deep_array<J>(overflowing_depth, J("leaf")); };
    // The deep member comes last: when an ordered_json object grows, nlohmann copies its members.
    J original = J::object();
    original["keep"] = 1;
    original["other"] = J::array({1, 2});
    original["deep"] = deep();
    // Limits high enough that the inverse may put the deep value back.
    jsonpatch::basic_apply_options<J> unlimited;
    unlimited.limits.max_document_depth = std::numeric_limits<std::size_t>::max();
    unlimited.limits.max_added_nodes = std::numeric_limits<std::size_t>::max();
    // Between them, every kind of journal step holds the deep value: added by a copy, moved out
    // of an object and into an array, overwritten there, removed, and the root replaced.
    const char* const patch_text = GENERATE(as<const char*>{}, R"([
        {"op":"copy","from":"/deep","path":"/copy"}, {"op":"move","from":"/deep","path":"/moved"},
        {"op":"move","from":"/moved","path":"/other/1"}, {"op":"replace","path":"/other/1","value":0},
        {"op":"remove","path":"/copy"}])",
        R"([{"op":"remove","path":"/keep"}, {"op":"replace","path":"","value":{"x":1}}])");
    INFO(patch_text);
    J doc = jsonpatch::detail::deep_copy(original);
    const auto inverse = jsonpatch::apply_with_inverse(doc, J::parse(patch_text), unlimited);
    REQUIRE(inverse);
    CHECK_FALSE(jsonpatch::detail::json_identical(doc, original));
    const auto undone = jsonpatch::apply(doc, *inverse, unlimited);
    INFO((undone ? "" : jsonpatch::describe(undone.error())));
    REQUIRE(undone);
    CHECK(jsonpatch::detail::json_identical(doc, original));
}
