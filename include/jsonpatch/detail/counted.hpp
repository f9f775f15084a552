// SPDX-License-Identifier: MIT
// A count and its noun for error messages that quote a limit or a size: "1 level", "2 levels".
#ifndef JSONPATCH_DETAIL_COUNTED_HPP
#define JSONPATCH_DETAIL_COUNTED_HPP

#include <cstddef>
#include <string>
#include <string_view>

namespace jsonpatch::detail {

/// `n` and `noun`, with the plural "s" unless n is 1. Every noun our messages count (operation,
/// level, element, character, reference token, JSON node, item, byte) takes a plain "s".
[[nodiscard]] inline std::string counted(std::size_t n, std::string_view noun) {
    std::string out = std::to_string(n);
    out += ' ';
    out += noun;
    if (n != 1) {
        out += 's';
    }
    return out;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_COUNTED_HPP
