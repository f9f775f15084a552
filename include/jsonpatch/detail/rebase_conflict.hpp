// SPDX-License-Identifier: MIT
// Why an operation of `patch` conflicts with `accepted`, and the errc::rebase_conflict error that
// says so.
#ifndef JSONPATCH_DETAIL_REBASE_CONFLICT_HPP
#define JSONPATCH_DETAIL_REBASE_CONFLICT_HPP

#include <jsonpatch/detail/operation_report.hpp>
#include <jsonpatch/detail/rebase_sequence.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>

#include <cstddef>
#include <string>

namespace jsonpatch::detail {

/// The rule an operation breaks (docs/concurrency.md names each).
enum class rebase_clash : unsigned char {
    removed,          ///< accepted removed or replaced the value, or one above it
    changed_inside,   ///< accepted wrote somewhere inside the value
    member_written,   ///< accepted wrote the member this operation adds
    anchor_removed,   ///< accepted removed or replaced the element an insert goes before
    anchor_moved,     ///< accepted moved the element an insert goes before
    made_root,        ///< accepted made the value the whole document, which cannot be taken away
    earlier_conflict, ///< the operation works on what an earlier, conflicting one made
};

/// One conflict: the rule, the accepted operation (rebase_none for earlier_conflict), and the
/// member of the patch's operation concerned.
struct rebase_conflict_reason {
    rebase_clash clash = rebase_clash::earlier_conflict;
    std::size_t accepted_op = rebase_none;
    member concerns = member::path;
};

// What accepted did, around the member's name: "{before}'path'{after}".
struct rebase_clash_words {
    const char* before;
    const char* after;
};
[[nodiscard]] constexpr rebase_clash_words rebase_clash_phrase(rebase_clash clash) noexcept {
    switch (clash) {
    case rebase_clash::removed:
        return {"removed or replaced the value at or above ", ""};
    case rebase_clash::changed_inside:
        return {"changed a value inside ", ""};
    case rebase_clash::member_written:
        return {"also wrote the member ", " adds"};
    case rebase_clash::anchor_removed:
        return {"removed or replaced the element ", " inserts before"};
    case rebase_clash::anchor_moved:
        return {"moved the element ", " inserts before"};
    case rebase_clash::made_root:
        return {"made the value at ", " the whole document"};
    case rebase_clash::earlier_conflict:
        break;
    }
    return {"", ""};
}

/// The errc::rebase_conflict error for operation `report.index` of the patch, e.g. "accepted op 2
/// (remove '/scope/1') removed or replaced the element 'path' inserts before".
template <class J>
[[nodiscard]] jsonpatch::error rebase_conflict_error(const operation_report& report,
                                                     const rebase_conflict_reason& reason,
                                                     const basic_patch<J>& accepted) {
    std::string message;
    if (reason.clash == rebase_clash::earlier_conflict) {
        message = "depends on an earlier operation that conflicts";
    } else {
        const basic_operation<J>& by = accepted[reason.accepted_op];
        message = "accepted op " + std::to_string(reason.accepted_op) + " (" +
                  std::string(to_string(by.op)) + " ";
        if (has_from(by.op)) {
            message += "from " + location(by.from.to_string()) + " to ";
        }
        message += location(by.path.to_string()) + ") ";
        const rebase_clash_words words = rebase_clash_phrase(reason.clash);
        message += words.before;
        message += "'" + std::string(to_string(reason.concerns)) + "'";
        message += words.after;
    }
    return report.fail(errc::rebase_conflict, reason.concerns, std::move(message));
}

/// An error of `accepted` itself (it does not apply to `base`): the apply error `e` of accepted
/// operation `e.op_index`, as a document-level error (op_index always names an operation of the
/// patch being rebased, so it is left empty; the message names the accepted operation).
[[nodiscard]] inline jsonpatch::error rebase_accepted_error(jsonpatch::error e) {
    e.message = "accepted " + describe(e);
    e.op_index.reset();
    e.path.reset();
    e.from.reset();
    e.concerns = member::none;
    return e;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_REBASE_CONFLICT_HPP
