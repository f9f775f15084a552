// SPDX-License-Identifier: MIT
// Property test: random hostile patches never change what a PAT client may not change.
#include <jsonpatch/pat/apply_patch.hpp>

#include <jsonpatch/apply.hpp>
#include <jsonpatch/pat/patch_policy.hpp>
#include <jsonpatch/pat/personal_access_token.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <hostile_harness.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using json = nlohmann::json;

namespace {

constexpr std::size_t patches_per_seed = 3000;
constexpr std::size_t max_name_length = 16;

const std::vector<std::string> ops = {"add", "remove", "replace", "move", "copy", "test", "ADD", "noop"};
const std::vector<std::string> paths = {
    "", "/id", "/owner", "/owner/id", "/owner/type", "/owner/name", "/created", "/lastUsed",
    "/managed", "/name", "/name", "/name", "/scope", "/scope", "/scope/-", "/scope/-", "/scope/0",
    "/scope/1", "/scope/7", "/expirationDate", "/x", "/name/x", "/scope/0/x", "/owner/-", "/~1",
    "/scope/01", "no-slash"};

json random_value(std::mt19937& rng) {
    static const std::vector<json> values = {
        json(""), json("n"), json("taken"), json("read:users"), json("write:users"),
        json("admin"), json(std::string(40, 'x')), json("\u65e5\u672c\u8a9e\u306e\u540d\u524d"),
        json("IDENTITY"), json("2018-06-25T20:22:28.104Z"), json(1), json(1.0), json(-0.0),
        json(true), json(false), json(nullptr), json::array(), json::array({"a"}),
        json::array({"a", "a"}), json::array({"a", ""}), json::array({"a", 1}), json::object(),
        json{{"type", "IDENTITY"}, {"id", "43"}, {"name", "eve"}}, json::array({json::array()})};
    return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(rng)];
}

template <class T>
const T& pick(std::mt19937& rng, const std::vector<T>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

// Three in four operations are plausible client edits (well-formed, aimed at name and scope, with
// values of the right kind), so many patches succeed; the rest are drawn from the whole hostile
// vocabulary, with "from" and "value" present or not regardless of the op.
json random_operation(std::mt19937& rng) {
    static const std::vector<std::string> plausible_ops = {"add", "remove", "replace", "move", "copy", "test"};
    static const std::vector<std::string> plausible_paths = {"/name", "/scope", "/scope/-", "/scope/0", "/scope/1"};
    static const std::vector<json> plausible_values = {
        json("n"), json("taken"), json("nightly"), json("ci deploy"), json("read:groups"), json("write:users"),
        json("\u00e9t\u00e9"), json(nullptr), json::array({"read:users"})};
    json op = json::object();
    if (std::uniform_int_distribution<int>(0, 3)(rng) != 0) {
        const std::string& kind = pick(rng, plausible_ops);
        op["op"] = kind;
        op["path"] = pick(rng, plausible_paths);
        if (kind == "move" || kind == "copy") {
            op["from"] = std::uniform_int_distribution<int>(0, 2)(rng) == 0 ? pick(rng, paths)
                                                                            : pick(rng, plausible_paths);
        }
        if (kind == "add" || kind == "replace" || kind == "test") {
            op["value"] = pick(rng, plausible_values);
        }
        return op;
    }
    op["op"] = pick(rng, ops);
    op["path"] = pick(rng, paths);
    if (std::uniform_int_distribution<int>(0, 9)(rng) < 8) {
        op["from"] = pick(rng, paths);
    }
    if (std::uniform_int_distribution<int>(0, 9)(rng) < 8) {
        op["value"] = random_value(rng);
    }
    return op;
}

json random_patch(std::mt19937& rng) {
    json patch = json::array();
    const auto count = std::uniform_int_distribution<int>(1, 3)(rng);
    for (int i = 0; i < count; ++i) {
        patch.push_back(random_operation(rng));
    }
    return patch;
}

jsonpatch::pat::personal_access_token start_token(std::mt19937& rng) {
    json doc = json::parse(R"({
        "id": "t-1", "name": "ci deploy", "scope": ["read:users", "write:users"],
        "owner": {"type": "IDENTITY", "id": "42", "name": "ada", "email": "ada@example.invalid"},
        "created": "2018-06-25T20:22:28.104Z", "lastUsed": "2019-01-02T03:04:05.006Z",
        "managed": false, "expirationDate": "2030-01-01T00:00:00.000Z",
        "accessTokenValiditySeconds": 3600, "userAwareTokenNeverExpires": false})");
    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
        doc["scope"] = nullptr;
    }
    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
        doc["lastUsed"] = nullptr;
    }
    return jsonpatch::pat::parse_token(doc).value();
}

} // namespace

