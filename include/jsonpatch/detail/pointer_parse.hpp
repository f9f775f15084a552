// SPDX-License-Identifier: MIT
// RFC 6901 token scanning and token storage shared by jsonpatch::pointer, pointer views and
// lookups.
#ifndef JSONPATCH_DETAIL_POINTER_PARSE_HPP
#define JSONPATCH_DETAIL_POINTER_PARSE_HPP

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

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
    // Jumping from '~' to '~' lets find() scan the (usually escape-free) text in bulk.
    for (std::size_t i = text.find('~'); i != std::string_view::npos; i = text.find('~', i + 2)) {
        if (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) {
            return i;
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

/// Where one reference token of a pointer lives: `length` bytes at `offset` of the pointer text, or
/// of a side buffer of unescaped tokens when the raw token had escapes.
struct token_ref {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    bool unescaped = false; // the token lives in the unescaped buffer rather than the text
    array_ref array;
};

/// Describes the raw token `raw`, found at `raw_offset` of its pointer text. A token without '~'
/// stays where it is; an escaped one is unescaped onto the end of `unescaped`.
[[nodiscard]] inline token_ref make_token_ref(std::size_t raw_offset, std::string_view raw,
                                              std::string& unescaped) {
    token_ref t;
    if (raw.find('~') == std::string_view::npos) {
        t.offset = static_cast<std::uint32_t>(raw_offset);
        t.length = static_cast<std::uint32_t>(raw.size());
        t.array = classify_array_token(raw);
    } else {
        // An escaped token contains '~' or '/' once unescaped, so it is never an array index.
        t.unescaped = true;
        t.offset = static_cast<std::uint32_t>(unescaped.size());
        append_unescaped(unescaped, raw);
        t.length = static_cast<std::uint32_t>(unescaped.size() - t.offset);
    }
    return t;
}

/// Appends the tokens of validated pointer text (non-empty, starting with '/', valid escapes) to
/// `tokens`; escaped tokens are unescaped onto `unescaped`. One scan for '/' per token and, for the
/// usual escape-free text, no per-token search for '~'.
inline void append_token_refs(std::string_view text, std::vector<token_ref>& tokens,
                              std::string& unescaped) {
    const bool has_escapes = text.find('~') != std::string_view::npos;
    std::size_t start = 1;
    for (;;) {
        std::size_t end = text.find('/', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view raw(text.data() + start, end - start);
        if (has_escapes) {
            tokens.push_back(make_token_ref(start, raw, unescaped));
        } else {
            token_ref t;
            t.offset = static_cast<std::uint32_t>(start);
            t.length = static_cast<std::uint32_t>(raw.size());
            t.array = classify_array_token(raw);
            tokens.push_back(t);
        }
        if (end == text.size()) {
            return;
        }
        start = end + 1;
    }
}

/// Token storage shared by the pointer views of one patch.
struct pointer_arena {
    std::vector<token_ref> tokens;
    std::string unescaped;

    /// Whether the tokens of pointer text `text` may be added. Offsets and view positions are
    /// 32-bit and the arena serves the whole patch, so it is the arena, not each pointer, that
    /// must stay within 4 GiB; a pointer adds at most its length in tokens and unescaped bytes.
    [[nodiscard]] bool has_room_for(std::string_view text) const noexcept {
        return fits_32_bit(tokens.size(), text.size()) &&
               fits_32_bit(unescaped.size(), text.size());
    }
    /// Whether `used + added` stays within a 32-bit offset (no overflow on the way).
    [[nodiscard]] static constexpr bool fits_32_bit(std::size_t used, std::size_t added) noexcept {
        constexpr std::size_t bound = std::numeric_limits<std::uint32_t>::max();
        return used <= bound && added <= bound - used;
    }
};

/// A parsed pointer that owns nothing, and the only pointer type the engine and its journal know.
/// The text and the token storage belong to someone else: for a parsed patch the view looks into
/// a jsonpatch::pointer (view_of in pointer.hpp); for apply(doc, patch_json) the text stays in the
/// patch document and the tokens live in an arena shared by the whole patch, so pointers are read
/// without allocating per operation. The arena still grows while the patch is read, so such a view
/// first records where its tokens start and is bound to the arena once reading is done.
class pointer_view {
  public:
    pointer_view() = default;
    /// A view of `count` tokens at `tokens`, whose unescaped copies are in `unescaped`.
    pointer_view(std::string_view text, const token_ref* tokens, const char* unescaped,
                 std::size_t count) noexcept
        : text_(text), tokens_(tokens), unescaped_(unescaped),
          count_(static_cast<std::uint32_t>(count)) {}
    /// A view of `count` arena tokens from index `first`, usable after bind().
    pointer_view(std::string_view text, std::size_t first, std::size_t count) noexcept
        : text_(text), first_(static_cast<std::uint32_t>(first)),
          count_(static_cast<std::uint32_t>(count)) {}
    /// Whether the view has its tokens: made from a pointer, or bound. An unbound view of the
    /// root has none to find and is as good as bound.
    [[nodiscard]] bool is_bound() const noexcept { return tokens_ != nullptr || count_ == 0; }
    /// Points an arena view at the arena, which must not change any more.
    void bind(const pointer_arena& arena) noexcept {
        tokens_ = arena.tokens.data() + first_;
        unescaped_ = arena.unescaped.data();
    }

    [[nodiscard]] std::string_view to_string() const noexcept { return text_; }
    [[nodiscard]] std::size_t size() const noexcept { return count_; }
    [[nodiscard]] bool is_root() const noexcept { return count_ == 0; }
    [[nodiscard]] std::string_view token(std::size_t i) const noexcept {
        const token_ref& t = tokens_[i];
        return std::string_view((t.unescaped ? unescaped_ : text_.data()) + t.offset, t.length);
    }
    [[nodiscard]] std::string_view back() const noexcept { return token(count_ - 1); }
    [[nodiscard]] array_ref array_index(std::size_t i) const noexcept { return tokens_[i].array; }
    [[nodiscard]] std::string_view prefix_text(std::size_t count) const noexcept {
        std::size_t end = 0;
        for (std::size_t seen = 0; seen <= count && end != std::string_view::npos; ++seen) {
            end = text_.find('/', seen == 0 ? 0 : end + 1);
        }
        return text_.substr(0, end == std::string_view::npos ? text_.size() : end);
    }
    [[nodiscard]] bool is_proper_prefix_of(const pointer_view& other) const noexcept {
        return text_.size() < other.text_.size() &&
               other.text_.compare(0, text_.size(), text_) == 0 && other.text_[text_.size()] == '/';
    }
    friend bool operator==(const pointer_view& a, const pointer_view& b) noexcept {
        return a.text_ == b.text_;
    }
    friend bool operator!=(const pointer_view& a, const pointer_view& b) noexcept {
        return a.text_ != b.text_;
    }

  private:
    std::string_view text_;
    const token_ref* tokens_ = nullptr;
    const char* unescaped_ = nullptr;
    // Pointer text is at most 4 GiB (checked when read), so token counts fit too.
    std::uint32_t first_ = 0; // an arena view's first token, until bind()
    std::uint32_t count_ = 0;
};

/// Calls `visit(raw_token)` for each raw (still escaped) token of a pointer that starts with '/'.
/// Returns false as soon as `visit` does.
template <class Visit> constexpr bool for_each_raw_token(std::string_view text, Visit&& visit) {
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
