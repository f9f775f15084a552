// SPDX-License-Identifier: MIT
/// \file
/// apply: atomic, in-place application of an RFC 6902 patch to any nlohmann::basic_json document.
#ifndef JSONPATCH_APPLY_HPP
#define JSONPATCH_APPLY_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/operation_view.hpp>
#include <jsonpatch/detail/ops.hpp>
#include <jsonpatch/detail/patch_input.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/result.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

// Whether a parsed pointer is within the length and depth limits.
[[nodiscard]] inline bool pointer_within(const pointer& where, const apply_limits& limits) noexcept {
    return where.to_string().size() <= limits.max_pointer_length &&
           where.size() <= limits.max_pointer_depth;
}

// The error for the first pointer of `op` (operation `index`) that exceeds the limits.
template <class J>
jsonpatch::error pointer_limit_error(const basic_operation<J>& op, std::size_t index,
                                     const apply_limits& limits) {
    const member which =
        pointer_within(op.path, limits) ? member::from : member::path; // path is checked first
    const pointer& where = which == member::path ? op.path : op.from;
    const bool too_long = where.to_string().size() > limits.max_pointer_length;
    jsonpatch::error e = shape_error(
        too_long ? errc::pointer_too_long : errc::pointer_too_deep, index, which,
        std::string("\"") + std::string(to_string(which)) + "\" exceeds the " +
            (too_long ? "length" : "depth") + " limit");
    e.path = clip(op.path.to_string());
    if (has_from(op.op)) {
        e.from = clip(op.from.to_string());
    }
    return e;
}

// Limits a pre-built patch must respect even when it never went through parse_patch. The check
// runs on every apply of a parsed patch, so the passing case is kept to a few comparisons.
template <class J>
std::optional<jsonpatch::error> vet_limits(const basic_patch<J>& p, const apply_limits& limits) {
    if (p.size() > limits.max_operations) {
        return too_many_operations(limits.max_operations);
    }
    for (std::size_t i = 0; i < p.size(); ++i) {
        const basic_operation<J>& op = p[i];
        if (!pointer_within(op.path, limits) ||
            (has_from(op.op) && !pointer_within(op.from, limits))) {
            return pointer_limit_error(op, i, limits);
        }
    }
    return std::nullopt;
}

// A successful status. `return {};` would value-initialise it, zeroing the whole error slot it
// carries (a sixth of the instructions of a one-operation apply went there); default
// initialisation only marks it empty.
[[nodiscard]] inline status success() noexcept {
    status ok;
    return ok;
}

// Runs every operation, then the validators; on the first failure (or exception) the engine rolls
// everything back. `operations` must outlive the engine's journal.
template <class J>
status run_atomically(engine<J>& eng, const operation_view<J>* operations, std::size_t count,
                      const J& doc, const basic_apply_options<J>& options) {
    eng.prepare(count);
    try {
        for (std::size_t i = 0; i < count; ++i) {
            if (auto e = eng.perform(operations[i], i)) {
                eng.roll_back();
                return std::move(*e);
            }
        }
        for (const basic_validator<J>& check : options.validators) {
            if (status verdict = check(doc); !verdict) {
                eng.roll_back();
                return verdict;
            }
        }
    } catch (...) {
        eng.roll_back();
        throw;
    }
    return success();
}

// A patch document read in place: operation views whose pointers share one token arena.
template <class J>
struct patch_views {
    std::vector<operation_view<J>> operations;
    pointer_arena arena;
    // Operations the fast reader left to parse_operation (see read_patch_views), in room for
    // every operation made when the first arrives, so views into them stay valid. An array, not
    // a vector: its growth code would be compiled into every caller for a path seldom taken.
    std::unique_ptr<basic_operation<J>[]> parsed;
    std::size_t parsed_count = 0;
};

