// SPDX-License-Identifier: MIT
/// \file
/// Declarative checks of member values (non-empty, length, allowed values, items), reported with
/// the offending member's pointer.
#ifndef JSONPATCH_VALUE_RULES_HPP
#define JSONPATCH_VALUE_RULES_HPP

#include <jsonpatch/detail/counted.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/utf8.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/path_pattern.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch {

/// The JSON types a rule may ask for (all numbers are one type, as in RFC 6902 §4.6).
enum class json_kind : unsigned char {
    null,    ///< JSON null
    boolean, ///< true or false
    number,  ///< any number: integer, unsigned or floating-point
    string,  ///< a string
    array,   ///< an array
    object,  ///< an object
};

/// The json_kind of a value of any basic_json type.
template <class J> [[nodiscard]] json_kind kind_of(const J& value) noexcept {
    if (value.is_number()) {
        return json_kind::number;
    }
    switch (value.type()) {
    case J::value_t::null:
        return json_kind::null;
    case J::value_t::boolean:
        return json_kind::boolean;
    case J::value_t::string:
        return json_kind::string;
    case J::value_t::array:
        return json_kind::array;
    case J::value_t::object:
        return json_kind::object;
    default:
        return json_kind::null; // binary and discarded never come from JSON text
    }
}

/// Characters in UTF-8 text, so a length is what a user sees, not bytes: each well-formed
/// sequence (RFC 3629) counts one, and so does each byte of an ill-formed one, as errors show
/// such text (one U+FFFD per bad byte). Five thousand stray continuation bytes are five thousand
/// characters, never zero. O(length).
[[nodiscard]] constexpr std::size_t count_code_points(std::string_view utf8) noexcept {
    std::size_t count = 0;
    for (std::size_t i = 0; i < utf8.size(); ++count) {
        const std::size_t length = detail::utf8_sequence_length(utf8.substr(i));
        i += length != 0 ? length : 1;
    }
    return count;
}

/// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF). JSON text is always UTF-8, but a string decoded from MessagePack or CBOR
/// need not be, and nlohmann's dump() throws on it. O(length).
[[nodiscard]] constexpr bool is_valid_utf8(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = detail::utf8_sequence_length(text.substr(i));
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

/// One check of a member's value, made by the functions below and given to check_member or
/// basic_model::member. A rule about strings passes any value that is not a string, and so on,
/// so that rules combine: `type_is({json_kind::string}), non_empty(), max_length(64)`. A failure
/// is errc::validation_failed with the offending value's pointer as `path`: the member's, or for
/// the element rules (items_*, unique_items) the element's, e.g. "/tags/1".
class value_rule {
  public:
    /// What a rule checks; the functions below make each kind.
    enum class kind : unsigned char {
        required,         ///< the member exists
        type_is,          ///< its JSON type is one of `kinds`
        non_empty,        ///< a string, array or object with something in it
        max_length,       ///< a string of valid UTF-8 with at most `count` code points
        one_of,           ///< a string among `values`
        min_items,        ///< an array of at least `count` elements
        max_items,        ///< an array of at most `count` elements
        unique_items,     ///< an array whose elements differ (RFC 6902 §4.6 equality)
        items_type_is,    ///< an array whose elements' types are among `kinds`
        non_empty_items,  ///< an array whose string, array and object elements are non-empty
        items_max_length, ///< an array whose string elements are UTF-8 of at most `count` code points
    };

    /// A rule of kind `what` with its parameter: a `count` (lengths, item counts), the `kinds`
    /// (type_is, items_type_is) or the `values` (one_of). Prefer the named functions below.
    value_rule(kind what, std::size_t count = 0, std::vector<json_kind> kinds = {},
               std::vector<std::string> values = {})
        : what_(what), count_(count), kinds_(std::move(kinds)), values_(std::move(values)) {}

    /// The kind of the rule.
    [[nodiscard]] kind what() const noexcept { return what_; }

    /// The rule applied to `value` found at `where`; `value` is null when the member is absent.
    template <class J> [[nodiscard]] status check(const J* value, const std::string& where) const {
        if (value == nullptr) {
            return what_ == kind::required ? failure(where, "is required") : status{};
        }
        switch (what_) {
        case kind::required:
            return {};
        case kind::type_is:
            return among(kind_of(*value)) ? status{} : failure(where, "must be " + kinds_text());
        case kind::non_empty:
            return is_empty(*value) ? failure(where, "must not be empty") : status{};
        case kind::max_length:
            return check_length(*value, where);
        case kind::one_of:
            return check_one_of(*value, where);
        case kind::min_items:
            return value->is_array() && value->size() < count_
                       ? failure(where, "must have at least " + detail::counted(count_, "item"))
                       : status{};
        case kind::max_items:
            return value->is_array() && value->size() > count_
                       ? failure(where, "must have at most " + detail::counted(count_, "item"))
                       : status{};
        default:
            return check_items(*value, where);
        }
    }

  private:
    [[nodiscard]] static status failure(const std::string& where, std::string message) {
        error e;
        e.code = errc::validation_failed;
        e.path = detail::clip(where);
        e.message = std::move(message);
        return e;
    }

    // "a string", "null or an array", for messages.
    [[nodiscard]] std::string kinds_text() const {
        std::string out;
        for (const json_kind k : kinds_) {
            out += out.empty() ? "" : " or ";
            switch (k) {
            case json_kind::null:
                out += "null";
                break;
            case json_kind::boolean:
                out += "a boolean";
                break;
            case json_kind::number:
                out += "a number";
                break;
            case json_kind::string:
                out += "a string";
                break;
            case json_kind::array:
                out += "an array";
                break;
            case json_kind::object:
                out += "an object";
                break;
            }
        }
        return out;
    }

    [[nodiscard]] bool among(json_kind k) const noexcept {
        for (const json_kind allowed : kinds_) {
            if (allowed == k) {
                return true;
            }
        }
        return false;
    }

    template <class J> [[nodiscard]] static bool is_empty(const J& value) noexcept {
        return value.is_string() ? value.template get_ref<const std::string&>().empty()
                                 : value.is_structured() && value.empty();
    }

    // A string that is not UTF-8 has no length in characters (and would not serialise as JSON),
    // so a length rule refuses it rather than guess.
    template <class J>
    [[nodiscard]] status check_length(const J& value, const std::string& where) const {
        if (!value.is_string()) {
            return {};
        }
        const std::string& text = value.template get_ref<const std::string&>();
        if (!is_valid_utf8(text)) {
            return failure(where, "is not valid UTF-8");
        }
        if (count_code_points(text) > count_) {
            return failure(where, "is longer than " + detail::counted(count_, "character"));
        }
        return {};
    }

    template <class J>
    [[nodiscard]] status check_one_of(const J& value, const std::string& where) const {
        if (!value.is_string()) {
            return {};
        }
        for (const std::string& allowed : values_) {
            if (value.template get_ref<const std::string&>() == allowed) {
                return {};
            }
        }
        return failure(where, "is not one of the allowed values");
    }

    // Element rules report at the element's own pointer ("/tags/1"): that is the value a client
    // has to change.
    template <class J>
    [[nodiscard]] status check_items(const J& value, const std::string& where) const {
        if (!value.is_array()) {
            return {};
        }
        const auto& items = value.template get_ref<const typename J::array_t&>();
        const auto at = [&where](std::size_t i) { return where + "/" + std::to_string(i); };
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (what_ == kind::items_type_is && !among(kind_of(items[i]))) {
                return failure(at(i), "must be " + kinds_text());
            }
            if (what_ == kind::non_empty_items && is_empty(items[i])) {
                return failure(at(i), "must not be empty");
            }
            if (what_ == kind::items_max_length && items[i].is_string()) {
                if (status s = check_length(items[i], at(i)); !s) {
                    return s;
                }
            }
            if (what_ == kind::unique_items) {
                for (std::size_t j = 0; j < i; ++j) {
                    if (detail::json_equal(items[j], items[i])) {
                        return failure(at(i), "repeats element " + std::to_string(j));
                    }
                }
            }
        }
        return {};
    }

    kind what_;
    std::size_t count_;
    std::vector<json_kind> kinds_;
    std::vector<std::string> values_;
};

