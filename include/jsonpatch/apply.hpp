// SPDX-License-Identifier: MIT
// apply: atomic, in-place application of an RFC 6902 patch to an nlohmann::json document.
#ifndef JSONPATCH_APPLY_HPP
#define JSONPATCH_APPLY_HPP

#include <jsonpatch/detail/ops.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

namespace jsonpatch {
namespace detail {

// Limits a pre-built patch must respect even when it never went through parse_patch.
inline std::optional<jsonpatch::error> vet_limits(const patch& p, const apply_limits& limits) {
    if (p.size() > limits.max_operations) {
        jsonpatch::error e;
        e.code = errc::too_many_operations;
        e.op_index = limits.max_operations;
        e.message = "patch has more than " + std::to_string(limits.max_operations) + " operations";
        return e;
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
        const operation& op = p[i];
        for (const member which : {member::path, member::from}) {
            if (which == member::from && !has_from(op.op)) {
                continue;
            }
            const pointer& where = which == member::path ? op.path : op.from;
            const bool too_long = where.to_string().size() > limits.max_pointer_length;
            if (too_long || where.size() > limits.max_pointer_depth) {
                jsonpatch::error e = shape_error(
                    too_long ? errc::pointer_too_long : errc::pointer_too_deep, i, which,
                    std::string("\"") + std::string(to_string(which)) + "\" exceeds the " +
                        (too_long ? "length" : "depth") + " limit");
                e.path = clip(op.path.to_string());
                if (has_from(op.op)) {
                    e.from = clip(op.from.to_string());
                }
                return e;
            }
        }
    }
    return std::nullopt;
}

// Runs every operation, then the validators; on the first failure (or exception) the engine
// rolls everything back.
inline status run_atomically(engine& eng, const patch& p, const nlohmann::json& doc,
                             const apply_options& options) {
    eng.prepare(p.size());
    try {
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (auto e = eng.perform(p[i], i)) {
                eng.roll_back();
                return std::move(*e);
            }
        }
        for (const validator& check : options.validators) {
            if (status verdict = check(doc); !verdict) {
                eng.roll_back();
                return verdict;
            }
        }
    } catch (...) {
        eng.roll_back();
        throw;
    }
    return {};
}

} // namespace detail

/// Applies a parsed patch to `doc` in place, atomically: on failure `doc` is exactly as before.
/// RFC 6902 §4, §5. Order: limits and policy are vetted first (nothing changes on a violation),
/// then the operations run, then the validators see the result. Errors: the 300 band (which
/// operation, which pointer, why), the 400 band (policy, validators) and the 500 band (limits).
/// Only std::bad_alloc (or what a validator throws) escapes, and then `doc` is unchanged too.
/// Cost: O(Σ depth × log width) plus the size of values added or copied; a failure costs about
/// the work done so far. The document is never copied.
[[nodiscard]] inline status apply(nlohmann::json& doc, const patch& p, const apply_options& options = {}) {
    if (auto e = detail::vet_limits(p, options.limits)) {
        return std::move(*e);
    }
    if (options.policy != nullptr) {
        if (auto e = options.policy->check(p)) {
            return std::move(*e);
        }
    }
    detail::engine eng(doc, options);
    auto outcome = detail::run_atomically(eng, p, doc, options);
    if (outcome) {
        eng.commit();
    }
    return outcome;
}

/// Parses and applies a patch document in one call; see parse_patch and the overload above.
[[nodiscard]] inline status apply(nlohmann::json& doc, const nlohmann::json& patch_document,
                                  const apply_options& options = {}) {
    auto parsed = parse_patch(patch_document, options.limits);
    if (!parsed) {
        return std::move(parsed).error();
    }
    return apply(doc, *parsed, options);
}

/// apply(), throwing patch_error (a std::system_error) on failure.
inline void apply_or_throw(nlohmann::json& doc, const patch& p, const apply_options& options = {}) {
    apply(doc, p, options).value();
}
/// apply(), throwing patch_error (a std::system_error) on failure.
inline void apply_or_throw(nlohmann::json& doc, const nlohmann::json& patch_document,
                           const apply_options& options = {}) {
    apply(doc, patch_document, options).value();
}

/// A patched copy of `doc`, leaving `doc` alone (nlohmann's patch() shape, atomic by nature).
[[nodiscard]] inline result<nlohmann::json> patched(const nlohmann::json& doc, const patch& p,
                                                    const apply_options& options = {}) {
    nlohmann::json copy = detail::deep_copy(doc); // nlohmann's copy recurses per level
    auto outcome = apply(copy, p, options);
    if (!outcome) {
        return std::move(outcome).error();
    }
    return copy;
}

} // namespace jsonpatch

#endif // JSONPATCH_APPLY_HPP
