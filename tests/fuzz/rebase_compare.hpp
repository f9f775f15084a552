// SPDX-License-Identifier: MIT
// Whether a conflict jsonpatch::rebase_conflicts reports is the one the independent reference
// (rebase_reference.hpp) finds: the same operation, member and rule. Shared by the property test
// and the rebase fuzz target.
#ifndef JSONPATCH_TESTS_FUZZ_REBASE_COMPARE_HPP
#define JSONPATCH_TESTS_FUZZ_REBASE_COMPARE_HPP

#include <jsonpatch/detail/rebase_conflict.hpp>
#include <jsonpatch/error.hpp>

#include <rebase_reference.hpp>
#include <string>

namespace jsonpatch_reference {

/// The library's words for the rule `why` (the reference keeps its own enumeration, so that it
/// shares nothing with the code it checks but the rules' names).
[[nodiscard]] inline std::string words_of(clash why) {
    using jsonpatch::detail::rebase_clash;
    switch (why) {
    case clash::removed: return jsonpatch::detail::rebase_clash_phrase(rebase_clash::removed).before;
    case clash::changed_inside:
        return jsonpatch::detail::rebase_clash_phrase(rebase_clash::changed_inside).before;
    case clash::member_written:
        return jsonpatch::detail::rebase_clash_phrase(rebase_clash::member_written).before;
    case clash::anchor_removed:
        return jsonpatch::detail::rebase_clash_phrase(rebase_clash::anchor_removed).before;
    case clash::anchor_moved:
        return jsonpatch::detail::rebase_clash_phrase(rebase_clash::anchor_moved).before;
    case clash::made_root:
        return jsonpatch::detail::rebase_clash_phrase(rebase_clash::made_root).before;
    case clash::earlier_conflict: break;
    }
    return "depends on an earlier operation that conflicts";
}

/// True when `found` is `expected`: operation, member ("from" or not) and rule.
[[nodiscard]] inline bool same_conflict(const jsonpatch::error& found,
                                        const rebase_conflict& expected) {
    return found.op_index == expected.op_index &&
           (found.concerns == jsonpatch::member::from) == expected.about_from &&
           found.message.find(words_of(expected.why)) != std::string::npos;
}

} // namespace jsonpatch_reference

#endif // JSONPATCH_TESTS_FUZZ_REBASE_COMPARE_HPP
