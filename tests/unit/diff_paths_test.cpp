// SPDX-License-Identifier: MIT
// Tests of diff's fast paths: they must agree with the plain definitions they stand in for.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/lcs.hpp>
#include <jsonpatch/diff.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <json_types.hpp>
#include <limits>
#include <string>
#include <vector>

namespace {

using json = nlohmann::json;
using ordered = nlohmann::ordered_json;

// [[[...[leaf]...]]] nested `levels` deep, built without recursion.
template <class J = json>
J nested(std::size_t levels, const J& leaf) {
    J out = leaf;
    for (std::size_t i = 0; i < levels; ++i) {
        J wrap = J::array();
        wrap.push_back(std::move(out));
        out = std::move(wrap);
    }
    return out;
}

template <class J>

std::vector<std::string> paths_of(const jsonpatch::basic_patch<J>& p) {
    std::vector<std::string> out;
    for (const auto& op : p) {
        out.push_back(std::string(jsonpatch::to_string(op.op)) + " " + op.path.to_string());
    }
    return out;
}

template <class J>
void require_turns_into(const J& a, const J& b, const jsonpatch::basic_patch<J>& p) {
    J doc = a;
    REQUIRE(jsonpatch::apply(doc, p));
    REQUIRE(doc.dump() == b.dump());
}

} // namespace

TEST_CASE("diff paths: same_scalar compares as dump() prints", "[diff][paths]") {
    using jsonpatch::detail::same_scalar;
    CHECK(same_scalar(json(1), json(1U))); // signed and unsigned of one value
    CHECK(same_scalar(json(7U), json(7)));
    CHECK_FALSE(same_scalar(json(-1), json(std::numeric_limits<std::uint64_t>::max())));
    CHECK_FALSE(same_scalar(json(1), json(1.0)));    // 1 and 1.0 print differently
    CHECK_FALSE(same_scalar(json(0.0), json(-0.0))); // so do 0.0 and -0.0
    CHECK(same_scalar(json(2.5), json(2.5)));
    CHECK_FALSE(same_scalar(json("a"), json("b")));
    CHECK(same_scalar(json("text"), json("text")));
    CHECK_FALSE(same_scalar(json(true), json(1)));
    CHECK(same_scalar(json(nullptr), json(nullptr)));
    CHECK_FALSE(same_scalar(json(nullptr), json(false)));
}

TEST_CASE("diff paths: json_identical agrees at any depth", "[diff][paths]") {
    for (const std::size_t levels : {0U, 1U, 47U, 48U, 49U, 200U, 5000U}) {
        const json a = nested(levels, json{{"k", 1}});
        const json same = nested(levels, json{{"k", 1}});
        const json other = nested(levels, json{{"k", 1U}}); // equal: 1 and 1U print alike
        const json different = nested(levels, json{{"k", 2}});
        INFO("levels " << levels);
        CHECK(jsonpatch::detail::json_identical(a, same));
        CHECK(jsonpatch::detail::json_identical(a, other));
        CHECK_FALSE(jsonpatch::detail::json_identical(a, different));
        CHECK_FALSE(jsonpatch::detail::json_identical(a, nested(levels + 1, json{{"k", 1}})));
    }
}

TEST_CASE("diff paths: element hashes agree for identical values of any depth", "[diff][paths]") {
    std::vector<const json*> scratch;
    const jsonpatch::detail::keyed_hash keyed;
    const auto hash = [&scratch, &keyed](const json& v) {
        return jsonpatch::detail::element_hash(v, jsonpatch::detail::hash_recursion_depth, keyed,
                                               scratch);
    };
    for (const std::size_t levels : {0U, 10U, 48U, 49U, 300U}) {
        const json a = nested(levels, json{{"name", "a fairly long member value"}, {"n", 3}});
        const json b = nested(levels, json{{"name", "a fairly long member value"}, {"n", 3U}});
        INFO("levels " << levels);
        CHECK(hash(a) == hash(b));
    }
    for (std::size_t length = 0; length < 24; ++length) { // every tail length of text hashing
        const std::string text(length, 'x');
        CHECK(keyed.text(text) == keyed.text(std::string(text)));
        if (length > 0) {
            std::string changed = text;
            changed[length - 1] = 'y';
            CHECK(keyed.text(text) != keyed.text(changed));
        }
    }
    // Another key hashes otherwise: the hash of this process says nothing of another's.
    const jsonpatch::detail::keyed_hash other(jsonpatch::detail::hash_key{12345, 67891});
    CHECK(other.text("a fairly long member value") != keyed.text("a fairly long member value"));
}

