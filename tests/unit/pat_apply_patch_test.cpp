// SPDX-License-Identifier: MIT
#include <jsonpatch/pat/apply_patch.hpp>

#include <jsonpatch/apply.hpp>
#include <jsonpatch/pat/patch_policy.hpp>
#include <jsonpatch/pat/personal_access_token.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <deep_values.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using jsonpatch::errc;
using jsonpatch::pat::apply_patch;
using jsonpatch::pat::patch_options;
using jsonpatch::pat::personal_access_token;
using jsonpatch::pat::token_owner;
using json = nlohmann::json;

namespace {

personal_access_token sample_token() {
    return jsonpatch::pat::parse_token(json::parse(R"({
        "id": "t-1",
        "name": "ci deploy",
        "scope": ["read:users", "write:users"],
        "owner": {"type": "IDENTITY", "id": "42", "name": "ada"},
        "created": "2018-06-25T20:22:28.104Z",
        "lastUsed": null,
        "managed": false,
        "expirationDate": "2030-01-01T00:00:00.000Z",
        "accessTokenValiditySeconds": 3600})"))
        .value();
}

// A name_taken callback that records each call and answers from a fixed list of taken names.
struct name_registry {
    std::vector<std::string> taken;
    std::vector<std::string> asked;
    std::vector<std::string> asked_ids;
    std::vector<std::string> asked_owners;

    bool operator()(const token_owner& owner, std::string_view name, std::string_view token_id) {
        asked.emplace_back(name);
        asked_ids.emplace_back(token_id);
        asked_owners.push_back(owner.id);
        for (const std::string& t : taken) {
            if (t == name) {
                return true;
            }
        }
        return false;
    }
};

const auto never_taken = [](const token_owner&, std::string_view, std::string_view) { return false; };

// Requires apply_patch to fail with `code`; returns the error.
jsonpatch::error patch_failure(const std::string& patch_text, errc code,
                               const patch_options& options = {}) {
    const personal_access_token before = sample_token();
    name_registry names;
    const auto out = apply_patch(before, patch_text, names, options);
    INFO(patch_text);
    REQUIRE_FALSE(out);
    INFO(jsonpatch::describe(out.error()));
    CHECK(out.error().code == code);
    return out.error();
}

} // namespace

TEST_CASE("pat apply_patch: renames and edits the scope in one call", "[pat][apply_patch]") {
    const personal_access_token current = sample_token();
    name_registry names;
    const auto out = apply_patch(current, json::parse(R"([
        {"op":"test","path":"/owner/id","value":"42"},
        {"op":"replace","path":"/name","value":"nightly"},
        {"op":"add","path":"/scope/-","value":"read:groups"},
        {"op":"remove","path":"/scope/0"}])"), names);
    REQUIRE(out);
    CHECK(out->name == "nightly");
    CHECK(out->scope == std::vector<std::string>{"write:users", "read:groups"});
    // Everything else is as it was, unknown members included; `current` is untouched.
    personal_access_token expected = current;
    expected.name = "nightly";
    expected.scope = out->scope;
    CHECK(*out == expected);
    CHECK(current == sample_token());
    REQUIRE(names.asked == std::vector<std::string>{"nightly"});
    CHECK(names.asked_ids == std::vector<std::string>{"t-1"});
    CHECK(names.asked_owners == std::vector<std::string>{"42"});
}

TEST_CASE("pat apply_patch: add on name and scope replaces them", "[pat][apply_patch]") {
    const auto out = apply_patch(sample_token(),
                                 R"([{"op":"add","path":"/name","value":"renamed"},
                                     {"op":"add","path":"/scope","value":null}])",
                                 never_taken);
    REQUIRE(out);
    CHECK(out->name == "renamed");
    CHECK_FALSE(out->scope.has_value());
}

