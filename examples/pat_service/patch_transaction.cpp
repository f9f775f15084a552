// SPDX-License-Identifier: MIT
// The one PATCH algorithm every backend runs inside its own transaction.
#include "patch_transaction.hpp"

#include <jsonpatch/parse.hpp>
#include <jsonpatch/rebase.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// The patches accepted since `base_version` (oldest first), when the window still holds every
// one of them: versions base_version + 1 ... current, none missing.
[[nodiscard]] std::optional<std::vector<accepted_patch>>
window_since(token_transaction& transaction, std::string_view token_id, std::int64_t base_version,
             std::int64_t current_version) {
    if (base_version < 1 || base_version >= current_version ||
        base_version < last_version_out_of_window(current_version, transaction.rebase_window())) {
        return std::nullopt;
    }
    auto kept = transaction.accepted_after(token_id, base_version);
    if (static_cast<std::int64_t>(kept.size()) != current_version - base_version) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (kept[i].version != base_version + 1 + static_cast<std::int64_t>(i)) {
            return std::nullopt;
        }
    }
    return kept;
}

// JSON the store wrote itself; anything else means the database was changed behind the
// service's back, and no rebase is attempted on it.
[[nodiscard]] nlohmann::json stored_json(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
        throw store_unavailable("a kept accepted patch or its base is not valid JSON");
    }
    return parsed;
}

// The concatenation of the kept patches, each as written, in order.
[[nodiscard]] jsonpatch::patch accepted_since(const std::vector<accepted_patch>& kept) {
    jsonpatch::patch all;
    for (const accepted_patch& record : kept) {
        auto one = jsonpatch::parse_patch(stored_json(record.patch));
        if (!one) {
            throw store_unavailable("a kept accepted patch is not a valid patch");
        }
        for (auto& op : *one) {
            all.push_back(std::move(op));
        }
    }
    return all;
}

// A stale patch: rebased (`rebased` set, `refusal.token` the current token), or the outcome
// that refuses it.
struct stale_patch {
    std::optional<jsonpatch::patch> rebased;
    patch_outcome refusal;
};

[[nodiscard]] stale_patch rebase_stale(token_transaction& transaction, const patch_request& request,
                                       const patch_rules& rules, versioned_token current) {
    stale_patch out;
    out.refusal.what = patch_outcome::kind::precondition_failed;
    const auto kept = request.base_version ? window_since(transaction, request.token_id,
                                                          *request.base_version, current.version)
                                           : std::nullopt;
    out.refusal.token = std::move(current);
    if (!kept) {
        return out; // no version named, older than the window, or not kept: 412 as always
    }
    auto patch = jsonpatch::parse_patch(request.patch_text, rules.options.limits);
    if (!patch) {
        out.refusal = refused(patch_outcome::kind::rejected, std::move(patch).error());
        return out;
    }
    const auto base = stored_json(kept->front().base_document);
    const auto accepted = accepted_since(*kept);
    auto rebased = jsonpatch::rebase(base, accepted, *patch);
    if (rebased) {
        out.rebased = std::move(*rebased);
    } else if (rebased.error().code == jsonpatch::errc::rebase_conflict) {
        out.refusal.conflicts = jsonpatch::rebase_conflicts(base, accepted, *patch);
    } else if (rebased.error().op_index) {
        // The client's patch does not apply to the version it names: its own error.
        out.refusal = refused(patch_outcome::kind::rejected, std::move(rebased).error());
    }
    // Otherwise the kept patches do not apply in sequence to their base: no rebase, 412.
    return out;
}

// The text to keep for a patch that applied: the client's own text when it was not rebased
// (apply_patch just accepted it, so accepted_since parses it again), or the rebased patch
// serialised.
[[nodiscard]] std::string kept_text(std::string_view text) {
    return std::string(text);
}

[[nodiscard]] std::string kept_text(const jsonpatch::patch& rebased) {
    return rebased.to_json().dump();
}

// Everything after the precondition: apply_patch and the service's checks on `current`, then
// the write, the kept patch and the commit. `patch_input` is the request's text or a rebased
// patch.
template <class Patch>
[[nodiscard]] patch_outcome apply_and_write(token_transaction& transaction,
                                            const patch_request& request, const patch_rules& rules,
                                            versioned_token current, const Patch& patch_input) {
    jsonpatch::pat::patch_options storage;
    normalising_name_check name_taken(transaction, current.token.name);
    auto patched = jsonpatch::pat::apply_patch(current.token, patch_input, name_taken,
                                               options_for(current, rules, storage));
    if (!patched) {
        const bool managed = patched.error().code == jsonpatch::errc::resource_read_only;
        return refused(managed ? patch_outcome::kind::forbidden : patch_outcome::kind::rejected,
                       std::move(patched).error());
    }
    if (auto escalation = scope_escalation(current.token, *patched, request.caller_scopes)) {
        return refused(patch_outcome::kind::forbidden, std::move(*escalation));
    }
    if (name_taken.problem()) {
        return refused(patch_outcome::kind::rejected, std::move(*name_taken.problem()));
    }
    if (patched->name != current.token.name) {
        patched->name = std::move(name_taken.name());
    }
    if (rules.check_result) {
        if (auto problem = rules.check_result(*patched)) {
            return refused(patch_outcome::kind::rejected, std::move(*problem));
        }
    }
    patch_outcome out;
    if (*patched == current.token) {
        // Nothing to write: the transaction ends in a rollback, with no I/O.
        out.what = patch_outcome::kind::unchanged;
        out.token = std::move(current);
        return out;
    }

    versioned_token next{std::move(*patched), current.version + 1};
    if (!transaction.write(next)) {
        return refused(patch_outcome::kind::rejected, name_conflict_error());
    }
    // With a window of 0 the record stays empty and only prunes what a larger window once kept.
    // Kept with it: the token's document before the patch (the base a rebase starts from).
    accepted_patch record{next.version, {}, {}};
    if (transaction.rebase_window() > 0) {
        record.patch = kept_text(patch_input);
        record.base_document = token_document(current.token);
    }
    transaction.keep_accepted(next.token.id, record);
    if (!transaction.commit()) {
        return refused(patch_outcome::kind::rejected, name_conflict_error());
    }
    out.what = patch_outcome::kind::patched;
    out.token = std::move(next);
    return out;
}

} // namespace

std::int64_t last_version_out_of_window(std::int64_t version, std::size_t window) {
    constexpr auto widest = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    return version - static_cast<std::int64_t>(std::min(window, widest));
}

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
        auto stale = rebase_stale(transaction, request, rules, std::move(*current));
        if (!stale.rebased) {
            return std::move(stale.refusal);
        }
        return apply_and_write(transaction, request, rules, std::move(*stale.refusal.token),
                               *stale.rebased);
    }
    return apply_and_write(transaction, request, rules, std::move(*current), request.patch_text);
}

} // namespace pat_service
