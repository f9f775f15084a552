// SPDX-License-Identifier: MIT
// validate: a dry run that reports every problem in a patch, not only the first.
#ifndef JSONPATCH_VALIDATE_HPP
#define JSONPATCH_VALIDATE_HPP

#include <jsonpatch/detail/ops.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/policy.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

inline std::vector<jsonpatch::error> validate_document(const nlohmann::json& patch_document,
                                                       const nlohmann::json* doc,
                                                       const apply_options& options) {
    std::vector<jsonpatch::error> problems;
    if (!patch_document.is_array()) {
        problems.push_back(
            document_error(errc::patch_not_array, "patch document is not a JSON array"));
        return problems;
    }
    if (patch_document.size() > options.limits.max_operations) {
        jsonpatch::error e = document_error(
            errc::too_many_operations,
            "patch has more than " + std::to_string(options.limits.max_operations) + " operations");
        e.op_index = options.limits.max_operations;
        problems.push_back(std::move(e));
        return problems;
    }
    std::vector<std::optional<operation>> operations;
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
    nlohmann::json scratch = deep_copy(*doc);             // nlohmann's copy recurses per level
    std::vector<operation_view> views(operations.size()); // the journal points into them
    engine eng(scratch, options);
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

} // namespace detail

/// Every problem a patch document has: shape errors and policy violations of every operation and,
/// when `doc` is given,
/// every operation that would fail (simulated on a copy; failed operations are skipped so the run
/// continues). Empty when the patch would apply. Errors are ordered by operation index.
[[nodiscard]] inline std::vector<error> validate(const nlohmann::json& patch_document,
                                                 const nlohmann::json* doc = nullptr,
                                                 const apply_options& options = {}) {
    return detail::validate_document(patch_document, doc, options);
}

/// As above for patch text; invalid JSON or a repeated member is reported as the only problem.
[[nodiscard]] inline std::vector<error> validate(std::string_view patch_text,
                                                 const nlohmann::json* doc = nullptr,
                                                 const apply_options& options = {}) {
    auto document = detail::parse_patch_text(patch_text, options.limits);
    if (!document) {
        return {std::move(document).error()};
    }
    return detail::validate_document(*document, doc, options);
}

// Without these, a string literal or std::string would be ambiguous between json and text.
[[nodiscard]] inline std::vector<error> validate(const char* patch_text,
                                                 const nlohmann::json* doc = nullptr,
                                                 const apply_options& options = {}) {
    return validate(std::string_view(patch_text), doc, options);
}
[[nodiscard]] inline std::vector<error> validate(const std::string& patch_text,
                                                 const nlohmann::json* doc = nullptr,
                                                 const apply_options& options = {}) {
    return validate(std::string_view(patch_text), doc, options);
}

} // namespace jsonpatch

#endif // JSONPATCH_VALIDATE_HPP