TEST_CASE("pat apply_patch: name_taken is called only when the name really changes",
          "[pat][apply_patch][uniqueness]") {
    name_registry names;
    names.taken = {"ci deploy", "nightly"};
    const personal_access_token current = sample_token();
    SECTION("scope-only patch") {
        REQUIRE(apply_patch(current, R"([{"op":"add","path":"/scope/-","value":"x"}])", names));
    }
    SECTION("rename to the same name") {
        REQUIRE(apply_patch(current, R"([{"op":"replace","path":"/name","value":"ci deploy"}])", names));
    }
    SECTION("rename and back within one patch") {
        REQUIRE(apply_patch(current, R"([{"op":"replace","path":"/name","value":"other"},
                                         {"op":"replace","path":"/name","value":"ci deploy"}])", names));
    }
    SECTION("a patch that fails before the name check") {
        const auto out = apply_patch(current, R"([{"op":"replace","path":"/name","value":"fresh"},
                                                  {"op":"add","path":"/scope/-","value":""}])", names);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::validation_failed);
    }
    SECTION("a test that fails") {
        const auto out = apply_patch(current, R"([{"op":"replace","path":"/name","value":"fresh"},
                                                  {"op":"test","path":"/managed","value":true}])", names);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::test_failed);
        CHECK(out.error().op_index == std::optional<std::size_t>(1));
    }
    CHECK(names.asked.empty());
}

TEST_CASE("pat apply_patch: a taken name is a conflict at /name", "[pat][apply_patch][uniqueness]") {
    name_registry names;
    names.taken = {"nightly"};
    const personal_access_token current = sample_token();
    const auto out = apply_patch(current, R"([{"op":"add","path":"/scope/-","value":"x"},
                                              {"op":"replace","path":"/name","value":"nightly"}])",
                                 names);
    REQUIRE_FALSE(out);
    CHECK(out.error().code == errc::conflict);
    CHECK(out.error().path == std::optional<std::string>("/name"));
    CHECK_FALSE(out.error().op_index.has_value());
    CHECK(names.asked == std::vector<std::string>{"nightly"});
    CHECK(current == sample_token());
    // A free name goes through with the same callback.
    const auto ok = apply_patch(current, R"([{"op":"replace","path":"/name","value":"weekly"}])", names);
    REQUIRE(ok);
    CHECK(names.asked.size() == 2);
}

TEST_CASE("pat apply_patch: a validator failure rolls the whole patch back",
          "[pat][apply_patch][atomic]") {
    // The same transaction apply_patch builds, run on a token document we can inspect.
    const json original = jsonpatch::pat::to_json(sample_token());
    json doc = original;
    const std::string before = doc.dump();
    jsonpatch::apply_options o;
    o.policy = &jsonpatch::pat::patch_policy();
    o.validators.emplace_back([](const json& d) { return jsonpatch::pat::check_name(d, 8); });
    o.validators.emplace_back([](const json& d) { return jsonpatch::pat::check_scope(d); });
    const auto outcome = jsonpatch::apply(doc, json::parse(R"([
        {"op":"add","path":"/scope/-","value":"a"},
        {"op":"remove","path":"/scope/0"},
        {"op":"replace","path":"/name","value":"far too long a name"}])"), o);
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error().code == errc::validation_failed);
    CHECK(outcome.error().path == std::optional<std::string>("/name"));
    CHECK(doc.dump() == before);
}

TEST_CASE("pat apply_patch: the name must be a non-empty string within the length limit",
          "[pat][apply_patch][validation]") {
    patch_options options;
    options.max_name_length = 5;
    for (const char* bad : {R"([{"op":"replace","path":"/name","value":""}])",
                            R"([{"op":"replace","path":"/name","value":"abcdef"}])",
                            R"([{"op":"replace","path":"/name","value":5}])",
                            R"([{"op":"replace","path":"/name","value":null}])",
                            R"([{"op":"move","from":"/name","path":"/scope/-"}])",
                            R"([{"op":"copy","from":"/owner","path":"/name"}])"}) {
        const auto e = patch_failure(bad, errc::validation_failed, options);
        CHECK(e.path == std::optional<std::string>("/name"));
        CHECK_FALSE(e.op_index.has_value());
    }
    CHECK(apply_patch(sample_token(), R"([{"op":"replace","path":"/name","value":"abcde"}])",
                      never_taken, options));
}

