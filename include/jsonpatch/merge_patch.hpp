// SPDX-License-Identifier: MIT
/// \file
/// RFC 7396 JSON Merge Patch: applied through apply() as JSON Patch operations, and created.
#ifndef JSONPATCH_MERGE_PATCH_HPP
#define JSONPATCH_MERGE_PATCH_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/counted.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/patch_input.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

// What RFC 7396 §2 makes of an object merge patch applied to a non-object: the patch with its
// null members dropped, through nested objects (arrays are plain values and keep their nulls).
// `depth` is the merge patch's depth, measured by the caller.
template <class J>
[[nodiscard]] J without_null_members(const J& merge_patch, std::size_t depth) {
    J out = copy_of_depth(merge_patch, depth);
    std::vector<J*> pending{&out};
    while (!pending.empty()) {
        J* node = pending.back();
        pending.pop_back();
        if (!node->is_object()) {
            continue;
        }
        auto& members = node->template get_ref<typename J::object_t&>();
        if constexpr (keeps_member_order<J>) {
            // Erasing from an ordered map shifts (and copies the names of) every member after
            // it: keep the others in one pass instead.
            typename J::object_t kept;
            kept.reserve(members.size());
            for (auto& [name, value] : members) {
                if (!value.is_null()) {
                    append_member(kept, name, std::move(value));
                }
            }
            *node = J(std::move(kept));
            for (auto& member : node->template get_ref<typename J::object_t&>()) {
                pending.push_back(&member.second);
            }
        } else {
            for (auto it = members.begin(); it != members.end();) {
                if (it->second.is_null()) {
                    it = members.erase(it);
                } else {
                    pending.push_back(&it->second);
                    ++it;
                }
            }
        }
    }
    return out;
}

// True when some object inside `value` (itself included) has a null member.
template <class J>
[[nodiscard]] bool has_null_member(const J& value) {
    std::vector<const J*> pending{&value};
    while (!pending.empty()) {
        const J* node = pending.back();
        pending.pop_back();
        if (!node->is_object()) {
            continue;
        }
        for (const auto& member : node->template get_ref<const typename J::object_t&>()) {
            if (member.second.is_null()) {
                return true;
            }
            pending.push_back(&member.second);
        }
    }
    return false;
}

template <class J>
[[nodiscard]] result<basic_patch<J>> translate(const J& doc, const J& merge_patch,
                                              const apply_limits& limits) {
    // nlohmann's copy recurses: the depth is bounded before anything is copied, and known after.
    const std::size_t depth =
        measure(merge_patch, limits.max_value_depth, std::numeric_limits<std::size_t>::max()).depth;
    if (depth > limits.max_value_depth) {
        jsonpatch::error e;
        e.code = errc::value_too_deep;
        e.concerns = member::value;
        e.message =
            "merge patch nests deeper than " + detail::counted(limits.max_value_depth, "level");
        return e;
    }
    basic_patch<J> out;
    if (!merge_patch.is_object()) {
        out.replace(pointer{}, copy_of_depth(merge_patch, depth));
        return out;
    }
    if (!doc.is_object()) {
        out.replace(pointer{}, without_null_members(merge_patch, depth));
        return out;
    }
    // Members in the merge patch's own order, so an ordered_json document gains new members in
    // the order the merge patch gives them.
    std::vector<std::tuple<const J*, const J*, pointer>> pending;
    pending.emplace_back(&doc, &merge_patch, pointer{});
    while (!pending.empty()) {
        auto [target, changes, path] = std::move(pending.back());
        pending.pop_back();
        const member_lookup members(target->template get_ref<const typename J::object_t&>());
        for (const auto& [name, value] : changes->template get_ref<const typename J::object_t&>()) {
            pointer where = path;
            where.push_back(name);
            const J* current = members.find(name);
            if (value.is_null()) {
                if (current != nullptr) {
                    out.remove(std::move(where));
                }
            } else if (value.is_object() && current != nullptr && current->is_object()) {
                pending.emplace_back(current, &value, std::move(where));
            } else {
                J replacement = value.is_object() ? without_null_members(value, depth)
                                                  : copy_of_depth(value, depth);
                if (current != nullptr) {
                    out.replace(std::move(where), std::move(replacement));
                } else {
                    out.add(std::move(where), std::move(replacement));
                }
            }
        }
    }
    return out;
}

} // namespace detail

