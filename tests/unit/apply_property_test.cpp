// SPDX-License-Identifier: MIT
// Seeded property tests of apply: atomic, deterministic, in place == copy, policy-safe, RFC-correct;
// and on hostile values: 100,000-deep documents through apply, its inverse, validate, diff and merge
// patch, and diffs that must stay within the default apply limits (oracles in the fuzz harness).
#include <jsonpatch/apply.hpp>

#include <jsonpatch/errc.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include <json_types.hpp>

#include <hostile_harness.hpp>
#include <reference_apply.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

// Random documents and patches of document type `json` (every basic_json type the suite covers)
// that hit real paths most of the time, near misses otherwise. Every draw comes from one
// std::mt19937 seeded per case, so a failure names its seed.
template <class json>
class generator {
  public:
    using operation = jsonpatch::basic_operation<json>;
    using patch = jsonpatch::basic_patch<json>;

    explicit generator(std::uint32_t seed) : rng_(seed) {}

    std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

    std::string key() {
        static const std::vector<std::string> keys{"a", "b", "c", "", "~", "/", "0", "-", "x y"};
        return keys[below(keys.size())];
    }

    json scalar() {
        switch (below(7)) {
        case 0: return nullptr;
        case 1: return chance(0.5);
        case 2: return static_cast<std::int64_t>(below(7)) - 3;
        case 3: return 1.5;
        case 4: return 2.0; // equal to the integer 2 under RFC 6902 §4.6
        case 5: return key();
        default: return static_cast<std::uint64_t>(below(3));
        }
    }

    json value(std::size_t depth) {
        if (depth == 0 || chance(0.4)) {
            return scalar();
        }
        const std::size_t n = below(4);
        if (chance(0.5)) {
            json out = json::array();
            for (std::size_t i = 0; i < n; ++i) {
                out.push_back(value(depth - 1));
            }
            return out;
        }
        json out = json::object();
        for (std::size_t i = 0; i < n; ++i) {
            out[key()] = value(depth - 1);
        }
        return out;
    }

    json document() {
        json doc = json::object();
        const std::size_t n = 1 + below(4);
        for (std::size_t i = 0; i < n; ++i) {
            doc[key()] = value(3);
        }
        return doc;
    }

    // Every pointer that names a value of `doc`.
    static std::vector<jsonpatch::pointer> paths_of(const json& doc) {
        std::vector<jsonpatch::pointer> out{jsonpatch::pointer{}};
        for (std::size_t i = 0; i < out.size(); ++i) {
            const jsonpatch::pointer here = out[i];
            const json* node = jsonpatch::find(doc, here);
            if (node->is_object()) {
                for (const auto& member : node->items()) {
                    out.push_back(jsonpatch::pointer(here).push_back(member.key()));
                }
            } else if (node->is_array()) {
                for (std::size_t k = 0; k < node->size(); ++k) {
                    out.push_back(jsonpatch::pointer(here).push_back(k));
                }
            }
        }
        return out;
    }

    // An existing path, or one step past it (a new member, '-', an index too far or malformed).
    jsonpatch::pointer pointer_into(const json& doc) {
        const auto paths = paths_of(doc);
        jsonpatch::pointer p = paths[below(paths.size())];
        if (chance(0.35)) {
            static const std::vector<std::string> extras{"-", "9", "01", "new", "0", "1"};
            p.push_back(chance(0.5) ? key() : extras[below(extras.size())]);
        }
        return p;
    }

    operation operation_on(const json& doc) {
        operation op;
        op.op = static_cast<jsonpatch::op_kind>(below(6));
        op.path = pointer_into(doc);
        if (jsonpatch::has_from(op.op)) {
            op.from = pointer_into(doc);
        }
        if (jsonpatch::has_value(op.op)) {
            // A test usually copies the real value, so that some patches get past their tests.
            const json* current = jsonpatch::find(doc, op.path);
            op.value = op.op == jsonpatch::op_kind::test && current != nullptr && chance(0.7) ? *current
                                                                                             : value(2);
        }
        return op;
    }

    // A patch generated against the document as it evolves, so later operations see earlier ones.
    patch patch_for(const json& doc) {
        patch p;
        json shadow = doc;
        const std::size_t n = 1 + below(6);
        for (std::size_t i = 0; i < n; ++i) {
            operation op = operation_on(shadow);
            patch one;
            one.push_back(op);
            (void)jsonpatch::apply(shadow, one); // advance the shadow only when the step works
            p.push_back(std::move(op));
        }
        return p;
    }

