// SPDX-License-Identifier: MIT
/// \file
/// The PAT model as a jsonpatch::model: what a patch may touch and what the patched token must be.
#ifndef JSONPATCH_PAT_PATCH_POLICY_HPP
#define JSONPATCH_PAT_PATCH_POLICY_HPP

#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/pat/personal_access_token.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/result.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace jsonpatch::pat {

using jsonpatch::count_code_points;

/// A check of the scope vocabulary, e.g. that every entry is a known permission. Return an
/// error (errc::validation_failed is the natural code) to reject the patch.
using scope_check_function = std::function<status(const std::vector<std::string>& scope)>;

/// How apply_patch judges a patched token.
struct patch_options {
    std::size_t max_name_length = 128; ///< longest name, in Unicode code points (not bytes)
    bool refuse_managed = false;       ///< true: a managed token is errc::resource_read_only
    scope_check_function scope_check;  ///< optional; called only for a non-null scope
    /// Limits on the patch document (operations, sizes ...): a token is a small resource.
    apply_limits limits = small_resource_limits();
};

namespace detail {

using jsonpatch::json_kind;

// "name": a non-empty string of at most `longest` code points.
[[nodiscard]] inline std::vector<value_rule> name_rules(std::size_t longest) {
    return {required(), type_is({json_kind::string}), non_empty(), max_length(longest)};
}
// "scope": present, and null or an array of distinct non-empty strings (errors at "/scope", or
// at the element to blame, e.g. "/scope/2").
[[nodiscard]] inline std::vector<value_rule> scope_rules() {
    return {required(), type_is({json_kind::null, json_kind::array}),
            items_type_is({json_kind::string}), non_empty_items(), unique_items()};
}

// The token's grants and value rules for a name length and limits: the model without the
// options' vocabulary check, which apply_patch runs as a per-call check.
[[nodiscard]] inline model<personal_access_token> token_rules(std::size_t max_name_length,
                                                              const apply_limits& limits) {
    return model<personal_access_token>()
        .member("/name", may_replace, may_move_out, name_rules(max_name_length))
        .member("/scope", may_replace, may_edit_items, may_move_out, scope_rules())
        .allow_from({op_kind::copy}, "", scope::subtree)
        .other_members_fixed()
        .limits(limits);
}

// The options' vocabulary check on a patched token, at "/scope" unless it says otherwise.
[[nodiscard]] inline status check_vocabulary(const scope_check_function& vocabulary,
                                             const change<personal_access_token>& c) {
    return c.after.scope && vocabulary ? with_default_path(vocabulary(*c.after.scope), "/scope")
                                       : status{};
}
} // namespace detail

/// The token's rules, read like its schema. "/name" and "/scope" always exist in a token, so
/// `add` on them is a replace (RFC 6902 §4.1); "/scope" itself cannot be removed (it is null or
/// an array, never missing) but its elements can. move may take only from what a client may
/// write; copy only reads, and a client may read its whole token anyway (GET returns it), so copy
/// may read anything, and the copied value must still pass the rules where it lands. Every other
/// member must stay exactly as it was (defence in depth behind the grants).
[[nodiscard]] inline model<personal_access_token> token_model(const patch_options& options) {
    return detail::token_rules(options.max_name_length, options.limits)
        .check([vocabulary = options.scope_check](const change<personal_access_token>& c) {
            return detail::check_vocabulary(vocabulary, c);
        });
}

namespace detail {

// token_rules for the default name length and limits, built and verified once for the program
// (thread-safe static initialisation), so the common case builds no model per patch.
[[nodiscard]] inline const model<personal_access_token>& default_token_rules() {
    static const auto rules =
        token_rules(patch_options{}.max_name_length, patch_options{}.limits);
    return rules;
}

// Whether `options` ask for default_token_rules (the vocabulary check aside).
[[nodiscard]] inline bool has_default_rules(const patch_options& options) noexcept {
    const patch_options defaults;
    return options.max_name_length == defaults.max_name_length &&
           options.limits == defaults.limits;
}

} // namespace detail

/// The PAT patch policy: writes only to "/name" (add, replace, and the target of move/copy)
/// and "/scope" (the same, plus add/remove/replace/move/copy of its elements such as "/scope/-"
/// or "/scope/2"). move may take only from "/name" and "/scope" (or its elements); copy and test
/// may read any path. Every other operation is refused with errc::operation_not_allowed (path)
/// or errc::from_not_allowed (from), naming the operation index, before anything changes.
/// Thread-safe; the reference stays valid for the life of the program.
[[nodiscard]] inline const jsonpatch::policy& patch_policy() {
    return detail::default_token_rules().patch_policy();
}

/// Checks "name" of a patched token document: a non-empty string of at most `max_length`
/// code points. errc::validation_failed with path "/name" otherwise.
[[nodiscard]] inline status check_name(const nlohmann::json& token_doc, std::size_t max_length) {
    return check_member(token_doc, "/name", detail::name_rules(max_length));
}

/// Checks "scope" of a patched token document: present, and null or an array of distinct,
/// non-empty strings; then, for an array, `vocabulary` when given. Errors are
/// errc::validation_failed with path "/scope", or the element's (e.g. "/scope/2" for a repeat
/// or an empty string); an error from `vocabulary` is returned as it is, with path "/scope"
/// filled in when it has none. O(n²) in the scope size.
[[nodiscard]] inline status check_scope(const nlohmann::json& token_doc,
                                        const scope_check_function& vocabulary = {}) {
    if (status s = check_member(token_doc, "/scope", detail::scope_rules()); !s) {
        return s;
    }
    const nlohmann::json& scope = token_doc["scope"];
    return vocabulary && !scope.is_null()
               ? with_default_path(vocabulary(scope.get<std::vector<std::string>>()), "/scope")
               : status{};
}

/// Defence in depth behind the policy: every member of `original` other than "name" and
/// "scope" (unknown members included) is still in `patched` with the same value and JSON type,
/// and `patched` has no new members. errc::validation_failed with the member's pointer, e.g.
/// "/owner", otherwise. O(size of the documents).
[[nodiscard]] inline status check_fixed_members(const nlohmann::json& original,
                                                const nlohmann::json& patched) {
    return detail::default_token_rules().check_other_members(original, patched);
}

} // namespace jsonpatch::pat

#endif // JSONPATCH_PAT_PATCH_POLICY_HPP
