// SPDX-License-Identifier: MIT
// RFC 7396 JSON Merge Patch: applied through apply() as JSON Patch operations, and created.
#ifndef JSONPATCH_MERGE_PATCH_HPP
#define JSONPATCH_MERGE_PATCH_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/lcs.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

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
[[nodiscard]] inline nlohmann::json without_null_members(const nlohmann::json& merge_patch) {
    nlohmann::json out = merge_patch; // depth already bounded by the caller
    std::vector<nlohmann::json*> pending{&out};
    while (!pending.empty()) {
        nlohmann::json* node = pending.back();
        pending.pop_back();
        if (!node->is_object()) {
            continue;
        }
        auto& members = node->get_ref<nlohmann::json::object_t&>();
        for (auto it = members.begin(); it != members.end();) {
            if (it->second.is_null()) {
                it = members.erase(it);
            } else {
                pending.push_back(&it->second);
                ++it;
            }
        }
    }
    return out;
}

// True when some object inside `value` (itself included) has a null member.
[[nodiscard]] inline bool has_null_member(const nlohmann::json& value) {
    std::vector<const nlohmann::json*> pending{&value};
    while (!pending.empty()) {
        const nlohmann::json* node = pending.back();
        pending.pop_back();
        if (!node->is_object()) {
            continue;
        }
        for (const auto& member : node->get_ref<const nlohmann::json::object_t&>()) {
            if (member.second.is_null()) {
                return true;
            }
            pending.push_back(&member.second);
        }
    }
    return false;
}

} // namespace detail

/// The JSON Patch operations that do to `doc` what the merge patch does (RFC 7396 §2): a null
/// member becomes a remove (nothing when the member is absent), an object member whose target is
/// an object is merged member by member, anything else becomes add or replace of the value with
/// its null members dropped. A non-object merge patch replaces the whole document. Errors:
/// errc::value_too_deep when the merge patch nests deeper than limits.max_value_depth. Iterative;
/// O(size of the merge patch × log width).
[[nodiscard]] inline result<patch> translate_merge_patch(const nlohmann::json& doc,
                                                         const nlohmann::json& merge_patch,
                                                         const apply_limits& limits = {}) {
    using json = nlohmann::json;
    if (detail::measure(merge_patch, limits.max_value_depth,
                        std::numeric_limits<std::size_t>::max())
            .depth > limits.max_value_depth) {
        jsonpatch::error e;
        e.code = errc::value_too_deep;
        e.concerns = member::value;
        e.message =
            "merge patch nests deeper than " + std::to_string(limits.max_value_depth) + " levels";
        return e;
    }
    patch out;
    if (!merge_patch.is_object()) {
        out.replace(pointer{}, merge_patch);
        return out;
    }
    if (!doc.is_object()) {
        out.replace(pointer{}, detail::without_null_members(merge_patch));
        return out;
    }
    std::vector<std::tuple<const json*, const json*, pointer>> pending;
    pending.emplace_back(&doc, &merge_patch, pointer{});
    while (!pending.empty()) {
        auto [target, changes, path] = std::move(pending.back());
        pending.pop_back();
        const auto& members = target->get_ref<const json::object_t&>();
        for (const auto& [name, value] : changes->get_ref<const json::object_t&>()) {
            pointer where = path;
            where.push_back(name);
            const auto it = members.find(name);
            if (value.is_null()) {
                if (it != members.end()) {
                    out.remove(std::move(where));
                }
            } else if (value.is_object() && it != members.end() && it->second.is_object()) {
                pending.emplace_back(&it->second, &value, std::move(where));
            } else {
                json replacement = value.is_object() ? detail::without_null_members(value) : value;
                if (it != members.end()) {
                    out.replace(std::move(where), std::move(replacement));
                } else {
                    out.add(std::move(where), std::move(replacement));
                }
            }
        }
    }
    return out;
}

