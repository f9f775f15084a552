// SPDX-License-Identifier: MIT
// The forms a patch may be given in (parsed, a patch document, text), told apart at compile time.
#ifndef JSONPATCH_DETAIL_PATCH_INPUT_HPP
#define JSONPATCH_DETAIL_PATCH_INPUT_HPP

#include <jsonpatch/json_type.hpp>
#include <jsonpatch/operation.hpp>

#include <nlohmann/json.hpp>

#include <string_view>
#include <type_traits>

namespace jsonpatch::detail {

template <class T>
struct is_basic_patch : std::false_type {};
template <class J>
struct is_basic_patch<basic_patch<J>> : std::true_type {};

// True for what the API takes as text: std::string_view, std::string, string literals, char*.
template <class Input>
inline constexpr bool is_text_v = std::is_convertible_v<const Input&, std::string_view>;

// Patch text as a view; a null `const char*` is empty text (which is invalid JSON), never a crash.
template <class Input>
[[nodiscard]] std::string_view as_text(const Input& input) noexcept {
    if constexpr (std::is_null_pointer_v<Input>) {
        return {};
    } else if constexpr (std::is_pointer_v<Input>) { // a literal is an array, never null
        return input == nullptr ? std::string_view() : std::string_view(input);
    } else {
        return std::string_view(input);
    }
}

// The document type a patch input stands for: its own type for a patch document, its document
// type for a parsed patch, and `Requested` (nlohmann::json when void) for patch text.
template <class Requested, class Input, bool = is_basic_json_v<Input>>
struct input_document {
    using type = std::conditional_t<std::is_void_v<Requested>, nlohmann::json, Requested>;
};
template <class Requested, class Input>
struct input_document<Requested, Input, true> {
    using type = Input;
};
template <class Requested, class J>
struct input_document<Requested, basic_patch<J>, false> {
    using type = J;
};
template <class Requested, class Input>
using input_document_t = typename input_document<Requested, remove_cvref_t<Input>>::type;

// True when `Patch` is a form of patch for documents of type J (see require_patch_input).
template <class J, class Patch>
constexpr bool is_patch_input_for() {
    if constexpr (is_basic_patch<Patch>::value) {
        return std::is_same_v<typename Patch::json_type, J>;
    } else if constexpr (is_basic_json_v<Patch>) {
        return std::is_same_v<Patch, J>;
    } else {
        return is_text_v<Patch>;
    }
}

// What every entry point taking "a patch" accepts for documents of type J: a parsed
// basic_patch<J>, a patch document of type J, or patch text. Checked in one place, so that the
// messages are the same everywhere.
template <class J, class Patch>
constexpr void require_patch_input() {
    if constexpr (is_basic_patch<Patch>::value) {
        require_same_document_type<J, typename Patch::json_type>();
    } else if constexpr (is_basic_json_v<Patch>) {
        require_same_document_type<J, Patch>();
    } else {
        static_assert(is_text_v<Patch>,
                      "jsonpatch: a patch is a jsonpatch::basic_patch<J>, a patch document of the "
                      "document's own JSON type J, or patch text (std::string_view, std::string, "
                      "a string literal)");
    }
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_PATCH_INPUT_HPP