// Checks one "path"/"from" member as parse_member_pointer would and appends its tokens to the
// arena. False for anything parse_patch would reject, and when the arena is full.
template <class J>
bool read_pointer(const J* member_value, const apply_limits& limits, patch_views<J>& out,
                  pointer_view& view) {
    if (member_value == nullptr || !member_value->is_string()) {
        return false;
    }
    const std::string_view text = member_value->template get_ref<const std::string&>();
    const std::size_t first = out.arena.tokens.size();
    if (!out.arena.has_room_for(text)) {
        return false; // parse_operation, which stores each pointer on its own, takes over
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

// Reads one operation object into `view` without copying anything. False when parse_operation
// would report an error, or the arena is full.
template <class J>
bool read_operation(const J& element, const apply_limits& limits, patch_views<J>& out,
                    operation_view<J>& view) {
    using namespace std::string_view_literals;
    if (!element.is_object()) {
        return false;
    }
    const auto& members = element.template get_ref<const typename J::object_t&>();
    const auto get = [&members](std::string_view name) -> const J* {
        const auto it = find_member(members, name);
        return it == members.end() ? nullptr : &it->second;
    };
    const J* op_member = get("op"sv);
    if (op_member == nullptr || !op_member->is_string()) {
        return false;
    }
    const auto op = op_kind_from_string(op_member->template get_ref<const std::string&>());
    if (!op) {
        return false;
    }
    view = operation_view<J>{};
    view.op = *op;
    if (!read_pointer(get("path"sv), limits, out, view.path) ||
        (has_from(*op) && !read_pointer(get("from"sv), limits, out, view.from))) {
        return false;
    }
    if (has_value(*op)) {
        view.value = get("value"sv);
        return view.value != nullptr &&
               (!view.value->is_structured() ||
                measure(*view.value, limits.max_value_depth, static_cast<std::size_t>(-1)).depth <=
                    limits.max_value_depth);
    }
    return true;
}

// Reads a patch document into views without copying values or allocating per operation, with
// parse_patch's errors. An operation the fast reader refuses goes to parse_operation, which
// reports parse_patch's exact error or, when only the arena was full, parses it on its own; so
// apply(doc, patch_json) instantiates no parse_patch and no second apply path. With
// `copy_values`, every operation is parsed, values copied (the patch document is the document).
template <class J>
std::optional<jsonpatch::error> read_patch_views(const J& document, const apply_limits& limits,
                                                 patch_views<J>& out, bool copy_values = false) {
    if (auto e = document_shape_error(document, limits)) {
        return e;
    }
    const auto& elements = document.template get_ref<const typename J::array_t&>();
    out.operations.resize(elements.size());
    out.arena.tokens.reserve(8 * elements.size()); // a guess; the arena may still grow
    for (std::size_t i = 0; i < elements.size(); ++i) {
        operation_view<J>& view = out.operations[i];
        if (!copy_values && read_operation(elements[i], limits, out, view)) {
            continue;
        }
        auto parsed = parse_operation(elements[i], i, limits);
        if (!parsed) {
            return std::move(parsed).error();
        }
        if (!out.parsed) {
            out.parsed = std::make_unique<basic_operation<J>[]>(elements.size());
        }
        basic_operation<J>& op = out.parsed[out.parsed_count++];
        op = std::move(*parsed);
        view = view_of(op);
    }
    for (operation_view<J>& view : out.operations) { // the arena is complete now
        for (pointer_view* where : {&view.path, &view.from}) {
            if (!where->is_bound()) {
                where->bind(out.arena);
            }
        }
    }
    return std::nullopt;
}

template <class J>
status apply_parsed(J& doc, const basic_patch<J>& p, const basic_apply_options<J>& options) {
    if (auto e = vet_limits(p, options.limits)) {
        return std::move(*e);
    }
    const patch_view_list<J> views(p);
    if (auto e = vet_policy(views.data(), views.size(), options)) {
        return std::move(*e);
    }
    engine<J> eng(doc, options);
    auto outcome = run_atomically(eng, views.data(), views.size(), doc, options);
    if (outcome) {
        eng.commit();
    }
    return outcome;
}

template <class J>
status apply_document(J& doc, const J& patch_document, const basic_apply_options<J>& options) {
    patch_views<J> views;
    // When the patch is the document itself, its values would change under the patch: they are
    // copied first.
    if (auto e = read_patch_views(patch_document, options.limits, views, &patch_document == &doc)) {
        return std::move(*e);
    }
    if (auto e = vet_policy(views.operations.data(), views.operations.size(), options)) {
        return std::move(*e);
    }
    engine<J> eng(doc, options);
    auto outcome =
        run_atomically(eng, views.operations.data(), views.operations.size(), doc, options);
    if (outcome) {
        eng.commit();
    }
    return outcome;
}

// Patch text: parsed into a document of the patch's own type, then read in place.
template <class J>
status apply_text(J& doc, std::string_view text, const basic_apply_options<J>& options) {
    auto document = parse_patch_text<J>(text, options.limits);
    if (!document) {
        return std::move(document).error();
    }
    return apply_document(doc, *document, options);
}

template <class J, class Patch>
status apply_any(J& doc, const Patch& input, const basic_apply_options<J>& options) {
    require_patch_input<J, Patch>();
    if constexpr (!is_patch_input_for<J, Patch>()) {
        return {}; // not reached: the assertion above has failed, and said why
    } else if constexpr (is_basic_patch<Patch>::value) {
        return apply_parsed(doc, input, options);
    } else if constexpr (is_basic_json_v<Patch>) {
        return apply_document(doc, input, options);
    } else {
        return apply_text(doc, as_text(input), options);
    }
}

} // namespace detail

/// Applies a patch to `doc` in place, atomically: on failure `doc` is exactly as before.
/// RFC 6902 §4, §5. `doc` is any nlohmann::basic_json `J` (nlohmann::json, nlohmann::ordered_json,
/// ...); `patch_input` is
/// - a parsed `basic_patch<J>` (see parse_patch): parse once, apply many times;
/// - a patch document of type `J`: its pointers are read in place and each value is copied once,
///   straight into `doc`, so it must not be part of `doc` (passing `doc` itself is detected);
/// - patch text (std::string_view, std::string, a string literal), parsed as parse_patch does.
/// `options` are the `basic_apply_options<J>` of the same type (apply_options for nlohmann::json).
/// Types are never converted: another JSON type or anything else is a compile error.
///
/// Order: shape errors (for a document or text), then limits and policy are vetted (nothing
/// changes on a violation), then the operations run, then the validators see the result.
/// Errors: the 100 and 200 bands (parse_patch's), the 300 band (which operation, which pointer,
/// why), the 400 band (policy, validators) and the 500 band (limits). Only std::bad_alloc (or
/// what a validator throws) escapes, and then `doc` is unchanged too. Cost: O(Σ depth × log
/// width) plus the size of values added or copied; a failure costs about the work done so far.
/// The document is never copied. With ordered_json, objects keep their member order (new members
/// go last, as nlohmann does), and a failed patch restores the order too.
template <class J, class Patch, class Options = basic_apply_options<J>>
[[nodiscard]] status apply(J& doc, const Patch& patch_input, const Options& options = Options{}) {
    if constexpr (detail::require_document_type<J>() && detail::require_options_for<J, Options>()) {
        return detail::apply_any(doc, patch_input, options);
    } else {
        return {}; // not reached: an assertion above has failed and said why
    }
}

/// apply(), throwing patch_error (a std::system_error) on failure; takes the same arguments.
template <class J, class Patch, class Options = basic_apply_options<J>>
void apply_or_throw(J& doc, const Patch& patch_input, const Options& options = Options{}) {
    apply(doc, patch_input, options).value();
}

/// A patched copy of `doc`, leaving `doc` alone (nlohmann's patch() shape, atomic by nature).
/// Takes the same patch forms and options as apply().
template <class J, class Patch, class Options = basic_apply_options<J>>
[[nodiscard]] result<J> patched(const J& doc, const Patch& patch_input,
                                const Options& options = Options{}) {
    if constexpr (detail::require_document_type<J>() && detail::require_options_for<J, Options>()) {
        J copy = detail::deep_copy(doc); // nlohmann's copy recurses per level
        auto outcome = detail::apply_any(copy, patch_input, options);
        if (!outcome) {
            return std::move(outcome).error();
        }
        return copy;
    } else {
        return jsonpatch::error{}; // not reached: an assertion above has failed and said why
    }
}

} // namespace jsonpatch

