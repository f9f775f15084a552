// SPDX-License-Identifier: MIT
// Allocation failure at every allocation of a varied patch leaves the document unchanged or fully patched.
#include <jsonpatch/apply.hpp>

#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include <execinfo.h>

using json = nlohmann::json;

// This executable replaces the global allocation functions; nothing else in the suite does. When
// armed, allocation number `fail_at` (counting from 0) throws std::bad_alloc.
//
// nlohmann's destructor allocates: it flattens a non-empty array or object into a heap stack so
// that destruction does not recurse, and a bad_alloc there, inside a noexcept destructor, calls
// std::terminate wherever any json is destroyed. No library on top of nlohmann can change that,
// so the hook never fails an allocation made under a json destructor (found by symbol name;
// tests/hardening/tests.cmake links this test with -rdynamic) and fails the next one instead.
namespace {

struct allocation_hook {
    long long fail_at = -1; // < 0: never fail
    long long seen = 0;
    long long spared = 0; // failures moved off a json destructor
    bool persistent = false; // fail every allocation from fail_at on, as memory that stays short
};

allocation_hook& hook() noexcept {
    static allocation_hook instance;
    return instance;
}

bool inside_json_destructor() noexcept {
    void* frames[64];
    const int depth = backtrace(frames, 64);
    char** names = backtrace_symbols(frames, depth); // malloc, not operator new
    bool found = false;
    for (int i = 0; names != nullptr && i < depth && !found; ++i) {
        const std::string_view name(names[i]);
        found = name.find("json_value7destroy") != std::string_view::npos ||
                (name.find("basic_json") != std::string_view::npos &&
                 (name.find("ED1Ev") != std::string_view::npos || name.find("ED2Ev") != std::string_view::npos));
    }
    std::free(names); // NOLINT(cppcoreguidelines-no-malloc): backtrace_symbols uses malloc
    return found;
}

void* allocate(std::size_t size) {
    allocation_hook& h = hook();
    const long long number = h.seen++;
    if (h.fail_at >= 0 && (number == h.fail_at || (h.persistent && number > h.fail_at))) {
        if (inside_json_destructor()) {
            if (number == h.fail_at) {
                ++h.fail_at;
            }
            ++h.spared;
        } else {
            throw std::bad_alloc();
        }
    }
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}

} // namespace

void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace {

const char* const base_document = R"({
  "obj": {"a": 1, "b": [true, null, "s"], "c": {"d": {"e": [1, 2, 3]}}},
  "arr": [0, {"x": [1, 2]}, "two", [3, [4]]],
  "s": "text"
})";

struct sweep_result {
    long long allocation_points = 0; // allocations of one complete apply
    long long failures_injected = 0;
    long long spared = 0; // points under a json destructor, not failed (see the hook)
};

// Runs `run(doc)` once per allocation it makes, failing that allocation (with `persistent`, that
// one and every later one); checks each time that the document is exactly as before (bad_alloc)
// or exactly as the clean run left it, member order included.
template <class J, class Run>
sweep_result sweep(const J& start, Run run, bool persistent = false) {
    J expected = start;
    const bool applies = run(expected);
    const std::string before = start.dump();
    const std::string after = expected.dump();
    sweep_result r;
    hook().spared = 0;
    {
        void* frame[1];
        (void)backtrace(frame, 1); // loads the unwinder now, not under an armed hook
    }
    for (long long n = 0;; ++n) {
        J doc = start;
        bool threw = false;
        bool applied = false;
        hook().seen = 0;
        hook().fail_at = n;
        hook().persistent = persistent;
        try {
            applied = run(doc);
        } catch (const std::bad_alloc&) {
            threw = true;
        }
        const long long seen = hook().seen;
        n = hook().fail_at; // skips the points moved off destructors
        hook().fail_at = -1;
        hook().persistent = false;
        INFO("allocation " << n);
        if (threw) {
            ++r.failures_injected;
            REQUIRE(doc.dump() == before);
            continue;
        }
        REQUIRE(applied == applies);
        REQUIRE(doc.dump() == (applies ? after : before));
        r.allocation_points = seen;
        r.spared = hook().spared;
        break; // the whole call ran with fewer than n + 1 allocations: every point was covered
    }
    return r;
}

