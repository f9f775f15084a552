// SPDX-License-Identifier: MIT
/// \file
/// validate: a dry run that reports every problem in a patch, not only the first.
#ifndef JSONPATCH_VALIDATE_HPP
#define JSONPATCH_VALIDATE_HPP

#include <jsonpatch/detail/document_free_checks.hpp>
#include <jsonpatch/detail/operation_view.hpp>
#include <jsonpatch/detail/ops.hpp>
#include <jsonpatch/detail/patch_input.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/policy.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

template <class J>
std::vector<jsonpatch::error> validate_document(const J& patch_document, const J* doc,
                                                const basic_apply_options<J>& options) {
    std::vector<jsonpatch::error> problems;
    if (!patch_document.is_array()) {
        problems.push_back(
            document_error(errc::patch_not_array, "patch document is not a JSON array"));
        return problems;
    }
    if (patch_document.size() > options.limits.max_operations) {
        problems.push_back(too_many_operations(options.limits.max_operations));
        return problems;
    }
    std::vector<std::optional<basic_operation<J>>> operations;
    operations.reserve(patch_document.size());
    std::size_t index = 0;
    for (const auto& element : patch_document) {
        auto op = parse_operation(element, index, options.limits);
        std::optional<jsonpatch::error> denied;
        // With a document, the simulation checks operations whose pointers it must resolve first
        // (policy_checked_when_run); without one, they are checked as written.
        if (op && options.policy != nullptr &&
            (doc == nullptr || !policy_checked_when_run(view_of(*op), options))) {
            denied = options.policy->check(*op, index);
        }
        // Without a document, what fails in every document is a problem of the patch itself.
        if (op && !denied && doc == nullptr) {
            denied = problem_in_every_document(view_of(*op), index);
        }
        ++index;
        if (denied) {
            problems.push_back(std::move(*denied));
            operations.emplace_back(std::nullopt);
        } else if (op) {
            operations.emplace_back(std::move(*op));
        } else {
            problems.push_back(std::move(op).error());
            operations.emplace_back(std::nullopt);
        }
    }
    if (doc == nullptr) {
        return problems;
    }
    // Simulate on a scratch copy; a failing operation is taken back and the run goes on, so later
    // problems are found against the document as the earlier, valid operations left it.
    J scratch = deep_copy(*doc);                             // nlohmann's copy recurses per level
    std::vector<operation_view<J>> views(operations.size()); // the journal points into them
    engine<J> eng(scratch, options);
    eng.prepare(operations.size());
    for (std::size_t i = 0; i < operations.size(); ++i) {
        if (!operations[i]) {
            continue;
        }
        views[i] = view_of(*operations[i]);
        const auto mark = eng.mark();
        if (auto e = eng.perform(views[i], i)) {
            eng.roll_back_to(mark);
            problems.push_back(std::move(*e));
        }
    }
    std::sort(problems.begin(), problems.end(),
              [](const jsonpatch::error& a, const jsonpatch::error& b) {
                  return a.op_index < b.op_index;
              });
    return problems;
}

template <class J, class Patch>
std::vector<jsonpatch::error> validate_any(const Patch& input, const J* doc,
                                           const basic_apply_options<J>& options) {
    require_patch_input<J, Patch>();
    if constexpr (!is_patch_input_for<J, Patch>()) {
        return {}; // not reached: the assertion above has failed, and said why
    } else if constexpr (is_basic_patch<Patch>::value) {
        return validate_document(input.to_json(), doc, options);
    } else if constexpr (is_basic_json_v<Patch>) {
        return validate_document(input, doc, options);
    } else {
        auto document = parse_patch_text<J>(as_text(input), options.limits);
        if (!document) {
            return {std::move(document).error()};
        }
        return validate_document(*document, doc, options);
    }
}

} // namespace detail

/// Every problem a patch has: shape errors and policy violations of every operation and, with a
/// document `doc` (any nlohmann::basic_json J), every operation that would fail (simulated on a
/// copy; failed operations are skipped so the run continues, against the document as the earlier,
/// valid operations left it). Empty when the patch would apply. Errors are ordered by operation
/// index. `patch` takes the forms apply() takes (a patch document of type J, patch text, or a
/// basic_patch<J>); for text, invalid JSON or a repeated member is reported as the only problem.
template <class Patch, class J, class Options = basic_apply_options<J>>
[[nodiscard]] std::vector<error> validate(const Patch& patch_input, const J* doc,
                                          const Options& options = Options{}) {
    detail::require_document_type<J>();
    detail::require_options_for<J, Options>();
    return detail::validate_any(patch_input, doc, options);
}

/// As above without a document: shape errors, policy violations, and what fails whatever the
/// document (errc::root_not_removable for a remove of "", errc::move_into_descendant for a move
/// into its own child). The document type is the patch document's own, or that of the options
/// (nlohmann::json for text by default).
template <class Patch,
          class Options = basic_apply_options<detail::input_document_t<void, Patch>>>
[[nodiscard]] std::vector<error> validate(const Patch& patch_input, std::nullptr_t = nullptr,
                                          const Options& options = Options{}) {
    using J = typename Options::json_type;
    detail::require_options_for<J, Options>();
    return detail::validate_any(patch_input, static_cast<const J*>(nullptr), options);
}

} // namespace jsonpatch

#endif // JSONPATCH_VALIDATE_HPP
