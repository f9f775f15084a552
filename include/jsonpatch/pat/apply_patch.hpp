// SPDX-License-Identifier: MIT
/// \file
/// One call that patches a Personal Access Token: the token model, its checks and name uniqueness.
#ifndef JSONPATCH_PAT_APPLY_PATCH_HPP
#define JSONPATCH_PAT_APPLY_PATCH_HPP

#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/pat/patch_policy.hpp>
#include <jsonpatch/pat/personal_access_token.hpp>
#include <jsonpatch/result.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace jsonpatch::pat {

/// Applies an RFC 6902 patch to `current` and returns the patched token, and whether it changed
/// (typed_outcome: `changed` is false for an empty patch, `test`s only, or writes of what was
/// there, so a service keeps the token's version); `current` itself is never modified.
/// `patch_input` is a patch document (nlohmann::json), patch text (e.g. an
/// application/json-patch+json request body) or a parsed jsonpatch::patch. In order:
/// errc::resource_read_only when `options.refuse_managed` and the token is managed; the patch's
/// shape and limit errors (200 and 500 bands; for text also errc::invalid_json,
/// errc::duplicate_member and errc::patch_too_large); policy violations
/// (errc::operation_not_allowed, errc::from_not_allowed with op_index, path and from; see
/// patch_policy); operation failures (300 band, e.g. errc::test_failed); then, on the patched
/// document, errc::validation_failed for a changed fixed member (check_fixed_members), an
/// invalid name (path "/name") or scope (path "/scope" or the element's, or what
/// `options.scope_check` reports); last, only when the name really changed (byte-wise),
/// `name_taken(owner, new_name, token_id)` is called once and a true result fails with
/// errc::conflict, path "/name". `name_taken` is any callable `bool(const token_owner&,
/// std::string_view, std::string_view)` that answers whether the owner already has ANOTHER token
/// with that name. What it or `scope_check` throws propagates; only std::bad_alloc escapes
/// otherwise. `current` must be a valid token (as parse_token produces), or the result may fail
/// parse_token's checks. With the default name length and limits the token model is built and
/// verified once for the program; other options build one per call.
template <class Patch, class NameTaken>
[[nodiscard]] result<typed_outcome<personal_access_token>>
apply_patch_outcome(const personal_access_token& current, const Patch& patch_input,
                    NameTaken&& name_taken, const patch_options& options = {}) {
    if (options.refuse_managed && current.managed) {
        jsonpatch::error e; // about the whole token: no path
        e.code = errc::resource_read_only;
        e.message = "a managed token cannot be patched";
        return e;
    }
    // The model's own checks run first, then the vocabulary, so the caller's (possibly remote)
    // uniqueness lookup runs only for an otherwise valid result.
    const auto vocabulary = [&options](const change<personal_access_token>& c) {
        return detail::check_vocabulary(options.scope_check, c);
    };
    const auto unique_name = [&name_taken](const change<personal_access_token>& c) -> status {
        if (c.after.name == c.before.name ||
            !static_cast<bool>(name_taken(c.before.owner, std::string_view(c.after.name),
                                          std::string_view(c.before.id)))) {
            return {};
        }
        return make_error(errc::conflict, "/name",
                          "the owner already has another token with this name");
    };
    if (detail::has_default_rules(options)) {
        return apply_to_outcome(current, patch_input, detail::default_token_rules(), vocabulary,
                                unique_name);
    }
    return apply_to_outcome(current, patch_input,
                            detail::token_rules(options.max_name_length, options.limits),
                            vocabulary, unique_name);
}

/// apply_patch_outcome without telling whether anything changed: the patched token, or the
/// error (the same errors, in the same order).
template <class Patch, class NameTaken>
[[nodiscard]] result<personal_access_token>
apply_patch(const personal_access_token& current, const Patch& patch_input, NameTaken&& name_taken,
            const patch_options& options = {}) {
    return jsonpatch::detail::value_of(
        apply_patch_outcome(current, patch_input, name_taken, options));
}

} // namespace jsonpatch::pat

#endif // JSONPATCH_PAT_APPLY_PATCH_HPP
