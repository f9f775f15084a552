// SPDX-License-Identifier: MIT
/// \file
/// parse_patch: RFC 6902 §3-4 patch documents (JSON or text) into validated operations.
#ifndef JSONPATCH_PARSE_HPP
#define JSONPATCH_PARSE_HPP

#include <jsonpatch/detail/counted.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/patch_input.hpp>
#include <jsonpatch/detail/patch_text_parser.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

inline jsonpatch::error shape_error(errc code, std::size_t index, member concerns,
                                    std::string message) {
    jsonpatch::error e;
    e.code = code;
    e.op_index = index;
    e.concerns = concerns;
    e.message = std::move(message);
    return e;
}

// Parses and bounds-checks one pointer member of an operation.
inline result<pointer> parse_member_pointer(std::string_view text, std::size_t index,
                                            member which, const apply_limits& limits) {
    const char* name = which == member::from ? "from" : "path";
    if (text.size() > limits.max_pointer_length) {
        return shape_error(errc::pointer_too_long, index, which,
                           std::string("\"") + name + "\" is longer than " +
                               detail::counted(limits.max_pointer_length, "character"));
    }
    auto parsed = pointer::parse(text);
    if (!parsed) {
        return shape_error(parsed.error().code, index, which,
                           std::string("\"") + name + "\" is not a JSON pointer: " +
                               parsed.error().message);
    }
    if (parsed->size() > limits.max_pointer_depth) {
        return shape_error(errc::pointer_too_deep, index, which,
                           std::string("\"") + name + "\" has more than " +
                               detail::counted(limits.max_pointer_depth, "reference token"));
    }
    return parsed;
}

// Validates one operation object (RFC 6902 §4) and builds the operation. Members not defined for
// the op are ignored, as §4 requires. `Json` is `const J` (value copied) or `J` (value moved).
template <class Json>
result<basic_operation<std::remove_const_t<Json>>> parse_operation(Json& object, std::size_t index,
                                                                   const apply_limits& limits) {
    using json = std::remove_const_t<Json>;
    if (!object.is_object()) {
        return shape_error(errc::operation_not_object, index, member::none,
                           "operation " + std::to_string(index) + " is not a JSON object");
    }
    auto& members = object.template get_ref<like_ref<Json, typename json::object_t>>();
    const auto get = [&members](std::string_view name) -> Json* {
        const auto it = find_member(members, name);
        return it == members.end() ? nullptr : &it->second;
    };
    // Errors name the operation's pointers as given whenever they are strings.
    const auto located = [&get](jsonpatch::error e) {
        for (const auto* name : {"path", "from"}) {
            const Json* m = get(name);
            if (m != nullptr && m->is_string()) {
                (name[0] == 'p' ? e.path : e.from) = clip(m->template get_ref<const std::string&>());
            }
        }
        return e;
    };

    const Json* op_member = get("op");
    if (op_member == nullptr) {
        return located(shape_error(errc::missing_op, index, member::op, "operation has no \"op\""));
    }
    if (!op_member->is_string()) {
        return located(shape_error(errc::op_not_string, index, member::op, "\"op\" is not a string"));
    }
    const auto& op_name = op_member->template get_ref<const std::string&>();
    const auto op = op_kind_from_string(op_name);
    if (!op) {
        return located(shape_error(errc::unknown_op, index, member::op,
                                   "unknown op \"" + clip(op_name, 32) + "\""));
    }

    basic_operation<json> out;
    out.op = *op;
    const Json* path_member = get("path");
    if (path_member == nullptr) {
        return located(shape_error(errc::missing_path, index, member::path, "operation has no \"path\""));
    }
    if (!path_member->is_string()) {
        return located(shape_error(errc::path_not_string, index, member::path, "\"path\" is not a string"));
    }
    auto path = parse_member_pointer(path_member->template get_ref<const std::string&>(), index,
                                     member::path, limits);
    if (!path) {
        return located(std::move(path).error());
    }
    out.path = std::move(*path);

    if (has_from(*op)) {
        const Json* from_member = get("from");
        if (from_member == nullptr) {
            return located(shape_error(errc::missing_from, index, member::from,
                                       std::string(to_string(*op)) + " has no \"from\""));
        }
        if (!from_member->is_string()) {
            return located(shape_error(errc::from_not_string, index, member::from,
                                       "\"from\" is not a string"));
        }
        auto from = parse_member_pointer(from_member->template get_ref<const std::string&>(), index,
                                         member::from, limits);
        if (!from) {
            return located(std::move(from).error());
        }
        out.from = std::move(*from);
    }

    if (has_value(*op)) {
        Json* value_member = get("value");
        if (value_member == nullptr) {
            return located(shape_error(errc::missing_value, index, member::value,
                                       std::string(to_string(*op)) + " has no \"value\""));
        }
        const std::size_t depth =
            value_member->is_structured()
                ? measure(*value_member, limits.max_value_depth, static_cast<std::size_t>(-1)).depth
                : 1;
        if (depth > limits.max_value_depth) {
            return located(shape_error(errc::value_too_deep, index, member::value,
                                       "\"value\" nests deeper than " +
                                           counted(limits.max_value_depth, "level")));
        }
        if constexpr (std::is_const_v<Json>) {
            out.value = copy_of_depth(*value_member, depth); // the limit may be above the stack's
        } else {
            out.value = std::move(*value_member);
        }
    }
    return out;
}

