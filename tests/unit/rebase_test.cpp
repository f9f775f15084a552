// SPDX-License-Identifier: MIT
#include <jsonpatch/rebase.hpp>

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/rebase_accepted.hpp>
#include <jsonpatch/detail/rebase_conflict.hpp>
#include <jsonpatch/detail/rebase_patch.hpp>
#include <jsonpatch/detail/rebase_tree.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include <deep_values.hpp>
#include <json_types.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace {

using jsonpatch::errc;
using jsonpatch::member;
using jsonpatch::detail::rebase_clash;
using nlohmann::json;

jsonpatch::patch patch_of(const std::string& text) {
    return jsonpatch::parse_patch(json::parse(text)).value();
}

// One rebase: the parsed inputs and what rebase made of them.
struct attempt {
    json base;
    jsonpatch::patch accepted;
    jsonpatch::patch p;
    jsonpatch::result<jsonpatch::patch> rebased;
};

attempt rebase_of(const std::string& base, const std::string& accepted, const std::string& p) {
    const json doc = json::parse(base);
    const auto a = patch_of(accepted);
    const auto parsed = patch_of(p);
    auto rebased = jsonpatch::rebase(doc, a, parsed);
    return {doc, a, parsed, std::move(rebased)};
}

// Rebases `patch` over `accepted`, requires success and the rebased patch `expected`, applies it
// after `accepted`, and requires the document `result`.
void rebases_to(const std::string& base, const std::string& accepted, const std::string& patch,
                const std::string& expected, const std::string& result) {
    const attempt run = rebase_of(base, accepted, patch);
    INFO(base << " + " << accepted << " | " << patch);
    INFO((run.rebased ? run.rebased->to_json().dump() : jsonpatch::describe(run.rebased.error())));
    REQUIRE(run.rebased);
    CHECK(run.rebased->to_json() == json::parse(expected));
    CHECK(jsonpatch::rebase_conflicts(run.base, run.accepted, run.p).empty());
    json merged = run.base;
    REQUIRE(jsonpatch::apply(merged, run.accepted));
    REQUIRE(jsonpatch::apply(merged, *run.rebased));
    CHECK(merged == json::parse(result));
}

// Requires `patch` to conflict with `accepted` first at operation `op_index`, about `concerns`,
// by the rule `rule` (its words in the message); rebase_conflicts must begin with the same
// error. Returns the error.
jsonpatch::error conflict(const std::string& base, const std::string& accepted,
                          const std::string& patch, std::size_t op_index, member concerns,
                          rebase_clash rule) {
    const attempt run = rebase_of(base, accepted, patch);
    INFO(base << " + " << accepted << " | " << patch);
    INFO((run.rebased ? run.rebased->to_json().dump() : jsonpatch::describe(run.rebased.error())));
    REQUIRE_FALSE(run.rebased);
    const jsonpatch::error& e = run.rebased.error();
    CHECK(e.code == errc::rebase_conflict);
    CHECK(e.op_index == op_index);
    CHECK(e.concerns == concerns);
    CHECK(e.message.find(jsonpatch::detail::rebase_clash_phrase(rule).before) != std::string::npos);
    CHECK(e.path == run.p[op_index].path.to_string()); // as the client wrote it
    if (jsonpatch::has_from(run.p[op_index].op)) {
        CHECK(e.from == run.p[op_index].from.to_string());
    } else {
        CHECK_FALSE(e.from.has_value());
    }
    const auto all = jsonpatch::rebase_conflicts(run.base, run.accepted, run.p);
    REQUIRE_FALSE(all.empty());
    CHECK(all.front() == e);
    return e;
}

const std::string scope = R"({"name": "n", "scope": ["a", "b", "c", "d"], "owner": {"id": "o"}})";

} // namespace

// --- positions follow their elements --------------------------------------------------------

TEST_CASE("rebase: an index follows its element past inserts and removals before it",
          "[rebase][shift]") {
    rebases_to(scope, R"([{"op": "add", "path": "/scope/0", "value": "z"}])",
               R"([{"op": "remove", "path": "/scope/2"}])",
               R"([{"op": "remove", "path": "/scope/3"}])",
               R"({"name": "n", "scope": ["z", "a", "b", "d"], "owner": {"id": "o"}})");
    rebases_to(scope,
               R"([{"op": "remove", "path": "/scope/0"}, {"op": "remove", "path": "/scope/0"}])",
               R"([{"op": "replace", "path": "/scope/3", "value": "D"}])",
               R"([{"op": "replace", "path": "/scope/1", "value": "D"}])",
               R"({"name": "n", "scope": ["c", "D"], "owner": {"id": "o"}})");
    // Later operations of the patch see its earlier ones: /scope/1 is "c" after its own removal.
    rebases_to(scope, R"([{"op": "add", "path": "/scope/1", "value": "z"}])",
               R"([{"op": "remove", "path": "/scope/1"}, {"op": "remove", "path": "/scope/1"}])",
               R"([{"op": "remove", "path": "/scope/2"}, {"op": "remove", "path": "/scope/2"}])",
               R"({"name": "n", "scope": ["a", "z", "d"], "owner": {"id": "o"}})");
}

