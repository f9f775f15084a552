// SPDX-License-Identifier: MIT
// Values nested far deeper than any stack allows a recursion to follow, built without recursion.
#ifndef JSONPATCH_TESTS_SUPPORT_DEEP_VALUES_HPP
#define JSONPATCH_TESTS_SUPPORT_DEEP_VALUES_HPP

#include <cstddef>
#include <string>

namespace jsonpatch_test {

/// Deep enough that a recursion per level (nlohmann's copy, ==, dump) overflows any default stack,
/// ASan's included.
inline constexpr std::size_t overflowing_depth = 100'000;

/// `depth` nested arrays around `leaf`: [[[...leaf...]]] (depth 1 is [leaf]).
template <class J>
J deep_array(std::size_t depth, J leaf = J(nullptr)) {
    J out = J::array();
    J* inner = &out;
    for (std::size_t i = 1; i < depth; ++i) {
        inner->push_back(J::array());
        inner = &inner->back();
    }
    inner->push_back(std::move(leaf));
    return out;
}

/// `depth` nested objects around `leaf`, each with the one member `name`.
template <class J>
J deep_object(std::size_t depth, J leaf = J(nullptr), const std::string& name = "d") {
    J out = J::object();
    J* inner = &out;
    for (std::size_t i = 1; i < depth; ++i) {
        inner = &((*inner)[name] = J::object());
    }
    (*inner)[name] = std::move(leaf);
    return out;
}

} // namespace jsonpatch_test

#endif // JSONPATCH_TESTS_SUPPORT_DEEP_VALUES_HPP
