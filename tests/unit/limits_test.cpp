// SPDX-License-Identifier: MIT
// Every abusive patch is refused under the DEFAULT limits, with its error fields and the document
// untouched.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/testing.hpp>
#include <jsonpatch/validate.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstddef>
#include <json_types.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using jsonpatch::errc;

namespace {

// Nothing in this file may copy, compare with ==, or dump a deep value: nlohmann does all three
// recursively. Deep values are built, compared and fingerprinted with explicit stacks.

// `depth` nested arrays around `innermost`, e.g. depth 2 gives [[innermost]].
template <class json> json nested_arrays(std::size_t depth, json innermost = 1) {
    json value = std::move(innermost);
    for (std::size_t i = 0; i < depth; ++i) {
        json wrapper = json::array();
        wrapper.push_back(std::move(value));
        value = std::move(wrapper);
    }
    return value;
}

// A serialisation that walks with an explicit stack, so any depth is safe; equal fingerprints
// mean byte-identical documents (same types, member order, number representations).
template <class json> std::string fingerprint(const json& value) {
    struct item {
        const json* node;
        const std::string* key; // the member name when node is an object member
        bool closing;
    };
    std::string out;
    std::vector<item> pending{{&value, nullptr, false}};
    while (!pending.empty()) {
        const item next = pending.back();
        pending.pop_back();
        if (next.closing) {
            out += next.node->is_object() ? "}," : "],";
            continue;
        }
        if (next.key != nullptr) {
            out += json(*next.key).dump();
            out += ':';
        }
        if (next.node->is_object()) {
            out += '{';
            pending.push_back({next.node, nullptr, true});
            const auto& members = next.node->template get_ref<const typename json::object_t&>();
            for (auto it = members.rbegin(); it != members.rend(); ++it) {
                pending.push_back({&it->second, &it->first, false});
            }
        } else if (next.node->is_array()) {
            out += '[';
            pending.push_back({next.node, nullptr, true});
            const auto& elements = next.node->template get_ref<const typename json::array_t&>();
            for (auto it = elements.rbegin(); it != elements.rend(); ++it) {
                pending.push_back({&*it, nullptr, false});
            }
        } else {
            out += next.node->dump();
            out += ',';
        }
    }
    return out;
}

jsonpatch::pointer ptr(const std::string& text) {
    return jsonpatch::pointer::parse(text).value();
}

// Applies under the default options and requires the failure's code, index and path, and that
// the document is byte-identical afterwards.
template <class json>
void require_refused(json& doc, const json& patch_document, errc code,
                     std::optional<std::size_t> op_index, std::optional<std::string> path) {
    const std::string before = fingerprint(doc);
    const auto outcome = jsonpatch::apply(doc, patch_document);
    REQUIRE_FALSE(outcome);
    INFO(jsonpatch::describe(outcome.error()));
    CHECK(outcome.error().code == code);
    CHECK(outcome.error().op_index == op_index);
    CHECK(outcome.error().path == path);
    CHECK(fingerprint(doc) == before);
}

template <class json> json op(const std::string& name, const std::string& path) {
    json o = json::object();
    o["op"] = name;
    o["path"] = path;
    return o;
}

template <class json> json op(const std::string& name, const std::string& path, json value) {
    json o = op<json>(name, path);
    o["value"] = std::move(value);
    return o;
}

template <class json>
json op_from(const std::string& name, const std::string& from, const std::string& path) {
    json o = op<json>(name, path);
    o["from"] = from;
    return o;
}

} // namespace

