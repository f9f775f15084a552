// SPDX-License-Identifier: MIT
/// \file
/// RFC 6901 §4 evaluation of a pointer against a document: non-throwing, non-allocating lookups.
#ifndef JSONPATCH_LOOKUP_HPP
#define JSONPATCH_LOOKUP_HPP

#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace jsonpatch {
namespace detail {

// One evaluation step; nullptr when the token names nothing (including '-', which RFC 6901 §4
// says refers to a nonexistent element). Member lookup is heterogeneous, so it allocates nothing.
template <class Json>
[[nodiscard]] Json* step(Json& node, std::string_view token, array_ref index) noexcept {
    using document = std::remove_const_t<Json>;
    if (node.is_object()) {
        auto& members = node.template get_ref<like_ref<Json, typename document::object_t>>();
        const auto it = find_member(members, token);
        return it == members.end() ? nullptr : &it->second;
    }
    if (node.is_array()) {
        auto& elements = node.template get_ref<like_ref<Json, typename document::array_t>>();
        if (index.kind != array_token::index || index.value >= elements.size()) {
            return nullptr;
        }
        return &elements[index.value];
    }
    return nullptr;
}

template <class Json>
[[nodiscard]] Json* find_parsed(Json& doc, const pointer& where) noexcept {
    Json* node = &doc;
    for (std::size_t i = 0; i < where.size() && node != nullptr; ++i) {
        node = step(*node, where.token(i), where.array_index(i));
    }
    return node;
}

// find() on pointer text, for a checked document type.
template <class J>
result<const J*> find_text(const J& doc, std::string_view pointer_text) {
    if (pointer_text.empty()) {
        return &doc;
    }
    if (pointer_text[0] != '/') {
        jsonpatch::error e;
        e.code = errc::pointer_missing_slash;
        e.message = "pointer must be empty or start with '/'";
        return e;
    }
    if (find_invalid_escape(pointer_text) != std::string_view::npos) {
        jsonpatch::error e;
        e.code = errc::pointer_invalid_escape;
        e.message = "'~' must be followed by '0' or '1'";
        return e;
    }
    const J* node = &doc;
    std::string scratch;
    for_each_raw_token(pointer_text, [&](std::string_view raw) {
        if (raw.find('~') == std::string_view::npos) {
            node = step(*node, raw, classify_array_token(raw));
        } else {
            scratch.clear();
            append_unescaped(scratch, raw);
            node = step(*node, scratch, array_ref{});
        }
        return node != nullptr;
    });
    return node;
}

} // namespace detail

/// The value `where` refers to in `doc`, or nullptr when there is none; `doc` is any
/// nlohmann::basic_json (const or not). RFC 6901 §4. O(depth × log width) for nlohmann::json,
/// O(depth × width) for nlohmann::ordered_json, whose objects are searched in order.
template <class J>
[[nodiscard]] J* find(J& doc, const pointer& where) noexcept {
    if constexpr (detail::require_document_type<std::remove_const_t<J>>()) {
        return detail::find_parsed(doc, where);
    } else {
        return nullptr; // not reached: the assertion has failed and said why
    }
}

/// Evaluates pointer text directly, allocating only for tokens that contain escapes.
/// Gives nullptr when nothing is there; errc::pointer_missing_slash or
/// errc::pointer_invalid_escape for malformed text.
template <class J>
[[nodiscard]] result<const J*> find(const J& doc, std::string_view pointer_text) {
    if constexpr (detail::require_document_type<J>()) {
        return detail::find_text(doc, pointer_text);
    } else {
        return jsonpatch::error{}; // not reached: the assertion has failed and said why
    }
}

} // namespace jsonpatch

#endif // JSONPATCH_LOOKUP_HPP
