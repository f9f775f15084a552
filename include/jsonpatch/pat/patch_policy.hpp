// SPDX-License-Identifier: MIT
// What a PAT patch may touch (a jsonpatch::policy) and the checks its result must pass.
#ifndef JSONPATCH_PAT_PATCH_POLICY_HPP
#define JSONPATCH_PAT_PATCH_POLICY_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch::pat {

/// A check of the scope vocabulary, e.g. that every entry is a known permission. Return an
/// error (errc::validation_failed is the natural code) to reject the patch.
using scope_check_function = std::function<status(const std::vector<std::string>& scope)>;

namespace detail {

[[nodiscard]] inline jsonpatch::policy make_patch_policy() {
    jsonpatch::policy rules;
    // "/name" and "/scope" always exist in a token document, so add on them is a replace
    // (RFC 6902 §4.1); move and copy may put a value there, and move may take it away again.
    // "/scope" itself cannot be removed: it is null or an array, never missing.
    rules.allow({op_kind::add, op_kind::replace, op_kind::move, op_kind::copy}, "/name")
        .allow({op_kind::add, op_kind::replace, op_kind::move, op_kind::copy}, "/scope")
        .allow({op_kind::add, op_kind::remove, op_kind::replace, op_kind::move, op_kind::copy},
               "/scope", scope::descendants)
        // move removes its source, so it may only take from what a client may write.
        .allow_from({op_kind::move}, "/name")
        .allow_from({op_kind::move}, "/scope", scope::subtree)
        // copy only reads, and a client may read its whole token anyway (GET returns it); the
        // copied value must still pass the result checks where it lands.
        .allow_from({op_kind::copy}, "", scope::subtree)
        .allow_test_anywhere(true);
    return rules;
}

[[nodiscard]] inline jsonpatch::error invalid(std::string path, std::string message) {
    jsonpatch::error e;
    e.code = errc::validation_failed;
    e.path = std::move(path);
    e.message = std::move(message);
    return e;
}

} // namespace detail

/// The PAT patch policy, built once: writes only to "/name" (add, replace, and the target of
/// move/copy) and "/scope" (the same, plus add/remove/replace/move/copy of its elements such
/// as "/scope/-" or "/scope/2"; "/scope" itself cannot be removed). move may take only from
/// "/name" and "/scope" (or its elements); copy may read any path; test may read any path.
/// Every other operation is refused with errc::operation_not_allowed (path) or
/// errc::from_not_allowed (from), naming the operation index, before anything changes.
/// Thread-safe; the reference stays valid for the life of the program.
[[nodiscard]] inline const jsonpatch::policy& patch_policy() {
    static const jsonpatch::policy rules = detail::make_patch_policy();
    return rules;
}

/// Unicode code points in UTF-8 text (bytes that do not continue a sequence), so a name's
/// length is what its user sees in characters, not its bytes. O(length).
[[nodiscard]] constexpr std::size_t count_code_points(std::string_view utf8) noexcept {
    std::size_t count = 0;
    for (const char c : utf8) {
        count += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1u : 0u;
    }
    return count;
}

/// Checks "name" of a patched token document: a non-empty string of at most `max_length`
/// code points. errc::validation_failed with path "/name" otherwise.
[[nodiscard]] inline status check_name(const nlohmann::json& token_doc, std::size_t max_length) {
    const auto it = token_doc.is_object() ? token_doc.find("name") : token_doc.end();
    if (!token_doc.is_object() || it == token_doc.end() || !it->is_string()) {
        return detail::invalid("/name", "name must be a string");
    }
    const auto& name = it->get_ref<const std::string&>();
    if (name.empty()) {
        return detail::invalid("/name", "name must not be empty");
    }
    if (count_code_points(name) > max_length) {
        return detail::invalid("/name", "name is longer than " + std::to_string(max_length) +
                                            " characters");
    }
    return {};
}

/// Checks "scope" of a patched token document: present, and null or an array of distinct,
/// non-empty strings; then, for an array, `vocabulary` when given. Errors are
/// errc::validation_failed with path "/scope"; an error from `vocabulary` is returned as it
/// is, with path "/scope" filled in when it has none. O(n log n) in the scope size.
[[nodiscard]] inline status check_scope(const nlohmann::json& token_doc,
                                        const scope_check_function& vocabulary = {}) {
    const auto it = token_doc.is_object() ? token_doc.find("scope") : token_doc.end();
    if (!token_doc.is_object() || it == token_doc.end()) {
        return detail::invalid("/scope", "scope must be null or an array of strings");
    }
    if (it->is_null()) {
        return {};
    }
    if (!it->is_array()) {
        return detail::invalid("/scope", "scope must be null or an array of strings");
    }
    std::vector<std::string> entries;
    entries.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        const nlohmann::json& element = (*it)[i];
        if (!element.is_string()) {
            return detail::invalid("/scope", "scope element " + std::to_string(i) +
                                                 " must be a string");
        }
        if (element.get_ref<const std::string&>().empty()) {
            return detail::invalid("/scope", "scope element " + std::to_string(i) +
                                                 " must not be empty");
        }
        entries.push_back(element.get<std::string>());
    }
    std::vector<std::string_view> sorted(entries.begin(), entries.end());
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
        return detail::invalid("/scope", "scope entries must be distinct");
    }
    if (vocabulary) {
        status verdict = vocabulary(entries);
        if (!verdict) {
            jsonpatch::error e = std::move(verdict).error();
            if (!e.path) {
                e.path = "/scope";
            }
            return e;
        }
    }
    return {};
}

/// Defence in depth behind the policy: every member of `original` other than "name" and
/// "scope" (unknown members included) is still in `patched` with the same value and JSON type,
/// and `patched` has no new members. errc::validation_failed with the member's pointer, e.g.
/// "/owner", otherwise. O(size of the documents).
[[nodiscard]] inline status check_fixed_members(const nlohmann::json& original,
                                                const nlohmann::json& patched) {
    if (!patched.is_object() || !original.is_object()) {
        return detail::invalid("", "token must stay a JSON object");
    }
    const auto is_patchable = [](const std::string& key) { return key == "name" || key == "scope"; };
    // Identical, not just equal (1 and 1.0 differ), and without recursion: stored tokens may carry
    // deeply nested unknown members.
    const auto same = [](const nlohmann::json& a, const nlohmann::json& b) {
        return jsonpatch::detail::json_identical(a, b);
    };
    for (auto it = original.begin(); it != original.end(); ++it) {
        if (is_patchable(it.key())) {
            continue;
        }
        const auto there = patched.find(it.key());
        if (there == patched.end() || !same(*there, it.value())) {
            return detail::invalid(jsonpatch::detail::clip("/" + jsonpatch::pointer::escape(it.key())),
                                   "member may not change");
        }
    }
    for (auto it = patched.begin(); it != patched.end(); ++it) {
        if (!is_patchable(it.key()) && !original.contains(it.key())) {
            return detail::invalid(jsonpatch::detail::clip("/" + jsonpatch::pointer::escape(it.key())),
                                   "member may not be added");
        }
    }
    return {};
}

} // namespace jsonpatch::pat

#endif // JSONPATCH_PAT_PATCH_POLICY_HPP
