// SPDX-License-Identifier: MIT
// Seeded property tests of rebase: it agrees with an independent reference, a rebased patch
// applies after the accepted one and keeps both patches' changes, independent patches commute,
// empty patches are identities, and rebasing step by step is rebasing at once.
#include <jsonpatch/rebase.hpp>

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/rebase_sequence.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <random>
#include <rebase_compare.hpp>
#include <rebase_reference.hpp>
#include <string>
#include <utility>
#include <vector>

namespace {

// Documents of nested objects and arrays whose scalars are all distinct strings, and patches
// made of valid operations (each applies to the document its predecessors made): inserts at
// every index and '-', removals, replacements, moves within and across arrays and objects,
// copies and passing tests. Every draw comes from one std::mt19937, so a failure names its seed.
template <class json> class generator {
  public:
    using operation = jsonpatch::basic_operation<json>;
    using patch = jsonpatch::basic_patch<json>;

    explicit generator(std::uint32_t seed) : rng_(seed) {}

    std::size_t below(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }
    bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

    json scalar() {
        // Appended rather than "v" + std::to_string(...): g++ 12 at -O3 warns (-Wrestrict, a
        // false positive, GCC bug 105329) on that operator+ once this is inlined.
        std::string text = "v";
        text += std::to_string(next_++);
        return text;
    }

    std::string key() {
        static const std::vector<std::string> keys{"a", "b", "c", "d", "e/f", "g~h"};
        return keys[below(chance(0.9) ? 4 : keys.size())];
    }

    json value(std::size_t depth) {
        if (depth == 0 || chance(0.45)) {
            return scalar();
        }
        if (chance(0.55)) {
            json out = json::array();
            const std::size_t n = below(5);
            for (std::size_t i = 0; i < n; ++i) {
                out.push_back(value(depth - 1));
            }
            return out;
        }
        json out = json::object();
        const std::size_t n = below(4);
        for (std::size_t i = 0; i < n; ++i) {
            out[key()] = value(depth - 1);
        }
        return out;
    }

    json document() {
        json doc = json::object();
        const std::size_t n = 2 + below(3);
        for (std::size_t i = 0; i < n; ++i) {
            doc[key()] = value(3);
        }
        return doc;
    }

    static void collect(const json& node, const jsonpatch::pointer& here,
                        std::vector<jsonpatch::pointer>& values,
                        std::vector<jsonpatch::pointer>& containers) {
        values.push_back(here);
        if (node.is_object()) {
            containers.push_back(here);
            for (auto it = node.begin(); it != node.end(); ++it) {
                collect(it.value(), jsonpatch::pointer(here).push_back(it.key()), values,
                        containers);
            }
        } else if (node.is_array()) {
            containers.push_back(here);
            for (std::size_t i = 0; i < node.size(); ++i) {
                collect(node[i], jsonpatch::pointer(here).push_back(i), values, containers);
            }
        }
    }

    // A place to put a value: a member (new or existing) or an array position ('-' sometimes).
    jsonpatch::pointer target(const json& doc, const std::vector<jsonpatch::pointer>& containers) {
        jsonpatch::pointer where = containers[below(containers.size())];
        const json& container = *jsonpatch::find(doc, where);
        if (container.is_object()) {
            return where.push_back(key());
        }
        if (chance(0.2)) {
            return where.push_back(std::string_view("-"));
        }
        return where.push_back(below(container.size() + 1));
    }

    operation operation_on(const json& doc) {
        std::vector<jsonpatch::pointer> values;
        std::vector<jsonpatch::pointer> containers;
        collect(doc, jsonpatch::pointer(), values, containers);
        // Never the root: replacing or testing the whole document conflicts with everything.
        const jsonpatch::pointer some =
            values.size() > 1 ? values[1 + below(values.size() - 1)] : jsonpatch::pointer();
        operation op;
        const std::size_t pick = values.size() > 1 ? below(100) : 0;
        if (pick < 30) {
            op.op = jsonpatch::op_kind::add;
            op.path = target(doc, containers);
            op.value = value(1);
        } else if (pick < 48) {
            op.op = jsonpatch::op_kind::remove;
            op.path = some;
        } else if (pick < 58) {
            op.op = jsonpatch::op_kind::replace;
            op.path = some;
            op.value = value(1);
        } else if (pick < 76) {
            op.op = jsonpatch::op_kind::move;
            op.from = some;
            op.path = target(doc, containers);
        } else if (pick < 86) {
            op.op = jsonpatch::op_kind::copy;
            op.from = some;
            op.path = target(doc, containers);
        } else {
            op.op = jsonpatch::op_kind::test;
            op.path = some;
            op.value = *jsonpatch::find(doc, some);
        }
        return op;
    }

    // Up to `most` operations, each valid on the document the earlier ones made.
    patch patch_for(const json& doc, std::size_t most) {
        patch p;
        json shadow = doc;
        const std::size_t n = 1 + below(most);
        for (std::size_t i = 0; i < n; ++i) {
            for (int attempt = 0; attempt < 20; ++attempt) {
                operation op = operation_on(shadow);
                patch one;
                one.push_back(op);
                if (jsonpatch::apply(shadow, one)) {
                    p.push_back(std::move(op));
                    break;
                }
            }
        }
        return p;
    }

  private:
    std::mt19937 rng_;
    std::size_t next_ = 0;
};

template <class json> json after(const json& doc, const jsonpatch::basic_patch<json>& p) {
    json out = doc;
    jsonpatch::apply(out, p).value();
    return out;
}

// Documents compared as sets of members, whatever the object type keeps of their order.
template <class json> nlohmann::json plain(const json& doc) {
    return nlohmann::json::parse(doc.dump());
}

// How many times each string occurs in `doc`.
template <class json>
void count_strings(const json& doc, std::map<std::string, long>& counts, long weight) {
    if (doc.is_string()) {
        counts[doc.template get<std::string>()] += weight;
    }
    if (doc.is_structured()) {
        for (const json& child : doc) {
            count_strings(child, counts, weight);
        }
    }
}

template <class json>
std::string show(const json& base, const jsonpatch::basic_patch<json>& accepted,
                 const jsonpatch::basic_patch<json>& p) {
    return "base " + base.dump() + "\naccepted " + accepted.to_json().dump() + "\npatch " +
           p.to_json().dump();
}

constexpr std::uint32_t cases = 1000;

} // namespace