json varied_patch() {
    return json::parse(R"([
      {"op": "add", "path": "/obj/new", "value": {"k": [1, 2, {"z": null}]}},
      {"op": "add", "path": "/arr/1", "value": "inserted"},
      {"op": "remove", "path": "/obj/a"},
      {"op": "replace", "path": "/arr/0", "value": {"deep": [1, [2, [3]]]}},
      {"op": "move", "from": "/obj/b", "path": "/arr/-"},
      {"op": "copy", "from": "/arr", "path": "/copy"},
      {"op": "move", "from": "/arr/2", "path": "/obj/moved"},
      {"op": "move", "from": "/obj/c", "path": "/obj2"},
      {"op": "copy", "from": "/obj2", "path": "/arr/0"},
      {"op": "remove", "path": "/arr/4/1"},
      {"op": "replace", "path": "", "value": null},
      {"op": "add", "path": "", "value": {"root": "new"}},
      {"op": "test", "path": "/root", "value": "new"}
    ])");
}

} // namespace

TEST_CASE("exception safety: bad_alloc anywhere in a successful patch leaves it unapplied", "[apply][exception]") {
    const json start = json::parse(base_document);
    json patch_document = varied_patch();
    patch_document.erase(patch_document.end() - 3, patch_document.end()); // keep the document for the checks
    const auto r = sweep(start, [&patch_document](json& doc) {
        return static_cast<bool>(jsonpatch::apply(doc, patch_document));
    });
    CHECK(r.failures_injected + r.spared == r.allocation_points);
    CHECK(r.allocation_points > 20);
}

TEST_CASE("exception safety: root replacement under bad_alloc", "[apply][exception]") {
    const json start = json::parse(base_document);
    const json patch_document = varied_patch();
    const auto r = sweep(start, [&patch_document](json& doc) {
        return static_cast<bool>(jsonpatch::apply(doc, patch_document));
    });
    CHECK(r.failures_injected > 20);
}

TEST_CASE("exception safety: a pre-parsed patch that fails at its end, under bad_alloc", "[apply][exception]") {
    const json start = json::parse(base_document);
    json patch_document = varied_patch();
    patch_document.erase(patch_document.end() - 3, patch_document.end());
    patch_document.push_back(json::parse(R"({"op": "test", "path": "/copy/0", "value": "wrong"})"));
    const jsonpatch::patch p = jsonpatch::parse_patch(patch_document).value();
    const auto r = sweep(start, [&p](json& doc) { return static_cast<bool>(jsonpatch::apply(doc, p)); });
    CHECK(r.failures_injected > 20);
}

TEST_CASE("exception safety: failing moves under bad_alloc", "[apply][exception]") {
    const auto failing = GENERATE(as<std::string>{},
                                  R"({"op": "move", "from": "/obj", "path": "/obj/c/inner"})",
                                  R"({"op": "move", "from": "/obj/missing", "path": "/x"})",
                                  R"({"op": "move", "from": "/obj/b", "path": "/arr/99"})",
                                  R"({"op": "move", "from": "/arr/1", "path": "/s/child"})",
                                  R"({"op": "move", "from": "/obj/c", "path": "/nowhere/c"})");
    const json start = json::parse(base_document);
    json patch_document = json::parse(R"([
      {"op": "add", "path": "/arr/0", "value": [1, 2]},
      {"op": "move", "from": "/obj/a", "path": "/arr/-"},
      {"op": "copy", "from": "/obj/c", "path": "/c2"}
    ])");
    patch_document.push_back(json::parse(failing));
    const auto r = sweep(start, [&patch_document](json& doc) {
        return static_cast<bool>(jsonpatch::apply(doc, patch_document));
    });
    CHECK(r.failures_injected > 5);
}

