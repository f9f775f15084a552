// SPDX-License-Identifier: MIT
// Whether a path pattern names something in a sample document: how a model proves that every
// rule it holds is about a member its resource really has (a typo would otherwise turn the rule
// off without a word).
#ifndef JSONPATCH_DETAIL_PATTERN_PRESENCE_HPP
#define JSONPATCH_DETAIL_PATTERN_PRESENCE_HPP

#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/operation_report.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/path_pattern.hpp>
#include <jsonpatch/pointer.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

// True for a token that addresses an array's elements: "-" or a canonical index (of any size).
[[nodiscard]] inline bool is_element_token(const std::string& token) noexcept {
    const array_token kind = classify_array_token(token).kind;
    return kind == array_token::index || kind == array_token::end || kind == array_token::too_large;
}

/// Why `pattern` names nothing in `sample`, or nothing when it names something. A wildcard, an
/// index or "-" over an array (a wildcard over an object) names its elements (members): an empty
/// container passes, since its elements come and go; a full one passes when the rest of the
/// pattern names something in at least one of them. With `may_be_absent` (a member T's JSON form
/// may leave out) the last token may name nothing, and a null parent is a left-out parent.
/// Iterative; O(nodes of the sample the pattern reaches).
template <class J>
[[nodiscard]] std::optional<std::string>
pattern_absence(const J& sample, const path_pattern& pattern, bool may_be_absent) {
    struct step {
        const J* node;
        std::size_t depth;
        std::string where;
    };
    std::vector<step> pending{{&sample, 0, std::string()}};
    std::optional<std::string> reason;
    std::size_t reason_depth = 0;
    const auto note = [&](std::size_t depth, std::string why) {
        if (!reason || depth >= reason_depth) { // the deepest miss says most
            reason = std::move(why);
            reason_depth = depth;
        }
    };
    while (!pending.empty()) {
        step here = std::move(pending.back());
        pending.pop_back();
        if (here.depth == pattern.size()) {
            return std::nullopt;
        }
        const J& node = *here.node;
        const bool last = here.depth + 1 == pattern.size();
        const bool any = pattern.is_any(here.depth);
        const std::string& name = pattern.token(here.depth);
        if (node.is_null() && may_be_absent && here.depth > 0) {
            return std::nullopt; // a left-out parent: nothing below it to name
        }
        if (node.is_object() && !any) {
            const auto& members = node.template get_ref<const typename J::object_t&>();
            const auto it = find_member(members, name);
            if (it != members.end()) {
                pending.push_back(
                    {&it->second, here.depth + 1, here.where + "/" + pointer::escape(name)});
            } else if (last && may_be_absent) {
                return std::nullopt;
            } else {
                note(here.depth, "no member '" + clip(name) + "' in " + location(here.where));
            }
            continue;
        }
        const bool elements = node.is_array() && (any || is_element_token(name));
        if (!elements && !(node.is_object() && any)) {
            note(here.depth, location(here.where) + " is " + type_phrase(node) +
                                 (node.is_array() ? ", and '" + clip(name) + "' is no index"
                                                  : ", which has no members"));
            continue;
        }
        if (node.empty()) {
            return std::nullopt; // the container exists; its members come and go
        }
        if (node.is_array()) {
            const auto& items = node.template get_ref<const typename J::array_t&>();
            for (std::size_t i = items.size(); i > 0; --i) {
                pending.push_back(
                    {&items[i - 1], here.depth + 1, here.where + "/" + std::to_string(i - 1)});
            }
        } else {
            const auto& members = node.template get_ref<const typename J::object_t&>();
            for (auto it = members.rbegin(); it != members.rend(); ++it) {
                pending.push_back(
                    {&it->second, here.depth + 1, here.where + "/" + pointer::escape(it->first)});
            }
        }
    }
    return reason;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_PATTERN_PRESENCE_HPP
