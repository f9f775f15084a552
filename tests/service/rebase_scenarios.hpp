// SPDX-License-Identifier: MIT
// Issue 24, the service part: stale PATCHes rebased over the patches a store keeps, checked the
// same way on every backend (store_test.cpp: memory and SQLite; pg_test.cpp: PostgreSQL, also
// with two store instances on one database). Each scenario patches alice's ci token through
// store `a` and store `b`, which may be one store or two instances sharing a database.
#ifndef JSONPATCH_TESTS_SERVICE_REBASE_SCENARIOS_HPP
#define JSONPATCH_TESTS_SERVICE_REBASE_SCENARIOS_HPP

#include <jsonpatch/errc.hpp>
#include <jsonpatch/pat.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rebase_answer.hpp"
#include "service_helpers.hpp"
#include "token_store.hpp"

namespace service_test {

inline const std::string rebase_owner = "a1f0c2de-7b34-4c55-8e21-0d9f6b7a3c10"; // alice

/// PATCHes ci_token with `operations`; with `base`, as a client whose If-Match names version
/// `base` of it (the precondition holds only for that version, base_version is set).
/// `caller_scopes` as patch_request has them.
[[nodiscard]] inline pat_service::patch_outcome
patch_at(pat_service::token_store& store, const std::string& operations,
         std::optional<std::int64_t> base,
         std::optional<std::vector<std::string>> caller_scopes = std::nullopt) {
    pat_service::patch_request request;
    request.owner_id = rebase_owner;
    request.token_id = ci_token;
    request.patch_text = operations;
    request.caller_scopes = std::move(caller_scopes);
    if (base) {
        request.precondition = [version = *base](const pat_service::versioned_token& current) {
            return current.version == version;
        };
        request.base_version = base;
    }
    return store.patch(request, {});
}

/// Sets ci_token's name and scope unconditionally; its new version.
[[nodiscard]] inline std::int64_t reset_ci_token(pat_service::token_store& store,
                                                 const nlohmann::json& scope) {
    const auto outcome = patch_at(
        store,
        nlohmann::json::array({{{"op", "replace"}, {"path", "/name"}, {"value", "rebase-base"}},
                               {{"op", "replace"}, {"path", "/scope"}, {"value", scope}}})
            .dump(),
        std::nullopt);
    REQUIRE(outcome.what == pat_service::patch_outcome::kind::patched);
    return outcome.token->version;
}

[[nodiscard]] inline nlohmann::json scope_json(const pat_service::versioned_token& token) {
    return jsonpatch::pat::to_json(token.token)["scope"];
}

[[nodiscard]] inline nlohmann::json scope_of(pat_service::token_store& store) {
    const auto found = store.find(rebase_owner, ci_token);
    REQUIRE(found);
    return scope_json(*found);
}

/// Two clients read version v; A adds a scope, B removes another element by index: both are
/// kept, and the kept patch is B's rebased one (a third client, at A's version, conflicts with
/// its rewritten index).
inline void rebase_keeps_both_changes(pat_service::token_store& a, pat_service::token_store& b) {
    using kind = pat_service::patch_outcome::kind;
    const std::int64_t v = reset_ci_token(a, {"read", "write", "admin"});
    const auto by_a = patch_at(a, R"([{"op": "add", "path": "/scope/0", "value": "deploy"}])", v);
    REQUIRE(by_a.what == kind::patched);
    CHECK(by_a.token->version == v + 1);

    // B still at v: "/scope/2" is "admin" there, "/scope/3" now.
    const auto by_b = patch_at(b, R"([{"op": "remove", "path": "/scope/2"}])", v);
    REQUIRE(by_b.what == kind::patched);
    CHECK(by_b.token->version == v + 2);
    CHECK(scope_json(*by_b.token) == nlohmann::json({"deploy", "read", "write"}));
    CHECK(scope_of(a) == nlohmann::json({"deploy", "read", "write"}));
    CHECK(scope_of(b) == nlohmann::json({"deploy", "read", "write"}));

    // C read A's version: its "/scope/3" is what B's patch, kept as "remove /scope/3", removed.
    const auto by_c =
        patch_at(a, R"([{"op": "replace", "path": "/scope/3", "value": "push"}])", v + 1);
    REQUIRE(by_c.what == kind::precondition_failed);
    REQUIRE(by_c.conflicts.size() == 1);
    CHECK(by_c.conflicts[0].op_index == 0u);
    CHECK(by_c.conflicts[0].message.find("remove '/scope/3'") != std::string::npos);

    // D, two versions behind, appends and tests what nobody changed: rebased over both.
    const auto by_d = patch_at(b,
                               R"([{"op": "test", "path": "/name", "value": "rebase-base"},
                                   {"op": "add", "path": "/scope/-", "value": "x"}])",
                               v);
    REQUIRE(by_d.what == kind::patched);
    CHECK(by_d.token->version == v + 3);
    CHECK(scope_of(a) == nlohmann::json({"deploy", "read", "write", "x"}));
}

