// SPDX-License-Identifier: MIT
/// \file
/// validate: a dry run that reports every problem in a patch, not only the first.
#ifndef JSONPATCH_VALIDATE_HPP
#define JSONPATCH_VALIDATE_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/document_free_checks.hpp>
#include <jsonpatch/detail/json_walk.hpp>
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

// The policy's verdict on operation `index` as validate checks it: with a document, operations
// whose pointers the simulation must resolve first (policy_checked_when_run) are checked as it
// runs them; without one, as written.
template <class J>
std::optional<jsonpatch::error> policy_problem(const basic_operation<J>& op, std::size_t index,
                                               const J* doc,
                                               const basic_apply_options<J>& options) {
    if (options.policy == nullptr ||
        (doc != nullptr && policy_checked_when_run(view_of(op), options))) {
        return std::nullopt;
    }
    return options.policy->check(op, index);
}

// The problem operation `index` has before any simulation: the policy's verdict and, without a
// document, what fails in every document (a problem of the patch itself).
template <class J>
std::optional<jsonpatch::error> operation_problem(const basic_operation<J>& op, std::size_t index,
                                                  const J* doc,
                                                  const basic_apply_options<J>& options) {
    if (auto denied = policy_problem(op, index, doc, options)) {
        return denied;
    }
    if (doc == nullptr) {
        return problem_in_every_document(view_of(op), index);
    }
    return std::nullopt;
}

// Runs the operations that passed the checks so far (null for the others) on a scratch copy of
// `doc`; a failing operation is taken back and the run goes on, so later problems are found
// against the document as the earlier, valid operations left it. Then orders the problems.
template <class J>
void simulate(const std::vector<const basic_operation<J>*>& operations, const J* doc,
              const basic_apply_options<J>& options, std::vector<jsonpatch::error>& problems) {
    if (doc != nullptr) {
        J scratch = deep_copy(*doc);                             // nlohmann's copy recurses
        std::vector<operation_view<J>> views(operations.size()); // the journal points into them
        engine<J> eng(scratch, options);
        eng.prepare(operations.size());
        for (std::size_t i = 0; i < operations.size(); ++i) {
            if (operations[i] == nullptr) {
                continue;
            }
            views[i] = view_of(*operations[i]);
            const auto mark = eng.mark();
            if (auto e = eng.perform(views[i], i)) {
                eng.roll_back_to(mark);
                problems.push_back(std::move(*e));
            }
        }
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const jsonpatch::error& a, const jsonpatch::error& b) {
                         return a.op_index < b.op_index;
                     });
}

template <class J>
std::vector<jsonpatch::error> validate_document(const J& patch_document, const J* doc,
                                                const basic_apply_options<J>& options) {
    std::vector<jsonpatch::error> problems;
    if (auto e = document_shape_error(patch_document, options.limits)) {
        problems.push_back(std::move(*e));
        return problems;
    }
    std::vector<std::optional<basic_operation<J>>> parsed;
    parsed.reserve(patch_document.size());
    std::vector<const basic_operation<J>*> operations;
    std::size_t index = 0;
    for (const auto& element : patch_document) {
        auto op = parse_operation(element, index, options.limits);
        std::optional<jsonpatch::error> problem;
        if (!op) {
            problem = std::move(op).error();
        } else {
            problem = operation_problem(*op, index, doc, options);
        }
        ++index;
        if (problem) {
            problems.push_back(std::move(*problem));
            operations.push_back(nullptr);
        } else {
            operations.push_back(&parsed.emplace_back(std::move(*op)).value());
        }
    }
    simulate(operations, doc, options, problems);
    return problems;
}

// A parsed patch is vetted as apply() vets it (operation count, pointer limits, policy), without
// being turned back into a patch document: that would copy every value.
template <class J>
std::vector<jsonpatch::error> validate_parsed(const basic_patch<J>& p, const J* doc,
                                              const basic_apply_options<J>& options) {
    std::vector<jsonpatch::error> problems;
    if (p.size() > options.limits.max_operations) {
        problems.push_back(too_many_operations(options.limits.max_operations));
        return problems;
    }
    std::vector<const basic_operation<J>*> operations;
    operations.reserve(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
        const basic_operation<J>& op = p[i];
        std::optional<jsonpatch::error> problem;
        if (!pointer_within(op.path, options.limits) ||
            (has_from(op.op) && !pointer_within(op.from, options.limits))) {
            problem = pointer_limit_error(op, i, options.limits);
        } else {
            problem = operation_problem(op, i, doc, options);
        }
        if (problem) {
            problems.push_back(std::move(*problem));
        }
        operations.push_back(problem ? nullptr : &op);
    }
    simulate(operations, doc, options, problems);
    return problems;
}

template <class J, class Patch>
std::vector<jsonpatch::error> validate_any(const Patch& input, const J* doc,
                                           const basic_apply_options<J>& options) {
    require_patch_input<J, Patch>();
    if constexpr (!is_patch_input_for<J, Patch>()) {
        return {}; // not reached: the assertion above has failed, and said why
    } else if constexpr (is_basic_patch<Patch>::value) {
        return validate_parsed(input, doc, options);
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
/// A basic_patch is vetted as apply() vets one (the operation count, pointer limits and policy;
/// its values were checked when it was parsed), so both report the same first failure.
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