TEST_CASE("pat apply_patch: random hostile patches never change fixed fields",
          "[pat][apply_patch][property]") {
    const std::uint32_t seed = GENERATE(20260127u, 1u, 0xC0FFEEu);
    std::mt19937 rng(seed);
    jsonpatch::pat::patch_options options;
    options.max_name_length = max_name_length;

    std::size_t successes = 0;
    std::size_t renames = 0;
    std::size_t conflicts = 0;
    std::size_t policy_only_successes = 0;
    for (std::size_t n = 0; n < patches_per_seed; ++n) {
        const auto current = start_token(rng);
        const json patch = random_patch(rng);
        INFO("seed " << seed << ", patch " << n << ": " << patch.dump());

        // The policy alone already protects every fixed member.
        const json original = jsonpatch::pat::to_json(current);
        json doc = original;
        jsonpatch::apply_options policy_only;
        policy_only.policy = &jsonpatch::pat::patch_policy();
        if (jsonpatch::apply(doc, patch, policy_only)) {
            ++policy_only_successes;
            CHECK(jsonpatch::pat::check_fixed_members(original, doc));
        } else {
            CHECK(doc == original);
        }

        int calls = 0;
        const auto name_taken = [&calls](const jsonpatch::pat::token_owner& owner,
                                         std::string_view name, std::string_view token_id) {
            ++calls;
            CHECK(owner.id == "42");
            CHECK(token_id == "t-1");
            return name == "taken";
        };
        const auto out = jsonpatch::pat::apply_patch(current, patch, name_taken, options);
        CHECK(calls <= 1);
        if (!out) {
            // The uniqueness check runs last, so once it ran only a conflict can follow.
            if (calls == 1) {
                CHECK(out.error().code == jsonpatch::errc::conflict);
                ++conflicts;
            }
            continue;
        }
        ++successes;
        const auto& patched = *out;
        CHECK(patched.id == current.id);
        CHECK(patched.owner == current.owner);
        CHECK(patched.created == current.created);
        CHECK(patched.last_used == current.last_used);
        CHECK(patched.managed == current.managed);
        CHECK(patched.unknown_members == current.unknown_members);
        CHECK(calls == (patched.name != current.name ? 1 : 0));
        renames += patched.name != current.name ? 1u : 0u;
        CHECK_FALSE(patched.name.empty());
        CHECK(jsonpatch::pat::count_code_points(patched.name) <= max_name_length);
        const json serialised = jsonpatch::pat::to_json(patched);
        CHECK(jsonpatch::pat::check_scope(serialised));
        const auto reparsed = jsonpatch::pat::parse_token(serialised);
        REQUIRE(reparsed);
        CHECK(*reparsed == patched);
    }
    INFO("successes " << successes << ", renames " << renames << ", conflicts " << conflicts
                      << ", policy-only successes " << policy_only_successes);
    // The generator must reach every outcome often enough for the properties to mean something.
    CHECK(successes >= 100);
    CHECK(renames >= 20);
    CHECK(conflicts >= 5);
    CHECK(successes < patches_per_seed);
    CHECK(policy_only_successes >= successes);
}

TEST_CASE("pat apply_patch: random patches on a token with a 100,000-deep unknown member",
          "[pat][apply_patch][property][deep]") {
    // The unknown member is kept verbatim through to_json, the patch and parse_token, and every
    // property of the fuzz target holds (check_pat_token compares without recursion).
    std::mt19937 rng(2126);
    json token = jsonpatch::pat::to_json(start_token(rng));
    token["deepUnknown"] = jsonpatch_test::deep_array<json>(jsonpatch_fuzz::hostile_depth, json(1));
    for (int n = 0; n < 12; ++n) {
        const json patch = random_patch(rng);
        INFO("patch " << n << ": " << patch.dump());
        REQUIRE_NOTHROW(jsonpatch_fuzz::check_pat_token(token, patch.dump()));
    }
}
