// SPDX-License-Identifier: MIT
// The RFC 9110 field-value grammar that http.hpp needs: tokens, quoted strings, media types and
// entity-tag lists. Nothing here knows about patches.
#ifndef JSONPATCH_DETAIL_HTTP_FIELDS_HPP
#define JSONPATCH_DETAIL_HTTP_FIELDS_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jsonpatch::detail {

// RFC 9110 §5.6.3: OWS is spaces and horizontal tabs only.
[[nodiscard]] constexpr bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

// RFC 9110 §5.6.2: tchar.
[[nodiscard]] constexpr bool is_tchar(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

// RFC 9110 §8.8.3: etagc = %x21 / %x23-7E / obs-text.
[[nodiscard]] constexpr bool is_etagc(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    return byte == 0x21 || (byte >= 0x23 && byte != 0x7F);
}

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr bool equals_ignoring_ascii_case(std::string_view a,
                                                        std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

// A left-to-right reader over one field value; every parse_* either consumes what it recognised
// and returns it, or returns nullopt (the caller then gives up on the whole value: fail closed).
class field_reader {
  public:
    explicit constexpr field_reader(std::string_view text) noexcept : text_(text) {}

    [[nodiscard]] constexpr bool at_end() const noexcept { return pos_ == text_.size(); }
    [[nodiscard]] constexpr bool peek(char c) const noexcept {
        return pos_ < text_.size() && text_[pos_] == c;
    }
    constexpr void skip_ows() noexcept {
        while (pos_ < text_.size() && is_ows(text_[pos_])) {
            ++pos_;
        }
    }
    constexpr bool take(char c) noexcept {
        if (!peek(c)) {
            return false;
        }
        ++pos_;
        return true;
    }
    constexpr bool take(std::string_view literal) noexcept {
        if (text_.substr(pos_, literal.size()) != literal) {
            return false;
        }
        pos_ += literal.size();
        return true;
    }

    // token = 1*tchar
    [[nodiscard]] constexpr std::optional<std::string_view> token() noexcept {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && is_tchar(text_[pos_])) {
            ++pos_;
        }
        if (pos_ == start) {
            return std::nullopt;
        }
        return text_.substr(start, pos_ - start);
    }

    // quoted-string (RFC 9110 §5.6.4), unescaped.
    [[nodiscard]] std::optional<std::string> quoted_string() {
        if (!take('"')) {
            return std::nullopt;
        }
        std::string out;
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '"') {
                return out;
            }
            if (c == '\\') {
                if (pos_ == text_.size() || !is_quoted_pair_char(text_[pos_])) {
                    return std::nullopt;
                }
                out += text_[pos_++];
            } else if (is_qdtext(c)) {
                out += c;
            } else {
                return std::nullopt;
            }
        }
        return std::nullopt; // no closing quote
    }

    // opaque-tag = DQUOTE *etagc DQUOTE, returned with its quotes.
    [[nodiscard]] constexpr std::optional<std::string_view> opaque_tag() noexcept {
        const std::size_t start = pos_;
        if (!take('"')) {
            return std::nullopt;
        }
        while (pos_ < text_.size() && is_etagc(text_[pos_])) {
            ++pos_;
        }
        if (!take('"')) {
            pos_ = start;
            return std::nullopt;
        }
        return text_.substr(start, pos_ - start);
    }

  private:
    // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
    [[nodiscard]] static constexpr bool is_qdtext(char c) noexcept {
        const auto byte = static_cast<unsigned char>(c);
        return c == '\t' || c == ' ' || byte == 0x21 || (byte >= 0x23 && byte <= 0x5B) ||
               (byte >= 0x5D && byte <= 0x7E) || byte >= 0x80;
    }
    // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
    [[nodiscard]] static constexpr bool is_quoted_pair_char(char c) noexcept {
        const auto byte = static_cast<unsigned char>(c);
        return c == '\t' || c == ' ' || (byte >= 0x21 && byte != 0x7F);
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

// A media type (RFC 9110 §8.3.1) reduced to what content negotiation for JSON needs: type and
// subtype as sent, and the charset parameter's value if there is one.
struct media_type {
    std::string_view type;
    std::string_view subtype;
    std::optional<std::string> charset;
};

// Parses `media-type = type "/" subtype parameters` with `parameters = *( OWS ";" OWS
// [ parameter ] )`, surrounded by optional whitespace. Parameters other than charset are
// skipped; a charset given twice with different values, or any syntax error, is nullopt.
[[nodiscard]] inline std::optional<media_type> parse_media_type(std::string_view value) {
    field_reader in(value);
    media_type out;
    in.skip_ows();
    const auto type = in.token();
    if (!type || !in.take('/')) {
        return std::nullopt;
    }
    const auto subtype = in.token();
    if (!subtype) {
        return std::nullopt;
    }
    out.type = *type;
    out.subtype = *subtype;
    in.skip_ows();
    while (in.take(';')) {
        in.skip_ows();
        if (in.at_end() || in.peek(';')) {
            continue; // an empty parameter is allowed by the grammar
        }
        const auto name = in.token();
        if (!name || !in.take('=')) {
            return std::nullopt;
        }
        std::optional<std::string> parameter_value;
        if (in.peek('"')) {
            parameter_value = in.quoted_string();
        } else if (const auto bare = in.token()) {
            parameter_value = std::string(*bare);
        }
        if (!parameter_value) {
            return std::nullopt;
        }
        if (equals_ignoring_ascii_case(*name, "charset")) {
            if (out.charset && !equals_ignoring_ascii_case(*out.charset, *parameter_value)) {
                return std::nullopt;
            }
            out.charset = std::move(parameter_value);
        }
        in.skip_ows();
    }
    if (!in.at_end()) {
        return std::nullopt;
    }
    return out;
}

// One entity-tag of a list: whether it is weak, and its opaque-tag with the quotes.
struct entity_tag {
    bool weak = false;
    std::string_view opaque;
};

// `entity-tag = [ "W/" ] opaque-tag` (RFC 9110 §8.8.3; "W" is case-sensitive), alone.
[[nodiscard]] constexpr std::optional<entity_tag> parse_entity_tag(std::string_view value) noexcept {
    field_reader in(value);
    in.skip_ows();
    entity_tag tag;
    tag.weak = in.take("W/");
    const auto opaque = in.opaque_tag();
    if (!opaque) {
        return std::nullopt;
    }
    tag.opaque = *opaque;
    in.skip_ows();
    if (!in.at_end()) {
        return std::nullopt;
    }
    return tag;
}

// The value of If-Match or If-None-Match: "*" or a list of entity-tags (`#entity-tag`, RFC 9110
// §5.6.1: empty list elements are ignored). nullopt when the value is neither, including a list
// with no element at all.
struct entity_tag_condition {
    bool any = false;              // "*"
    std::vector<entity_tag> tags; // otherwise
};

[[nodiscard]] inline std::optional<entity_tag_condition> parse_entity_tag_condition(
    std::string_view value) {
    field_reader in(value);
    entity_tag_condition out;
    in.skip_ows();
    if (in.take('*')) {
        in.skip_ows();
        if (!in.at_end()) {
            return std::nullopt;
        }
        out.any = true;
        return out;
    }
    while (!in.at_end()) {
        if (in.take(',')) {
            in.skip_ows();
            continue;
        }
        entity_tag tag;
        tag.weak = in.take("W/");
        const auto opaque = in.opaque_tag();
        if (!opaque) {
            return std::nullopt;
        }
        tag.opaque = *opaque;
        out.tags.push_back(tag);
        in.skip_ows();
        if (!in.at_end() && !in.peek(',')) {
            return std::nullopt;
        }
    }
    if (out.tags.empty()) {
        return std::nullopt;
    }
    return out;
}

// How entity tags compare (RFC 9110 §8.8.3.2): strongly (both strong, same opaque-tag) for
// If-Match, weakly (same opaque-tag, W/ or not) for If-None-Match.
enum class tag_comparison { strong, weak };

// What an If-Match or If-None-Match value says about the selected representation.
enum class tag_condition { matches, does_not_match, unreadable };

// Evaluates a condition's field value against the selected representation: `resource_exists`
// false when there is none, `current_etag` its entity tag as sent in an ETag field (empty when it
// has none). "*" matches any existing representation; a list matches when one of its tags
// compares equal to the current one. A value that is neither, and a list to be compared with a
// current tag that is not an entity tag, are unreadable: the caller fails closed.
[[nodiscard]] inline tag_condition match_entity_tags(std::string_view value, bool resource_exists,
                                                     std::string_view current_etag,
                                                     tag_comparison comparison) {
    const auto condition = parse_entity_tag_condition(value);
    if (!condition) {
        return tag_condition::unreadable;
    }
    if (condition->any) {
        return resource_exists ? tag_condition::matches : tag_condition::does_not_match;
    }
    if (!resource_exists || current_etag.empty()) {
        return tag_condition::does_not_match; // no representation, or one without a tag
    }
    const auto current = parse_entity_tag(current_etag);
    if (!current) {
        return tag_condition::unreadable;
    }
    for (const entity_tag& tag : condition->tags) {
        const bool strong_enough =
            comparison == tag_comparison::weak || (!tag.weak && !current->weak);
        if (strong_enough && tag.opaque == current->opaque) {
            return tag_condition::matches;
        }
    }
    return tag_condition::does_not_match;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_HTTP_FIELDS_HPP
