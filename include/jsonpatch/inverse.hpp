// SPDX-License-Identifier: MIT
/// \file
/// apply_with_inverse: apply a patch and get back the RFC 6902 patch that undoes it.
#ifndef JSONPATCH_INVERSE_HPP
#define JSONPATCH_INVERSE_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/concrete_pointer.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/operation_view.hpp>
#include <jsonpatch/detail/ops.hpp>
#include <jsonpatch/detail/undo_log.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <cassert>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

// Appends the location's last token to `prefix`. The engine recorded whether the location was an
// array element and at which index, as it resolved it then; the document now may hold anything
// there (a move to the root replaces the very parent the source was taken from).
template <class J>
[[nodiscard]] pointer step_location(pointer prefix, const undo_step<J>& s) {
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
template <class J>
[[nodiscard]] const J& value_at(const J& doc, const pointer& where) {
    const J* found = find(doc, where);
    assert(found != nullptr);
    return *found;
}

// What an operation's removal needs to be undone, found before the operation runs: the parent of
// a move's source (an array above it may shift when the value lands), and, for member order, the
// names of the members that followed a member the operation takes out of an ordered object.
struct removal_context {
    pointer from_prefix;
    std::vector<std::string> followers;
};

template <class J>
[[nodiscard]] removal_context before_removal(const J& doc, const operation_view<J>& op,
                                             bool allow_negative) {
    removal_context out;
    const pointer_view* removed = op.op == op_kind::move     ? &op.from
                                  : op.op == op_kind::remove ? &op.path
                                                             : nullptr;
    if (removed == nullptr || removed->is_root()) {
        return out;
    }
    out.from_prefix = concrete_prefix(doc, *removed, removed->size() - 1, allow_negative);
    if constexpr (keeps_member_order<J>) {
        const J* parent = find(doc, out.from_prefix);
        if (parent != nullptr && parent->is_object()) {
            const auto& members = parent->template get_ref<const typename J::object_t&>();
            auto it = find_member(members, removed->back());
            if (it != members.end()) {
                for (++it; it != members.end(); ++it) {
                    out.followers.push_back(it->first);
                }
            }
        }
    }
    return out;
}

// Puts a member back into an ordered object where it was: `add` appends it, then each member that
// followed it moves onto itself, which for an ordered object moves it to the end (as remove then
// add; see the engine's move). Sorted objects need only the add.
template <class J>
void reinsert_member(pointer where, J value, const std::vector<std::string>& followers,
                     std::vector<basic_operation<J>>& out) {
    const pointer parent = where.parent();
    out.push_back(basic_operation<J>{op_kind::add, std::move(where), {}, std::move(value)});
    for (const std::string& name : followers) {
        pointer member = parent;
        member.push_back(name);
        out.push_back(basic_operation<J>{op_kind::move, member, member, {}});
    }
}

// Turns the journal steps [first, last) that one operation just recorded into the operations that
// undo them, newest step first. `doc` is the document right after the operation. The values are
// parts of the document, which may be deeper than any limit: they are copied with deep_copy.
template <class J>
void invert_steps(const J& doc, const undo_log<J>& journal, std::size_t first, std::size_t last,
                  const operation_view<J>& op, const removal_context& removal,
                  bool allow_negative, std::vector<basic_operation<J>>& out) {
    using action = typename undo_step<J>::action;
    using operation_type = basic_operation<J>;
    const auto& steps = journal.steps();
    const undo_step<J>& final_step = steps[last - 1];
    const auto locate = [&](const undo_step<J>& s) {
        if (op.op == op_kind::move && s.where == &op.from) {
            return step_location(removal.from_prefix, s);
        }
        const std::size_t parent_depth = s.depth == 0 ? 0 : s.depth - 1;
        return step_location(concrete_prefix(doc, *s.where, parent_depth, allow_negative), s);
    };
    const pointer final_location = locate(final_step);
    for (std::size_t j = last; j > first; --j) {
        const undo_step<J>& s = steps[j - 1];
        pointer where = j == last ? final_location : locate(s);
        switch (s.what) {
        case action::erase_member:
        case action::erase_element: {
            J expected = deep_copy(value_at(doc, where));
            if (j != last) {
                // A chain of parents made by create_missing_parents: when this step is undone the
                // operation's own member is gone from the chain already.
                J* node = &expected;
                for (std::size_t t = s.depth; node != nullptr && t + 1 < final_step.depth; ++t) {
                    node =
                        step(*node, final_step.where->token(t), final_step.where->array_index(t));
                }
                if (node != nullptr && node->is_object()) {
                    node->erase(std::string(final_step.where->token(final_step.depth - 1)));
                }
            }
            out.push_back(operation_type{op_kind::test, where, {}, std::move(expected)});
            out.push_back(operation_type{op_kind::remove, std::move(where), {}, {}});
            break;
        }
        case action::restore:
            out.push_back(
                operation_type{op_kind::test, where, {}, deep_copy(value_at(doc, where))});
            out.push_back(
                operation_type{op_kind::replace, std::move(where), {}, deep_copy(s.old)});
            break;
        case action::reinsert_member:
            reinsert_member(std::move(where),
                            deep_copy(s.value_from_carry ? value_at(doc, final_location)
                                                         : s.node.value()),
                            removal.followers, out);
            break;
        case action::reinsert_element: {
            const J& removed = s.value_from_carry ? value_at(doc, final_location) : s.old;
            out.push_back(operation_type{op_kind::add, std::move(where), {}, deep_copy(removed)});
            break;
        }
        }
    }
}

template <class J>
result<basic_patch<J>> apply_with_inverse_parsed(J& doc, const basic_patch<J>& p,
                                                 const basic_apply_options<J>& options) {
    if (auto e = vet_limits(p, options.limits)) {
        return std::move(*e);
    }
    const patch_view_list<J> views(p);
    if (auto e = vet_policy(views.data(), views.size(), options)) {
        return std::move(*e);
    }
    engine<J> eng(doc, options);
    eng.prepare(p.size());
    // Per operation, newest step first.
    std::vector<std::vector<basic_operation<J>>> undo(p.size());
    try {
        for (std::size_t i = 0; i < p.size(); ++i) {
            const operation_view<J>& op = views[i];
            const removal_context removal =
                before_removal(doc, op, options.allow_negative_array_index);
            const std::size_t first = eng.mark().steps;
            if (auto e = eng.perform(op, i)) {
                eng.roll_back();
                return std::move(*e);
            }
            const std::size_t last = eng.mark().steps;
            if (last > first) {
                invert_steps(doc, eng.journal(), first, last, op, removal,
                             options.allow_negative_array_index, undo[i]);
            }
        }
        for (const basic_validator<J>& check : options.validators) {
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
    std::vector<basic_operation<J>> inverse;
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
        for (basic_operation<J>& op : *it) {
            inverse.push_back(std::move(op));
        }
    }
    return basic_patch<J>(std::move(inverse));
}

} // namespace detail

/// Applies `patch` to `doc` exactly as apply() does (the same patch forms, limits, policy,
/// validators, atomicity and errors) and, on success, returns the inverse: an RFC 6902 patch that
/// turns the patched document back into the original (dump() equal; with ordered_json, member
/// order included). Every location the inverse writes is first checked with a `test` of what
/// `patch` left there (RFC 6902 §4.6), so the inverse refuses to apply to a document that changed
/// there since. Array indices are concrete (no "-", no negative indices), so the inverse applies
/// with default options. A member taken out of the middle of an ordered_json object is put back
/// with `add` followed by a `move` of each member that followed it onto itself, which moves it to
/// the end. Errors: those of apply(). Cost: apply()'s, plus copies of the values `patch` removed,
/// overwrote or wrote (the inverse holds them).
template <class J, class Patch, class Options = basic_apply_options<J>>
[[nodiscard]] result<basic_patch<J>> apply_with_inverse(J& doc, const Patch& patch_input,
                                                        const Options& options = Options{}) {
    detail::require_document_type<J>();
    detail::require_options_for<J, Options>();
    detail::require_patch_input<J, Patch>();
    if constexpr (!detail::is_patch_input_for<J, Patch>()) {
        return basic_patch<J>(); // not reached: the assertion above has failed, and said why
    } else if constexpr (detail::is_basic_patch<Patch>::value) {
        return detail::apply_with_inverse_parsed(doc, patch_input, options);
    } else {
        // A document or text: shape errors are returned before anything changes.
        auto parsed = parse_patch<J>(patch_input, options.limits);
        if (!parsed) {
            return std::move(parsed).error();
        }
        return detail::apply_with_inverse_parsed(doc, *parsed, options);
    }
}

} // namespace jsonpatch

#endif // JSONPATCH_INVERSE_HPP