TEST_CASE("rebase: '-' stays '-'", "[rebase][shift]") {
    rebases_to(
        scope,
        R"([{"op": "add", "path": "/scope/-", "value": "y"}, {"op": "remove", "path": "/scope/0"}])",
        R"([{"op": "add", "path": "/scope/-", "value": "e"}])",
        R"([{"op": "add", "path": "/scope/-", "value": "e"}])",
        R"({"name": "n", "scope": ["b", "c", "d", "y", "e"], "owner": {"id": "o"}})");
}

TEST_CASE("rebase: an insert at i stays right before the element that was at i, after "
          "accepted's inserts there",
          "[rebase][shift]") {
    rebases_to(
        scope,
        R"([{"op": "add", "path": "/scope/2", "value": "x"}, {"op": "add", "path": "/scope/3", "value": "y"}])",
        R"([{"op": "add", "path": "/scope/2", "value": "p"}])",
        R"([{"op": "add", "path": "/scope/4", "value": "p"}])",
        R"({"name": "n", "scope": ["a", "b", "x", "y", "p", "c", "d"], "owner": {"id": "o"}})");
}

TEST_CASE("rebase: a numeric insert at the end goes to the end, after accepted's appends",
          "[rebase][shift]") {
    rebases_to(
        scope,
        R"([{"op": "add", "path": "/scope/-", "value": "x"}, {"op": "add", "path": "/scope/5", "value": "y"}])",
        R"([{"op": "add", "path": "/scope/4", "value": "p"}])",
        R"([{"op": "add", "path": "/scope/6", "value": "p"}])",
        R"({"name": "n", "scope": ["a", "b", "c", "d", "x", "y", "p"], "owner": {"id": "o"}})");
}

TEST_CASE("rebase: inserts and removals of other elements only shift", "[rebase][shift]") {
    rebases_to(
        scope,
        R"([{"op": "remove", "path": "/scope/1"}, {"op": "add", "path": "/scope/0", "value": "z"}])",
        R"([{"op": "add", "path": "/scope/3", "value": "p"}, {"op": "remove", "path": "/scope/0"}])",
        R"([{"op": "add", "path": "/scope/3", "value": "p"}, {"op": "remove", "path": "/scope/1"}])",
        R"({"name": "n", "scope": ["z", "c", "p", "d"], "owner": {"id": "o"}})");
}

TEST_CASE("rebase: writes inside other elements and members only shift", "[rebase][shift]") {
    const std::string base = R"({"list": [{"k": 1}, {"k": 2}, {"k": 3}], "a": {"x": 1}})";
    rebases_to(
        base,
        R"([{"op": "add", "path": "/list/0", "value": {"k": 0}}, {"op": "replace", "path": "/list/1/k", "value": 10}, {"op": "add", "path": "/a/y", "value": 2}])",
        R"([{"op": "replace", "path": "/list/1/k", "value": 20}, {"op": "remove", "path": "/a/x"}])",
        R"([{"op": "replace", "path": "/list/2/k", "value": 20}, {"op": "remove", "path": "/a/x"}])",
        R"({"list": [{"k": 0}, {"k": 10}, {"k": 20}, {"k": 3}], "a": {"y": 2}})");
}

TEST_CASE("rebase: an insert before an element accepted changed inside is no conflict",
          "[rebase][shift]") {
    const std::string base = R"({"list": [{"k": 1}, {"k": 2}]})";
    rebases_to(base, R"([{"op": "add", "path": "/list/1/new", "value": true}])",
               R"([{"op": "add", "path": "/list/1", "value": {"k": 9}}])",
               R"([{"op": "add", "path": "/list/1", "value": {"k": 9}}])",
               R"({"list": [{"k": 1}, {"k": 9}, {"k": 2, "new": true}]})");
}

TEST_CASE("rebase: a test of what accepted did not write stays and passes", "[rebase][shift]") {
    rebases_to(
        scope,
        R"([{"op": "add", "path": "/scope/0", "value": "z"}, {"op": "replace", "path": "/name", "value": "m"}])",
        R"([{"op": "test", "path": "/scope/1", "value": "b"}, {"op": "test", "path": "/owner", "value": {"id": "o"}}])",
        R"([{"op": "test", "path": "/scope/2", "value": "b"}, {"op": "test", "path": "/owner", "value": {"id": "o"}}])",
        R"({"name": "m", "scope": ["z", "a", "b", "c", "d"], "owner": {"id": "o"}})");
}

// --- moves are followed ----------------------------------------------------------------------

