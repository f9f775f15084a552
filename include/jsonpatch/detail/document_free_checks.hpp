// SPDX-License-Identifier: MIT
// Problems an operation has in every document, found from the operation alone: what validate
// reports for a patch when it has no document to try the patch on.
#ifndef JSONPATCH_DETAIL_DOCUMENT_FREE_CHECKS_HPP
#define JSONPATCH_DETAIL_DOCUMENT_FREE_CHECKS_HPP

#include <jsonpatch/detail/operation_report.hpp>
#include <jsonpatch/detail/operation_view.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>

#include <cstddef>
#include <optional>

namespace jsonpatch::detail {

/// The error operation `op`, at index `index`, meets whatever document it is applied to, with the
/// code and message the engine gives it: a remove of the whole document (errc::root_not_removable,
/// RFC 6902 §4.2) or a move of a value into one of its own children (errc::move_into_descendant,
/// §4.4; a move from "" to anywhere else is one). Nothing for every other operation. Pointers are
/// compared token-wise as written, so only certain failures are reported. O(pointer length).
template <class J>
[[nodiscard]] std::optional<jsonpatch::error> problem_in_every_document(const operation_view<J>& op,
                                                                        std::size_t index) {
    const operation_report report{op.op, op.path.to_string(), op.from.to_string(), index};
    if (op.op == op_kind::remove && op.path.is_root()) {
        return report.root_not_removable(member::path);
    }
    if (op.op == op_kind::move && op.from.is_proper_prefix_of(op.path)) {
        return report.move_into_descendant();
    }
    return std::nullopt;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_DOCUMENT_FREE_CHECKS_HPP
