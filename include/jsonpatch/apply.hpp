// SPDX-License-Identifier: MIT
// apply: atomic, in-place application of an RFC 6902 patch to an nlohmann::json document.
#ifndef JSONPATCH_APPLY_HPP
#define JSONPATCH_APPLY_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/ops.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Runs every operation, then the validators; on the first failure (or exception) the engine rolls
// everything back. `operations` must outlive the engine's journal.
inline status run_atomically(engine& eng, const operation_view* operations, std::size_t count,
                             const nlohmann::json& doc, const apply_options& options) {
    eng.prepare(count);
    try {
        for (std::size_t i = 0; i < count; ++i) {
            if (auto e = eng.perform(operations[i], i)) {
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

// A patch document read in place: operation views whose pointers share one token arena.
struct patch_views {
    std::vector<operation_view> operations;
    pointer_arena arena;
};

// Checks one "path"/"from" member as parse_member_pointer would and appends its tokens to the
// arena. False for anything parse_patch would reject.
inline bool read_pointer(const nlohmann::json* member_value, const apply_limits& limits,
                         patch_views& out, pointer_view& view) {
    if (member_value == nullptr || !member_value->is_string()) {
        return false;
    }
    const std::string_view text = member_value->get_ref<const std::string&>();
    const std::size_t first = out.arena.tokens.size();
    if (!out.arena.has_room_for(text)) {
        return false; // parse_patch, which stores each pointer on its own, takes over
    }
    if (!text.empty()) {
        if (text.size() > limits.max_pointer_length || text[0] != '/' ||
            find_invalid_escape(text) != std::string_view::npos) {
            return false;
        }
        append_token_refs(text, out.arena.tokens, out.arena.unescaped);
    }
    const std::size_t count = out.arena.tokens.size() - first;
    view = pointer_view(text, first, count); // bound to the arena by read_patch_views
    return count <= limits.max_pointer_depth;
}

// Reads a patch document into views without copying values or allocating per operation. Returns
// false when parse_patch would report an error: the caller then takes that path, so errors stay
// exactly those of parse_patch.
inline bool read_patch_views(const nlohmann::json& document, const apply_limits& limits,
                             patch_views& out) {
    using json = nlohmann::json;
    using namespace std::string_view_literals;
    if (!document.is_array() || document.size() > limits.max_operations) {
        return false;
    }
    const auto& elements = document.get_ref<const json::array_t&>();
    out.operations.resize(elements.size());
    out.arena.tokens.reserve(8 * elements.size()); // a guess; the arena may still grow
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (!elements[i].is_object()) {
            return false;
        }
        const auto& members = elements[i].get_ref<const json::object_t&>();
        const auto get = [&members](std::string_view name) -> const json* {
            const auto it = members.find(name);
            return it == members.end() ? nullptr : &it->second;
        };
        const json* op_member = get("op"sv);
        if (op_member == nullptr || !op_member->is_string()) {
            return false;
        }
        const auto op = op_kind_from_string(op_member->get_ref<const std::string&>());
        if (!op) {
            return false;
        }
        operation_view& view = out.operations[i];
        view.op = *op;
        if (!read_pointer(get("path"sv), limits, out, view.path) ||
            (has_from(*op) && !read_pointer(get("from"sv), limits, out, view.from))) {
            return false;
        }
        if (has_value(*op)) {
            view.value = get("value"sv);
            if (view.value == nullptr ||
                (view.value->is_structured() &&
                 measure(*view.value, limits.max_value_depth, static_cast<std::size_t>(-1)).depth >
                     limits.max_value_depth)) {
                return false;
            }
        }
    }
    for (operation_view& view : out.operations) { // the arena is complete now
        view.path.bind(out.arena);
        view.from.bind(out.arena);
    }
    return true;
}

} // namespace detail

/// Applies a parsed patch to `doc` in place, atomically: on failure `doc` is exactly as before.
/// RFC 6902 §4, §5. Order: limits and policy are vetted first (nothing changes on a violation),
/// then the operations run, then the validators see the result. Errors: the 300 band (which
/// operation, which pointer, why), the 400 band (policy, validators) and the 500 band (limits).
/// Only std::bad_alloc (or what a validator throws) escapes, and then `doc` is unchanged too.
/// Cost: O(Σ depth × log width) plus the size of values added or copied; a failure costs about
/// the work done so far. The document is never copied.
[[nodiscard]] inline status apply(nlohmann::json& doc, const patch& p,
                                  const apply_options& options = {}) {
    if (auto e = detail::vet_limits(p, options.limits)) {
        return std::move(*e);
    }
    const detail::patch_view_list views(p);
    if (auto e = detail::vet_policy(views.data(), views.size(), options)) {
        return std::move(*e);
    }
    detail::engine eng(doc, options);
    auto outcome = detail::run_atomically(eng, views.data(), views.size(), doc, options);
    if (outcome) {
        eng.commit();
    }
    return outcome;
}

/// Parses and applies a patch document in one call; see parse_patch and the overload above.
/// Pointers are read in place and each value is copied once, straight into `doc`, so
/// `patch_document` must not be part of `doc` (copy it out first, or use parse_patch).
/// Errors and their order are exactly those of parse_patch followed by the overload above.
[[nodiscard]] inline status apply(nlohmann::json& doc, const nlohmann::json& patch_document,
                                  const apply_options& options = {}) {
    // The policy checks a parsed patch, and a malformed patch must get parse_patch's exact error:
    // both take the general path below.
    if (options.policy == nullptr && &patch_document != &doc) {
        detail::patch_views views;
        if (detail::read_patch_views(patch_document, options.limits, views)) {
            detail::engine eng(doc, options);
            auto outcome = detail::run_atomically(eng, views.operations.data(),
                                                  views.operations.size(), doc, options);
            if (outcome) {
                eng.commit();
            }
            return outcome;
        }
    }
    auto parsed = parse_patch(patch_document, options.limits);
    if (!parsed) {
        return std::move(parsed).error();
    }
    return apply(doc, *parsed, options);
}

/// Parses patch text (see parse_patch) and applies it as above: a string is patch text, never a
/// JSON string value. Adds errc::invalid_json, errc::duplicate_member and errc::patch_too_large.
[[nodiscard]] inline status apply(nlohmann::json& doc, std::string_view patch_text,
                                  const apply_options& options = {}) {
    auto document = detail::parse_patch_text(patch_text, options.limits);
    if (!document) {
        return std::move(document).error();
    }
    return apply(doc, *document, options);
}
// Without these, a string literal or std::string would convert to nlohmann::json (a string value).
[[nodiscard]] inline status apply(nlohmann::json& doc, const char* patch_text,
                                  const apply_options& options = {}) {
    return apply(doc, std::string_view(patch_text), options);
}
[[nodiscard]] inline status apply(nlohmann::json& doc, const std::string& patch_text,
                                  const apply_options& options = {}) {
    return apply(doc, std::string_view(patch_text), options);
}

/// apply(), throwing patch_error (a std::system_error) on failure; takes the same patch inputs
/// (a parsed patch, a patch document, or patch text).
template <class Patch>
void apply_or_throw(nlohmann::json& doc, const Patch& patch_input,
                    const apply_options& options = {}) {
    apply(doc, patch_input, options).value();
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
