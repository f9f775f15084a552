// SPDX-License-Identifier: MIT
// RFC 6901 token scanning shared by jsonpatch::pointer and the non-allocating lookups.
#ifndef JSONPATCH_DETAIL_POINTER_PARSE_HPP
#define JSONPATCH_DETAIL_POINTER_PARSE_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace jsonpatch {

/// What a reference token means when it is applied to an array (RFC 6901 §4, RFC 6902 §4.1).
enum class array_token : unsigned char {
    not_an_index, ///< anything but the forms below, e.g. "01", "1e0", " 1", ""
    index,        ///< 0 or [1-9][0-9]* that fits in std::size_t
    end,          ///< "-": the (nonexistent) element after the last one
    too_large,    ///< [1-9][0-9]* that does not fit in std::size_t
    negative,     ///< "-" followed by [1-9][0-9]*; only meaningful with allow_negative_array_index
};

/// A token classified for array use; `value` holds the index (or its magnitude when negative).
struct array_ref {
    array_token kind = array_token::not_an_index;
    std::size_t value = 0;
};

namespace detail {

/// Classifies an unescaped reference token; never allocates or throws.
[[nodiscard]] constexpr array_ref classify_array_token(std::string_view token) noexcept {
    if (token.empty()) {
        return {};
    }
    bool negative = false;
    if (token[0] == '-') {
        if (token.size() == 1) {
            return {array_token::end, 0};
        }
        negative = true;
        token.remove_prefix(1);
    }
    // RFC 6901 §4: array-index = %x30 / ( %x31-39 *(%x30-39) ), so no sign, no leading zero.
    if (token[0] < '0' || token[0] > '9' || (token[0] == '0' && token.size() > 1) ||
        (negative && token[0] == '0')) {
        return {};
    }
    constexpr std::size_t max = std::numeric_limits<std::size_t>::max();
    std::size_t value = 0;
    bool overflow = false;
    for (const char c : token) {
        if (c < '0' || c > '9') {
            return {};
        }
        const auto digit = static_cast<std::size_t>(c - '0');
        if (value > (max - digit) / 10) {
            overflow = true; // keep scanning: a later non-digit still makes it not_an_index
        } else {
            value = value * 10 + digit;
        }
    }
    if (overflow) {
        return {array_token::too_large, 0};
    }
    return {negative ? array_token::negative : array_token::index, value};
}

/// Offset of the first '~' not followed by '0' or '1', or npos when every escape is valid.
[[nodiscard]] constexpr std::size_t find_invalid_escape(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '~') {
            if (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) {
                return i;
            }
            ++i;
        }
    }
    return std::string_view::npos;
}

/// Appends the unescaped form of a validated raw token: "~1" becomes '/', then "~0" becomes '~'
/// (RFC 6901 §4 order, so "~01" is "~1" and not "/").
inline void append_unescaped(std::string& out, std::string_view raw) {
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '~' && i + 1 < raw.size()) {
            out += raw[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            out += raw[i];
        }
    }
}

/// Appends the escaped form of a token: '~' becomes "~0", '/' becomes "~1".
inline void append_escaped(std::string& out, std::string_view token) {
    for (const char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
}

/// Calls `visit(raw_token)` for each raw (still escaped) token of a pointer that starts with '/'.
/// Returns false as soon as `visit` does.
template <class Visit>
constexpr bool for_each_raw_token(std::string_view text, Visit&& visit) {
    std::size_t start = 1;
    while (start <= text.size()) {
        std::size_t end = text.find('/', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (!visit(text.substr(start, end - start))) {
            return false;
        }
        start = end + 1;
    }
    return true;
}

} // namespace detail
} // namespace jsonpatch

#endif // JSONPATCH_DETAIL_POINTER_PARSE_HPP
