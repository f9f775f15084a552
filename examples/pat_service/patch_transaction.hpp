// SPDX-License-Identifier: MIT
// The one PATCH algorithm every backend runs inside its own transaction.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PATCH_TRANSACTION_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PATCH_TRANSACTION_HPP

#include <jsonpatch/error.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "token_store.hpp"

namespace pat_service {

/// One patch a store accepted for a token, kept for rebasing later patches over it.
struct accepted_patch {
    /// The version the patch made (the token's version before it + 1).
    std::int64_t version = 0;
    /// The patch as applied, RFC 6902 JSON text: the request body as the client sent it, or the
    /// rebased patch serialised when it was rebased.
    std::string patch;
    /// The token's document before the patch (token_document): the base to rebase from when a
    /// client's If-Match names version - 1.
    std::string base_document;
};

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

    /// The store's rebase window (store_options::rebase_window); 0: no patch is kept.
    [[nodiscard]] virtual std::size_t rebase_window() const = 0;

    /// The patches of `token_id` the store keeps with a version above `version`, oldest first
    /// (possibly with gaps, or none: the caller checks that they are all there).
    [[nodiscard]] virtual std::vector<accepted_patch> accepted_after(std::string_view token_id,
                                                                     std::int64_t version) = 0;

    /// Keeps `record` for `token_id` in this transaction (nothing when rebase_window() is 0 or
    /// record.patch is empty) and drops the token's patches that fall out of the window: after
    /// it, the store keeps those with a version above record.version - rebase_window(). Called
    /// after write(), before commit(): the token and its patch are written together or not at
    /// all.
    virtual void keep_accepted(std::string_view token_id, const accepted_patch& record) = 0;

    /// Makes the write durable. False when the unique (owner, name) index refuses it now.
    [[nodiscard]] virtual bool commit() = 0;
};

/// The highest version a store drops when it keeps the patch that made `version` with a window
/// of `window`: version - window (nothing above it is dropped; a window of 0 drops everything).
[[nodiscard]] std::int64_t last_version_out_of_window(std::int64_t version, std::size_t window);

/// The error a rename to a name the owner already uses gets: the same whether apply_patch's
/// uniqueness check or the database's unique index noticed it.
[[nodiscard]] jsonpatch::error name_conflict_error();

/// Runs one patch_request inside `transaction`, as token_store::patch describes, in this order:
/// not_found (also for an id is_storable_key refuses); precondition_failed, unless the stale
/// patch can be rebased (below); forbidden for a managed
/// token (errc::resource_read_only, whatever `rules.options.refuse_managed` says); rejected for
/// what apply_patch refuses (a new name is normalised with normalise_name before the transaction is
/// asked whether it is taken); forbidden for a scope entry the patch adds that
/// `request.caller_scopes` lacks (errc::operation_not_allowed, path "/scope/<index>"); rejected for
/// a name normalise_name refuses; rejected for `rules.check_result`; then unchanged, or the write
/// (a changed name is written in its normalised form), the accepted patch kept (keep_accepted),
/// and commit.
///
/// A stale patch (the precondition failed) is rebased when `request.base_version` is below the
/// current version by at most rebase_window() and the transaction keeps every patch accepted
/// since (versions base_version + 1 ... current, none missing): the client's patch is parsed
/// (with `rules.options.limits`; a parse error is kind::rejected), rebased with
/// jsonpatch::rebase over their concatenation from the document before the first, and the
/// result goes through every check above as if it had been sent against the current version;
/// the rebased patch is the one kept. When it conflicts: precondition_failed with
/// patch_outcome::conflicts (jsonpatch::rebase_conflicts). When it does not apply to the version
/// it names: rejected with that error. Anything else (no base_version, a version older than the
/// window or not below the current one, a window of 0, a missing patch, kept patches that no
/// longer apply in sequence): precondition_failed as without rebasing. A kept patch or base
/// that is not valid JSON (the database was changed behind the service's back) throws
/// store_unavailable.
[[nodiscard]] patch_outcome run_patch(token_transaction& transaction, const patch_request& request,
                                      const patch_rules& rules);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PATCH_TRANSACTION_HPP