/// The member must exist.
[[nodiscard]] inline value_rule required() {
    return value_rule(value_rule::kind::required);
}
/// Its JSON type is one of `kinds`, e.g. `type_is({json_kind::array, json_kind::null})`.
[[nodiscard]] inline value_rule type_is(std::initializer_list<json_kind> kinds) {
    return value_rule(value_rule::kind::type_is, 0, kinds);
}
/// A string, array or object must hold something.
[[nodiscard]] inline value_rule non_empty() {
    return value_rule(value_rule::kind::non_empty);
}
/// A string is valid UTF-8 of at most `code_points` characters (Unicode code points, not bytes);
/// ill-formed UTF-8 (possible in a value decoded from MessagePack or CBOR) fails.
[[nodiscard]] inline value_rule max_length(std::size_t code_points) {
    return value_rule(value_rule::kind::max_length, code_points);
}
/// A string is one of `values`.
[[nodiscard]] inline value_rule one_of(std::initializer_list<std::string_view> values) {
    return value_rule(value_rule::kind::one_of, 0, {}, {values.begin(), values.end()});
}
/// An array has at least `count` elements.
[[nodiscard]] inline value_rule min_items(std::size_t count) {
    return value_rule(value_rule::kind::min_items, count);
}
/// An array has at most `count` elements.
[[nodiscard]] inline value_rule max_items(std::size_t count) {
    return value_rule(value_rule::kind::max_items, count);
}
/// An array's elements are all different (O(n²) comparisons: pair it with max_items); a repeat
/// is reported at its own pointer.
[[nodiscard]] inline value_rule unique_items() {
    return value_rule(value_rule::kind::unique_items);
}
/// An array's elements have one of `kinds`.
[[nodiscard]] inline value_rule items_type_is(std::initializer_list<json_kind> kinds) {
    return value_rule(value_rule::kind::items_type_is, 0, kinds);
}
/// An array's string, array and object elements hold something.
[[nodiscard]] inline value_rule non_empty_items() {
    return value_rule(value_rule::kind::non_empty_items);
}
/// An array's string elements are valid UTF-8 of at most `code_points` characters each.
[[nodiscard]] inline value_rule items_max_length(std::size_t code_points) {
    return value_rule(value_rule::kind::items_max_length, code_points);
}

namespace detail {

// Calls `visit(pointer_text, value_or_null)` for every match of `pattern` in `doc`: a wildcard
// token fans out over every member or element; a last token that names nothing in a parent that
// exists (of whatever type) is reported with a null value, so `required` can fail.
template <class J, class Visit>
status for_each_match(const J& doc, const path_pattern& pattern, Visit&& visit) {
    struct frame {
        const J* node;
        std::string where;
        std::size_t depth;
    };
    std::vector<frame> pending{{&doc, std::string(), 0}};
    while (!pending.empty()) {
        frame here = std::move(pending.back());
        pending.pop_back();
        if (here.depth == pattern.size()) {
            if (status s = visit(here.where, here.node); !s) {
                return s;
            }
            continue;
        }
        const bool last = here.depth + 1 == pattern.size();
        if (pattern.is_any(here.depth)) {
            if (here.node->is_object()) {
                const auto& members = here.node->template get_ref<const typename J::object_t&>();
                for (auto it = members.rbegin(); it != members.rend(); ++it) {
                    pending.push_back({&it->second, here.where + "/" + pointer::escape(it->first),
                                       here.depth + 1});
                }
            } else if (here.node->is_array()) {
                for (std::size_t i = here.node->size(); i > 0; --i) {
                    pending.push_back({&(*here.node)[i - 1],
                                       here.where + "/" + std::to_string(i - 1), here.depth + 1});
                }
            }
            continue;
        }
        const std::string& name = pattern.token(here.depth);
        const J* child = step(*here.node, name, classify_array_token(name));
        std::string where = here.where + "/" + pointer::escape(name);
        if (child != nullptr || last) {
            pending.push_back({child, std::move(where), here.depth + 1});
        }
    }
    return {};
}

} // namespace detail

/// Checks every value matching `pattern` in `doc` against `rules`, in order; the first failure is
/// returned (errc::validation_failed, `path` the value's pointer). A pattern that matches nothing
/// passes, unless a `required` rule meets a missing last member. O(matches × rules).
template <class J>
[[nodiscard]] status check_member(const J& doc, const path_pattern& pattern,
                                  const std::vector<value_rule>& rules) {
    detail::require_document_type<J>();
    return detail::for_each_match(doc, pattern, [&rules](const std::string& where, const J* value) {
        for (const value_rule& rule : rules) {
            if (status s = rule.check(value, where); !s) {
                return s;
            }
        }
        return status{};
    });
}

/// check_member with pattern text; a malformed pattern throws patch_error (rules are written by
/// programmers).
template <class J>
[[nodiscard]] status check_member(const J& doc, std::string_view pattern,
                                  const std::vector<value_rule>& rules) {
    return check_member(doc, path_pattern::parse(pattern).value(), rules);
}

} // namespace jsonpatch

#endif // JSONPATCH_VALUE_RULES_HPP