TEST_CASE("pat apply_patch: the name length counts code points, not bytes",
          "[pat][apply_patch][validation]") {
    patch_options options;
    options.max_name_length = 4;
    // "né€😀": 4 code points, 1 + 2 + 3 + 4 = 10 bytes.
    const auto ok = apply_patch(sample_token(),
                                json::array({{{"op", "replace"}, {"path", "/name"}, {"value", "n\u00e9\u20ac\U0001F600"}}}),
                                never_taken, options);
    REQUIRE(ok);
    CHECK(ok->name.size() == 10);
    const auto too_long = apply_patch(sample_token(),
                                      json::array({{{"op", "replace"}, {"path", "/name"}, {"value", "n\u00e9\u20ac\U0001F600x"}}}),
                                      never_taken, options);
    REQUIRE_FALSE(too_long);
    CHECK(too_long.error().code == errc::validation_failed);
    CHECK(too_long.error().path == std::optional<std::string>("/name"));
}

TEST_CASE("pat apply_patch: the scope must be null or distinct non-empty strings",
          "[pat][apply_patch][validation]") {
    // Each at the value to blame: the element, the scope, or the name a move emptied it into.
    const std::vector<std::pair<const char*, const char*>> bad_patches = {
        {R"([{"op":"add","path":"/scope/-","value":"read:users"}])", "/scope/2"},
        {R"([{"op":"add","path":"/scope/0","value":""}])", "/scope/0"},
        {R"([{"op":"add","path":"/scope/-","value":7}])", "/scope/2"},
        {R"([{"op":"replace","path":"/scope","value":"read:users"}])", "/scope"},
        {R"([{"op":"replace","path":"/scope","value":{"a":"b"}}])", "/scope"},
        {R"([{"op":"replace","path":"/scope/1","value":["x"]}])", "/scope/1"},
        {R"([{"op":"copy","from":"/owner","path":"/scope/-"}])", "/scope/2"},
        {R"([{"op":"move","from":"/scope","path":"/name"}])", "/name"}};
    for (const auto& [bad, where] : bad_patches) {
        const auto e = patch_failure(bad, errc::validation_failed);
        CHECK(e.path == std::optional<std::string>(where));
    }
    const auto emptied = apply_patch(sample_token(), R"([{"op":"replace","path":"/scope","value":[]}])",
                                     never_taken);
    REQUIRE(emptied);
    CHECK(emptied->scope == std::vector<std::string>{});
}

TEST_CASE("pat apply_patch: scope_check restricts the vocabulary", "[pat][apply_patch][validation]") {
    patch_options options;
    int calls = 0;
    options.scope_check = [&calls](const std::vector<std::string>& scope) -> jsonpatch::status {
        ++calls;
        for (const std::string& s : scope) {
            if (s.rfind("read:", 0) != 0 && s.rfind("write:", 0) != 0) {
                jsonpatch::error e;
                e.code = errc::validation_failed;
                e.message = "unknown permission";
                return e;
            }
        }
        return {};
    };
    const auto e = patch_failure(R"([{"op":"add","path":"/scope/-","value":"admin"}])",
                                 errc::validation_failed, options);
    CHECK(e.path == std::optional<std::string>("/scope"));
    CHECK(calls == 1);
    REQUIRE(apply_patch(sample_token(), R"([{"op":"add","path":"/scope/-","value":"read:groups"}])",
                        never_taken, options));
    CHECK(calls == 2);
    // A null scope has no vocabulary to check.
    REQUIRE(apply_patch(sample_token(), R"([{"op":"replace","path":"/scope","value":null}])",
                        never_taken, options));
    CHECK(calls == 2);
}

