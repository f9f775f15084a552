// SPDX-License-Identifier: MIT
/// \file
/// apply_to: patch any C++ value that converts to and from JSON, atomically, under a model.
#ifndef JSONPATCH_APPLY_TO_HPP
#define JSONPATCH_APPLY_TO_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/conversion_error.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/patch_input.hpp>
#include <jsonpatch/detail/typed_conversions.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <exception>
#include <new>
#include <optional>
#include <utility>

namespace jsonpatch {

/// What apply_to_outcome and apply_merge_to_outcome give back: the new value, and whether the
/// patch changed anything. `changed` is false exactly when the JSON form of the new value is
/// identical to that of the old one (json_identical: same members, same types, same values), as
/// after an empty patch, a patch of `test` operations, or one that writes every member back as
/// it was; a service then keeps its version and ETag.
template <class T> struct typed_outcome {
    /// The patched value (equal to the current one when nothing changed).
    T value;
    /// Whether the patched value's JSON form differs from the current value's.
    bool changed = false;
};

namespace detail {

// `after` as a T, or why not. A from_json that throws patch_error reports its own error; any
// other exception (nlohmann's type_error and out_of_range included) is located by
// conversion_error. std::bad_alloc propagates.
template <class T, class J> result<T> convert(const J& before, const J& after) {
    try {
        return after.template get<T>();
    } catch (const patch_error& e) {
        return e.error();
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        return conversion_error(before, after, e.what());
    }
}

// Whether the typed core compares the result with the current value (for typed_outcome).
enum class change_report : bool { skip, compare };

// The shared core: `current` as JSON, checked by `gate` (the model's verdict), patched by
// `run(doc, options)` and, inside the same transaction, `members` on the JSON, the conversion
// back and `typed` on the change.
template <class T, class J, class Gate, class Run, class MemberCheck, class TypedCheck>
result<typed_outcome<T>> apply_to_json(const T& current, const Gate& gate, const Run& run,
                                       basic_apply_options<J> options, const MemberCheck& members,
                                       const TypedCheck& typed, change_report report) {
    // The resource's own to_json (ADL, or NLOHMANN_DEFINE_TYPE_*), then a copy to patch: a resource
    // may carry values of any depth (unknown members), and nlohmann's copy recurses.
    const J before = json_of<J>(current);
    if (status ready = gate(before); !ready) {
        return std::move(ready).error(); // fail closed: whatever the patch
    }
    J doc = deep_copy(before);
    std::optional<T> converted;
    options.validators.push_back([&](const J& after) -> status {
        if (status s = members(before, after); !s) {
            return s;
        }
        auto value = convert<T>(before, after);
        if (!value) {
            return std::move(value).error();
        }
        if (status s = typed(change<T>{current, *value}); !s) {
            return s;
        }
        converted = std::move(*value);
        return {};
    });
    if (status outcome = run(doc, options); !outcome) {
        return std::move(outcome).error();
    }
    typed_outcome<T> out{std::move(*converted), false};
    // The patched document first (no allocation); only when it differs, the new value's own
    // JSON form, which a from_json may have normalised back to what it was (36.0 read as 36).
    if (report == change_report::compare && !json_identical(doc, before)) {
        const J now = json_of<J>(out.value);
        out.changed = !json_identical(now, before);
    }
    return out;
}

// The value of a typed outcome, for the calls that do not report `changed`.
template <class T> result<T> value_of(result<typed_outcome<T>>&& outcome) {
    if (!outcome) {
        return std::move(outcome).error();
    }
    return std::move(outcome->value);
}

// The model's typed checks, then each per-call check, while all pass.
template <class T, class J, class... Checks>
auto model_checks(const basic_model<T, J>& model, const Checks&... checks) {
    return [&model, &checks...](const change<T>& c) -> status {
        status verdict = model.check_typed(c);
        const auto then = [&verdict, &c](const auto& check) { // each only while all passed
            if (verdict) {
                verdict = check(c);
            }
        };
        (then(checks), ...);
        (void)then; // with no per-call checks the fold above is empty
        return verdict;
    };
}

// apply_to_json under `model`: its verdict on itself first, `run` (which applies what the client
// sent to the JSON form) under its options, its member rules, then its typed checks and `checks`.
template <class T, class J, class Run, class... Checks>
result<typed_outcome<T>> apply_under_model(const T& current, const Run& run,
                                           const basic_model<T, J>& model, change_report report,
                                           const Checks&... checks) {
    const auto gate = [&model](const J& current_document) {
        return model.verdict_for(current_document);
    };
    const auto members = [&model](const J& before, const J& after) {
        return model.check_members(before, after);
    };
    return apply_to_json(current, gate, run, model.apply_options(), members,
                         model_checks(model, checks...), report);
}

template <class T, class Patch, class J, class... Checks>
result<typed_outcome<T>> apply_to_model(const T& current, const Patch& patch_input,
                                        const basic_model<T, J>& model, change_report report,
                                        const Checks&... checks) {
    if constexpr (require_conversions<T, J>() && is_patch_input_for<J, Patch>()) {
        const auto run = [&patch_input](J& doc, const basic_apply_options<J>& options) {
            return apply(doc, patch_input, options);
        };
        return apply_under_model(current, run, model, report, checks...);
    } else {
        require_patch_input<J, Patch>();
        return jsonpatch::error{}; // not reached: an assertion has failed and said why
    }
}

} // namespace detail

/// Patches a typed value and says whether it changed: `current` is converted to JSON with its
/// `to_json` (nlohmann's ADL conversion, e.g. from NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE), the
/// patch is applied atomically under `model` (its grants, limits and validators, then its member
/// rules), the result is converted back with `from_json` and the model's typed checks run, then
/// `checks` (per-call callables `status(const change<T>&)`, e.g. a uniqueness lookup capturing a
/// transaction), all in one transaction. Returns the new value and whether its JSON form differs
/// from the current one (typed_outcome); `current` never changes. `patch_input` takes the forms
/// apply() takes.
///
/// Errors: first errc::invalid_model (HTTP 500) while the model does not verify (see
/// basic_model::verdict_for), whatever the patch; then those of apply() and of the rules. A
/// from_json failure is an error, never an exception: errc::wrong_type (or errc::missing_field
/// for a member the patch removed) with `path` the member it failed on, or the error a from_json
/// throws as patch_error. Only std::bad_alloc, and what a check or conversion throws that is not
/// a std::exception, propagates. Cost: two conversions and apply()'s; comparing the result adds
/// a walk of the JSON form (and a third conversion when it differs).
template <class T, class Patch, class J, class... Checks>
[[nodiscard]] result<typed_outcome<T>> apply_to_outcome(const T& current, const Patch& patch_input,
                                                        const basic_model<T, J>& model,
                                                        const Checks&... checks) {
    return detail::apply_to_model(current, patch_input, model, detail::change_report::compare,
                                  checks...);
}

/// apply_to_outcome without telling whether anything changed: the new value, or the error.
template <class T, class Patch, class J, class... Checks>
[[nodiscard]] result<T> apply_to(const T& current, const Patch& patch_input,
                                 const basic_model<T, J>& model, const Checks&... checks) {
    return detail::value_of(detail::apply_to_model(current, patch_input, model,
                                                   detail::change_report::skip, checks...));
}

/// As above without a model: `options` (apply_options for nlohmann::json, or those of another
/// JSON type) give the leniencies, limits, policy and JSON-level validators.
template <class T, class Patch,
          class Options = basic_apply_options<detail::input_document_t<void, Patch>>>
[[nodiscard]] result<T> apply_to(const T& current, const Patch& patch_input,
                                 const Options& options = Options{}) {
    using J = typename Options::json_type;
    detail::require_options_for<J, Options>();
    if constexpr (detail::require_conversions<T, J>() && detail::is_patch_input_for<J, Patch>()) {
        const auto open = [](const J&) { return status{}; };
        const auto run = [&patch_input](J& doc, const Options& o) {
            return apply(doc, patch_input, o);
        };
        const auto no_members = [](const J&, const J&) { return status{}; };
        const auto no_checks = [](const change<T>&) { return status{}; };
        return detail::value_of(detail::apply_to_json(current, open, run, options, no_members,
                                                      no_checks, detail::change_report::skip));
    } else {
        detail::require_patch_input<J, Patch>();
        return jsonpatch::error{}; // not reached: an assertion has failed and said why
    }
}

} // namespace jsonpatch

#endif // JSONPATCH_APPLY_TO_HPP