TEST_CASE("limits: the defaults are the documented values", "[limits]") {
    const jsonpatch::apply_limits limits;
    CHECK(limits.max_operations == 10'000);
    CHECK(limits.max_patch_bytes == 16u << 20);
    CHECK(limits.max_pointer_length == 4'096);
    CHECK(limits.max_pointer_depth == 256);
    CHECK(limits.max_value_depth == 256);
    CHECK(limits.max_added_nodes == 1'000'000);
    CHECK(limits.max_document_depth == 512);
    CHECK(limits.max_array_size == 1'000'000);
}

TEMPLATE_TEST_CASE("limits: a copy bomb stops at max_added_nodes", "[limits][copy]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    // Each copy of the root doubles the document; eight of them would add about 1,045,000 nodes.
    json doc = json::object();
    doc["a"] = json(std::vector<int>(4096, 0));
    json patch_document = json::array();
    for (int i = 0; i < 12; ++i) {
        patch_document.push_back(op_from<json>("copy", "", "/c" + std::to_string(i)));
    }
    // 4098 nodes per copy: after 7 copies 4098 * 127 were added, the 8th (index 7) would pass 1M.
    require_refused(doc, patch_document, errc::value_too_large, 7, "/c7");
    CHECK(doc.size() == 1);
}

TEMPLATE_TEST_CASE("limits: a copy bomb through an array element stops too", "[limits][copy]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    json doc = json::parse(R"({"a":[[0,0,0,0,0,0,0,0]]})");
    json patch_document = json::array();
    for (int i = 0; i < 40; ++i) {
        patch_document.push_back(op_from<json>("copy", "/a", "/a/0"));
    }
    // The array doubles with each copy: about 2^17 copies of it would be needed; it stops early.
    const auto outcome = jsonpatch::apply(doc, patch_document);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == errc::value_too_large);
    CHECK(outcome.error().path == "/a/0");
    CHECK(outcome.error().from == "/a");
    CHECK(fingerprint(doc) == fingerprint(json::parse(R"({"a":[[0,0,0,0,0,0,0,0]]})")));
}

TEMPLATE_TEST_CASE("limits: a 100k-operation patch is refused before any operation runs",
                   "[limits][operations]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    // One case without sections: building 100k operations is the expensive part, done once.
    json patch_document = json::array();
    for (int i = 0; i < 100'000; ++i) {
        patch_document.push_back(op<json>("add", "/x", i));
    }
    json doc = json::object();
    require_refused(doc, patch_document, errc::too_many_operations, 10'000, std::nullopt);

    const auto problems = jsonpatch::validate(patch_document, &doc);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().code == errc::too_many_operations);

    // As text the count is known once the array is read (at most max_patch_bytes of it), before
    // any element is looked at, so plain numbers stand in for 100k operation objects.
    std::string text = "[0";
    for (int i = 1; i < 100'000; ++i) {
        text += ",0";
    }
    text += "]";
    const auto parsed = jsonpatch::parse_patch<json>(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == errc::too_many_operations);
    CHECK(parsed.error().op_index == 10'000U);

    jsonpatch::basic_patch<json> p;
    p.reserve(100'000);
    const jsonpatch::pointer x = ptr("/x");
    for (int i = 0; i < 100'000; ++i) {
        p.add(x, i);
    }
    const auto outcome = jsonpatch::apply(doc, p);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == errc::too_many_operations);
    CHECK(doc.empty());
}

TEMPLATE_TEST_CASE("limits: patch text past max_patch_bytes is refused unread", "[limits][parse]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    std::string text = "[" + std::string((16u << 20) + 1, ' ') + "]";
    const auto parsed = jsonpatch::parse_patch<json>(text);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == errc::patch_too_large);
    CHECK_FALSE(parsed.error().op_index);
}

TEMPLATE_TEST_CASE("limits: a 10k-deep value in a patch given as JSON is refused without recursion",
                   "[limits][depth]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    const auto name = GENERATE(as<std::string>{}, "add", "replace", "test");
    json patch_document = json::array();
    patch_document.push_back(op<json>("test", "/a", 1));
    patch_document.push_back(op<json>(name, "/a", nested_arrays<json>(10'000)));
    json doc = json::parse(R"({"a":1})");
    require_refused(doc, patch_document, errc::value_too_deep, 1, "/a");
    const auto problems = jsonpatch::validate(patch_document, &doc);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().code == errc::value_too_deep);
    CHECK(problems.front().concerns == jsonpatch::member::value);
}

TEMPLATE_TEST_CASE("limits: a 10k-deep value in patch text is refused by the streaming parser",
                   "[limits][depth]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    const std::string deep = std::string(10'000, '[') + "1" + std::string(10'000, ']');
    SECTION("as a value") {
        const auto parsed =
            jsonpatch::parse_patch(R"([{"op":"add","path":"/a","value":)" + deep + "}]");
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == errc::value_too_deep);
        CHECK(parsed.error().op_index == 0U);
        CHECK(parsed.error().path == "/a");
    }
    SECTION("as a later operation's value") {
        const auto parsed = jsonpatch::parse_patch(
            R"([{"op":"test","path":"","value":1},{"op":"add","path":"/b","value":)" + deep + "}]");
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == errc::value_too_deep);
        CHECK(parsed.error().op_index == 1U);
    }
    SECTION("as the patch itself") {
        const auto parsed = jsonpatch::parse_patch(deep);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code == errc::value_too_deep);
    }
    SECTION("through validate") {
        json doc = json::object();
        const std::string text = R"([{"op":"add","path":"/a","value":)" + deep + "}]";
        const auto problems = jsonpatch::validate(std::string_view(text), &doc);
        REQUIRE(problems.size() == 1);
        CHECK(problems.front().code == errc::value_too_deep);
    }
    SECTION("exactly at the limit is accepted") {
        const std::string ok = std::string(256, '[') + std::string(256, ']');
        CHECK(jsonpatch::parse_patch(R"([{"op":"add","path":"/a","value":)" + ok + "}]"));
        const std::string over = std::string(257, '[') + std::string(257, ']');
        CHECK_FALSE(jsonpatch::parse_patch(R"([{"op":"add","path":"/a","value":)" + over + "}]"));
    }
}