inline jsonpatch::error document_error(errc code, std::string message) {
    jsonpatch::error e;
    e.code = code;
    e.message = std::move(message);
    return e;
}

// A patch longer than the limit; op_index names the first operation over it.
inline jsonpatch::error too_many_operations(std::size_t max_operations) {
    jsonpatch::error e = document_error(
        errc::too_many_operations, "patch has more than " + counted(max_operations, "operation"));
    e.op_index = max_operations;
    return e;
}

// parse_patch's errors about the document as a whole: not an array, too many operations.
template <class J>
std::optional<jsonpatch::error> document_shape_error(const J& document,
                                                     const apply_limits& limits) {
    if (!document.is_array()) {
        return document_error(errc::patch_not_array, "patch document is not a JSON array");
    }
    if (document.size() > limits.max_operations) {
        return too_many_operations(limits.max_operations);
    }
    return std::nullopt;
}

template <class Json>
result<basic_patch<std::remove_const_t<Json>>> parse_document(Json& document,
                                                              const apply_limits& limits) {
    using json = std::remove_const_t<Json>;
    if (auto e = document_shape_error(std::as_const(document), limits)) {
        return std::move(*e);
    }
    std::vector<basic_operation<json>> operations;
    operations.reserve(document.size());
    std::size_t index = 0;
    for (auto& element : document) {
        auto op = parse_operation(element, index++, limits);
        if (!op) {
            return std::move(op).error();
        }
        operations.push_back(std::move(*op));
    }
    return basic_patch<json>(std::move(operations));
}

// Feeds JSON text to a SAX handler, exactly as J::sax_parse(text, &sax) does. That public
// function also instantiates nlohmann's binary-format reader (CBOR, MessagePack, ...) for the
// handler, about half a second of compile time in every file that includes this header. With the
// nlohmann release we build and test against, the text parser it delegates to is called directly.
template <class J, class Sax>
void sax_parse_text(std::string_view text, Sax& sax) {
#if NLOHMANN_JSON_VERSION_MAJOR == 3 && NLOHMANN_JSON_VERSION_MINOR == 11
    auto input = nlohmann::detail::input_adapter(text);
    nlohmann::detail::parser<J, decltype(input)>(std::move(input), nullptr,
                                                 /*allow_exceptions_=*/true,
                                                 /*skip_comments=*/false)
        .sax_parse(&sax, /*strict=*/true);
#else
    J::sax_parse(text, &sax);
#endif
}

// Parses patch text into a DOM, catching repeated members (see patch_text_kind), excessive nesting
// and oversized input. A JSON Patch may nest two levels more than a value: the patch array and the
// operation object.
template <class J>
result<J> parse_patch_text(std::string_view text, const apply_limits& limits,
                           patch_text_kind kind = patch_text_kind::json_patch) {
    if (text.size() > limits.max_patch_bytes) {
        return document_error(errc::patch_too_large, "patch text is larger than " +
                                                         counted(limits.max_patch_bytes, "byte"));
    }
    // nlohmann's lexer takes a NUL byte for the end of the input (C strings end there), so whatever
    // followed one would go unread and "[...]\0junk" would pass. JSON text holds no NUL byte, not
    // even inside a string, so one anywhere makes the text invalid.
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        return document_error(errc::invalid_json, "patch is not valid JSON (a NUL byte at byte " +
                                                      std::to_string(nul + 1) + ")");
    }
    const std::size_t extra_levels = kind == patch_text_kind::json_patch ? 2 : 0;
    patch_text_builder<J> builder(saturating_add(limits.max_value_depth, extra_levels), kind);
    try {
        sax_parse_text<J>(text, builder);
    } catch (const nlohmann::detail::exception&) {
        builder.fail(errc::invalid_json, "patch is not valid JSON");
    }
    if (builder.failure()) {
        return *builder.failure();
    }
    return std::move(builder.document());
}

} // namespace detail

