// SPDX-License-Identifier: MIT
/// \file
/// RFC 6901 JSON Pointer: parsed once into reference tokens, formatted back to text.
#ifndef JSONPATCH_POINTER_HPP
#define JSONPATCH_POINTER_HPP

#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/result.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace jsonpatch {

class pointer;

namespace detail {
/// The engine's view of `p`; valid while `p` lives and is not modified.
[[nodiscard]] inline pointer_view view_of(const pointer& p) noexcept;
} // namespace detail

/// A JSON Pointer (RFC 6901) parsed into reference tokens. The text is kept in its canonical form
/// (escaping is bijective, so every valid pointer text is already canonical) and is what
/// `to_string()` returns. Tokens are stored unescaped; array meanings are classified once at parse.
class pointer {
  public:
    /// The root pointer "".
    pointer() = default;

    /// Parses pointer text. Errors: errc::pointer_missing_slash, errc::pointer_invalid_escape,
    /// errc::pointer_too_long (text longer than 4 GiB). O(length).
    [[nodiscard]] static result<pointer> parse(std::string_view text) {
        if (text.empty()) {
            return pointer{};
        }
        if (text[0] != '/') {
            return syntax_error(errc::pointer_missing_slash,
                                "pointer must be empty or start with '/'");
        }
        if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
            return syntax_error(errc::pointer_too_long, "pointer is longer than 4 GiB");
        }
        if (const auto bad = detail::find_invalid_escape(text); bad != std::string_view::npos) {
            return syntax_error(errc::pointer_invalid_escape,
                                "'~' at offset " + std::to_string(bad) +
                                    " must be followed by '0' or '1'");
        }
        pointer p;
        p.text_.assign(text);
        // One allocation for the tokens rather than the vector's doubling steps.
        p.tokens_.reserve(static_cast<std::size_t>(std::count(text.begin(), text.end(), '/')));
        detail::append_token_refs(p.text_, p.tokens_, p.unescaped_);
        return p;
    }

    /// The canonical pointer text, e.g. "/a~1b/0".
    [[nodiscard]] const std::string& to_string() const noexcept { return text_; }
    /// Number of reference tokens (0 for the root).
    [[nodiscard]] std::size_t size() const noexcept { return tokens_.size(); }
    /// True for the root pointer "".
    [[nodiscard]] bool is_root() const noexcept { return tokens_.empty(); }
    /// True for the root pointer "" (the same as is_root()).
    [[nodiscard]] bool empty() const noexcept { return tokens_.empty(); }

    /// The unescaped reference token `i` (i < size()).
    [[nodiscard]] std::string_view token(std::size_t i) const noexcept {
        const token_ref& t = tokens_[i];
        // Offsets were set by push_raw, so substr's range check would only cost time on every step.
        return std::string_view((t.unescaped ? unescaped_ : text_).data() + t.offset, t.length);
    }
    /// The last reference token (not the root).
    [[nodiscard]] std::string_view back() const noexcept { return token(tokens_.size() - 1); }

    /// The text of the pointer made of the first `count` tokens (count <= size()). O(length).
    [[nodiscard]] std::string_view prefix_text(std::size_t count) const noexcept {
        std::size_t end = 0;
        for (std::size_t seen = 0; seen <= count && end != std::string::npos; ++seen) {
            end = text_.find('/', seen == 0 ? 0 : end + 1);
        }
        return std::string_view(text_).substr(0, end == std::string::npos ? text_.size() : end);
    }

    /// What token `i` means as an array index.
    [[nodiscard]] array_ref array_index(std::size_t i) const noexcept { return tokens_[i].array; }

    /// Appends a reference token (unescaped). O(token length). The token may view this pointer's
    /// own text or tokens (`p.push_back(p.back())`).
    pointer& push_back(std::string_view token) {
        if (views_storage(token)) {
            // The strings it views grow below; a copy keeps it valid.
            return push_back(std::string_view(std::string(token)));
        }
        text_ += '/';
        const std::size_t raw_offset = text_.size();
        detail::append_escaped(text_, token);
        push_raw(raw_offset, std::string_view(text_).substr(raw_offset));
        return *this;
    }
    /// Appends an array index token.
    pointer& push_back(std::size_t index) {
        return push_back(std::string_view(std::to_string(index)));
    }

    /// Removes the last reference token (not the root).
    void pop_back() {
        const token_ref& t = tokens_.back();
        if (t.unescaped) {
            unescaped_.resize(t.offset);
        }
        text_.resize(text_.rfind('/'));
        tokens_.pop_back();
    }

    /// The pointer to the parent (the root's parent is the root).
    [[nodiscard]] pointer parent() const {
        pointer p = *this;
        if (!p.is_root()) {
            p.pop_back();
        }
        return p;
    }

    /// True when this pointer is `other` or an ancestor of it (token-wise, not text-wise).
    [[nodiscard]] bool is_prefix_of(const pointer& other) const noexcept {
        return is_prefix_text(text_, other.text_);
    }
    /// True when this pointer is a strict ancestor of `other` (RFC 6902 §4.4's "proper prefix").
    [[nodiscard]] bool is_proper_prefix_of(const pointer& other) const noexcept {
        return text_.size() < other.text_.size() && is_prefix_of(other);
    }

    /// Escapes one reference token: '~' becomes "~0", '/' becomes "~1".
    [[nodiscard]] static std::string escape(std::string_view token) {
        std::string out;
        out.reserve(token.size());
        detail::append_escaped(out, token);
        return out;
    }

    /// Token-wise equality (the same as equality of the canonical texts).
    friend bool operator==(const pointer& a, const pointer& b) noexcept {
        return a.text_ == b.text_;
    }
    /// Token-wise inequality.
    friend bool operator!=(const pointer& a, const pointer& b) noexcept {
        return a.text_ != b.text_;
    }

    /// Canonical texts compare token by token, since a prefix relation holds only at a '/'.
    [[nodiscard]] static bool is_prefix_text(std::string_view prefix,
                                             std::string_view text) noexcept {
        return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0 &&
               (text.size() == prefix.size() || text[prefix.size()] == '/');
    }

  private:
    using token_ref = detail::token_ref;
    friend detail::pointer_view detail::view_of(const pointer& p) noexcept;

    static jsonpatch::error syntax_error(errc code, std::string message) {
        jsonpatch::error e;
        e.code = code;
        e.message = std::move(message);
        return e;
    }

    // Whether `token` views text_ or unescaped_ (std::less orders pointers into unrelated
    // objects too).
    [[nodiscard]] bool views_storage(std::string_view token) const noexcept {
        const auto within = [&token](const std::string& s) {
            const std::less<const char*> before;
            return !token.empty() && !before(token.data(), s.data()) &&
                   before(token.data(), s.data() + s.size());
        };
        return within(text_) || within(unescaped_);
    }

    // `raw` is a view into text_ starting at `raw_offset`; tokens without '~' are not copied.
    void push_raw(std::size_t raw_offset, std::string_view raw) {
        tokens_.push_back(detail::make_token_ref(raw_offset, raw, unescaped_));
    }

    std::string text_;
    std::string unescaped_;
    std::vector<token_ref> tokens_;
};

namespace detail {
inline pointer_view view_of(const pointer& p) noexcept {
    return pointer_view(p.text_, p.tokens_.data(), p.unescaped_.data(), p.tokens_.size());
}
} // namespace detail

} // namespace jsonpatch

#endif // JSONPATCH_POINTER_HPP