TEST_CASE("pat apply_patch: policy violations name the operation and its pointers",
          "[pat][apply_patch][policy]") {
    auto e = patch_failure(R"([{"op":"replace","path":"/name","value":"ok"},
                               {"op":"replace","path":"/owner/id","value":"43"}])",
                           errc::operation_not_allowed);
    CHECK(e.op_index == std::optional<std::size_t>(1));
    CHECK(e.path == std::optional<std::string>("/owner/id"));
    e = patch_failure(R"([{"op":"move","from":"/expirationDate","path":"/name"}])",
                      errc::from_not_allowed);
    CHECK(e.op_index == std::optional<std::size_t>(0));
    CHECK(e.path == std::optional<std::string>("/name"));
    CHECK(e.from == std::optional<std::string>("/expirationDate"));
}

TEST_CASE("pat apply_patch: unknown members survive a patch", "[pat][apply_patch][round_trip]") {
    const auto out = apply_patch(sample_token(), R"([{"op":"replace","path":"/name","value":"n"}])",
                                 never_taken);
    REQUIRE(out);
    CHECK(out->unknown_members == sample_token().unknown_members);
    CHECK(jsonpatch::pat::to_json(*out)["expirationDate"] == "2030-01-01T00:00:00.000Z");
}

TEST_CASE("pat apply_patch: refuse_managed makes a managed token read-only",
          "[pat][apply_patch][managed]") {
    personal_access_token managed = sample_token();
    managed.managed = true;
    patch_options options;
    options.refuse_managed = true;
    name_registry names;
    // Refused before the patch is even parsed.
    for (const char* text : {R"([{"op":"replace","path":"/name","value":"n"}])", "not json", "[]"}) {
        const auto out = apply_patch(managed, text, names, options);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::resource_read_only);
        CHECK_FALSE(out.error().op_index.has_value());
    }
    CHECK(names.asked.empty());
    // Not refused when the option is off, or for an unmanaged token.
    CHECK(apply_patch(managed, R"([{"op":"replace","path":"/name","value":"n"}])", names));
    CHECK(apply_patch(sample_token(), R"([{"op":"replace","path":"/name","value":"n"}])", names, options));
    // And managed itself can never be written.
    const auto e = patch_failure(R"([{"op":"replace","path":"/managed","value":true}])",
                                 errc::operation_not_allowed);
    CHECK(e.path == std::optional<std::string>("/managed"));
}

TEST_CASE("pat apply_patch: patch text errors come back structured", "[pat][apply_patch]") {
    patch_failure("[{", errc::invalid_json);
    patch_failure(R"([{"op":"replace","path":"/name","value":"a","value":"b"}])", errc::duplicate_member);
    patch_failure(R"({"op":"replace","path":"/name","value":"a"})", errc::patch_not_array);
    patch_options tight;
    tight.limits.max_operations = 1;
    patch_failure(R"([{"op":"test","path":"/id","value":"t-1"},{"op":"test","path":"/id","value":"t-1"}])",
                  errc::too_many_operations, tight);
    const std::string text = R"([{"op":"replace","path":"/name","value":"from std::string"}])";
    const auto out = apply_patch(sample_token(), text, never_taken);
    REQUIRE(out);
    CHECK(out->name == "from std::string");
    const char* null_text = nullptr;
    const auto none = apply_patch(sample_token(), null_text, never_taken);
    REQUIRE_FALSE(none);
    CHECK(none.error().code == errc::invalid_json);
}

TEST_CASE("pat apply_patch: element writes on a null scope fail in the engine",
          "[pat][apply_patch]") {
    personal_access_token current = sample_token();
    current.scope.reset();
    const auto out = apply_patch(current, R"([{"op":"add","path":"/scope/-","value":"x"}])", never_taken);
    REQUIRE_FALSE(out);
    CHECK(jsonpatch::band_of(out.error().code) == jsonpatch::errc_band::apply);
    CHECK(out.error().op_index == std::optional<std::size_t>(0));
}