/// The JSON Patch operations that do to `doc` what the merge patch does (RFC 7396 §2): a null
/// member becomes a remove (nothing when the member is absent), an object member whose target is
/// an object is merged member by member, anything else becomes add or replace of the value with
/// its null members dropped. A non-object merge patch replaces the whole document. `merge_patch`
/// is a value of the document's own nlohmann::basic_json type or merge patch text
/// (std::string_view, std::string, a string literal), never a JSON string value. Errors:
/// errc::value_too_deep when the merge patch nests deeper than limits.max_value_depth; for text
/// also errc::invalid_json, errc::patch_too_large and errc::duplicate_member. Iterative; O(size
/// of the merge patch × log width).
template <class J, class MergePatch>
[[nodiscard]] result<basic_patch<J>> translate_merge_patch(const J& doc,
                                                           const MergePatch& merge_patch,
                                                           const apply_limits& limits = {}) {
    if constexpr (!detail::require_document_type<J>()) {
        return jsonpatch::error{}; // not reached: the assertion has failed and said why
    } else if constexpr (is_basic_json_v<MergePatch>) {
        if constexpr (detail::require_same_document_type<J, MergePatch>()) {
            return detail::translate(doc, merge_patch, limits);
        } else {
            return jsonpatch::error{}; // not reached: the assertion has failed and said why
        }
    } else {
        static_assert(detail::is_text_v<MergePatch>,
                      "jsonpatch::translate_merge_patch takes a merge patch of the document's own "
                      "JSON type or merge patch text (std::string_view, std::string, a literal)");
        if constexpr (detail::is_text_v<MergePatch>) {
            auto parsed = detail::parse_patch_text<J>(detail::as_text(merge_patch), limits,
                                                      detail::patch_text_kind::merge_patch);
            if (!parsed) {
                return std::move(parsed).error();
            }
            return detail::translate(doc, *parsed, limits);
        } else {
            return jsonpatch::error{}; // not reached: the assertion has failed and said why
        }
    }
}

/// Applies an RFC 7396 merge patch to `doc` in place through apply(): the caller's policy sees
/// the equivalent add/replace/remove operations, limits apply to them, validators run, and on any
/// failure `doc` is unchanged. `merge_patch` is a value of the document's own JSON type or merge
/// patch text (std::string_view, std::string, a string literal), never a JSON string value; text
/// adds errc::invalid_json, errc::patch_too_large (limits.max_patch_bytes) and
/// errc::duplicate_member (an object of the merge patch repeats a member). Errors: those of
/// translate_merge_patch and apply(); op_index in an error counts the operations of
/// translate_merge_patch. Cost: O(size of the merge patch) plus apply()'s.
template <class J, class MergePatch, class Options = basic_apply_options<J>>
[[nodiscard]] status apply_merge_patch(J& doc, const MergePatch& merge_patch,
                                       const Options& options = Options{}) {
    detail::require_document_type<J>();
    detail::require_options_for<J, Options>();
    if constexpr (is_basic_json_v<MergePatch> ? std::is_same_v<J, MergePatch>
                                              : detail::is_text_v<MergePatch>) {
        auto operations = translate_merge_patch(doc, merge_patch, options.limits);
        if (!operations) {
            return std::move(operations).error();
        }
        return apply(doc, *operations, options);
    } else {
        if constexpr (is_basic_json_v<MergePatch>) {
            detail::require_same_document_type<J, MergePatch>();
        } else {
            static_assert(detail::is_text_v<MergePatch>,
                          "jsonpatch::apply_merge_patch takes a merge patch of the document's own "
                          "JSON type or merge patch text (std::string_view, std::string, a "
                          "literal)");
        }
        return {}; // not reached: an assertion has failed and said why
    }
}