/// B removes the element A replaced and renames the token A renamed: 412 (precondition_failed)
/// listing both of B's conflicting operations, by their index in B's patch; nothing written.
inline void rebase_conflict_lists_operations(pat_service::token_store& a,
                                             pat_service::token_store& b) {
    using kind = pat_service::patch_outcome::kind;
    const std::int64_t v = reset_ci_token(a, {"read", "write", "admin"});
    const auto by_a = patch_at(a, R"([{"op": "replace", "path": "/scope/1", "value": "WRITE"},
                                      {"op": "replace", "path": "/name", "value": "by-a"}])",
                               v);
    REQUIRE(by_a.what == kind::patched);

    const auto by_b = patch_at(b, R"([{"op": "remove", "path": "/scope/1"},
                                      {"op": "add", "path": "/scope/-", "value": "extra"},
                                      {"op": "replace", "path": "/name", "value": "by-b"}])",
                               v);
    REQUIRE(by_b.what == kind::precondition_failed);
    CHECK(by_b.is_rebase_conflict());
    REQUIRE(by_b.conflicts.size() == 2);
    CHECK(by_b.conflicts[0].code == jsonpatch::errc::rebase_conflict);
    CHECK(by_b.conflicts[0].op_index == 0u);
    CHECK(by_b.conflicts[0].path == "/scope/1");
    CHECK(by_b.conflicts[1].op_index == 2u);
    CHECK(by_b.conflicts[1].path == "/name");
    REQUIRE(by_b.token);
    CHECK(by_b.token->version == v + 1);

    const auto found = b.find(rebase_owner, ci_token);
    REQUIRE(found);
    CHECK(found->version == v + 1);
    CHECK(found->token.name == "by-a");
    CHECK(scope_json(*found) == nlohmann::json({"read", "WRITE", "admin"}));

    const auto body = pat_service::precondition_failed_body(by_b, "track-1");
    CHECK(body["detailCode"] == "412 Precondition Failed");
    CHECK(body["trackingId"] == "track-1");
    REQUIRE(body["conflicts"].size() == 2);
    CHECK(body["conflicts"][0]["op_index"] == 0);
    CHECK(body["conflicts"][0]["path"] == "/scope/1");
    CHECK_FALSE(body["conflicts"][0].contains("from"));
    CHECK(body["conflicts"][1]["op_index"] == 2);
    CHECK(body["causes"].size() == 2);
}

/// A store whose window is 0 answers every stale patch as before: precondition_failed, no
/// conflicts, nothing written.
inline void window_zero_refuses_stale_patches(pat_service::token_store& store) {
    using kind = pat_service::patch_outcome::kind;
    const std::int64_t v = reset_ci_token(store, {"read", "write", "admin"});
    REQUIRE(patch_at(store, R"([{"op": "add", "path": "/scope/0", "value": "deploy"}])", v).what ==
            kind::patched);
    const auto stale = patch_at(store, R"([{"op": "remove", "path": "/scope/2"}])", v);
    CHECK(stale.what == kind::precondition_failed);
    CHECK(stale.conflicts.empty());
    CHECK_FALSE(stale.is_rebase_conflict());
    CHECK(scope_of(store) == nlohmann::json({"deploy", "read", "write", "admin"}));
}

