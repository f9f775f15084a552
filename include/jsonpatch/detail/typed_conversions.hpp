// SPDX-License-Identifier: MIT
// The compile-time check every typed entry point makes: the resource type converts to and from
// the document type, or the one error says which function is missing, in our words.
#ifndef JSONPATCH_DETAIL_TYPED_CONVERSIONS_HPP
#define JSONPATCH_DETAIL_TYPED_CONVERSIONS_HPP

#include <jsonpatch/json_type.hpp>

#include <nlohmann/json.hpp>

#include <type_traits>

namespace jsonpatch::detail {

/// True when `T` has a to_json for documents of type `J` that nlohmann finds (ADL, or an
/// adl_serializer specialisation).
template <class T, class J>
inline constexpr bool has_to_json_v = nlohmann::detail::has_to_json<J, T>::value;

/// True when `T` has a from_json for `J`: `from_json(const J&, T&)`, or an adl_serializer whose
/// from_json returns a T (for types that are not default-constructible).
template <class T, class J>
inline constexpr bool has_from_json_v = nlohmann::detail::has_from_json<J, T>::value ||
                                        nlohmann::detail::has_non_default_from_json<J, T>::value;

/// Checks that a typed resource `T` converts to and from documents of type `J`, so that a
/// missing conversion is one error of ours, naming the function, rather than pages from inside
/// nlohmann. True when it does: an entry point that tests it with `if constexpr` compiles
/// nothing more after a failed assertion. The compiler's note on the instantiation names T.
template <class T, class J> constexpr bool require_conversions() {
    static_assert(has_to_json_v<T, J>,
                  "jsonpatch: the resource type T has no to_json(J&, const T&) for this JSON type "
                  "J: define one (nlohmann finds it by ADL, e.g. "
                  "NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(T, ...)); note that the "
                  "NLOHMANN_DEFINE_TYPE_* macros of nlohmann 3.11 define it for nlohmann::json "
                  "only, so a model on nlohmann::ordered_json needs template <class J> to_json and "
                  "from_json (docs/typed_conversions.md)");
    static_assert(!has_to_json_v<T, J> || has_from_json_v<T, J>,
                  "jsonpatch: the resource type T has no from_json(const J&, T&) for this JSON "
                  "type J: define one next to its to_json (nlohmann finds it by ADL), or an "
                  "nlohmann::adl_serializer<T> with T from_json(const J&) for a type that is not "
                  "default-constructible");
    return has_to_json_v<T, J> && has_from_json_v<T, J>;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_TYPED_CONVERSIONS_HPP