TEST_CASE("exception safety: leniencies under bad_alloc", "[apply][exception]") {
    jsonpatch::apply_options options;
    options.create_missing_parents = true;
    options.allow_negative_array_index = true;
    options.allow_missing_remove_target = true;
    const json start = json::parse(base_document);
    const json patch_document = json::parse(R"([
      {"op": "add", "path": "/p/q/r", "value": {"v": [1]}},
      {"op": "add", "path": "/arr/-1", "value": "before last"},
      {"op": "remove", "path": "/arr/-2"},
      {"op": "remove", "path": "/absent"},
      {"op": "move", "from": "/arr/-1", "path": "/p/q/moved"},
      {"op": "copy", "from": "/p", "path": "/new/parent/copy"}
    ])");
    const auto r = sweep(start, [&patch_document, &options](json& doc) {
        return static_cast<bool>(jsonpatch::apply(doc, patch_document, options));
    });
    CHECK(r.failures_injected + r.spared == r.allocation_points);
}

namespace {

using ordered_json = nlohmann::ordered_json;

// Member names longer than any small-string buffer, so that every copy of one allocates.
const char* const ordered_document = R"({
  "first member of the object": {"a nested member name": [1, 2, 3], "another nested name": null},
  "second member of the object": "a string value long enough to live on the heap",
  "third member of the object": [{"element member name": true}],
  "fourth member of the object": 4,
  "fifth member of the object": {"x": "y"}
})";

ordered_json ordered_patch(const char* failing_last) {
    ordered_json p = ordered_json::parse(R"([
      {"op": "remove", "path": "/second member of the object"},
      {"op": "remove", "path": "/first member of the object/a nested member name"},
      {"op": "add", "path": "/a member added at the end of it", "value": {"k": [1]}},
      {"op": "move", "from": "/third member of the object", "path": "/moved member with a long name"},
      {"op": "move", "from": "/fifth member of the object", "path": "/fourth member of the object"},
      {"op": "copy", "from": "/first member of the object", "path": "/a copy with a long name"},
      {"op": "replace", "path": "/first member of the object/another nested name", "value": [1]}
    ])");
    if (failing_last != nullptr) {
        p.push_back(ordered_json::parse(failing_last));
    }
    return p;
}

} // namespace

TEST_CASE("regression #21: ordered_json removals roll back exactly under bad_alloc",
          "[apply][exception][ordered][regression]") {
    // Taking a member out of an ordered object copies names; a failure there left a stray "": null
    // member behind after rollback (or, with g++, lost the removed value).
    const ordered_json start = ordered_json::parse(ordered_document);
    const auto failing = GENERATE(as<const char*>{}, nullptr,
                                  R"({"op": "test", "path": "/fourth member of the object", "value": 0})",
                                  R"({"op": "remove", "path": "/no such member"})");
    const ordered_json patch_document = ordered_patch(failing);
    INFO(patch_document.back().dump());
    const auto r = sweep(start, [&patch_document](ordered_json& doc) {
        return static_cast<bool>(jsonpatch::apply(doc, patch_document));
    });
    CHECK(r.failures_injected > 20);
    const jsonpatch::ordered_patch parsed = jsonpatch::parse_patch(patch_document).value();
    const auto pre_parsed = sweep(start, [&parsed](ordered_json& doc) {
        return static_cast<bool>(jsonpatch::apply(doc, parsed));
    });
    CHECK(pre_parsed.failures_injected > 20);
}

TEST_CASE("regression #21: ordered_json rollback allocates nothing, even when memory stays short",
          "[apply][exception][ordered][regression]") {
    // From the failing allocation on every allocation fails: rollback, which runs in a noexcept
    // function, must then put every member back without allocating (it used to copy names and so
    // called std::terminate).
    const ordered_json start = ordered_json::parse(ordered_document);
    const auto failing = GENERATE(as<const char*>{}, nullptr,
                                  R"({"op": "test", "path": "/fourth member of the object", "value": 0})");
    const ordered_json patch_document = ordered_patch(failing);
    const auto r = sweep(
        start,
        [&patch_document](ordered_json& doc) {
            return static_cast<bool>(jsonpatch::apply(doc, patch_document));
        },
        /*persistent=*/true);
    CHECK(r.failures_injected > 20);
    // The same for nlohmann::json, whose member nodes go back without allocating.
    const json plain_start = json::parse(ordered_document);
    const json plain_patch = json::parse(ordered_patch(failing).dump());
    const auto plain = sweep(
        plain_start,
        [&plain_patch](json& doc) { return static_cast<bool>(jsonpatch::apply(doc, plain_patch)); },
        /*persistent=*/true);
    CHECK(plain.failures_injected > 20);
}
