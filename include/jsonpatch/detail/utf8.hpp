// SPDX-License-Identifier: MIT
// Caller text made safe to echo: valid UTF-8, cut on a character boundary, bounded in length.
#ifndef JSONPATCH_DETAIL_UTF8_HPP
#define JSONPATCH_DETAIL_UTF8_HPP

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace jsonpatch::detail {

/// Longest stretch of caller input (a pointer, an op name) an error repeats, in bytes.
inline constexpr std::size_t max_echo = 1024;

/// Length of the well-formed UTF-8 sequence at the start of `text` (RFC 3629 §4: no overlong
/// forms, no surrogates, nothing above U+10FFFF), or 0 when it starts with an ill-formed one.
[[nodiscard]] constexpr std::size_t utf8_sequence_length(std::string_view text) noexcept {
    const auto lead = static_cast<unsigned char>(text[0]);
    if (lead < 0x80u) {
        return 1;
    }
    std::size_t length = 0;
    unsigned min = 0;
    unsigned code = 0;
    if ((lead & 0xE0u) == 0xC0u) {
        length = 2;
        min = 0x80u;
        code = lead & 0x1Fu;
    } else if ((lead & 0xF0u) == 0xE0u) {
        length = 3;
        min = 0x800u;
        code = lead & 0x0Fu;
    } else if ((lead & 0xF8u) == 0xF0u) {
        length = 4;
        min = 0x10000u;
        code = lead & 0x07u;
    } else {
        return 0;
    }
    if (text.size() < length) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[k]);
        if ((next & 0xC0u) != 0x80u) {
            return 0;
        }
        code = (code << 6u) | (next & 0x3Fu);
    }
    const bool valid = code >= min && code <= 0x10FFFFu && (code < 0xD800u || code > 0xDFFFu);
    return valid ? length : 0;
}

/// At most `max_bytes` of `text` as valid UTF-8: every ill-formed byte becomes U+FFFD, and the
/// cut falls between characters, never inside one. Errors echo caller input through this, so
/// that `nlohmann::json(error).dump()` cannot throw on their text. O(min(length, max_bytes)).
[[nodiscard]] inline std::string clip(std::string_view text, std::size_t max_bytes = max_echo) {
    constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD
    std::string out;
    out.reserve(text.size() < max_bytes ? text.size() : max_bytes);
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = utf8_sequence_length(text.substr(i));
        const std::string_view piece = length != 0 ? text.substr(i, length) : replacement;
        if (out.size() + piece.size() > max_bytes) {
            break;
        }
        out += piece;
        i += length != 0 ? length : 1;
    }
    return out;
}

/// All of `text` as valid UTF-8 (see clip).
[[nodiscard]] inline std::string valid_utf8(std::string_view text) {
    return clip(text, std::numeric_limits<std::size_t>::max());
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_UTF8_HPP