TEST_CASE("rebase: pointers at and below a value accepted moved follow it", "[rebase][move]") {
    const std::string base = R"({"todo": [{"t": "a"}, {"t": "b"}, {"t": "c"}], "done": []})";
    SECTION("across arrays") {
        rebases_to(
            base, R"([{"op": "move", "from": "/todo/1", "path": "/done/0"}])",
            R"([{"op": "replace", "path": "/todo/1/t", "value": "B"}, {"op": "remove", "path": "/todo/2"}])",
            R"([{"op": "replace", "path": "/done/0/t", "value": "B"}, {"op": "remove", "path": "/todo/1"}])",
            R"({"todo": [{"t": "a"}], "done": [{"t": "B"}]})");
    }
    SECTION("within an array") {
        rebases_to(
            base, R"([{"op": "move", "from": "/todo/0", "path": "/todo/2"}])",
            R"([{"op": "add", "path": "/todo/0/due", "value": 1}, {"op": "test", "path": "/todo/2/t", "value": "c"}])",
            R"([{"op": "add", "path": "/todo/2/due", "value": 1}, {"op": "test", "path": "/todo/1/t", "value": "c"}])",
            R"({"todo": [{"t": "b"}, {"t": "c"}, {"t": "a", "due": 1}], "done": []})");
    }
    SECTION("into an object member, through values accepted made") {
        rebases_to(
            base,
            R"([{"op": "add", "path": "/archive", "value": {}}, {"op": "move", "from": "/todo", "path": "/archive/old"}])",
            R"([{"op": "remove", "path": "/todo/0"}])",
            R"([{"op": "remove", "path": "/archive/old/0"}])",
            R"({"archive": {"old": [{"t": "b"}, {"t": "c"}]}, "done": []})");
    }
    SECTION("into a copy accepted made") {
        rebases_to(
            base,
            R"([{"op": "copy", "from": "/done", "path": "/later"}, {"op": "move", "from": "/todo/2", "path": "/later/0"}])",
            R"([{"op": "replace", "path": "/todo/2/t", "value": "C"}])",
            R"([{"op": "replace", "path": "/later/0/t", "value": "C"}])",
            R"({"todo": [{"t": "a"}, {"t": "b"}], "done": [], "later": [{"t": "C"}]})");
    }
}

TEST_CASE("rebase: a pointer followed through a move does not conflict with that move",
          "[rebase][move]") {
    const std::string base = R"({"a": {"x": 1}, "b": {}})";
    rebases_to(base, R"([{"op": "move", "from": "/a", "path": "/b/a"}])",
               R"([{"op": "remove", "path": "/a"}])", R"([{"op": "remove", "path": "/b/a"}])",
               R"({"b": {}})");
    rebases_to(
        base, R"([{"op": "move", "from": "/a", "path": "/b/a"}])",
        R"([{"op": "test", "path": "/a", "value": {"x": 1}}, {"op": "copy", "from": "/a", "path": "/c"}])",
        R"([{"op": "test", "path": "/b/a", "value": {"x": 1}}, {"op": "copy", "from": "/b/a", "path": "/c"}])",
        R"({"b": {"a": {"x": 1}}, "c": {"x": 1}})");
}

TEST_CASE("rebase: values the patch added keep the tail of its pointers", "[rebase][move]") {
    rebases_to(
        scope, R"([{"op": "add", "path": "/scope/0", "value": "z"}])",
        R"([{"op": "add", "path": "/scope/1", "value": {"tags": ["t"]}}, {"op": "add", "path": "/scope/1/tags/0", "value": "u"}])",
        R"([{"op": "add", "path": "/scope/2", "value": {"tags": ["t"]}}, {"op": "add", "path": "/scope/2/tags/0", "value": "u"}])",
        R"({"name": "n", "scope": ["z", "a", {"tags": ["u", "t"]}, "b", "c", "d"], "owner": {"id": "o"}})");
}

// --- rewritten operations ------------------------------------------------------------------

TEST_CASE("rebase: a move that shifts would turn into a move into its own child becomes a "
          "copy and a remove",
          "[rebase][rewrite]") {
    // The patch moves e0 into {"q"} (index 1 once e0 is gone); accepted removed e1, so {"q"}
    // slides into e0's place and the move would read from /a/0 to /a/0/x.
    rebases_to(
        R"({"a": ["e0", "e1", {"q": 1}]})", R"([{"op": "remove", "path": "/a/1"}])",
        R"([{"op": "move", "from": "/a/0", "path": "/a/1/x"}])",
        R"([{"op": "copy", "from": "/a/0", "path": "/a/1/x"}, {"op": "remove", "path": "/a/0"}])",
        R"({"a": [{"q": 1, "x": "e0"}]})");
}