TEMPLATE_TEST_CASE("limits: a 10k-deep value in a patch built in code cannot deepen the document",
                   "[limits][depth]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    // Patches built in code skip parse_patch; the engine still measures before it copies.
    jsonpatch::basic_patch<json> p;
    p.test(ptr("/a"), 1);
    p.add(ptr("/b"), nested_arrays<json>(10'000));
    json doc = json::parse(R"({"a":1})");
    const std::string before = fingerprint(doc);
    const auto outcome = jsonpatch::apply(doc, p);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == errc::document_too_deep);
    CHECK(outcome.error().op_index == 1U);
    CHECK(outcome.error().path == "/b");
    CHECK(fingerprint(doc) == before);
    // A deep test value is compared without recursion.
    jsonpatch::basic_patch<json> t;
    t.test(ptr("/a"), nested_arrays<json>(10'000));
    const auto tested = jsonpatch::apply(doc, t);
    REQUIRE_FALSE(tested);
    CHECK(tested.error().code == errc::test_failed);
}

TEMPLATE_TEST_CASE("limits: a 10k-deep pointer is refused", "[limits][pointer]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    json doc = json::parse(R"({"a":{"a":1}})");
    SECTION("10,000 tokens are too long") {
        std::string deep;
        for (int i = 0; i < 10'000; ++i) {
            deep += "/a";
        }
        json patch_document = json::array({op<json>("test", "/a/a", 1), op<json>("remove", deep)});
        require_refused(doc, patch_document, errc::pointer_too_long, 1, deep.substr(0, 1024));
        patch_document = json::array({op_from<json>("copy", deep, "/b")});
        require_refused(doc, patch_document, errc::pointer_too_long, 0, "/b");
    }
    SECTION("4,000 empty tokens fit the length but not the depth") {
        const std::string deep(4'000, '/');
        json patch_document = json::array({op<json>("add", deep, 1)});
        const auto e = jsonpatch::apply(doc, patch_document);
        REQUIRE_FALSE(e);
        CHECK(e.error().code == errc::pointer_too_deep);
        CHECK(e.error().op_index == 0U);
        CHECK(e.error().concerns == jsonpatch::member::path);
        patch_document = json::array({op_from<json>("move", deep, "/b")});
        require_refused(doc, patch_document, errc::pointer_too_deep, 0, "/b");
    }
    SECTION("built in code") {
        jsonpatch::basic_patch<json> p;
        p.remove(ptr(std::string(300, '/')));
        const auto outcome = jsonpatch::apply(doc, p);
        REQUIRE_FALSE(outcome);
        CHECK(outcome.error().code == errc::pointer_too_deep);
        CHECK(outcome.error().op_index == 0U);
    }
}

TEMPLATE_TEST_CASE("limits: huge array indices are out of range, never wrapped",
                   "[limits][pointer]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    const auto path =
        GENERATE(as<std::string>{}, "/a/18446744073709551615", "/a/18446744073709551616",
                 "/a/99999999999999999999999999999999", "/a/4294967296", "/a/9223372036854775808");
    const auto name =
        GENERATE(as<std::string>{}, "add", "remove", "replace", "test", "move-from", "copy-from");
    json doc = json::parse(R"({"a":[1,2,3]})");
    json patch_document;
    if (name == "move-from" || name == "copy-from") {
        patch_document = json::array({op_from<json>(name.substr(0, 4), path, "/b")});
        require_refused(doc, patch_document, errc::array_index_out_of_range, 0, "/b");
    } else if (name == "remove") {
        patch_document = json::array({op<json>(name, path)});
        require_refused(doc, patch_document, errc::array_index_out_of_range, 0, path);
    } else {
        patch_document = json::array({op<json>(name, path, 0)});
        require_refused(doc, patch_document, errc::array_index_out_of_range, 0, path);
    }
}

TEMPLATE_TEST_CASE("limits: add below a scalar is not_a_container", "[limits][apply]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    const auto [target, path] = GENERATE(table<std::string, std::string>({
        {"1", "/x/y"},
        {"\"s\"", "/x/0"},
        {"null", "/x/y"},
        {"true", "/x/-"},
        {"1.5", "/x/y/z"},
    }));
    json doc = json::parse(R"({"x":)" + target + "}");
    const json patch_document = json::array({op<json>("add", path, 1)});
    require_refused(doc, patch_document, errc::not_a_container, 0, path);
}

TEMPLATE_TEST_CASE("limits: pointers with broken escapes are refused at parse", "[limits][pointer]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    const auto path =
        GENERATE(as<std::string>{}, "/a~", "/a~2", "/~a", "/a/~/b", "/~~0", "/a~-1", "a");
    json doc = json::parse(R"({"a":1})");
    const json patch_document = json::array({op<json>("test", "/a", 1), op<json>("remove", path)});
    const auto outcome = jsonpatch::apply(doc, patch_document);
    REQUIRE_FALSE(outcome);
    CHECK((outcome.error().code == errc::pointer_invalid_escape ||
           outcome.error().code == errc::pointer_missing_slash));
    CHECK(outcome.error().op_index == 1U);
    CHECK(outcome.error().path == path);
    CHECK(doc == json::parse(R"({"a":1})"));
}

TEMPLATE_TEST_CASE("limits: a document that is itself 10k deep is patched without recursion",
                   "[limits][depth]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    // Operations resolve pointers iteratively and move subtrees by pointer swaps; rollback and
    // json_equal use explicit stacks; values are measured (with an early stop) before any copy.
    // "x" goes in first: nlohmann's ordered_map copies its members when it grows (its pairs have
    // a const key, so they cannot be moved), and a copy of the deep value would recurse 10k deep.
    const auto build = [] {
        json doc = json::object();
        doc["x"] = 1;
        doc["deep"] = nested_arrays<json>(10'000, json::object());
        return doc;
    };
    json doc = build();
    const std::string before = fingerprint(doc);

    SECTION("operations near the top succeed and a failure rolls them all back") {
        const json patch_document = json::array({
            op<json>("replace", "/x", 2),
            op<json>("add", "/deep/0/0/-", "new"),
            op_from<json>("move", "/deep/0/0/0", "/moved"),
            op<json>("remove", "/deep/0"),
            op<json>("test", "/deep", json::array()),
            op<json>("test", "/x", 3),
        });
        require_refused(doc, patch_document, errc::test_failed, 5, "/x");
        CHECK(fingerprint(doc) == before);
    }
    SECTION("a test value that deep is refused in a patch document") {
        json expected = build();
        const json patch_document = json::array({op<json>("test", "", std::move(expected))});
        require_refused(doc, patch_document, errc::value_too_deep, 0, "");
    }
    SECTION("built in code, a test against the whole deep document compares iteratively") {
        jsonpatch::basic_patch<json> p;
        p.test(ptr(""), build());
        p.test(ptr("/x"), 0);
        const auto outcome = jsonpatch::apply(doc, p);
        REQUIRE_FALSE(outcome);
        CHECK(outcome.error().code == errc::test_failed);
        CHECK(outcome.error().op_index == 1U);
        CHECK(fingerprint(doc) == before);
    }
    SECTION("copying the deep subtree stops at max_document_depth before copying") {
        const json patch_document = json::array({op_from<json>("copy", "/deep", "/copy")});
        require_refused(doc, patch_document, errc::document_too_deep, 0, "/copy");
    }
    SECTION("moving the deep subtree deeper stops at max_document_depth") {
        const json patch_document = json::array({op<json>("add", "/x", nested_arrays<json>(5)),
                                                 op_from<json>("move", "/deep", "/x/0/0")});
        require_refused(doc, patch_document, errc::document_too_deep, 1, "/x/0/0");
    }
    SECTION("moving it sideways is allowed and rolled back on failure") {
        const json patch_document =
            json::array({op_from<json>("move", "/deep", "/other"), op<json>("test", "/x", 0)});
        require_refused(doc, patch_document, errc::test_failed, 1, "/x");
    }
    SECTION("a 500-token pointer into the deep document is past max_pointer_depth") {
        std::string path = "/deep";
        for (int i = 0; i < 500; ++i) {
            path += "/0";
        }
        const json patch_document = json::array({op<json>("add", path + "/k", 1)});
        require_refused(doc, patch_document, errc::pointer_too_deep, 0, path + "/k");
    }
    SECTION("a 250-token pointer into it works") {
        std::string path = "/deep";
        for (int i = 0; i < 250; ++i) {
            path += "/0";
        }
        json patch_document =
            json::array({op<json>("add", path + "/-", 1), op<json>("remove", path + "/1")});
        const auto outcome = jsonpatch::apply(doc, patch_document);
        INFO((outcome ? "" : jsonpatch::describe(outcome.error())));
        CHECK(outcome);
        CHECK(fingerprint(doc) == before);
    }
}

TEMPLATE_TEST_CASE("limits: an array cannot grow past max_array_size", "[limits][array]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    json doc = json::object();
    doc["a"] = json(std::vector<int>(1'000'000, 0));
    const json patch_document = json::array({op<json>("add", "/a/-", 1)});
    const auto outcome = jsonpatch::apply(doc, patch_document);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == errc::array_too_large);
    CHECK(outcome.error().op_index == 0U);
    CHECK(outcome.error().path == "/a/-");
    CHECK(doc["a"].size() == 1'000'000);
}

TEMPLATE_TEST_CASE("regression: moves cannot stack a document deeper than max_document_depth",
                   "[limits][depth][regression]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    // Each move below lands 201 tokens deep, well within max_pointer_depth; before the fix only
    // moves to paths deeper than max_document_depth were measured, so moves alone could stack
    // chains into a document of any depth (and a later dump() or copy would exhaust the stack).
    json doc = json::object();
    for (const char* name : {"a", "b", "c"}) {
        doc[name] = nested_arrays<json>(200, json::array());
    }
    const auto tip_of = [](const std::string& name) {
        std::string tip = "/" + name;
        for (int i = 0; i < 200; ++i) {
            tip += "/0";
        }
        return tip + "/-";
    };
    const std::string before = fingerprint(doc);
    // The first move makes a 402-level chain under "/b" (allowed); the second would put it
    // 202 levels down in "/c", 604 levels in all.
    const json patch_document = json::array(
        {op_from<json>("move", "/a", tip_of("b")), op_from<json>("move", "/b", tip_of("c"))});
    require_refused(doc, patch_document, errc::document_too_deep, 1, tip_of("c"));
    CHECK(fingerprint(doc) == before);
    // Moving to a path no deeper than the source still costs no measurement and is allowed.
    CHECK(jsonpatch::apply(doc, json::array({op_from<json>("move", "/a", "/d")})));
}

TEMPLATE_TEST_CASE("regression: patched and validate and the testing helpers copy a 100k-deep "
                   "document without recursion",
                   "[limits][depth][regression]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    // nlohmann's iterative parser accepts any depth, but its copy constructor and dump() recurse
    // once per level: copying or dumping this document used to overflow the stack.
    json doc = json::object();
    // "x" first: nlohmann's ordered_map copies every member when it grows, recursively.
    doc["x"] = 1;
    doc["deep"] = nested_arrays<json>(100'000, json::object());
    const std::string before = fingerprint(doc);

    jsonpatch::basic_patch<json> p;
    p.replace(ptr("/x"), 2);
    const auto copy = jsonpatch::patched(doc, p);
    REQUIRE(copy);
    CHECK((*copy)["x"] == 2);
    CHECK(fingerprint(doc) == before);

    const json patch_document =
        json::array({op<json>("replace", "/x", 2), op<json>("remove", "/missing")});
    const auto problems = jsonpatch::validate(patch_document, &doc);
    REQUIRE(problems.size() == 1);
    CHECK(problems.front().code == errc::path_not_found);
    CHECK(problems.front().op_index == 1U);

    const auto failed =
        jsonpatch::testing::fails_with(doc, patch_document, errc::path_not_found, 1);
    CHECK(failed.ok);
    const auto wrong = jsonpatch::testing::fails_with(
        doc, json::array({op<json>("replace", "/x", 2)}), errc::path_not_found);
    CHECK_FALSE(wrong.ok); // the explanation shows no 100k-deep dump
    CHECK(wrong.explanation.size() < 1'000);
    CHECK(fingerprint(doc) == before);
}

TEMPLATE_TEST_CASE(
    "regression #17: arrays that arrive inside added values are bounded by max_array_size",
    "[limits][array][regression]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    jsonpatch::basic_apply_options<json> options;
    options.limits.max_array_size = 1000; // what SECURITY.md recommends for a service
    const json big(std::vector<int>(5000, 0));
    const json small(std::vector<int>(1000, 0));
    json doc = json::parse(R"({"list":[1],"src":{"deep":[]}})");
    doc["src"]["deep"] = big; // already there before the patch: the limit is on what a patch adds
    const std::string before = fingerprint(doc);
    const auto refused = [&](const json& patch_document, const std::string& path) {
        const auto outcome = jsonpatch::apply(doc, patch_document, options);
        REQUIRE_FALSE(outcome);
        CHECK(outcome.error().code == errc::array_too_large);
        CHECK(outcome.error().op_index == 0U);
        CHECK(outcome.error().path == path);
        CHECK(fingerprint(doc) == before);
    };
    refused(json::array({op<json>("replace", "/list", big)}), "/list");
    refused(json::array({op<json>("add", "/other", json{{"nested", big}})}), "/other");
    refused(json::array({op<json>("add", "", big)}), "");
    refused(json::array({op_from<json>("copy", "/src/deep", "/copy")}), "/copy");
    const auto merged = jsonpatch::apply_merge_patch(doc, json{{"list", big}}, options);
    REQUIRE_FALSE(merged);
    CHECK(merged.error().code == errc::array_too_large);
    CHECK(fingerprint(doc) == before);
    // Exactly at the limit is fine.
    REQUIRE(jsonpatch::apply(doc, json::array({op<json>("replace", "/list", small)}), options));
    CHECK(doc["list"].size() == 1000);
}

TEMPLATE_TEST_CASE(
    "regression #17: limits set to SIZE_MAX mean unlimited, never a wrapped-around bound",
    "[limits][regression]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    const std::string text = R"([{"op":"add","path":"/a","value":{"b":[1,2]}}])";
    for (const std::size_t huge :
         {std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max() - 1}) {
        jsonpatch::basic_apply_options<json> options;
        options.limits.max_value_depth = huge;
        options.limits.max_document_depth = huge;
        options.limits.max_pointer_depth = huge;
        options.limits.max_pointer_length = huge;
        options.limits.max_patch_bytes = huge;
        options.limits.max_added_nodes = huge;
        options.limits.max_array_size = huge;
        options.limits.max_operations = huge;
        INFO("limit " << huge);
        const auto parsed = jsonpatch::parse_patch<json>(text, options.limits);
        INFO((parsed ? "" : jsonpatch::describe(parsed.error())));
        REQUIRE(parsed);
        CHECK(jsonpatch::validate(text, nullptr, options).empty());
        json doc = json::object();
        CHECK(jsonpatch::validate(text, &doc, options).empty());
        REQUIRE(jsonpatch::apply(doc, text, options));
        REQUIRE(jsonpatch::apply(doc, R"([{"op":"move","from":"/a","path":"/c"}])", options));
        REQUIRE(jsonpatch::apply_merge_patch(doc, R"({"d":{"e":[[]]}})", options));
        CHECK(doc == json::parse(R"({"c":{"b":[1,2]},"d":{"e":[[]]}})"));
    }
}

TEST_CASE("limits: a limit of one is quoted in the singular", "[limits][wording]") {
    // "patch has more than 1 operations" read wrong; every quoted count agrees with its noun.
    jsonpatch::apply_options options;
    options.limits.max_operations = 1;
    options.limits.max_pointer_length = 1;
    options.limits.max_pointer_depth = 1;
    options.limits.max_value_depth = 1;
    options.limits.max_added_nodes = 1;
    options.limits.max_array_size = 1;
    options.limits.max_document_depth = 1;
    options.limits.max_patch_bytes = 1;
    const auto message_of = [&options](const nlohmann::json& doc, const std::string& patch) {
        nlohmann::json copy = doc;
        const auto r = jsonpatch::apply(copy, nlohmann::json::parse(patch), options);
        REQUIRE_FALSE(r);
        return r.error().message;
    };
    const std::string two_tests = R"([{"op":"test","path":"","value":{}},)"
                                  R"({"op":"test","path":"","value":{}}])";
    CHECK(message_of({}, two_tests) == "patch has more than 1 operation");
    CHECK(message_of({}, R"([{"op":"add","path":"/ab","value":1}])") ==
          "\"path\" is longer than 1 character");
    options.limits.max_pointer_length = 100;
    CHECK(message_of({}, R"([{"op":"add","path":"/a/b","value":1}])") ==
          "\"path\" has more than 1 reference token");
    CHECK(message_of({}, R"([{"op":"add","path":"/a","value":[[1]]}])") ==
          "\"value\" nests deeper than 1 level");
    options.limits.max_value_depth = 100;
    options.limits.max_document_depth = 100;
    CHECK(message_of({}, R"([{"op":"add","path":"/a","value":[1]}])") ==
          "patch adds more than 1 JSON node");
    options.limits.max_added_nodes = 100;
    CHECK(message_of({}, R"([{"op":"add","path":"/a","value":[1,2]}])") ==
          "value holds an array of more than 1 element");
    options.limits.max_pointer_depth = 100;
    CHECK(message_of(nlohmann::json::parse(R"({"a":[1]})"),
                     R"([{"op":"add","path":"/a/-","value":2}])") ==
          "array at '/a' would exceed 1 element");
    options.limits.max_document_depth = 1;
    CHECK(message_of(nlohmann::json::parse(R"({"a":{}})"),
                     R"([{"op":"add","path":"/a/b","value":{}}])") ==
          "result would nest deeper than 1 level");
    const auto text = jsonpatch::parse_patch("[]", options.limits);
    REQUIRE_FALSE(text);
    CHECK(text.error().message == "patch text is larger than 1 byte");
}

TEST_CASE("limits: apply_limits compare equal only when every limit is equal", "[limits]") {
    const jsonpatch::apply_limits defaults;
    CHECK(defaults == jsonpatch::apply_limits{});
    CHECK_FALSE(defaults != jsonpatch::apply_limits{});
    CHECK(defaults != jsonpatch::small_resource_limits());
    std::size_t jsonpatch::apply_limits::*const members[] = {
        &jsonpatch::apply_limits::max_operations,     &jsonpatch::apply_limits::max_patch_bytes,
        &jsonpatch::apply_limits::max_pointer_length, &jsonpatch::apply_limits::max_pointer_depth,
        &jsonpatch::apply_limits::max_value_depth,    &jsonpatch::apply_limits::max_added_nodes,
        &jsonpatch::apply_limits::max_document_depth, &jsonpatch::apply_limits::max_array_size};
    for (const auto member : members) {
        jsonpatch::apply_limits other;
        other.*member += 1;
        CHECK(other != defaults);
        CHECK_FALSE(other == defaults);
    }
}
