// SPDX-License-Identifier: MIT
/// \file
/// apply_merge_to: an RFC 7396 merge patch on a typed value, under the same model, rules and
/// checks as apply_to, with errors in the client's own terms (members, not operations).
#ifndef JSONPATCH_APPLY_MERGE_TO_HPP
#define JSONPATCH_APPLY_MERGE_TO_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/detail/counted.hpp>
#include <jsonpatch/detail/patch_input.hpp>
#include <jsonpatch/detail/typed_conversions.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/result.hpp>

#include <string>
#include <utility>

namespace jsonpatch {
namespace detail {

// An error of applying the operations a merge patch translates to, told as the client sent it:
// a merge patch has members, not operations, so the error names the member (`path`), has no
// op_index or from, and says what was refused in words that name no RFC 6902 operation.
template <class J>
[[nodiscard]] jsonpatch::error as_merge_error(jsonpatch::error e, const basic_patch<J>& operations,
                                              const apply_limits& limits) {
    const bool of_operation = e.op_index && *e.op_index < operations.size();
    const op_kind op = of_operation ? operations[*e.op_index].op : op_kind::test;
    e.op_index.reset();
    e.from.reset();
    e.concerns = member::none;
    switch (e.code) {
    case errc::operation_not_allowed:
        // Also for a read-only member a grant covers: what the client asked, not which rule.
        e.message = op == op_kind::remove ? "member may not be deleted"
                    : op == op_kind::add  ? "member may not be created"
                                          : "member may not be changed";
        break;
    case errc::too_many_operations:
        e.message = "merge patch changes more than " + counted(limits.max_operations, "member");
        break;
    case errc::pointer_too_long:
        e.message = "member's pointer is longer than " + counted(limits.max_pointer_length, "byte");
        break;
    case errc::pointer_too_deep:
        e.message = "member is nested deeper than " + counted(limits.max_pointer_depth, "level");
        break;
    case errc::value_too_large:
        e.message = "merge patch sets more than " + counted(limits.max_added_nodes, "JSON node");
        break;
    default:
        if (band_of(e.code) == errc_band::apply) { // cannot happen: the operations fit the value
            e.message = "merge patch does not fit the resource";
        }
        break;
    }
    return e;
}

// apply_merge_patch with the apply errors told as the client sent them (as_merge_error).
template <class J, class Merge>
status apply_merge_document(J& doc, const Merge& merge, const basic_apply_options<J>& options) {
    auto operations = translate_merge_patch(doc, merge, options.limits);
    if (!operations) {
        return std::move(operations).error();
    }
    status done = apply(doc, *operations, options);
    if (!done) {
        return as_merge_error(std::move(done).error(), *operations, options.limits);
    }
    return done;
}

template <class T, class Merge, class J, class... Checks>
result<typed_outcome<T>> apply_merge_to_model(const T& current, const Merge& merge,
                                              const basic_model<T, J>& model, change_report report,
                                              const Checks&... checks) {
    constexpr bool merge_ok = is_basic_json_v<Merge> ? std::is_same_v<Merge, J> : is_text_v<Merge>;
    if constexpr (require_conversions<T, J>() && merge_ok) {
        const auto run = [&merge](J& doc, const basic_apply_options<J>& options) {
            return apply_merge_document(doc, merge, options);
        };
        return apply_under_model(current, run, model, report, checks...);
    } else {
        if constexpr (is_basic_json_v<Merge>) {
            require_same_document_type<J, Merge>();
        } else {
            static_assert(is_text_v<Merge>,
                          "jsonpatch::apply_merge_to takes a merge patch of the model's own JSON "
                          "type or merge patch text (std::string_view, std::string, a literal)");
        }
        return jsonpatch::error{}; // not reached: an assertion has failed and said why
    }
}

} // namespace detail

/// Applies an RFC 7396 merge patch to a typed value under `model`, as apply_to_outcome applies a
/// JSON Patch: the merge patch becomes the add, replace and remove operations it stands for
/// (translate_merge_patch), which must pass the same grants, limits, member rules, conversion
/// back and typed and per-call `checks`, in one transaction; `current` never changes. `merge` is
/// a value of the model's JSON type or merge patch text (std::string_view, std::string, a
/// literal). Returns the new value and whether it changed (typed_outcome).
///
/// Errors speak of members, as the client sent them: op_index and from are empty, `path` is the
/// member's pointer, and no message names an RFC 6902 operation ("member may not be deleted").
/// They are errc::invalid_model first (while the model does not verify), then for text
/// errc::invalid_json, errc::patch_too_large and errc::duplicate_member, errc::value_too_deep
/// (a merge patch nested deeper than max_value_depth), errc::too_many_operations (more members
/// changed than max_operations), the policy's errors (errc::operation_not_allowed), the other
/// limits, and those of the rules, the conversion and the checks, as for apply_to.
template <class T, class Merge, class J, class... Checks>
[[nodiscard]] result<typed_outcome<T>> apply_merge_to_outcome(const T& current, const Merge& merge,
                                                              const basic_model<T, J>& model,
                                                              const Checks&... checks) {
    return detail::apply_merge_to_model(current, merge, model, detail::change_report::compare,
                                        checks...);
}

/// apply_merge_to_outcome without telling whether anything changed: the new value, or the error.
template <class T, class Merge, class J, class... Checks>
[[nodiscard]] result<T> apply_merge_to(const T& current, const Merge& merge,
                                       const basic_model<T, J>& model, const Checks&... checks) {
    return detail::value_of(detail::apply_merge_to_model(current, merge, model,
                                                         detail::change_report::skip, checks...));
}

} // namespace jsonpatch

#endif // JSONPATCH_APPLY_MERGE_TO_HPP