TEST_CASE("rebase: writing over a member accepted moved into an array replaces that element",
          "[rebase][rewrite]") {
    const std::string base = R"({"m": {"k": "v"}, "list": ["x"], "src": "s"})";
    const std::string moved = R"([{"op": "move", "from": "/m/k", "path": "/list/0"}])";
    SECTION("add becomes replace") {
        rebases_to(base, moved, R"([{"op": "add", "path": "/m/k", "value": "w"}])",
                   R"([{"op": "replace", "path": "/list/0", "value": "w"}])",
                   R"({"m": {}, "list": ["w", "x"], "src": "s"})");
    }
    SECTION("move becomes an insert before it and its removal") {
        rebases_to(
            base, moved, R"([{"op": "move", "from": "/src", "path": "/m/k"}])",
            R"([{"op": "move", "from": "/src", "path": "/list/0"}, {"op": "remove", "path": "/list/1"}])",
            R"({"m": {}, "list": ["s", "x"]})");
    }
    SECTION("copy becomes an insert before it and its removal") {
        rebases_to(
            base, moved, R"([{"op": "copy", "from": "/src", "path": "/m/k"}])",
            R"([{"op": "copy", "from": "/src", "path": "/list/0"}, {"op": "remove", "path": "/list/1"}])",
            R"({"m": {}, "list": ["s", "x"], "src": "s"})");
    }
}

// --- conflicts, one rule each ---------------------------------------------------------------

TEST_CASE("rebase conflict: accepted wrote the same location", "[rebase][conflict]") {
    SECTION("both replace a member") {
        conflict(scope, R"([{"op": "replace", "path": "/name", "value": "x"}])",
                 R"([{"op": "replace", "path": "/name", "value": "y"}])", 0, member::path, rebase_clash::removed);
    }
    SECTION("both remove an element") {
        conflict(scope, R"([{"op": "remove", "path": "/scope/2"}])",
                 R"([{"op": "remove", "path": "/scope/2"}])", 0, member::path, rebase_clash::removed);
    }
    SECTION("both add the same new member") {
        conflict(scope, R"([{"op": "add", "path": "/owner/name", "value": "x"}])",
                 R"([{"op": "add", "path": "/owner/name", "value": "y"}])", 0, member::path, rebase_clash::member_written);
    }
    SECTION("accepted added a member and removed it again") {
        conflict(
            scope,
            R"([{"op": "add", "path": "/owner/name", "value": "x"}, {"op": "remove", "path": "/owner/name"}])",
            R"([{"op": "add", "path": "/owner/name", "value": "y"}])", 0, member::path, rebase_clash::member_written);
    }
    SECTION("the patch writes over a member accepted moved away") {
        conflict(scope, R"([{"op": "move", "from": "/name", "path": "/title"}])",
                 R"([{"op": "add", "path": "/title", "value": "t"}])", 0, member::path, rebase_clash::member_written);
    }
}

TEST_CASE("rebase conflict: accepted wrote above the location", "[rebase][conflict]") {
    SECTION("removed the parent") {
        conflict(scope, R"([{"op": "remove", "path": "/owner"}])",
                 R"([{"op": "add", "path": "/owner/name", "value": "x"}])", 0, member::path, rebase_clash::removed);
    }
    SECTION("replaced the array the patch inserts into") {
        conflict(scope, R"([{"op": "replace", "path": "/scope", "value": []}])",
                 R"([{"op": "add", "path": "/scope/-", "value": "e"}])", 0, member::path, rebase_clash::removed);
    }
    SECTION("replaced the whole document") {
        conflict(scope, R"([{"op": "replace", "path": "", "value": {}}])",
                 R"([{"op": "test", "path": "/name", "value": "n"}])", 0, member::path, rebase_clash::removed);
    }
    SECTION("removed a value after moving it") {
        conflict(
            scope,
            R"([{"op": "move", "from": "/owner", "path": "/scope/0"}, {"op": "remove", "path": "/scope/0"}])",
            R"([{"op": "replace", "path": "/owner/id", "value": "p"}])", 0, member::path, rebase_clash::removed);
    }
}

TEST_CASE("rebase conflict: accepted wrote below the location", "[rebase][conflict]") {
    const std::string changed = R"([{"op": "add", "path": "/owner/name", "value": "x"}])";
    SECTION("replace") {
        conflict(scope, changed, R"([{"op": "replace", "path": "/owner", "value": {}}])", 0,
                 member::path, rebase_clash::changed_inside);
    }
    SECTION("remove") {
        conflict(scope, changed, R"([{"op": "remove", "path": "/owner"}])", 0, member::path, rebase_clash::changed_inside);
    }
    SECTION("add over it") {
        conflict(scope, changed, R"([{"op": "add", "path": "/owner", "value": 1}])", 0,
                 member::path, rebase_clash::changed_inside);
    }
    SECTION("the whole document") {
        conflict(scope, changed, R"([{"op": "replace", "path": "", "value": {}}])", 0,
                 member::path, rebase_clash::changed_inside);
    }
    SECTION("an insert into an array changes the array") {
        conflict(scope, R"([{"op": "add", "path": "/scope/0", "value": "z"}])",
                 R"([{"op": "replace", "path": "/scope", "value": []}])", 0, member::path, rebase_clash::changed_inside);
    }
    SECTION("a value accepted moved away from inside") {
        conflict(scope, R"([{"op": "move", "from": "/owner/id", "path": "/id"}])",
                 R"([{"op": "remove", "path": "/owner"}])", 0, member::path, rebase_clash::changed_inside);
    }
}