/// With a window of 2: a base 3 versions back, 0, or a version the token never had is
/// precondition_failed; a base 2 versions back is rebased.
inline void base_outside_window_refused(pat_service::token_store& store) {
    using kind = pat_service::patch_outcome::kind;
    const std::int64_t v = reset_ci_token(store, {"s0"});
    for (const char* scope : {"s1", "s2", "s3"}) {
        const std::string add =
            nlohmann::json::array({{{"op", "add"}, {"path", "/scope/-"}, {"value", scope}}}).dump();
        REQUIRE(patch_at(store, add, std::nullopt).what == kind::patched);
    }
    const std::string remove_first = R"([{"op": "remove", "path": "/scope/0"}])";
    for (const std::int64_t base : {v, std::int64_t{0}, std::int64_t{-1}, v + 4, v + 9}) {
        INFO("base version " << base << ", current " << v + 3);
        const auto refused = patch_at(store, remove_first, base);
        CHECK(refused.what == kind::precondition_failed);
        CHECK(refused.conflicts.empty());
    }
    const auto rebased = patch_at(store, remove_first, v + 1);
    REQUIRE(rebased.what == kind::patched);
    CHECK(scope_of(store) == nlohmann::json({"s1", "s2", "s3"}));
}

/// A rebased patch goes through every check a current one does: the caller's scopes, the
/// policy, name uniqueness, the patch's own errors on the version it names, malformed text.
inline void rebased_patch_gets_every_check(pat_service::token_store& store) {
    using kind = pat_service::patch_outcome::kind;
    const std::int64_t v = reset_ci_token(store, {"read", "write"});
    REQUIRE(patch_at(store, R"([{"op": "add", "path": "/scope/0", "value": "deploy"}])", v).what ==
            kind::patched);

    const auto escalation =
        patch_at(store, R"([{"op": "add", "path": "/scope/-", "value": "admin"}])", v,
                 std::vector<std::string>{"read"});
    CHECK(escalation.what == kind::forbidden);
    CHECK(escalation.error->code == jsonpatch::errc::operation_not_allowed);

    const auto policy =
        patch_at(store, R"([{"op": "replace", "path": "/owner/name", "value": "eve"}])", v);
    CHECK(policy.what == kind::rejected);
    CHECK(policy.error->code == jsonpatch::errc::operation_not_allowed);

    const auto taken =
        patch_at(store, R"([{"op": "replace", "path": "/name", "value": "laptop-cli"}])", v);
    CHECK(taken.what == kind::rejected);
    CHECK(taken.error->code == jsonpatch::errc::conflict);

    const auto missing = patch_at(store, R"([{"op": "remove", "path": "/scope/5"}])", v);
    CHECK(missing.what == kind::rejected);
    CHECK(missing.error->op_index == 0u);

    const auto malformed = patch_at(store, R"([{"op": "remove", "path": )", v);
    CHECK(malformed.what == kind::rejected);
    CHECK(malformed.error->code == jsonpatch::errc::invalid_json);

    CHECK(scope_of(store) == nlohmann::json({"deploy", "read", "write"}));
    CHECK(store.find(rebase_owner, ci_token)->version == v + 1);
}

/// Makes `count` patches of ci_token, unconditionally, each a rename to a name it never had;
/// the last version.
[[nodiscard]] inline std::int64_t patch_times(pat_service::token_store& store, int count) {
    static int renames = 0;
    std::int64_t version = 0;
    for (int n = 0; n < count; ++n) {
        const int i = ++renames;
        const auto outcome = patch_at(
            store,
            nlohmann::json::array(
                {{{"op", "replace"}, {"path", "/name"}, {"value", "round-" + std::to_string(i)}}})
                .dump(),
            std::nullopt);
        REQUIRE(outcome.what == pat_service::patch_outcome::kind::patched);
        version = outcome.token->version;
    }
    return version;
}

} // namespace service_test

#endif // JSONPATCH_TESTS_SERVICE_REBASE_SCENARIOS_HPP