TEST_CASE("diff paths: deep elements are matched and moved", "[diff][paths][move]") {
    const json deep = nested(120, json("leaf"));
    const json a = json::array({deep, 1, 2, 3});
    const json b = json::array({1, 2, 3, deep});
    const auto p = jsonpatch::diff(a, b);
    REQUIRE(p.size() == 1);
    CHECK(p[0].op == jsonpatch::op_kind::move);
    require_turns_into(a, b, p);
}

TEST_CASE("diff paths: ordered_json operations come in document order", "[diff][paths][order]") {
    // "m" is large, so that replacing the whole document is never the lighter patch.
    const auto a = ordered::parse(
        R"({"z":1,"a":{"x":1,"y":2,"l":[1,2,3,4,5,6]},"m":[1,2,3,4,5,6,7,8,9],"gone":0})");
    const auto b = ordered::parse(
        R"({"z":2,"a":{"x":1,"y":3,"l":[1,2,3,4,5,6],"new1":0},"m":[1,2,3,4,5,6,7,8,9],"new2":1,"new0":2})");
    const auto p = jsonpatch::diff(a, b);
    CHECK(paths_of(p) == std::vector<std::string>{"replace /z", "replace /a/y", "add /a/new1",
                                                  "remove /gone", "add /new2", "add /new0"});
    require_turns_into(a, b, p);
}

TEST_CASE("diff paths: wide ordered objects pair members wherever they are", "[diff][paths]") {
    // "m" followed by k, appended: g++ 12 at -O3 reports a false -Wrestrict overlap in
    // operator+(const char*, std::string&&) (GCC bug 105651).
    const auto name = [](int k) { return std::string("m").append(std::to_string(k)); };
    ordered a = ordered::object();
    for (int k = 0; k < 40; ++k) {
        a[name(k)] = ordered{{"v", k}};
    }
    ordered b = ordered::object(); // a's members in reverse order, one changed, one new
    for (int k = 39; k >= 0; --k) {
        b[name(k)] = ordered{{"v", k == 7 ? 70 : k}};
    }
    b["extra"] = true;
    const auto p = jsonpatch::diff(a, b);
    CHECK(paths_of(p) == std::vector<std::string>{"replace /m7/v", "add /extra"});
    ordered doc = a;
    REQUIRE(jsonpatch::apply(doc, p));
    CHECK(jsonpatch::detail::json_equal(doc, b));
}

TEMPLATE_TEST_CASE("diff paths: a shuffled array is replaced whole, as before the shortcut",
                   "[diff][paths][bounds]", JSONPATCH_TEST_JSON_TYPES) {
    using J = TestType;
    J a = J::array();
    for (int i = 0; i < 1000; ++i) {
        a.push_back(i);
    }
    J b = a;
    for (std::size_t i = 999, step = 7; i > 0; --i, step = step * 31 % 1009) {
        std::swap(b[i], b[step % (i + 1)]);
    }
    const auto p = jsonpatch::diff(a, b);
    REQUIRE(p.size() == 1); // too many edits to search: index-wise loses to one replace
    CHECK(p[0].op == jsonpatch::op_kind::replace);
    require_turns_into(a, b, p);

    jsonpatch::diff_options unlimited; // with room to search, moves are lighter than a replace
    unlimited.max_array_edits = 5'000;
    const auto searched = jsonpatch::diff(a, b, unlimited);
    CHECK(searched.size() <= J::diff(a, b).size());
    require_turns_into(a, b, searched);
}

TEST_CASE("diff paths: the index-wise script stops once a replace is lighter", "[diff][paths]") {
    json a = json::array();
    json b = json::array();
    for (int i = 0; i < 3000; ++i) { // 3,000 replaces weigh more than one replace of all
        a.push_back(i);
        b.push_back(i + 100'000);
    }
    jsonpatch::diff_options options;
    options.max_array_edits = 10; // index-wise only
    const auto p = jsonpatch::diff(a, b, options);
    REQUIRE(p.size() == 1);
    CHECK(p[0].op == jsonpatch::op_kind::replace);
    CHECK(p[0].path.to_string().empty());
    require_turns_into(a, b, p);
}

TEST_CASE("diff paths: common ends of arrays are kept, the middle is diffed", "[diff][paths]") {
    json a = json::array();
    for (int i = 0; i < 100; ++i) {
        a.push_back(json{{"id", i}, {"tags", {"x", i}}});
    }
    json b = a;
    b[50]["tags"].push_back("y");
    b.erase(b.begin() + 10);
    const auto p = jsonpatch::diff(a, b);
    CHECK(paths_of(p) == std::vector<std::string>{"remove /10", "add /49/tags/2"});
    require_turns_into(a, b, p);
}
