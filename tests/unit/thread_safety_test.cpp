// SPDX-License-Identifier: MIT
// What may be shared between threads: a parsed patch, a policy, options and a model are only read
// by the calls that use them. Run under ThreadSanitizer in CI (preset ci-clang-tsan).
#include <jsonpatch/apply.hpp>
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/validate.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

using json = nlohmann::json;

namespace {

struct item {
    std::string sku;
    int qty = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(item, sku, qty)

struct order {
    std::string id;
    std::vector<item> items;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(order, id, items)

constexpr int threads = 8;
constexpr int rounds = 200;

} // namespace

TEST_CASE("thread safety: one parsed patch, policy, options and model serve 8 threads",
          "[thread_safety]") {
    const json original =
        json::parse(R"({"id":"o-1","items":[{"sku":"a","qty":1},{"sku":"b","qty":2}]})");
    const auto patch = jsonpatch::parse_patch(R"([
        {"op":"test","path":"/items/0/sku","value":"a"},
        {"op":"replace","path":"/items/1/qty","value":5},
        {"op":"add","path":"/items/-","value":{"sku":"c","qty":3}}])");
    REQUIRE(patch);
    jsonpatch::policy rules;
    rules.allow({jsonpatch::op_kind::replace}, "/items/*/qty")
        .allow({jsonpatch::op_kind::add}, "/items/-");
    jsonpatch::apply_options options;
    options.policy = &rules;
    options.validators.push_back([](const json& doc) -> jsonpatch::status {
        return doc["items"].size() < 10 ? jsonpatch::status{}
                                        : jsonpatch::status(jsonpatch::error{});
    });
    const auto model = jsonpatch::model<order>()
                           .member("/items/*/qty", jsonpatch::may_replace)
                           .member("/items", jsonpatch::may_edit_items, jsonpatch::max_items(5))
                           .read_only("/id");
    json expected = original;
    REQUIRE(jsonpatch::apply(expected, *patch, options));
    const order typed_original = original.get<order>();

    std::atomic<int> wrong{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            for (int r = 0; r < rounds; ++r) {
                json doc = original;
                const bool applied = static_cast<bool>(jsonpatch::apply(doc, *patch, options));
                // The model is verified on first use, by whichever threads get there first.
                const auto typed = jsonpatch::apply_to(typed_original, *patch, model);
                const auto outcome = jsonpatch::apply_to_outcome(typed_original, *patch, model);
                const bool verified = static_cast<bool>(model.verify(typed_original));
                const auto problems = jsonpatch::validate(patch->to_json(), &original, options);
                const auto back = jsonpatch::diff(doc, original);
                if (!applied || doc != expected || !typed || json(*typed) != expected ||
                    !outcome || !outcome->changed || !verified || !problems.empty() ||
                    back.empty()) {
                    ++wrong;
                }
            }
        });
    }
    for (auto& worker : workers) {
        worker.join();
    }
    CHECK(wrong.load() == 0);
}