TEST_CASE("regression #21: a token with a 100,000-deep unknown member is patched",
          "[pat][apply_patch][regression][deep]") {
    // apply_to turns the token into JSON, patches a copy and reads it back: none of it may recurse
    // on the depth of what the token carries.
    json doc = jsonpatch::pat::to_json(sample_token());
    doc["extra"] = jsonpatch_test::deep_array<json>(jsonpatch_test::overflowing_depth, json(7));
    const personal_access_token token = jsonpatch::pat::parse_token(doc).value();
    const auto renamed = apply_patch(token, R"([{"op":"replace","path":"/name","value":"n"},
        {"op":"add","path":"/scope/-","value":"x"}])",
                                     never_taken);
    INFO((renamed ? "" : jsonpatch::describe(renamed.error())));
    REQUIRE(renamed);
    CHECK(renamed->name == "n");
    CHECK(jsonpatch::detail::json_identical(renamed->unknown_members, token.unknown_members));
    // A patch that touches the deep member is refused by the policy, as for any unknown member.
    const auto refused = apply_patch(token, R"([{"op":"remove","path":"/extra/0"}])", never_taken);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == errc::operation_not_allowed);
    // Tokens compare without recursing on the depth of what they carry: the same token read
    // again is equal, the renamed one is not.
    CHECK(jsonpatch::pat::parse_token(doc).value() == token);
    CHECK(*renamed != token);
}

TEST_CASE("regression #21: a name of ill-formed UTF-8, as a MessagePack patch may carry, is refused",
          "[pat][apply_patch][validation][regression]") {
    // Decoded from MessagePack, a string need not be UTF-8; stored, its dump() would throw.
    const json patch = json::from_msgpack(json::to_msgpack(
        json::array({{{"op", "replace"}, {"path", "/name"}, {"value", "placeholder"}}})));
    json bad = patch;
    bad[0]["value"] = std::string(5000, '\x80');
    const auto e = apply_patch(sample_token(), bad, never_taken);
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::validation_failed);
    CHECK(e.error().path == std::optional<std::string>("/name"));
    bad[0]["value"] = "ok\xC3";
    CHECK_FALSE(apply_patch(sample_token(), bad, never_taken));
    CHECK(apply_patch(sample_token(), patch, never_taken)->name == "placeholder");
}

TEST_CASE("pat apply_patch_outcome: says whether the token changed", "[pat][apply_patch]") {
    const auto changed = [](const char* patch) {
        const auto outcome = jsonpatch::pat::apply_patch_outcome(sample_token(), patch, never_taken);
        REQUIRE(outcome);
        return outcome->changed;
    };
    CHECK_FALSE(changed("[]"));
    CHECK_FALSE(changed(R"([{"op":"replace","path":"/name","value":"ci deploy"}])"));
    CHECK_FALSE(changed(R"([{"op":"test","path":"/owner/id","value":"42"}])"));
    CHECK(changed(R"([{"op":"remove","path":"/scope/0"}])"));
    // Non-default options build their own model, with the same answers.
    patch_options options;
    options.max_name_length = 20;
    const auto renamed = jsonpatch::pat::apply_patch_outcome(
        sample_token(), R"([{"op":"replace","path":"/name","value":"renamed"}])", never_taken,
        options);
    REQUIRE(renamed);
    CHECK(renamed->changed);
    CHECK(renamed->value.name == "renamed");
}

TEST_CASE("pat apply_patch: a token is a small resource by default", "[pat][apply_patch][limits]") {
    CHECK(patch_options{}.limits.max_operations == jsonpatch::small_resource_limits().max_operations);
    std::string many = "[";
    for (int i = 0; i <= 100; ++i) {
        many += std::string(i == 0 ? "" : ",") + R"({"op":"test","path":"/id","value":"t-1"})";
    }
    many += "]";
    patch_failure(many, errc::too_many_operations);
}
