// SPDX-License-Identifier: MIT
// The one PATCH algorithm every backend runs inside its own transaction.
#include "patch_transaction.hpp"

#include <utility>

namespace pat_service {

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

    // Asked inside the transaction: another writer's rename is either committed (and seen here)
    // or still to come (and then stopped by the unique index at write or commit).
    const auto name_taken = [&transaction](const jsonpatch::pat::token_owner& owner,
                                           std::string_view name, std::string_view id) {
        return transaction.name_taken(owner.id, name, id);
    };
    auto patched =
        jsonpatch::pat::apply_patch(current->token, request.patch_text, name_taken, rules.options);
    if (!patched) {
        out.what = patch_outcome::kind::rejected;
        out.error = std::move(patched).error();
        return out;
    }
    if (rules.check_result) {
        if (auto problem = rules.check_result(*patched)) {
            out.what = patch_outcome::kind::rejected;
            out.error = std::move(*problem);
            return out;
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
        out.what = patch_outcome::kind::rejected;
        out.error = name_conflict_error();
        return out;
    }
    out.what = patch_outcome::kind::patched;
    out.token = std::move(next);
    return out;
}

} // namespace pat_service
