// SPDX-License-Identifier: MIT
/// \file
/// rebase: rewrites a patch written against an older version of a document so that it applies
/// after the patches accepted since, keeping both patches' changes, or says which of its
/// operations conflict (operational transformation over JSON Pointer). docs/concurrency.md.
#ifndef JSONPATCH_REBASE_HPP
#define JSONPATCH_REBASE_HPP

#include <jsonpatch/detail/rebase_accepted.hpp>
#include <jsonpatch/detail/rebase_patch.hpp>
#include <jsonpatch/detail/rebase_tree.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/result.hpp>

#include <cstddef>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

template <class J> struct rebase_outcome {
    basic_patch<J> rebased;
    std::vector<jsonpatch::error> errors;
};

// Copies `accepted` makes of values it touched are followed node by node up to this many nodes
// in all; beyond (only a patch that copies copies of copies gets there) a copy is untracked. The
// budget grows with the patches, so it bounds memory by their size, not the document's.
template <class J>
[[nodiscard]] std::size_t rebase_clone_budget(const basic_patch<J>& accepted,
                                              const basic_patch<J>& later) noexcept {
    std::size_t tokens = 0;
    for (const basic_patch<J>* p : {&accepted, &later}) {
        for (const basic_operation<J>& op : *p) {
            tokens += op.path.size() + op.from.size() + 1;
        }
    }
    return 4096 + 8 * tokens;
}

template <class J>
[[nodiscard]] rebase_outcome<J> rebase_all(const J& base, const basic_patch<J>& accepted,
                                           const basic_patch<J>& later, bool collect) {
    rebase_tree<J> tree(base);
    rebase_accepted_replay<J> replay(tree, rebase_clone_budget(accepted, later));
    if (auto e = replay.run(accepted)) {
        return {basic_patch<J>(), {std::move(*e)}};
    }
    rebase_patch_replay<J> rebaser(tree, accepted, collect);
    rebaser.run(later);
    return {std::move(rebaser.rebased()), std::move(rebaser.errors())};
}

} // namespace detail

/// Rewrites `patch_input` (the patch), written against `base`, to apply after `accepted` (also
/// written against `base`): the result applies to `apply(base, accepted)` and leaves there both
/// patches' changes.
///
/// Operations are sequential: an index means one in the document its operation applies to.
/// Values have identities that survive moves, and accepted's writes are judged in order, against
/// where the patch's locations were at the time.
/// - Array positions follow their elements: an index that named element e names e after
///   `accepted` (shifted by its inserts and removals); `-` stays `-`; an insert at index i goes
///   right before the element that was at i, after anything `accepted` inserted there; a numeric
///   insert at the end goes to the end. Values `accepted` moved are followed: a pointer at or
///   below one is rewritten to its new place.
/// - An operation conflicts when a location `accepted` wrote (added, removed, replaced, the
///   source or target of a move, the target of a copy) is equal to, above or below a location the
///   operation reads or writes (its path, its from, what it tests), once followed; following a
///   move is no conflict with that move. Inserts into and removals from the same array, and writes
///   inside other elements, only shift indices; an insert before an element `accepted` removed,
///   replaced or moved is a conflict. A `test` of what `accepted` did not write stays, and passes.
/// - Nothing is guessed; these cases are conflicts although a finer rule could rebase them: an
///   insert before an element `accepted` moved (even within its array), a `move` onto itself of
///   a value `accepted` wrote inside, removing (or moving away) a value `accepted` made the whole
///   document, and anything about a value `accepted` moved into a copy it made of a copy of a
///   copy beyond the size rebase follows.
///
/// Errors: errc::rebase_conflict (HTTP 409) for the first operation that conflicts, with its
/// op_index, its path and from as given, and `concerns` naming the member that conflicts. When
/// `accepted` does not apply to `base`, its apply error (the 300 band) without op_index (the
/// message names the accepted operation); when `patch` does not apply to `base` (a pointer does
/// not resolve), the apply error of that operation. A `test` value is not compared: a test that
/// fails on `base` fails the same way in the rebased patch, and values inside what the patch
/// itself added are not looked at either. No limit is enforced: apply the result with the
/// service's apply_options.
///
/// The result is an RFC 6902 patch of the same operations, except that a move which index shifts
/// would turn into a move into its own child becomes a copy and a remove, and an operation that
/// replaces a member `accepted` moved into an array becomes a replace (or an insert before it and
/// a removal of it). With `accepted` empty the result is the patch; with the patch empty it is
/// empty; rebasing over a1 then a2 gives the document rebasing over a1 + a2 gives (and the same
/// patch unless an operation was rewritten), and conflicts exactly when that does.
///
/// Cost: O((|accepted| + |patch|) × depth × log k), where k is the number of edits to one array,
/// plus copying the patch's values: `base` is read only along the pointers, never copied or
/// walked, and nothing recurses on depth.
///
/// Example: `base` {"scope": ["a", "b", "c"]}, `accepted` [add /scope/0 "z"], `patch`
/// [remove /scope/2] gives [remove /scope/3]; `patch` [test /scope/0 "a"] gives [test /scope/1
/// "a"]; `patch` [replace /scope "x"] conflicts (accepted wrote inside /scope).
template <class J>
[[nodiscard]] result<basic_patch<J>> rebase(const J& base, const basic_patch<J>& accepted,
                                            const basic_patch<J>& patch_input) {
    detail::require_document_type<J>();
    auto outcome = detail::rebase_all(base, accepted, patch_input, false);
    if (!outcome.errors.empty()) {
        return std::move(outcome.errors.front());
    }
    return std::move(outcome.rebased);
}

/// Every conflicting operation of `patch_input` (rebase()'s rules), one errc::rebase_conflict error
/// each, in order; empty exactly when rebase() succeeds, and the first one is rebase()'s error.
/// An operation that works on what a conflicting one made also conflicts ("depends on an earlier
/// operation that conflicts"). When `accepted` or the patch does not apply to `base`, the list ends
/// with that error (for `accepted`, it is the only one). Cost: rebase()'s. docs/concurrency.md.
template <class J>
[[nodiscard]] std::vector<error> rebase_conflicts(const J& base, const basic_patch<J>& accepted,
                                                  const basic_patch<J>& patch_input) {
    detail::require_document_type<J>();
    return detail::rebase_all(base, accepted, patch_input, true).errors;
}

} // namespace jsonpatch

#endif // JSONPATCH_REBASE_HPP