// Compiled mode: linking the jsonpatch::compiled library defines JSONPATCH_COMPILED, and then
// the entry points below are compiled once, in that library, for nlohmann::json and
// nlohmann::ordered_json, rather than in every translation unit (docs/performance.md). The
// library must be built with the same nlohmann configuration (JSON_DIAGNOSTICS, ...) as its
// users; nlohmann's ABI-tagged namespace turns a mismatch into a link error.
#if defined(JSONPATCH_COMPILED)
namespace jsonpatch::detail {
extern template status apply_parsed<nlohmann::json>(nlohmann::json&,
                                                    const basic_patch<nlohmann::json>&,
                                                    const basic_apply_options<nlohmann::json>&);
extern template status apply_document<nlohmann::json>(nlohmann::json&, const nlohmann::json&,
                                                      const basic_apply_options<nlohmann::json>&);
extern template status apply_text<nlohmann::json>(nlohmann::json&, std::string_view,
                                                  const basic_apply_options<nlohmann::json>&);
extern template status
apply_parsed<nlohmann::ordered_json>(nlohmann::ordered_json&,
                                     const basic_patch<nlohmann::ordered_json>&,
                                     const basic_apply_options<nlohmann::ordered_json>&);
extern template status
apply_document<nlohmann::ordered_json>(nlohmann::ordered_json&, const nlohmann::ordered_json&,
                                       const basic_apply_options<nlohmann::ordered_json>&);
extern template status
apply_text<nlohmann::ordered_json>(nlohmann::ordered_json&, std::string_view,
                                   const basic_apply_options<nlohmann::ordered_json>&);
} // namespace jsonpatch::detail
#endif

#endif // JSONPATCH_APPLY_HPP