/// Validates a patch document (RFC 6902 §3, §4) and pre-parses every pointer. `input` is either
/// - a patch document, any nlohmann::basic_json `J`: the result is a basic_patch<J> (values are
///   copied, or moved out when `input` is an rvalue); or
/// - patch text (std::string_view, std::string, a string literal): the result is a
///   basic_patch<J> for the `J` given as template argument, nlohmann::json by default
///   (`parse_patch<nlohmann::ordered_json>(text)`).
/// Errors: the 100 band (pointer syntax, with op_index and member), the 200 band (shape), and
/// errc::too_many_operations, errc::pointer_too_long, errc::pointer_too_deep,
/// errc::value_too_deep; for text also errc::invalid_json (with the byte offset in the message),
/// errc::duplicate_member when an operation object repeats op, path, from or value (RFC 8259 §4
/// leaves duplicates undefined; we refuse them) and errc::patch_too_large. Nothing else converts:
/// a value of another type is a compile error.
template <class J = void, class Input>
[[nodiscard]] result<basic_patch<detail::input_document_t<J, Input>>>
parse_patch(Input&& input, const apply_limits& limits = {}) {
    using document = detail::input_document_t<J, Input>;
    using given = detail::remove_cvref_t<Input>;
    if constexpr (is_basic_json_v<given>) {
        if constexpr (!std::is_void_v<J>) {
            detail::require_same_document_type<J, given>();
        }
        detail::require_document_type<given>();
        if constexpr (std::is_lvalue_reference_v<Input>) {
            return detail::parse_document(std::as_const(input), limits);
        } else {
            return detail::parse_document(input, limits); // an rvalue of ours: values are moved
        }
    } else {
        static_assert(detail::is_text_v<given>,
                      "jsonpatch::parse_patch takes a patch document (an nlohmann::basic_json) or "
                      "patch text (std::string_view, std::string, a string literal)");
        detail::require_document_type<document>();
        auto parsed = detail::parse_patch_text<document>(detail::as_text(input), limits);
        if (!parsed) {
            return std::move(parsed).error();
        }
        return detail::parse_document(*parsed, limits);
    }
}

/// parse_patch(), throwing patch_error (a std::system_error) on failure; takes the same inputs.
template <class J = void, class Input>
[[nodiscard]] basic_patch<detail::input_document_t<J, Input>>
parse_patch_or_throw(Input&& input, const apply_limits& limits = {}) {
    return parse_patch<J>(std::forward<Input>(input), limits).value();
}

/// `j.get<basic_patch<J>>()` (nlohmann's ADL conversion): parse_patch(j), throwing patch_error on
/// a malformed patch, as nlohmann's own conversions throw. Only from J itself.
template <class J>
void from_json(const J& document, basic_patch<J>& out) {
    out = parse_patch(document).value();
}

/// Reading a patch from a document of another JSON type does not compile (see below).
template <class Other, class J, std::enable_if_t<!std::is_same_v<Other, J>, int> = 0>
void from_json(const Other& /*document*/, basic_patch<J>& /*out*/) {
    static_assert(std::is_same_v<Other, J>,
                  "jsonpatch: a basic_patch<J> is read only from its own JSON type J; jsonpatch "
                  "never converts between JSON types: use get<jsonpatch::basic_patch<Other>>()");
}

/// `j.get<basic_operation<J>>()`: one operation object, checked as parse_patch checks each
/// element; throws patch_error when it is malformed.
template <class J>
void from_json(const J& object, basic_operation<J>& out) {
    out = detail::parse_operation(object, 0, apply_limits{}).value();
}

/// Reading an operation from a document of another JSON type does not compile either.
template <class Other, class J, std::enable_if_t<!std::is_same_v<Other, J>, int> = 0>
void from_json(const Other& /*object*/, basic_operation<J>& /*out*/) {
    static_assert(std::is_same_v<Other, J>,
                  "jsonpatch: a basic_operation<J> is read only from its own JSON type J; "
                  "jsonpatch never converts between JSON types: use "
                  "get<jsonpatch::basic_operation<Other>>()");
}

} // namespace jsonpatch

// Compiled mode (see the end of <jsonpatch/apply.hpp>): the parsers for nlohmann::json and
// nlohmann::ordered_json come compiled in the jsonpatch::compiled library.
#if defined(JSONPATCH_COMPILED)
namespace jsonpatch::detail {
extern template result<basic_patch<nlohmann::json>>
parse_document<const nlohmann::json>(const nlohmann::json&, const apply_limits&);
extern template result<basic_patch<nlohmann::json>>
parse_document<nlohmann::json>(nlohmann::json&, const apply_limits&);
extern template result<basic_operation<nlohmann::json>>
parse_operation<const nlohmann::json>(const nlohmann::json&, std::size_t, const apply_limits&);
extern template result<nlohmann::json>
parse_patch_text<nlohmann::json>(std::string_view, const apply_limits&, patch_text_kind);
extern template result<basic_patch<nlohmann::ordered_json>>
parse_document<const nlohmann::ordered_json>(const nlohmann::ordered_json&, const apply_limits&);
extern template result<basic_patch<nlohmann::ordered_json>>
parse_document<nlohmann::ordered_json>(nlohmann::ordered_json&, const apply_limits&);
extern template result<basic_operation<nlohmann::ordered_json>>
parse_operation<const nlohmann::ordered_json>(const nlohmann::ordered_json&, std::size_t,
                                              const apply_limits&);
extern template result<nlohmann::ordered_json>
parse_patch_text<nlohmann::ordered_json>(std::string_view, const apply_limits&, patch_text_kind);
} // namespace jsonpatch::detail
#endif

#endif // JSONPATCH_PARSE_HPP