/// Applies an RFC 7396 merge patch to `doc` in place through apply(): the caller's policy sees
/// the equivalent add/replace/remove operations, limits apply to them, validators run, and on any
/// failure `doc` is unchanged. Errors: those of translate_merge_patch and apply(); op_index in an
/// error counts the operations of translate_merge_patch. Cost: O(size of the merge patch) plus
/// apply()'s.
[[nodiscard]] inline status apply_merge_patch(nlohmann::json& doc,
                                              const nlohmann::json& merge_patch,
                                              const apply_options& options = {}) {
    auto operations = translate_merge_patch(doc, merge_patch, options.limits);
    if (!operations) {
        return std::move(operations).error();
    }
    return apply(doc, *operations, options);
}

/// Parses merge patch text and applies it as above: a string is merge patch text, never a JSON
/// string value. Adds errc::invalid_json, errc::patch_too_large (limits.max_patch_bytes) and
/// errc::duplicate_member (an object of the merge patch repeats a member).
[[nodiscard]] inline status apply_merge_patch(nlohmann::json& doc,
                                              std::string_view merge_patch_text,
                                              const apply_options& options = {}) {
    auto merge_patch = detail::parse_patch_text(merge_patch_text, options.limits,
                                                detail::patch_text_kind::merge_patch);
    if (!merge_patch) {
        return std::move(merge_patch).error();
    }
    return apply_merge_patch(doc, *merge_patch, options);
}
// Without these, a string literal or std::string would convert to nlohmann::json (a string value).
[[nodiscard]] inline status apply_merge_patch(nlohmann::json& doc, const char* merge_patch_text,
                                              const apply_options& options = {}) {
    return apply_merge_patch(doc, std::string_view(merge_patch_text), options);
}
[[nodiscard]] inline status apply_merge_patch(nlohmann::json& doc,
                                              const std::string& merge_patch_text,
                                              const apply_options& options = {}) {
    return apply_merge_patch(doc, std::string_view(merge_patch_text), options);
}

/// A merge patch that turns `a` into `b` (RFC 7396): members of `a` missing from `b` become null,
/// differing objects are diffed member by member, other differing values are given whole.
/// Nothing when no merge patch can do it: `b` holds a null member where `a` does not (RFC 7396 §1
/// cannot set a member to null). Iterative; O(size of a and b × depth).
[[nodiscard]] inline std::optional<nlohmann::json> merge_patch_diff(const nlohmann::json& a,
                                                                    const nlohmann::json& b) {
    using json = nlohmann::json;
    if (!b.is_object()) {
        return b;
    }
    if (!a.is_object()) {
        if (detail::has_null_member(b)) {
            return std::nullopt;
        }
        return b;
    }
    json out = json::object();
    std::vector<std::tuple<const json*, const json*, json*>> pending;
    pending.emplace_back(&a, &b, &out);
    while (!pending.empty()) {
        const auto [from, to, changes] = pending.back();
        pending.pop_back();
        const auto& old_members = from->get_ref<const json::object_t&>();
        const auto& new_members = to->get_ref<const json::object_t&>();
        for (const auto& [name, value] : old_members) {
            if (new_members.find(name) == new_members.end()) {
                (*changes)[name] = nullptr;
            }
        }
        for (const auto& [name, value] : new_members) {
            const auto it = old_members.find(name);
            if (it != old_members.end() && detail::json_identical(it->second, value)) {
                continue;
            }
            if (value.is_null()) {
                return std::nullopt; // absent or different before, null now: not expressible
            }
            if (value.is_object() && it != old_members.end() && it->second.is_object()) {
                json& child = (*changes)[name] = json::object();
                pending.emplace_back(&it->second, &value, &child);
                continue;
            }
            if (detail::has_null_member(value)) {
                return std::nullopt;
            }
            (*changes)[name] = value;
        }
    }
    return out;
}

} // namespace jsonpatch

#endif // JSONPATCH_MERGE_PATCH_HPP