  private:
    std::mt19937 rng_;
};

constexpr std::uint32_t cases = 3000;

} // namespace

TEMPLATE_TEST_CASE("apply property: a failing patch leaves the document byte-identical",
                   "[apply][property][atomicity]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    std::size_t failures = 0;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed);
        json doc = gen.document();
        auto p = gen.patch_for(doc);
        // Force a failure at the end in half the cases, so long successful prefixes are undone too.
        if (gen.chance(0.5)) {
            p.test(jsonpatch::pointer::parse("/no such member").value(), 0);
        }
        const std::string before = doc.dump();
        const auto outcome = jsonpatch::apply(doc, p);
        if (!outcome) {
            ++failures;
            INFO("seed " << seed << ": " << jsonpatch::describe(outcome.error()));
            REQUIRE(doc.dump() == before);
        }
    }
    CHECK(failures > cases / 2); // the property was exercised thousands of times
}

TEMPLATE_TEST_CASE("apply property: apply is deterministic and agrees with patched()",
                   "[apply][property]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    std::size_t successes = 0;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed + 100'000);
        const json doc = gen.document();
        const auto p = gen.patch_for(doc);
        json first = doc;
        json second = doc;
        const auto a = jsonpatch::apply(first, p);
        const auto b = jsonpatch::apply(second, p);
        const auto copy = jsonpatch::patched(doc, p);
        INFO("seed " << seed);
        REQUIRE(a.has_value() == b.has_value());
        REQUIRE(a.has_value() == copy.has_value());
        REQUIRE(first.dump() == second.dump());
        if (a) {
            ++successes;
            REQUIRE(copy->dump() == first.dump());
        } else {
            REQUIRE(a.error() == b.error());
            REQUIRE(a.error() == copy.error());
        }
    }
    CHECK(successes > cases / 10);
}

TEMPLATE_TEST_CASE("apply property: results match the independent reference applier",
                   "[apply][property][rfc]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed + 200'000);
        const json doc = gen.document();
        const auto p = gen.patch_for(doc);
        json actual = doc;
        const auto outcome = jsonpatch::apply(actual, p);
        const auto expected = jsonpatch_reference::apply(doc, p.to_json());
        INFO("seed " << seed << ": " << p.to_json().dump());
        if (outcome) {
            REQUIRE(expected.kind == jsonpatch_reference::outcome_kind::applied);
            REQUIRE(expected.document.dump() == actual.dump());
        } else {
            REQUIRE(expected.kind == jsonpatch_reference::outcome_kind::failed);
        }
    }
}

TEMPLATE_TEST_CASE("apply property: a policy never lets a read-only value change",
                   "[apply][property][policy]", JSONPATCH_TEST_JSON_TYPES) {
    using json = TestType;
    std::size_t allowed = 0;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed + 300'000);
        json doc = gen.document();
        // Only paths made of object members: read_only protects a path, and inserting or removing
        // an earlier array element moves a different value under an index path by design.
        std::vector<jsonpatch::pointer> paths;
        for (const jsonpatch::pointer& candidate : generator<json>::paths_of(doc)) {
            bool through_objects = true;
            for (jsonpatch::pointer up = candidate; !up.is_root(); up = up.parent()) {
                through_objects = through_objects && jsonpatch::find(doc, up.parent())->is_object();
            }
            if (through_objects) {
                paths.push_back(candidate);
            }
        }
        jsonpatch::policy guard = jsonpatch::policy::allow_all();
        std::vector<jsonpatch::pointer> protected_paths;
        const std::size_t n = 1 + gen.below(3);
        for (std::size_t i = 0; i < n; ++i) {
            // Never the root: a read-only root forbids every write, which proves nothing.
            const jsonpatch::pointer& chosen = paths[1 + gen.below(paths.size() - 1)];
            protected_paths.push_back(chosen);
            guard.read_only(chosen.to_string());
        }
        jsonpatch::basic_apply_options<json> options;
        options.policy = &guard;
        const json original = doc;
        const auto p = gen.patch_for(doc);
        const auto outcome = jsonpatch::apply(doc, p, options);
        INFO("seed " << seed << ": " << p.to_json().dump());
        if (!outcome) {
            REQUIRE(doc.dump() == original.dump());
            continue;
        }
        ++allowed;
        for (const jsonpatch::pointer& where : protected_paths) {
            const json* before = jsonpatch::find(original, where);
            const json* after = jsonpatch::find(doc, where);
            INFO("protected " << where.to_string());
            REQUIRE(before != nullptr);
            REQUIRE(after != nullptr);
            REQUIRE(before->dump() == after->dump());
        }
    }
    CHECK(allowed > cases / 20);
}

