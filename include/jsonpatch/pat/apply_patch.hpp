// SPDX-License-Identifier: MIT
// One call that patches a Personal Access Token: policy, apply, result checks, name uniqueness.
#ifndef JSONPATCH_PAT_APPLY_PATCH_HPP
#define JSONPATCH_PAT_APPLY_PATCH_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pat/patch_policy.hpp>
#include <jsonpatch/pat/personal_access_token.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace jsonpatch::pat {

/// How apply_patch judges a patched token.
struct patch_options {
    /// Longest name, in Unicode code points (not bytes).
    std::size_t max_name_length = 128;
    /// When true, a managed token cannot be patched at all (errc::resource_read_only).
    bool refuse_managed = false;
    /// Optional check of the scope vocabulary; called only for a non-null scope.
    scope_check_function scope_check;
    /// Limits on the patch document (operation count, pointer and value sizes ...).
    apply_limits limits;
};

namespace detail {

template <class NameTaken>
[[nodiscard]] result<personal_access_token> apply_parsed(const personal_access_token& current,
                                                         result<patch> parsed, NameTaken& name_taken,
                                                         const patch_options& options) {
    if (!parsed) {
        return std::move(parsed).error();
    }
    const nlohmann::json original = to_json(current);
    nlohmann::json doc = original;

    apply_options checks;
    checks.limits = options.limits;
    checks.policy = &patch_policy();
    // Validators run inside the apply transaction, in this order: the cheap structural checks
    // first, so the caller's (possibly remote) uniqueness lookup runs only for a valid result.
    checks.validators.emplace_back(
        [&original](const nlohmann::json& patched) { return check_fixed_members(original, patched); });
    checks.validators.emplace_back([&options](const nlohmann::json& patched) {
        return check_name(patched, options.max_name_length);
    });
    checks.validators.emplace_back([&options](const nlohmann::json& patched) {
        return check_scope(patched, options.scope_check);
    });
    checks.validators.emplace_back([&current, &name_taken](const nlohmann::json& patched) -> status {
        // check_name ran before, so "name" is a string here.
        const auto& new_name = patched.find("name")->template get_ref<const std::string&>();
        if (new_name == current.name) {
            return {};
        }
        if (static_cast<bool>(name_taken(current.owner, std::string_view(new_name),
                                         std::string_view(current.id)))) {
            jsonpatch::error e;
            e.code = errc::conflict;
            e.path = "/name";
            e.message = "the owner already has another token with this name";
            return e;
        }
        return {};
    });

    if (status outcome = jsonpatch::apply(doc, *parsed, checks); !outcome) {
        return std::move(outcome).error();
    }
    // Holds for every valid `current`: only name and scope changed, and both were checked.
    return parse_token(doc);
}

[[nodiscard]] inline std::optional<jsonpatch::error> refused(const personal_access_token& current,
                                                            const patch_options& options) {
    if (options.refuse_managed && current.managed) {
        jsonpatch::error e;
        e.code = errc::resource_read_only;
        e.message = "a managed token cannot be patched";
        return e;
    }
    return std::nullopt;
}

} // namespace detail

/// Applies an RFC 6902 patch document to `current` and returns the patched token; `current`
/// itself is never modified. In order: errc::resource_read_only when `options.refuse_managed`
/// and the token is managed; the patch document's shape and limit errors (200 and 500 bands);
/// policy violations (errc::operation_not_allowed, errc::from_not_allowed with op_index, path
/// and from; see patch_policy); operation failures (300 band, e.g. errc::test_failed); then, on
/// the patched document, errc::validation_failed for a changed fixed member (check_fixed_members),
/// an invalid name (path "/name") or scope (path "/scope", or what `options.scope_check`
/// reports); last, only when the name really changed (byte-wise), `name_taken(owner, new_name,
/// token_id)` is called once and a true result fails with errc::conflict, path "/name".
/// `name_taken` is any callable `bool(const token_owner&, std::string_view, std::string_view)`
/// that answers whether the owner already has ANOTHER token with that name. What it or
/// `scope_check` throws propagates; only std::bad_alloc escapes otherwise. `current` must be a
/// valid token (as parse_token produces), or the result may fail parse_token's checks.
template <class NameTaken>
[[nodiscard]] result<personal_access_token> apply_patch(const personal_access_token& current,
                                                        const nlohmann::json& patch_document,
                                                        NameTaken&& name_taken,
                                                        const patch_options& options = {}) {
    if (auto e = detail::refused(current, options)) {
        return std::move(*e);
    }
    return detail::apply_parsed(current, parse_patch(patch_document, options.limits), name_taken,
                                options);
}

/// As above for patch text (e.g. an application/json-patch+json request body); adds
/// errc::invalid_json, errc::duplicate_member and errc::patch_too_large.
template <class NameTaken>
[[nodiscard]] result<personal_access_token> apply_patch(const personal_access_token& current,
                                                        std::string_view patch_text,
                                                        NameTaken&& name_taken,
                                                        const patch_options& options = {}) {
    if (auto e = detail::refused(current, options)) {
        return std::move(*e);
    }
    return detail::apply_parsed(current, parse_patch(patch_text, options.limits), name_taken,
                                options);
}

/// Patch text given as a C string; the same as the std::string_view overload (this one and
/// the next keep a literal or a std::string from being ambiguous with the JSON overload).
template <class NameTaken>
[[nodiscard]] result<personal_access_token> apply_patch(const personal_access_token& current,
                                                        const char* patch_text,
                                                        NameTaken&& name_taken,
                                                        const patch_options& options = {}) {
    const std::string_view text = patch_text == nullptr ? std::string_view() : patch_text;
    return apply_patch(current, text, name_taken, options);
}

/// Patch text given as a std::string; the same as the std::string_view overload.
template <class NameTaken>
[[nodiscard]] result<personal_access_token> apply_patch(const personal_access_token& current,
                                                        const std::string& patch_text,
                                                        NameTaken&& name_taken,
                                                        const patch_options& options = {}) {
    return apply_patch(current, std::string_view(patch_text), name_taken, options);
}

} // namespace jsonpatch::pat

#endif // JSONPATCH_PAT_APPLY_PATCH_HPP
