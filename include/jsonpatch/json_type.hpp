// SPDX-License-Identifier: MIT
/// \file
/// The document types jsonpatch works on: any nlohmann::basic_json specialisation.
#ifndef JSONPATCH_JSON_TYPE_HPP
#define JSONPATCH_JSON_TYPE_HPP

#include <nlohmann/json.hpp>

#include <string>
#include <type_traits>

namespace jsonpatch {

/// True for every nlohmann::basic_json specialisation (nlohmann::json, nlohmann::ordered_json, or
/// one with other number, string or container types), false for anything else, including types
/// that merely convert to one. Every jsonpatch template that takes a document is constrained by it.
template <class T>
struct is_basic_json : std::bool_constant<nlohmann::detail::is_basic_json<T>::value> {};

/// is_basic_json<T>::value.
template <class T>
inline constexpr bool is_basic_json_v = is_basic_json<T>::value;

namespace detail {

/// std::remove_cvref_t, which C++17 lacks.
template <class T>
using remove_cvref_t = std::remove_cv_t<std::remove_reference_t<T>>;

// True when the document type's objects are nlohmann::ordered_map (a vector of members in
// insertion order) rather than a std::map sorted by key.
template <class Object>
struct is_ordered_map : std::false_type {};
template <class Key, class T, class Less, class Allocator>
struct is_ordered_map<nlohmann::ordered_map<Key, T, Less, Allocator>> : std::true_type {};

/// True when objects of `J` keep their members in insertion order (nlohmann::ordered_json).
template <class J>
inline constexpr bool keeps_member_order = is_ordered_map<typename J::object_t>::value;

// Object types of a sorted map with node extraction (std::map), the other kind jsonpatch knows.
template <class Object, class = void>
struct is_node_map : std::false_type {};
template <class Object>
struct is_node_map<Object, std::void_t<typename Object::node_type>> : std::true_type {};

/// Compile-time checks every public entry point makes on its document type `J`, so that a wrong
/// argument is reported in words rather than as a failure deep inside the engine. True when `J`
/// passes: an entry point that tests it with `if constexpr` compiles nothing more after a failed
/// assertion, so the assertion is the only error (and the first one, on g++ too).
template <class J>
constexpr bool require_document_type() {
    static_assert(!std::is_const_v<J>,
                  "jsonpatch: the document must be modifiable (a non-const nlohmann::basic_json)");
    static_assert(is_basic_json_v<std::remove_const_t<J>>,
                  "jsonpatch: documents and patch documents must be nlohmann::basic_json values "
                  "(nlohmann::json, nlohmann::ordered_json or another specialisation); "
                  "other types are not converted");
    if constexpr (is_basic_json_v<std::remove_const_t<J>>) {
        using document = std::remove_const_t<J>;
        constexpr bool std_string = std::is_same_v<typename document::string_t, std::string>;
        static_assert(std_string, "jsonpatch: the document's string type must be std::string");
        constexpr bool known_object = keeps_member_order<document> ||
                                      is_node_map<typename document::object_t>::value;
        static_assert(known_object,
                      "jsonpatch: the document's object type must be std::map (nlohmann::json) "
                      "or nlohmann::ordered_map (nlohmann::ordered_json)");
        return std_string && known_object && !std::is_const_v<J>;
    } else {
        return false;
    }
}

/// Checks that two arguments have the same document type: jsonpatch never converts one
/// nlohmann::basic_json specialisation into another (an ordered_json would lose its member order).
/// True when they have. An `Other` that is no JSON type at all gets only the message that says so.
template <class J, class Other>
constexpr bool require_same_document_type() {
    using other = std::remove_const_t<Other>;
    const bool other_is_document = require_document_type<other>();
    static_assert(!is_basic_json_v<other> || std::is_same_v<std::remove_const_t<J>, other>,
                  "jsonpatch: the arguments have different JSON types (say nlohmann::ordered_json "
                  "and nlohmann::json); jsonpatch never converts between them, as that would "
                  "re-sort or re-type members: convert explicitly, or use the same type "
                  "throughout");
    return other_is_document && std::is_same_v<std::remove_const_t<J>, other>;
}

} // namespace detail
} // namespace jsonpatch

#endif // JSONPATCH_JSON_TYPE_HPP
