// SPDX-License-Identifier: MIT
// The one PATCH algorithm every backend runs inside its own transaction.
#include "patch_transaction.hpp"

#include <algorithm>
#include <utility>

#include "token_checks.hpp"
#include "token_rows.hpp"

namespace pat_service {

namespace {

[[nodiscard]] patch_outcome refused(patch_outcome::kind what, jsonpatch::error error) {
    patch_outcome out;
    out.what = what;
    out.error = std::move(error);
    return out;
}

[[nodiscard]] bool contains(const std::optional<std::vector<std::string>>& list,
                            const std::string& entry) {
    return list && std::find(list->begin(), list->end(), entry) != list->end();
}

// The first scope entry of `after` that neither `before` had nor the caller holds: a patch may
// keep, reorder or drop what the token has, and add only what the caller could use itself.
[[nodiscard]] std::optional<jsonpatch::error>
scope_escalation(const jsonpatch::pat::personal_access_token& before,
                 const jsonpatch::pat::personal_access_token& after,
                 const std::optional<std::vector<std::string>>& caller_scopes) {
    if (!caller_scopes || !after.scope) {
        return std::nullopt; // a credential without a scope list holds every scope
    }
    for (std::size_t i = 0; i < after.scope->size(); ++i) {
        const std::string& entry = (*after.scope)[i];
        if (!contains(before.scope, entry) && !contains(caller_scopes, entry)) {
            jsonpatch::error e;
            e.code = jsonpatch::errc::operation_not_allowed;
            e.path = "/scope/" + std::to_string(i);
            e.message = "a token may be given only scopes the caller holds";
            return e;
        }
    }
    return std::nullopt;
}

// The name-uniqueness callback of apply_patch, which calls it once, exactly when the name
// changed: the new name is normalised before the store is asked, so the check (inside the
// transaction: another writer's rename is either committed and seen, or still to come and then
// stopped by the unique index) and the index both see only normalised names. A name
// normalise_name refuses is "not taken" here and reported by problem() afterwards.
class normalising_name_check {
  public:
    normalising_name_check(token_transaction& transaction, const std::string& current_name)
        : transaction_(transaction), current_name_(current_name) {}

    bool operator()(const jsonpatch::pat::token_owner& owner, std::string_view name,
                    std::string_view id) {
        auto normalised = normalise_name(name);
        if (!normalised) {
            problem_ = std::move(normalised).error();
            return false;
        }
        name_ = std::move(*normalised);
        return name_ != current_name_ && transaction_.name_taken(owner.id, name_, id);
    }

    [[nodiscard]] std::optional<jsonpatch::error>& problem() { return problem_; }
    /// The normalised new name (once the callback ran).
    [[nodiscard]] std::string& name() { return name_; }

  private:
    token_transaction& transaction_;
    const std::string& current_name_;
    std::optional<jsonpatch::error> problem_;
    std::string name_;
};

// `rules.options`, or a copy that refuses a managed token: a managed token belongs to the
// platform, whatever options the caller passed.
[[nodiscard]] const jsonpatch::pat::patch_options&
options_for(const versioned_token& current, const patch_rules& rules,
            jsonpatch::pat::patch_options& storage) {
    if (!current.token.managed || rules.options.refuse_managed) {
        return rules.options;
    }
    storage = rules.options;
    storage.refuse_managed = true;
    return storage;
}

} // namespace

jsonpatch::error name_conflict_error() {
    // Field for field what jsonpatch::pat::apply_patch reports for a taken name, so a client
    // cannot tell (and need not care) which of the two checks caught the race.
    jsonpatch::error e;
    e.code = jsonpatch::errc::conflict;
    e.path = "/name";
    e.message = "the owner already has another token with this name";
    return e;
}

patch_outcome run_patch(token_transaction& transaction, const patch_request& request,
                        const patch_rules& rules) {
    patch_outcome out;
    if (!is_storable_key(request.owner_id) || !is_storable_key(request.token_id)) {
        out.what = patch_outcome::kind::not_found; // no token has such an id, on any backend
        return out;
    }
    auto current = transaction.lock_token(request.owner_id, request.token_id);
    if (!current) {
        out.what = patch_outcome::kind::not_found;
        return out;
    }
    if (request.precondition && !request.precondition(*current)) {
        out.what = patch_outcome::kind::precondition_failed;
        out.token = std::move(current);
        return out;
    }

    jsonpatch::pat::patch_options storage;
    normalising_name_check name_taken(transaction, current->token.name);
    auto patched = jsonpatch::pat::apply_patch(current->token, request.patch_text, name_taken,
                                               options_for(*current, rules, storage));
    if (!patched) {
        const bool managed = patched.error().code == jsonpatch::errc::resource_read_only;
        return refused(managed ? patch_outcome::kind::forbidden : patch_outcome::kind::rejected,
                       std::move(patched).error());
    }
    if (auto escalation = scope_escalation(current->token, *patched, request.caller_scopes)) {
        return refused(patch_outcome::kind::forbidden, std::move(*escalation));
    }
    if (name_taken.problem()) {
        return refused(patch_outcome::kind::rejected, std::move(*name_taken.problem()));
    }
    if (patched->name != current->token.name) {
        patched->name = std::move(name_taken.name());
    }
    if (rules.check_result) {
        if (auto problem = rules.check_result(*patched)) {
            return refused(patch_outcome::kind::rejected, std::move(*problem));
        }
    }
    if (*patched == current->token) {
        // Nothing to write: the transaction ends in a rollback, with no I/O.
        out.what = patch_outcome::kind::unchanged;
        out.token = std::move(current);
        return out;
    }

    versioned_token next{std::move(*patched), current->version + 1};
    if (!transaction.write(next) || !transaction.commit()) {
        return refused(patch_outcome::kind::rejected, name_conflict_error());
    }
    out.what = patch_outcome::kind::patched;
    out.token = std::move(next);
    return out;
}

} // namespace pat_service