TEST_CASE("rebase conflict: the source of a move or copy that accepted wrote",
          "[rebase][conflict]") {
    const std::string changed = R"([{"op": "add", "path": "/owner/name", "value": "x"}])";
    conflict(scope, changed, R"([{"op": "copy", "from": "/owner", "path": "/backup"}])", 0,
             member::from, rebase_clash::changed_inside);
    conflict(scope, changed, R"([{"op": "move", "from": "/owner", "path": "/backup"}])", 0,
             member::from, rebase_clash::changed_inside);
    conflict(scope, R"([{"op": "remove", "path": "/scope/1"}])",
             R"([{"op": "move", "from": "/scope/1", "path": "/first"}])", 0, member::from, rebase_clash::removed);
    // A move of a value onto itself still writes it.
    conflict(scope, changed, R"([{"op": "move", "from": "/owner", "path": "/owner"}])", 0,
             member::from, rebase_clash::changed_inside);
}

TEST_CASE("rebase conflict: a test of a location accepted wrote", "[rebase][conflict]") {
    conflict(scope, R"([{"op": "replace", "path": "/name", "value": "x"}])",
             R"([{"op": "test", "path": "/name", "value": "n"}])", 0, member::path, rebase_clash::removed);
    conflict(scope, R"([{"op": "add", "path": "/scope/-", "value": "e"}])",
             R"([{"op": "test", "path": "/scope", "value": ["a", "b", "c", "d"]}])", 0,
             member::path, rebase_clash::changed_inside);
    conflict(scope, R"([{"op": "remove", "path": "/owner"}])",
             R"([{"op": "test", "path": "/owner/id", "value": "o"}])", 0, member::path, rebase_clash::removed);
}

TEST_CASE("rebase conflict: an insert before an element accepted removed or replaced",
          "[rebase][conflict]") {
    conflict(scope, R"([{"op": "remove", "path": "/scope/1"}])",
             R"([{"op": "add", "path": "/scope/1", "value": "p"}])", 0, member::path, rebase_clash::anchor_removed);
    conflict(scope, R"([{"op": "replace", "path": "/scope/1", "value": "B"}])",
             R"([{"op": "add", "path": "/scope/1", "value": "p"}])", 0, member::path, rebase_clash::anchor_removed);
    conflict(scope, R"([{"op": "replace", "path": "/scope/3", "value": "D"}])",
             R"([{"op": "move", "from": "/name", "path": "/scope/3"}])", 0, member::path, rebase_clash::anchor_removed);
}

TEST_CASE("rebase conflict: an insert before an element accepted moved", "[rebase][conflict]") {
    conflict(scope, R"([{"op": "move", "from": "/scope/1", "path": "/scope/3"}])",
             R"([{"op": "add", "path": "/scope/1", "value": "p"}])", 0, member::path, rebase_clash::anchor_moved);
    conflict(scope, R"([{"op": "move", "from": "/scope/2", "path": "/best"}])",
             R"([{"op": "copy", "from": "/name", "path": "/scope/2"}])", 0, member::path, rebase_clash::anchor_moved);
}

TEST_CASE("rebase conflict: accepted wrote at a value's new place after moving it",
          "[rebase][conflict]") {
    const std::string moved =
        R"([{"op": "move", "from": "/owner", "path": "/holder"}, {"op": "add", "path": "/holder/since", "value": 1}])";
    conflict(scope, moved, R"([{"op": "replace", "path": "/owner", "value": {}}])", 0,
             member::path, rebase_clash::changed_inside);
    // Elsewhere inside it the patch still follows it.
    rebases_to(
        scope, moved, R"([{"op": "replace", "path": "/owner/id", "value": "p"}])",
        R"([{"op": "replace", "path": "/holder/id", "value": "p"}])",
        R"({"name": "n", "scope": ["a", "b", "c", "d"], "holder": {"id": "p", "since": 1}})");
}

TEST_CASE("rebase conflict: taking away a value accepted made the whole document",
          "[rebase][conflict]") {
    const std::string base = R"({"inner": {"x": 1}, "y": 2})";
    const std::string promoted = R"([{"op": "move", "from": "/inner", "path": ""}])";
    conflict(base, promoted, R"([{"op": "remove", "path": "/inner"}])", 0, member::path, rebase_clash::made_root);
    conflict(base, promoted, R"([{"op": "move", "from": "/inner", "path": "/z"}])", 0,
             member::from, rebase_clash::made_root);
    rebases_to(base, promoted, R"([{"op": "add", "path": "/inner/z", "value": 3}])",
               R"([{"op": "add", "path": "/z", "value": 3}])", R"({"x": 1, "z": 3})");
}

