// SPDX-License-Identifier: MIT
// apply_with_inverse: apply a patch and get back the RFC 6902 patch that undoes it.
#ifndef JSONPATCH_INVERSE_HPP
#define JSONPATCH_INVERSE_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/concrete_pointer.hpp>
#include <jsonpatch/detail/ops.hpp>
#include <jsonpatch/detail/undo_log.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <cassert>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

// Appends the location's last token to `prefix`. The engine recorded whether the location was an
// array element and at which index, as it resolved it then; the document now may hold anything
// there (a move to the root replaces the very parent the source was taken from).
[[nodiscard]] inline pointer step_location(pointer prefix, const undo_step& s) {
    if (s.depth == 0) {
        return prefix;
    }
    if (s.in_array) {
        prefix.push_back(s.index);
    } else {
        prefix.push_back(s.where->token(s.depth - 1));
    }
    return prefix;
}

// The value at `where` in `doc`; the engine just put it there, so it exists.
[[nodiscard]] inline const nlohmann::json& value_at(const nlohmann::json& doc,
                                                    const pointer& where) {
    const nlohmann::json* found = find(doc, where);
    assert(found != nullptr);
    return *found;
}

// Turns the journal steps [first, last) that one operation just recorded into the operations that
// undo them, newest step first. `doc` is the document right after the operation; `from_prefix`
// is a move's "from" parent, resolved before the operation ran.
inline void invert_steps(const nlohmann::json& doc, const undo_log& journal, std::size_t first,
                         std::size_t last, const operation_view& op, const pointer& from_prefix,
                         bool allow_negative, std::vector<operation>& out) {
    using action = undo_step::action;
    const auto& steps = journal.steps();
    const undo_step& final_step = steps[last - 1];
    const auto locate = [&](const undo_step& s) {
        if (op.op == op_kind::move && s.where == &op.from) {
            return step_location(from_prefix, s);
        }
        const std::size_t parent_depth = s.depth == 0 ? 0 : s.depth - 1;
        return step_location(concrete_prefix(doc, *s.where, parent_depth, allow_negative), s);
    };
    const pointer final_location = locate(final_step);
    for (std::size_t j = last; j > first; --j) {
        const undo_step& s = steps[j - 1];
        pointer where = j == last ? final_location : locate(s);
        switch (s.what) {
        case action::erase_member:
        case action::erase_element: {
            nlohmann::json expected = value_at(doc, where);
            if (j != last) {
                // A chain of parents made by create_missing_parents: when this step is undone the
                // operation's own member is gone from the chain already.
                nlohmann::json* node = &expected;
                for (std::size_t t = s.depth; node != nullptr && t + 1 < final_step.depth; ++t) {
                    node =
                        step(*node, final_step.where->token(t), final_step.where->array_index(t));
                }
                if (node != nullptr && node->is_object()) {
                    node->erase(std::string(final_step.where->token(final_step.depth - 1)));
                }
            }
            out.push_back(operation{op_kind::test, where, {}, std::move(expected)});
            out.push_back(operation{op_kind::remove, std::move(where), {}, {}});
            break;
        }
        case action::restore:
            out.push_back(operation{op_kind::test, where, {}, value_at(doc, where)});
            out.push_back(operation{op_kind::replace, std::move(where), {}, s.old});
            break;
        case action::reinsert_member:
            out.push_back(
                operation{op_kind::add,
                          std::move(where),
                          {},
                          s.value_from_carry ? value_at(doc, final_location) : s.node.mapped()});
            break;
        case action::reinsert_element:
            out.push_back(operation{op_kind::add,
                                    std::move(where),
                                    {},
                                    s.value_from_carry ? value_at(doc, final_location) : s.old});
            break;
        }
    }
}

} // namespace detail

/// Applies `p` to `doc` exactly as apply() does (same limits, policy, validators, atomicity and
/// errors) and, on success, returns the inverse: an RFC 6902 patch that turns the patched document
/// back into the original (dump() equal). Every location the inverse writes is first checked with
/// a `test` of what `p` left there (RFC 6902 §4.6), so the inverse refuses to apply to a document
/// that changed there since. Array indices are concrete (no "-", no negative indices), so the
/// inverse applies with default options. Errors: those of apply(). Cost: apply()'s, plus copies of
/// the values `p` removed, overwrote or wrote (the inverse holds them).
[[nodiscard]] inline result<patch> apply_with_inverse(nlohmann::json& doc, const patch& p,
                                                      const apply_options& options = {}) {
    if (auto e = detail::vet_limits(p, options.limits)) {
        return std::move(*e);
    }
    const detail::patch_view_list views(p);
    if (auto e = detail::vet_policy(views.data(), views.size(), options)) {
        return std::move(*e);
    }
    detail::engine eng(doc, options);
    eng.prepare(p.size());
    std::vector<std::vector<operation>> undo(p.size()); // per operation, newest step first
    try {
        for (std::size_t i = 0; i < p.size(); ++i) {
            const detail::operation_view& op = views[i];
            pointer from_prefix;
            if (op.op == op_kind::move && !op.from.is_root()) {
                // The removal's parent is resolved before the add can shift an array above it.
                from_prefix = detail::concrete_prefix(doc, op.from, op.from.size() - 1,
                                                      options.allow_negative_array_index);
            }
            const std::size_t first = eng.mark().steps;
            if (auto e = eng.perform(op, i)) {
                eng.roll_back();
                return std::move(*e);
            }
            const std::size_t last = eng.mark().steps;
            if (last > first) {
                detail::invert_steps(doc, eng.journal(), first, last, op, from_prefix,
                                     options.allow_negative_array_index, undo[i]);
            }
        }
        for (const validator& check : options.validators) {
            if (status verdict = check(doc); !verdict) {
                eng.roll_back();
                return std::move(verdict).error();
            }
        }
    } catch (...) {
        eng.roll_back();
        throw;
    }
    eng.commit();
    std::vector<operation> inverse;
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
        for (operation& op : *it) {
            inverse.push_back(std::move(op));
        }
    }
    return patch(std::move(inverse));
}

/// Parses `patch_document` (see parse_patch) and applies it as above; shape errors are returned
/// before anything changes.
[[nodiscard]] inline result<patch> apply_with_inverse(nlohmann::json& doc,
                                                      const nlohmann::json& patch_document,
                                                      const apply_options& options = {}) {
    auto parsed = parse_patch(patch_document, options.limits);
    if (!parsed) {
        return std::move(parsed).error();
    }
    return apply_with_inverse(doc, *parsed, options);
}

/// Parses patch text (see parse_patch) and applies it as above; a string is patch text, never a
/// JSON string value.
[[nodiscard]] inline result<patch> apply_with_inverse(nlohmann::json& doc,
                                                      std::string_view patch_text,
                                                      const apply_options& options = {}) {
    auto parsed = parse_patch(patch_text, options.limits);
    if (!parsed) {
        return std::move(parsed).error();
    }
    return apply_with_inverse(doc, *parsed, options);
}
// Without these, a string literal or std::string would convert to nlohmann::json (a string value).
[[nodiscard]] inline result<patch> apply_with_inverse(nlohmann::json& doc, const char* patch_text,
                                                      const apply_options& options = {}) {
    return apply_with_inverse(doc, std::string_view(patch_text), options);
}
[[nodiscard]] inline result<patch> apply_with_inverse(nlohmann::json& doc,
                                                      const std::string& patch_text,
                                                      const apply_options& options = {}) {
    return apply_with_inverse(doc, std::string_view(patch_text), options);
}

} // namespace jsonpatch

#endif // JSONPATCH_INVERSE_HPP