TEMPLATE_TEST_CASE("rebase property: agrees with an independent reference rebase",
                   "[rebase][property]", nlohmann::json, nlohmann::ordered_json) {
    using json = TestType;
    std::size_t rebased = 0;
    std::size_t conflicting = 0;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed);
        const json base = gen.document();
        const auto accepted = gen.patch_for(base, 4);
        const auto p = gen.patch_for(base, 4);
        INFO("seed " << seed << "\n" << show(base, accepted, p));
        const auto expected = jsonpatch_reference::rebase(base, accepted.to_json(), p.to_json());
        REQUIRE(expected.applies);
        const auto conflicts = jsonpatch::rebase_conflicts(base, accepted, p);
        REQUIRE(conflicts.size() == expected.conflicts.size());
        for (std::size_t i = 0; i < conflicts.size(); ++i) {
            INFO(jsonpatch::describe(conflicts[i]));
            CHECK(conflicts[i].code == jsonpatch::errc::rebase_conflict);
            CHECK(jsonpatch_reference::same_conflict(conflicts[i], expected.conflicts[i]));
        }
        const auto result = jsonpatch::rebase(base, accepted, p);
        REQUIRE(result.has_value() == conflicts.empty());
        if (!result) {
            ++conflicting;
            CHECK(result.error() == conflicts.front());
            continue;
        }
        ++rebased;
        INFO("rebased " << result->to_json().dump());
        REQUIRE(plain(result->to_json()) == plain(expected.rebased));
        REQUIRE(plain(after(after(base, accepted), *result)) == plain(expected.merged));
    }
    // Both outcomes were exercised many times.
    CHECK(rebased > cases / 5);
    CHECK(conflicting > cases / 5);
}

TEMPLATE_TEST_CASE("rebase property: a rebased patch applies after accepted and keeps both "
                   "patches' changes",
                   "[rebase][property][soundness]", nlohmann::json, nlohmann::ordered_json) {
    using json = TestType;
    std::size_t rebased = 0;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed + 100'000);
        const json base = gen.document();
        const auto accepted = gen.patch_for(base, 5);
        const auto p = gen.patch_for(base, 5);
        INFO("seed " << seed << "\n" << show(base, accepted, p));
        const auto result = jsonpatch::rebase(base, accepted, p);
        if (!result) {
            continue;
        }
        ++rebased;
        INFO("rebased " << result->to_json().dump());
        const json both = after(base, accepted);
        json merged = both;
        REQUIRE(jsonpatch::apply(merged, *result));
        // Every string is unique in base and in each added value; copies repeat them. Whatever
        // the patch added, removed or copied is added, removed or copied again, and what accepted
        // did stays: counts add up (an oracle that knows nothing of positions).
        std::map<std::string, long> counts;
        count_strings(both, counts, 1);
        count_strings(after(base, p), counts, 1);
        count_strings(base, counts, -1);
        count_strings(merged, counts, -1);
        for (const auto& [text, count] : counts) {
            INFO(text);
            REQUIRE(count == 0);
        }
    }
    CHECK(rebased > cases / 4);
}