TEMPLATE_TEST_CASE("apply property: 100,000-deep values through apply, inverse, validate, diff "
                   "and merge patch",
                   "[apply][property][deep]", JSONPATCH_TEST_JSON_TYPES) {
    // check_deep adds the member "deep" (a 100,000-deep chain) to the document; the patch is the
    // generator's, with operations on that member mixed in.
    using json = TestType;
    constexpr std::uint32_t rounds = 6;
    for (std::uint32_t seed = 0; seed < rounds; ++seed) {
        generator<json> gen(seed + 400'000);
        const json doc = gen.document();
        const auto generated = gen.patch_for(doc);
        jsonpatch::basic_patch<json> p;
        const auto deep = jsonpatch::pointer::parse("/deep").value();
        const auto inside = jsonpatch::pointer::parse("/deep/0/0").value();
        const auto other = jsonpatch::pointer().push_back(gen.key());
        for (const auto& op : generated) {
            if (gen.chance(0.4)) {
                switch (gen.below(6)) {
                case 0: p.copy(deep, other); break;
                case 1: p.move(deep, other); break;
                case 2: p.remove(deep); break;
                case 3: p.replace(deep, gen.value(2)); break;
                case 4: p.move(other, jsonpatch::pointer(inside).push_back("-")); break;
                default: p.add(jsonpatch::pointer(inside).push_back("0"), gen.value(2)); break;
                }
            }
            p.push_back({op.op, op.path, op.from, jsonpatch::detail::deep_copy(op.value)});
        }
        INFO("seed " << seed << ": " << p.to_json().dump());
        REQUIRE_NOTHROW(jsonpatch_fuzz::check_deep(doc, p));
    }
}

TEMPLATE_TEST_CASE("apply property: apply(a, diff(a, b)) gives b under the default limits",
                   "[apply][property][diff][limits]", JSONPATCH_TEST_JSON_TYPES) {
    // Pairs that, diffed naively, make long pointers, deep pointers or more operations than
    // max_operations (check_diff_limits amplifies each pair; require_diff_within checks it).
    using json = TestType;
    constexpr std::uint32_t rounds = 300;
    for (std::uint32_t seed = 0; seed < rounds; ++seed) {
        generator<json> gen(seed + 500'000);
        json a = gen.document();
        json b = jsonpatch::detail::deep_copy(a);
        if (!jsonpatch::apply(b, gen.patch_for(a))) {
            b = gen.document();
        }
        INFO("seed " << seed << "\na = " << a.dump() << "\nb = " << b.dump());
        REQUIRE_NOTHROW(jsonpatch_fuzz::check_diff_limits(a, b, static_cast<unsigned char>(seed)));
        // Deeper than diff_options::max_depth, within max_document_depth: pointers of at most 256
        // reference tokens.
        if (seed % 50 == 0) {
            const auto chain = [](json leaf, std::size_t depth) {
                for (std::size_t i = 0; i < depth; ++i) {
                    json wrap = json::object();
                    wrap["x"] = std::move(leaf);
                    leaf = std::move(wrap);
                }
                return leaf;
            };
            REQUIRE_NOTHROW(jsonpatch_fuzz::require_diff_within(chain(a, 300), chain(b, 300)));
        }
    }
    // More than max_operations changes, each lighter than the element it sits in.
    json many_a = json::array();
    json many_b = json::array();
    for (std::size_t i = 0; i < 10'001; ++i) {
        json element = json::object();
        element["pad"] = json::array({0, 1, 2, 3, 4, 5, 6, 7});
        element["v"] = i;
        many_a.push_back(element);
        element["v"] = i + 1;
        many_b.push_back(std::move(element));
    }
    REQUIRE_NOTHROW(jsonpatch_fuzz::require_diff_within(many_a, many_b));
}