TEST_CASE("rebase_conflicts: lists every conflicting operation, and what depends on one",
          "[rebase][conflict]") {
    const json doc = json::parse(scope);
    const auto accepted = patch_of(
        R"([{"op": "replace", "path": "/name", "value": "x"}, {"op": "remove", "path": "/scope/0"}])");
    const auto p = patch_of(R"([
        {"op": "test", "path": "/name", "value": "n"},
        {"op": "remove", "path": "/scope/3"},
        {"op": "add", "path": "/scope/0", "value": {"made": []}},
        {"op": "add", "path": "/scope/0/made/-", "value": 1},
        {"op": "replace", "path": "/owner/id", "value": "p"}])");
    const auto all = jsonpatch::rebase_conflicts(doc, accepted, p);
    REQUIRE(all.size() == 3);
    CHECK(all[0].op_index == 0u);
    CHECK(all[1].op_index == 2u); // inserts before "a", which accepted removed
    CHECK(all[2].op_index == 3u); // writes inside what operation 2 made
    CHECK(all[2].message == "depends on an earlier operation that conflicts");
    for (const jsonpatch::error& e : all) {
        CHECK(e.code == errc::rebase_conflict);
    }
    const auto first = jsonpatch::rebase(doc, accepted, p);
    REQUIRE_FALSE(first);
    CHECK(first.error() == all.front());
}

// --- the error value -------------------------------------------------------------------------

TEST_CASE("rebase: a conflict names the operation as the client wrote it", "[rebase][error]") {
    const jsonpatch::error e = conflict(
        scope,
        R"([{"op": "add", "path": "/scope/0", "value": "z"}, {"op": "remove", "path": "/scope/3"}])",
        R"([{"op": "test", "path": "/name", "value": "n"}, {"op": "move", "from": "/scope/2", "path": "/scope/0"}])",
        1, member::from, rebase_clash::removed);
    // accepted removed "c" (at /scope/2 for the patch), so the move's source conflicts; the error
    // carries the client's pointers, not rebased ones, and names the accepted operation.
    CHECK(*e.path == "/scope/0");
    CHECK(*e.from == "/scope/2");
    CHECK(e.message ==
          "accepted op 1 (remove '/scope/3') removed or replaced the value at or above 'from'");
    CHECK(jsonpatch::http_status_of(e.code) == 409);
    CHECK(static_cast<int>(errc::rebase_conflict) == 408);
    CHECK(jsonpatch::to_string(errc::rebase_conflict) == "rebase_conflict");
    CHECK(jsonpatch::band_of(errc::rebase_conflict) == jsonpatch::errc_band::policy);
}

TEST_CASE("rebase: accepted that does not apply to base is an error without op_index",
          "[rebase][error]") {
    const json doc = json::parse(scope);
    const auto accepted = patch_of(R"([{"op": "remove", "path": "/scope/9"}])");
    const auto p = patch_of(R"([{"op": "remove", "path": "/name"}])");
    const auto rebased = jsonpatch::rebase(doc, accepted, p);
    REQUIRE_FALSE(rebased);
    CHECK(rebased.error().code == errc::array_index_out_of_range);
    CHECK_FALSE(rebased.error().op_index.has_value());
    CHECK_FALSE(rebased.error().path.has_value());
    CHECK(rebased.error().message.rfind("accepted op 0 (path '/scope/9'): ", 0) == 0);
    const auto all = jsonpatch::rebase_conflicts(doc, accepted, p);
    REQUIRE(all.size() == 1);
    CHECK(all.front() == rebased.error());
    // Even with nothing to rebase: a wrong base is never taken for a right one.
    CHECK_FALSE(jsonpatch::rebase(doc, accepted, jsonpatch::patch()));
}

TEST_CASE("rebase: a patch that does not apply to base reports apply's error", "[rebase][error]") {
    const json doc = json::parse(scope);
    const auto accepted = patch_of(R"([{"op": "add", "path": "/scope/0", "value": "z"}])");
    const auto check = [&](const std::string& text, errc code, std::size_t index) {
        const auto p = patch_of(text);
        json copy = doc;
        const auto applied = jsonpatch::apply(copy, p);
        REQUIRE_FALSE(applied);
        const auto rebased = jsonpatch::rebase(doc, accepted, p);
        INFO(text);
        REQUIRE_FALSE(rebased);
        CHECK(rebased.error().code == code);
        CHECK(rebased.error() == applied.error()); // the very error apply() gives on base
        CHECK(rebased.error().op_index == index);
    };
    check(R"([{"op": "remove", "path": "/nothing"}])", errc::path_not_found, 0);
    check(
        R"([{"op": "test", "path": "/name", "value": "n"}, {"op": "remove", "path": "/scope/4"}])",
        errc::array_index_out_of_range, 1);
    check(R"([{"op": "add", "path": "/name/x", "value": 1}])", errc::not_a_container, 0);
    check(R"([{"op": "add", "path": "/scope/01", "value": 1}])", errc::invalid_array_index, 0);
    check(R"([{"op": "move", "from": "/owner", "path": "/owner/id/x"}])",
          errc::move_into_descendant, 0);
    check(R"([{"op": "remove", "path": ""}])", errc::root_not_removable, 0);
    check(R"([{"op": "copy", "from": "/none", "path": "/x"}])", errc::from_not_found, 0);
}