TEMPLATE_TEST_CASE("rebase property: patches that read nothing the other writes commute",
                   "[rebase][property][commutation]", nlohmann::json, nlohmann::ordered_json) {
    using json = TestType;
    std::size_t compared = 0;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed + 200'000);
        const json base = gen.document();
        const auto a = gen.patch_for(base, 4);
        const auto b = gen.patch_for(base, 4);
        INFO("seed " << seed << "\n" << show(base, a, b));
        // Each rebase fails when the other side wrote what this one reads or writes. Two cases
        // pass although each side reads what the other writes, and there the order decides by
        // design (the reference names them): an insert into a gap the other side inserted into
        // goes after the other side's, and a value both move ends where the later move puts it.
        const auto b_after_a = jsonpatch::rebase(base, a, b);
        const auto a_after_b = jsonpatch::rebase(base, b, a);
        const auto shared = jsonpatch_reference::rebase(base, a.to_json(), b.to_json());
        bool order_matters = false;
        for (const auto& gap : shared.accepted_gaps) {
            order_matters = order_matters || shared.patch_gaps.count(gap) != 0;
        }
        for (const int value : shared.accepted_moved) {
            order_matters = order_matters || shared.patch_moved.count(value) != 0;
        }
        if (!b_after_a || !a_after_b || order_matters) {
            continue;
        }
        ++compared;
        INFO("b after a " << b_after_a->to_json().dump() << "\na after b "
                          << a_after_b->to_json().dump());
        REQUIRE(plain(after(after(base, a), *b_after_a)) ==
                plain(after(after(base, b), *a_after_b)));
    }
    CHECK(compared > cases / 10);
}

TEMPLATE_TEST_CASE("rebase property: empty patches are identities", "[rebase][property]",
                   nlohmann::json, nlohmann::ordered_json) {
    using json = TestType;
    const jsonpatch::basic_patch<json> none;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed + 300'000);
        const json base = gen.document();
        const auto p = gen.patch_for(base, 6);
        INFO("seed " << seed << "\n" << show(base, none, p));
        const auto same = jsonpatch::rebase(base, none, p);
        REQUIRE(same);
        REQUIRE(same->to_json() == p.to_json());
        REQUIRE(jsonpatch::rebase_conflicts(base, none, p).empty());
        const auto nothing = jsonpatch::rebase(base, p, none);
        REQUIRE(nothing);
        REQUIRE(nothing->empty());
        REQUIRE(jsonpatch::rebase_conflicts(base, p, none).empty());
    }
}

