// SPDX-License-Identifier: MIT
/// \file
/// path_pattern: a JSON Pointer in which a token may stand for any single reference token.
#ifndef JSONPATCH_PATH_PATTERN_HPP
#define JSONPATCH_PATH_PATTERN_HPP

#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch {

/// A pointer pattern: RFC 6901 pointer text in which a reference token that is exactly `*`
/// matches any single token (an array index, "-", or any member name), e.g.
/// "/addresses/*/city". A member literally named "*" is written `~*` (RFC 6901 gives `~`
/// followed by anything but 0 or 1 no meaning, so no pointer is lost), and only as a whole token
/// (`/x~*` is refused like any malformed escape); every other token is
/// matched as written. Matching compares escaped tokens, so it allocates nothing and costs
/// O(pattern depth).
class path_pattern {
  public:
    /// The root pattern "" (matches only the root pointer).
    path_pattern() = default;

    /// Parses pattern text. Errors: those of pointer::parse, except that a token that is exactly
/// `~*` is accepted (errc::pointer_invalid_escape for `~*` within a longer token).
    [[nodiscard]] static result<path_pattern> parse(std::string_view text) {
        path_pattern out;
        out.text_.assign(text);
        if (text.empty()) {
            return out;
        }
        // Validate as a pointer with each `~*` token read as a plain character. `~*` is an escape
        // only as a whole token: inside a longer one ("/x~*") it would match nothing, so a
        // read_only("/x~*") would protect nothing; it stays as written and fails like "~2".
        std::string as_pointer;
        as_pointer.reserve(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            const bool whole_token = i > 0 && text[i - 1] == '/' && i + 2 <= text.size() &&
                                     (i + 2 == text.size() || text[i + 2] == '/');
            if (text[i] == '~' && i + 1 < text.size() && text[i + 1] == '*' && whole_token) {
                as_pointer += '*';
                ++i;
            } else {
                as_pointer += text[i];
            }
        }
        auto checked = pointer::parse(as_pointer);
        if (!checked) {
            return std::move(checked).error();
        }
        detail::for_each_raw_token(text, [&out](std::string_view raw) {
            segment t;
            t.any = raw == "*";
            t.raw = raw == "~*" ? std::string("*") : std::string(raw);
            detail::append_unescaped(t.name, t.raw);
            out.tokens_.push_back(std::move(t));
            return true;
        });
        return out;
    }

    /// The pattern as written.
    [[nodiscard]] const std::string& to_string() const noexcept { return text_; }
    /// Number of reference tokens.
    [[nodiscard]] std::size_t size() const noexcept { return tokens_.size(); }
    /// True when token `i` is the wildcard.
    [[nodiscard]] bool is_any(std::size_t i) const noexcept { return tokens_[i].any; }
    /// Token `i` unescaped (the member name or index it stands for); meaningless for a wildcard.
    [[nodiscard]] const std::string& token(std::size_t i) const noexcept { return tokens_[i].name; }
    /// True when some token is the wildcard.
    [[nodiscard]] bool has_wildcard() const noexcept {
        for (const segment& t : tokens_) {
            if (t.any) {
                return true;
            }
        }
        return false;
    }

    /// How the canonical pointer text `where` relates to the pattern, token by token.
    enum class relation : unsigned char {
        none,       ///< they differ at some token
        exact,      ///< `where` matches the pattern
        descendant, ///< `where` is strictly below a match of the pattern
        ancestor,   ///< `where` is strictly above a match of the pattern
    };

    /// Compares `where` (canonical pointer text, e.g. pointer::to_string()) with the pattern.
    [[nodiscard]] relation compare(std::string_view where) const noexcept {
        std::size_t matched = 0;
        bool differs = false;
        const bool whole =
            where.empty() || detail::for_each_raw_token(where, [&](std::string_view raw) {
                if (matched == tokens_.size()) {
                    return false; // `where` goes on below the pattern
                }
                const segment& t = tokens_[matched];
                if (!t.any && t.raw != raw) {
                    differs = true;
                    return false;
                }
                ++matched;
                return true;
            });
        if (differs) {
            return relation::none;
        }
        if (!whole) {
            return relation::descendant;
        }
        return matched == tokens_.size() ? relation::exact : relation::ancestor;
    }

  private:
    struct segment {
        std::string raw;  // escaped as in pointer text; "*" for the literal member "*"
        std::string name; // unescaped
        bool any = false;
    };

    std::string text_;
    std::vector<segment> tokens_;
};

} // namespace jsonpatch

#endif // JSONPATCH_PATH_PATTERN_HPP