// --- identities and document types -----------------------------------------------------------

TEST_CASE("rebase: nothing accepted leaves the patch as it is; nothing to rebase gives nothing",
          "[rebase][identity]") {
    const json doc = json::parse(scope);
    const auto p = patch_of(
        R"([{"op": "add", "path": "/scope/4", "value": "e"}, {"op": "add", "path": "/scope/-", "value": "f"}, {"op": "move", "from": "/scope/0", "path": "/owner/first"}, {"op": "test", "path": "/owner/first", "value": "a"}])");
    const auto same = jsonpatch::rebase(doc, jsonpatch::patch(), p);
    REQUIRE(same);
    CHECK(same->to_json() == p.to_json());
    const auto nothing = jsonpatch::rebase(doc, p, jsonpatch::patch());
    REQUIRE(nothing);
    CHECK(nothing->empty());
}

TEMPLATE_TEST_CASE("rebase: every document type keeps its own values", "[rebase][types]",
                   JSONPATCH_TEST_JSON_TYPES) {
    using J = TestType;
    const J doc = J::parse(R"({"z": [1, 2], "a": {}})");
    const auto accepted =
        jsonpatch::parse_patch(J::parse(R"([{"op": "add", "path": "/z/0", "value": 0}])")).value();
    const auto p = jsonpatch::parse_patch(
                       J::parse(R"([{"op": "add", "path": "/a/v", "value": {"y": 1, "b": 2.5}},
                                    {"op": "remove", "path": "/z/1"}])"))
                       .value();
    const jsonpatch::result<jsonpatch::basic_patch<J>> rebased = jsonpatch::rebase(doc, accepted, p);
    REQUIRE(rebased);
    const std::string members = jsonpatch_test::is_ordered<J> ? R"({"y":1,"b":2.5})"
                                                               : R"({"b":2.5,"y":1})";
    CHECK(rebased->to_json().dump() == R"([{"op":"add","path":"/a/v","value":)" + members +
                                           R"(},{"op":"remove","path":"/z/2"}])");
}

TEST_CASE("rebase: a huge base is read only where the pointers go", "[rebase][cost]") {
    // A million-element array: rebase makes a node for each value a pointer reaches (the root,
    // the array, and the elements named), never one per element. (No timing here: the count of
    // nodes is the cost model.)
    json doc = json::object();
    doc["big"] = json::array();
    doc["big"].get_ref<json::array_t&>().resize(1'000'000, json(0));
    const auto accepted = patch_of(
        R"([{"op": "remove", "path": "/big/10"}, {"op": "add", "path": "/big/999999", "value": 1}])");
    const auto p = patch_of(
        R"([{"op": "replace", "path": "/big/500000", "value": 7}, {"op": "add", "path": "/big/1000000", "value": 8}])");
    jsonpatch::detail::rebase_tree<json> tree(doc);
    jsonpatch::detail::rebase_accepted_replay<json> replay(tree, 4096);
    REQUIRE_FALSE(replay.run(accepted));
    jsonpatch::detail::rebase_patch_replay<json> rebaser(tree, accepted, false);
    rebaser.run(p);
    REQUIRE(rebaser.errors().empty());
    CHECK(rebaser.rebased().to_json() ==
          json::parse(
              R"([{"op": "replace", "path": "/big/499999", "value": 7}, {"op": "add", "path": "/big/1000000", "value": 8}])"));
    // root, /big, the two elements named (10 and 500000; 999999 is the end once 10 is gone) and
    // the three values the patches add.
    CHECK(tree.node_count() == 7);
    CHECK(jsonpatch::rebase(doc, accepted, p)->to_json() == rebaser.rebased().to_json());
}

// --- a defect found by the property tests ----------------------------------------------------