TEMPLATE_TEST_CASE("rebase property: rebasing over a1 then a2 is rebasing over a1 + a2",
                   "[rebase][property][composition]", nlohmann::json, nlohmann::ordered_json) {
    using json = TestType;
    std::size_t composed = 0;
    std::size_t conflicting = 0;
    for (std::uint32_t seed = 0; seed < cases; ++seed) {
        generator<json> gen(seed + 400'000);
        const json base = gen.document();
        const auto accepted = gen.patch_for(base, 6);
        const auto p = gen.patch_for(base, 4);
        const std::size_t split = gen.below(accepted.size() + 1);
        const auto& ops = accepted.operations();
        const jsonpatch::basic_patch<json> first(
            {ops.begin(), ops.begin() + static_cast<std::ptrdiff_t>(split)});
        const jsonpatch::basic_patch<json> second(
            {ops.begin() + static_cast<std::ptrdiff_t>(split), ops.end()});
        INFO("seed " << seed << ", split at " << split << "\n" << show(base, accepted, p));
        const auto at_once = jsonpatch::rebase(base, accepted, p);
        const auto step = jsonpatch::rebase(base, first, p);
        if (!step) {
            ++conflicting;
            INFO(jsonpatch::describe(step.error()));
            REQUIRE_FALSE(at_once);
            // a2 may add conflicts of its own, earlier in the patch.
            REQUIRE(*at_once.error().op_index <= *step.error().op_index);
            continue;
        }
        const auto steps = jsonpatch::rebase(after(base, first), second, *step);
        INFO("step " << step->to_json().dump());
        // Whether a move became a copy and a remove, an add a replace, ...
        const auto rewrote = [&p](const jsonpatch::basic_patch<json>& out) {
            bool differs = out.size() != p.size();
            for (std::size_t i = 0; i < p.size() && !differs; ++i) {
                differs = out[i].op != p[i].op;
            }
            return differs;
        };
        bool rewritten = rewrote(*step);
        if (!steps) {
            ++conflicting;
            INFO(jsonpatch::describe(steps.error()));
            REQUIRE_FALSE(at_once);
            if (!rewritten) {
                REQUIRE(at_once.error().op_index == steps.error().op_index);
            }
            continue;
        }
        INFO("steps " << steps->to_json().dump());
        REQUIRE(at_once);
        ++composed;
        INFO("at once " << at_once->to_json().dump());
        rewritten = rewritten || rewrote(*steps) || rewrote(*at_once);
        if (!rewritten) {
            REQUIRE(steps->to_json() == at_once->to_json());
        }
        const json both = after(base, accepted);
        REQUIRE(plain(after(both, *steps)) == plain(after(both, *at_once)));
    }
    CHECK(composed > cases / 5);
    CHECK(conflicting > cases / 5);
}

TEST_CASE("rebase property: sequence positions match a plain vector in both views",
          "[rebase][property][sequence]") {
    using jsonpatch::detail::rebase_none;
    using jsonpatch::detail::rebase_sequence;
    using jsonpatch::detail::rebase_views;
    // The model: every element in order, with its source index (or none) and its item (or none).
    struct element {
        std::size_t source = rebase_none;
        std::size_t item = rebase_none;
        rebase_views visible = 0;
    };
    for (std::uint32_t seed = 0; seed < 80; ++seed) {
        std::mt19937 rng(seed);
        const auto below = [&rng](std::size_t n) {
            return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
        };
        const std::size_t n = below(40);
        rebase_sequence sequence(n, jsonpatch::detail::both_views);
        std::vector<element> model;
        for (std::size_t i = 0; i < n; ++i) {
            model.push_back({i, rebase_none, jsonpatch::detail::both_views});
        }
        std::vector<std::size_t> items;
        const auto nth = [&model](rebase_views view, std::size_t rank) {
            for (std::size_t i = 0; i < model.size(); ++i) {
                if ((model[i].visible & view) != 0 && rank-- == 0) {
                    return i;
                }
            }
            return model.size();
        };
        const auto count = [&model](rebase_views view, std::size_t end) {
            std::size_t out = 0;
            for (std::size_t i = 0; i < end; ++i) {
                out += (model[i].visible & view) != 0 ? 1u : 0u;
            }
            return out;
        };
        INFO("seed " << seed);
        for (int step = 0; step < 300; ++step) {
            const rebase_views view =
                below(2) == 0 ? jsonpatch::detail::merged_view : jsonpatch::detail::patch_view;
            const auto mask = static_cast<rebase_views>(below(4));
            const std::size_t size = sequence.size(view);
            REQUIRE(size == count(view, model.size()));
            const std::size_t pick = below(4);
            if (pick == 0 && size > 0) { // find an element by position, materialising it
                const std::size_t rank = below(size);
                const std::size_t at = nth(view, rank);
                const auto spot = sequence.locate(view, rank);
                std::size_t item = sequence.item_at(spot);
                if (item == rebase_none) {
                    REQUIRE(model[at].item == rebase_none);
                    REQUIRE(sequence.source_index(spot) == model[at].source);
                    item = sequence.materialise(spot, at);
                    model[at].item = item;
                    items.push_back(item);
                }
                REQUIRE(model[at].item == item);
            } else if (pick == 1) { // insert before an item, or last
                const bool last = items.empty() || below(3) == 0;
                const std::size_t before = last ? rebase_none : items[below(items.size())];
                const std::size_t item = sequence.insert_before(before, 0, mask);
                std::size_t at = model.size();
                for (std::size_t i = 0; i < model.size() && !last; ++i) {
                    at = model[i].item == before ? i : at;
                }
                model.insert(model.begin() + static_cast<std::ptrdiff_t>(at),
                             {rebase_none, item, mask});
                items.push_back(item);
            } else if (pick == 2 && !items.empty()) { // insert after an item
                const std::size_t after_item = items[below(items.size())];
                const std::size_t item = sequence.insert_after(after_item, 0, mask);
                for (std::size_t i = 0; i < model.size(); ++i) {
                    if (model[i].item == after_item) {
                        model.insert(model.begin() + static_cast<std::ptrdiff_t>(i + 1),
                                     {rebase_none, item, mask});
                        break;
                    }
                }
                items.push_back(item);
            } else if (!items.empty()) { // change an item's visibility
                const std::size_t item = items[below(items.size())];
                sequence.set_visible(item, mask);
                for (element& e : model) {
                    e.visible = e.item == item ? mask : e.visible;
                }
            }
            // Every item's position, every few steps (the model's count is linear); one REQUIRE,
            // as Catch2 counts each.
            bool ranks_agree = true;
            for (std::size_t i = 0; i < model.size() && step % 4 == 0; ++i) {
                if (model[i].item == rebase_none) {
                    continue;
                }
                for (const rebase_views either :
                     {jsonpatch::detail::merged_view, jsonpatch::detail::patch_view}) {
                    ranks_agree =
                        ranks_agree && sequence.rank(either, model[i].item) == count(either, i);
                }
            }
            REQUIRE(ranks_agree);
        }
        std::vector<element> walked;
        sequence.for_each(
            [&walked](std::size_t first, std::size_t length, rebase_views views) {
                for (std::size_t k = 0; k < length; ++k) {
                    walked.push_back({first + k, rebase_none, views});
                }
            },
            [&walked](const rebase_sequence::item& item) {
                walked.push_back({rebase_none, item.node, item.visible});
            });
        REQUIRE(walked.size() == model.size());
        for (std::size_t i = 0; i < model.size(); ++i) {
            REQUIRE(walked[i].visible == model[i].visible);
            REQUIRE(walked[i].source ==
                    (model[i].item == rebase_none ? model[i].source : rebase_none));
        }
    }
}

TEMPLATE_TEST_CASE("rebase property: long patches on one long array agree with the reference",
                   "[rebase][property][array]", nlohmann::json, nlohmann::ordered_json) {
    using json = TestType;
    using operation = jsonpatch::basic_operation<json>;
    std::size_t rebased = 0;
    for (std::uint32_t seed = 0; seed < 60; ++seed) {
        generator<json> gen(seed + 500'000);
        json base = json::object();
        base["x"] = json::array();
        for (std::size_t i = 0; i < 40; ++i) {
            base["x"].push_back(gen.scalar());
        }
        // Accepted only inserts in half the cases, so that the patch rebases; otherwise both
        // insert, remove, replace and move elements within the array.
        const bool inserts_only = seed % 2 == 0;
        const auto long_patch = [&gen, &base](bool only_inserts) {
            jsonpatch::basic_patch<json> p;
            json shadow = base;
            for (int i = 0; i < 60; ++i) {
                const std::size_t size = shadow["x"].size();
                const auto at = [&gen](std::size_t limit) {
                    return jsonpatch::pointer::parse("/x").value().push_back(gen.below(limit));
                };
                operation op;
                const std::size_t pick = only_inserts || size == 0 ? 0 : gen.below(4);
                if (pick == 0) {
                    op.op = jsonpatch::op_kind::add;
                    op.path =
                        gen.chance(0.1) ? jsonpatch::pointer::parse("/x/-").value() : at(size + 1);
                    op.value = gen.scalar();
                } else if (pick == 1) {
                    op.op = jsonpatch::op_kind::remove;
                    op.path = at(size);
                } else if (pick == 2) {
                    op.op = jsonpatch::op_kind::replace;
                    op.path = at(size);
                    op.value = gen.scalar();
                } else {
                    op.op = jsonpatch::op_kind::move;
                    op.from = at(size);
                    op.path = at(size);
                }
                jsonpatch::basic_patch<json> one;
                one.push_back(op);
                jsonpatch::apply(shadow, one).value();
                p.push_back(std::move(op));
            }
            return p;
        };
        const auto accepted = long_patch(inserts_only);
        const auto p = long_patch(false);
        INFO("seed " << seed << "\n" << show(base, accepted, p));
        const auto expected = jsonpatch_reference::rebase(base, accepted.to_json(), p.to_json());
        const auto conflicts = jsonpatch::rebase_conflicts(base, accepted, p);
        REQUIRE(conflicts.size() == expected.conflicts.size());
        for (std::size_t i = 0; i < conflicts.size(); ++i) {
            REQUIRE(conflicts[i].op_index == expected.conflicts[i].op_index);
        }
        const auto result = jsonpatch::rebase(base, accepted, p);
        REQUIRE(result.has_value() == conflicts.empty());
        if (result) {
            ++rebased;
            REQUIRE(result->to_json() == expected.rebased);
            REQUIRE(after(after(base, accepted), *result) == expected.merged);
        }
    }
    CHECK(rebased >= 25);
}