namespace detail {
// One object pair of merge_patch_diff under way: the changes found so far, and where the walk over
// b's members stands.
template <class J>
struct merge_diff_frame {
    using object_type = typename J::object_t;

    merge_diff_frame(const J& from, const J& to, std::string_view member_name)
        : before(from.template get_ref<const object_type&>()),
          after(to.template get_ref<const object_type&>()), old_lookup(before), new_lookup(after),
          next(after.begin()), name(member_name) {}

    const object_type& before;
    const object_type& after;
    member_lookup<object_type> old_lookup;
    member_lookup<object_type> new_lookup;
    typename object_type::const_iterator next;
    std::string_view name; // of this pair in the parent pair
    J changes = J(J::value_t::object);
};

// merge_patch_diff, for two documents of one type. Object pairs are walked depth first with an
// explicit stack, and each one's changes join its parent's when it is done, only if it has some:
// every value is compared once, not once per level above it (a deep chain would cost O(depth²)).
// Values of b are copied with deep_copy: both documents may be deeper than any limit.
template <class J>
std::optional<J> merge_patch_diff_of(const J& a, const J& b) {
    if (!b.is_object()) {
        return deep_copy(b);
    }
    if (!a.is_object()) {
        if (detail::has_null_member(b)) {
            return std::nullopt;
        }
        return deep_copy(b);
    }
    std::vector<merge_diff_frame<J>> stack;
    const auto open = [&stack](const J& from, const J& to, std::string_view name) {
        merge_diff_frame<J>& f = stack.emplace_back(from, to, name);
        auto& changes = f.changes.template get_ref<typename J::object_t&>();
        for (const auto& [member_name, value] : f.before) {
            if (f.new_lookup.find(member_name) == nullptr) {
                emplace_new_member(changes, member_name, J(nullptr));
            }
        }
    };
    open(a, b, {});
    while (true) {
        merge_diff_frame<J>& f = stack.back();
        auto& changes = f.changes.template get_ref<typename J::object_t&>();
        bool descended = false;
        while (!descended && f.next != f.after.end()) {
            const auto& [name, value] = *f.next++;
            const J* before = f.old_lookup.find(name);
            if (value.is_object() && before != nullptr && before->is_object()) {
                open(*before, value, name); // invalidates `f`
                descended = true;
            } else if (before != nullptr && detail::json_identical(*before, value)) {
                continue;
            } else if (value.is_null() || detail::has_null_member(value)) {
                return std::nullopt; // a member set to null: not expressible (RFC 7396 §1)
            } else {
                emplace_new_member(changes, name, deep_copy(value));
            }
        }
        if (descended) {
            continue;
        }
        // JSON_DIAGNOSTICS parent links of the members added above (nlohmann sets them on a move).
        J done(std::move(f.changes));
        const std::string_view name = f.name;
        stack.pop_back();
        if (stack.empty()) {
            return done;
        }
        if (!done.empty()) {
            emplace_new_member(stack.back().changes.template get_ref<typename J::object_t&>(), name,
                               std::move(done));
        }
    }
}
} // namespace detail

/// A merge patch that turns `a` into `b` (RFC 7396): members of `a` missing from `b` become null,
/// differing objects are diffed member by member, other differing values are given whole. Both
/// have the same nlohmann::basic_json type; members come in `b`'s order. Nothing when no merge
/// patch can do it: `b` holds a null member where `a` does not (RFC 7396 §1 cannot set a member
/// to null). Iterative; O(size of a and b × depth).
template <class J, class Other>
[[nodiscard]] std::optional<J> merge_patch_diff(const J& a, const Other& b) {
    if constexpr (detail::require_document_type<J>() &&
                  detail::require_same_document_type<J, Other>()) {
        return detail::merge_patch_diff_of(a, b);
    } else {
        return std::nullopt; // not reached: an assertion above has failed and said why
    }
}

} // namespace jsonpatch

#endif // JSONPATCH_MERGE_PATCH_HPP