TEST_CASE("regression #24: a rebased move onto itself keeps its anchor when rebased again",
          "[rebase][regression]") {
    // Over a1 the patch's move to the end of /c comes out as "move /c/0 -> /c/0"; rebasing that
    // over a2 must still put the value at the end, after a2's append, as rebasing over a1 + a2
    // does (it used to be read as a move that changes nothing).
    const json base = json::parse(R"({"a": [], "c": []})");
    const auto a1 = patch_of(R"([{"op": "move", "from": "/a", "path": "/c/0"}])");
    const auto a2 = patch_of(R"([{"op": "add", "path": "/c/1", "value": "x"}])");
    const auto p = patch_of(R"([{"op": "move", "from": "/a", "path": "/c/0"}])");
    const auto step = jsonpatch::rebase(base, a1, p);
    REQUIRE(step);
    CHECK(step->to_json() == json::parse(R"([{"op": "move", "from": "/c/0", "path": "/c/0"}])"));
    json after_a1 = base;
    REQUIRE(jsonpatch::apply(after_a1, a1));
    const auto steps = jsonpatch::rebase(after_a1, a2, *step);
    auto both = a1;
    both.push_back(a2[0]);
    const auto at_once = jsonpatch::rebase(base, both, p);
    REQUIRE(steps);
    REQUIRE(at_once);
    CHECK(steps->to_json() == json::parse(R"([{"op": "move", "from": "/c/0", "path": "/c/1"}])"));
    CHECK(at_once->to_json() == steps->to_json());
}

TEST_CASE("rebase: a move of a member onto itself is no conflict with itself", "[rebase][move]") {
    // The value is still at its target in the merged view while it is being moved there.
    rebases_to(scope, "[]", R"([{"op": "move", "from": "/name", "path": "/name"}])",
               R"([{"op": "move", "from": "/name", "path": "/name"}])", scope);
    rebases_to(scope, R"([{"op": "add", "path": "/scope/0", "value": "z"}])",
               R"([{"op": "move", "from": "/owner", "path": "/owner"}])",
               R"([{"op": "move", "from": "/owner", "path": "/owner"}])",
               R"({"name": "n", "scope": ["z", "a", "b", "c", "d"], "owner": {"id": "o"}})");
}

TEST_CASE("rebase: values and pointers 100,000 levels deep, without recursion", "[rebase][deep]") {
    using jsonpatch_test::overflowing_depth;
    json doc = json::object();
    doc["a"] = jsonpatch_test::deep_object<json>(overflowing_depth);
    std::string leaf;
    for (std::size_t i = 0; i < overflowing_depth; ++i) {
        leaf += "/d";
    }
    jsonpatch::apply_limits unlimited;
    unlimited.max_pointer_length = 4 * overflowing_depth;
    unlimited.max_pointer_depth = 2 * overflowing_depth;
    unlimited.max_value_depth = 2 * overflowing_depth;
    const auto deep_patch = [&unlimited](const json& operations) {
        return jsonpatch::parse_patch(operations, unlimited).value();
    };
    // (nlohmann's copy recurses: the deep value is moved into the patch, never copied.)
    json operations = json::array({{{"op", "replace"}, {"path", "/a" + leaf}, {"value", 1}},
                                   {{"op", "add"}, {"path", "/c"}}});
    operations[1]["value"] = jsonpatch_test::deep_array<json>(overflowing_depth, json(3));
    const auto accepted = patch_of(R"([{"op": "move", "from": "/a", "path": "/b"}])");
    // The pointer is followed through the move, token by token; the deep value is carried over.
    const auto followed = jsonpatch::rebase(doc, accepted, deep_patch(operations));
    REQUIRE(followed);
    REQUIRE(followed->size() == 2);
    CHECK((*followed)[0].path.to_string() == "/b" + leaf);
    CHECK((*followed)[1].path.to_string() == "/c");
    CHECK(jsonpatch::detail::json_identical(
        (*followed)[1].value, jsonpatch_test::deep_array<json>(overflowing_depth, json(3))));
    // A write at the deep leaf conflicts with a patch that replaces a value above it.
    const auto above = deep_patch(json::array(
        {{{"op", "replace"}, {"path", "/a" + leaf.substr(0, leaf.size() / 2)}, {"value", 0}}}));
    const auto conflicts = jsonpatch::rebase_conflicts(
        doc, deep_patch(json::array({{{"op", "replace"}, {"path", "/a" + leaf}, {"value", 1}}})),
        above);
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].code == errc::rebase_conflict);
    CHECK(conflicts[0].message.find(
              jsonpatch::detail::rebase_clash_phrase(rebase_clash::changed_inside).before) !=
          std::string::npos);
}

TEST_CASE("rebase: with ordered_json, members both patches add come in that order",
          "[rebase][types]") {
    using ordered = nlohmann::ordered_json;
    const ordered doc = ordered::parse(R"({"z": 0})");
    const auto accepted =
        jsonpatch::parse_patch<ordered>(R"([{"op": "add", "path": "/m", "value": 1}])").value();
    const auto p =
        jsonpatch::parse_patch<ordered>(R"([{"op": "add", "path": "/a", "value": 2}])").value();
    const auto rebased = jsonpatch::rebase(doc, accepted, p);
    REQUIRE(rebased);
    ordered merged = doc;
    REQUIRE(jsonpatch::apply(merged, accepted));
    REQUIRE(jsonpatch::apply(merged, *rebased));
    CHECK(merged.dump() == R"({"z":0,"m":1,"a":2})"); // accepted's first, never sorted
}
