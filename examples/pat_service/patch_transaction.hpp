// SPDX-License-Identifier: MIT
// The one PATCH algorithm every backend runs inside its own transaction.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PATCH_TRANSACTION_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PATCH_TRANSACTION_HPP

#include <jsonpatch/error.hpp>

#include <optional>
#include <string_view>

#include "token_store.hpp"

namespace pat_service {

/// What run_patch needs from a backend's open write transaction. Destroying it without a
/// successful commit() rolls everything back. Methods throw store_unavailable on database
/// failures.
class token_transaction {
  public:
    token_transaction() = default;
    token_transaction(const token_transaction&) = delete;
    token_transaction& operator=(const token_transaction&) = delete;
    virtual ~token_transaction() = default;

    /// The token `token_id` if `owner_id` owns it, locked against other writers until the end of
    /// the transaction.
    [[nodiscard]] virtual std::optional<versioned_token> lock_token(std::string_view owner_id,
                                                                    std::string_view token_id) = 0;

    /// Whether `owner_id` has a token other than `except_id` named `name`.
    [[nodiscard]] virtual bool name_taken(std::string_view owner_id, std::string_view name,
                                          std::string_view except_id) = 0;

    /// Replaces the stored token with `next` (same id). False when the unique (owner, name)
    /// index refuses the new name.
    [[nodiscard]] virtual bool write(const versioned_token& next) = 0;

    /// Makes the write durable. False when the unique (owner, name) index refuses it now.
    [[nodiscard]] virtual bool commit() = 0;
};

/// The error a rename to a name the owner already uses gets: the same whether apply_patch's
/// uniqueness check or the database's unique index noticed it.
[[nodiscard]] jsonpatch::error name_conflict_error();

/// Runs one patch_request inside `transaction`, as token_store::patch describes, in this order:
/// not_found (also for an id is_storable_key refuses); precondition_failed; forbidden for a managed
/// token (errc::resource_read_only, whatever `rules.options.refuse_managed` says); rejected for
/// what apply_patch refuses (a new name is normalised with normalise_name before the transaction is
/// asked whether it is taken); forbidden for a scope entry the patch adds that
/// `request.caller_scopes` lacks (errc::operation_not_allowed, path "/scope/<index>"); rejected for
/// a name normalise_name refuses; rejected for `rules.check_result`; then unchanged, or the write
/// (a changed name is written in its normalised form) and commit.
[[nodiscard]] patch_outcome run_patch(token_transaction& transaction, const patch_request& request,
                                      const patch_rules& rules);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PATCH_TRANSACTION_HPP
