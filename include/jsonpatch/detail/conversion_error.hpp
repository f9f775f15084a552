// SPDX-License-Identifier: MIT
// The error for a patched document that does not convert back to its C++ type: which member is
// to blame, found by comparing the document with the one before, in words of our own (the
// converter's exception text names library internals and never reaches a client).
#ifndef JSONPATCH_DETAIL_CONVERSION_ERROR_HPP
#define JSONPATCH_DETAIL_CONVERSION_ERROR_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/utf8.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/value_rules.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

// A member where the patched document stopped looking like the original: what from_json most
// likely failed on.
struct conversion_suspect {
    enum class kind : unsigned char {
        missing, // present before, gone now
        retyped, // another JSON type than before (or than its siblings before)
        added,   // new, with no sibling before to compare its type with
        changed, // the same type, another value
    };
    std::string path;
    kind what = kind::changed;
    json_kind was = json_kind::null;
    json_kind now = json_kind::null;
};

// Suspects in document order, found by walking both documents with an explicit stack. A member
// or element the patch added is judged against a sibling that was there before (an array or map
// holds one type), or is a suspect of its own when there was none.
template <class J>
std::vector<conversion_suspect> conversion_suspects(const J& before, const J& after) {
    using suspect = conversion_suspect;
    constexpr std::size_t most = 256;
    std::vector<suspect> out;
    struct pair {
        const J* before;
        const J* after;
        std::string where;
        bool sibling; // `before` is a sibling's value, not the member's own
    };
    std::vector<pair> pending{{&before, &after, std::string(), false}};
    const auto child = [](const std::string& where, std::string_view token) {
        return where + "/" + pointer::escape(token);
    };
    while (!pending.empty() && out.size() < most) {
        pair here = std::move(pending.back());
        pending.pop_back();
        const json_kind was = kind_of(*here.before);
        const json_kind now = kind_of(*here.after);
        if (was != now) {
            out.push_back({here.where, suspect::kind::retyped, was, now});
            continue;
        }
        std::vector<pair> children;
        if (was == json_kind::object) {
            const auto& old_members = here.before->template get_ref<const typename J::object_t&>();
            const auto& new_members = here.after->template get_ref<const typename J::object_t&>();
            const member_lookup patched(new_members);
            for (const auto& [name, value] : old_members) {
                if (const J* counterpart = patched.find(name)) {
                    children.push_back(
                        {&value, counterpart, child(here.where, name), here.sibling});
                } else {
                    out.push_back({child(here.where, name), suspect::kind::missing, kind_of(value),
                                   json_kind::null});
                }
            }
            const member_lookup original(old_members);
            for (const auto& [name, value] : new_members) {
                if (original.find(name) != nullptr) {
                    continue;
                }
                if (old_members.empty()) {
                    out.push_back({child(here.where, name), suspect::kind::added, json_kind::null,
                                   kind_of(value)});
                } else {
                    children.push_back(
                        {&old_members.begin()->second, &value, child(here.where, name), true});
                }
            }
        } else if (was == json_kind::array) {
            const auto& old_items = here.before->template get_ref<const typename J::array_t&>();
            const auto& new_items = here.after->template get_ref<const typename J::array_t&>();
            for (std::size_t i = 0; i < new_items.size(); ++i) {
                std::string where = here.where + "/" + std::to_string(i);
                if (old_items.empty()) {
                    out.push_back({std::move(where), suspect::kind::added, json_kind::null,
                                   kind_of(new_items[i])});
                } else {
                    const bool own = i < old_items.size();
                    children.push_back({&old_items[own ? i : 0], &new_items[i], std::move(where),
                                        here.sibling || !own});
                }
            }
        } else if (!here.sibling && !json_identical(*here.before, *here.after)) {
            out.push_back({here.where, suspect::kind::changed, was, now});
        }
        pending.insert(pending.end(), std::make_move_iterator(children.rbegin()),
                       std::make_move_iterator(children.rend()));
    }
    return out;
}

// "null", "boolean", ...: the words nlohmann's type errors use for each kind.
[[nodiscard]] constexpr std::string_view kind_word(json_kind k) noexcept {
    switch (k) {
    case json_kind::null:
        return "null";
    case json_kind::boolean:
        return "boolean";
    case json_kind::number:
        return "number";
    case json_kind::string:
        return "string";
    case json_kind::array:
        return "array";
    case json_kind::object:
        return "object";
    }
    return "";
}

// "a number", "an object", ...: for our own messages.
[[nodiscard]] inline std::string kind_phrase(json_kind k) {
    const std::string_view word = kind_word(k);
    const bool vowel = word == "array" || word == "object";
    return k == json_kind::null ? std::string("null") : (vowel ? "an " : "a ") + std::string(word);
}

// The kind a converter said it wanted ("type must be number, but is string"), if it said so.
[[nodiscard]] inline std::optional<json_kind> wanted_kind(std::string_view what) {
    constexpr std::string_view lead = "type must be ";
    const auto at = what.find(lead);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view rest = what.substr(at + lead.size());
    for (const json_kind k : {json_kind::null, json_kind::boolean, json_kind::number,
                              json_kind::string, json_kind::array, json_kind::object}) {
        const std::string_view word = kind_word(k);
        if (rest.substr(0, word.size()) == word) {
            return k;
        }
    }
    return std::nullopt;
}

// The pointer nlohmann puts first in a message when built with JSON_DIAGNOSTICS: "(/a/b) ...".
[[nodiscard]] inline std::optional<std::string> diagnostics_path(std::string_view message) {
    const auto open = message.find("] (");
    if (open == std::string_view::npos) {
        return std::nullopt;
    }
    const auto close = message.find(") ", open + 3);
    if (close == std::string_view::npos) {
        return std::nullopt;
    }
    return std::string(message.substr(open + 3, close - open - 3));
}

// The suspect the converter's message `what` points at, in order of evidence: a missing member
// it names ("key 'x' not found"), one of the type it found ("but is string"), any other missing
// or retyped member, an added one, a changed one.
[[nodiscard]] inline const conversion_suspect*
likeliest(const std::vector<conversion_suspect>& suspects, std::string_view what) {
    using suspect = conversion_suspect;
    const auto named = [what](const suspect& s) {
        const auto last = s.path.rfind('/');
        return s.what == suspect::kind::missing && last != std::string::npos &&
               what.find("key '" + s.path.substr(last + 1) + "' not found") !=
                   std::string_view::npos;
    };
    const auto found_as = [what](const suspect& s) {
        return (s.what == suspect::kind::retyped || s.what == suspect::kind::added) &&
               what.find("but is " + std::string(kind_word(s.now))) != std::string_view::npos;
    };
    const auto of_kinds = [](std::initializer_list<suspect::kind> kinds) {
        return [kinds](const suspect& s) {
            for (const suspect::kind k : kinds) {
                if (s.what == k) {
                    return true;
                }
            }
            return false;
        };
    };
    const auto first = [&suspects](const auto& holds) -> const suspect* {
        for (const suspect& s : suspects) {
            if (holds(s)) {
                return &s;
            }
        }
        return nullptr;
    };
    const suspect* chosen = first(named);
    chosen = chosen != nullptr ? chosen : first(found_as);
    chosen = chosen != nullptr ? chosen
                               : first(of_kinds({suspect::kind::missing, suspect::kind::retyped}));
    chosen = chosen != nullptr ? chosen : first(of_kinds({suspect::kind::added}));
    return chosen != nullptr ? chosen : first(of_kinds({suspect::kind::changed}));
}

// The error for a from_json that threw with message `what`: errc::wrong_type (errc::missing_field
// for a member the patch removed) at the member it most likely failed on, by what the message
// says (a pointer with JSON_DIAGNOSTICS, the missing key, the type it wanted and the one it
// found) and by where the patched document stopped looking like the original. The message is
// ours: `what` names library internals and is never repeated.
template <class J> error conversion_error(const J& before, const J& after, std::string_view what) {
    error e;
    e.code = errc::wrong_type;
    const auto suspects = conversion_suspects(before, after);
    const conversion_suspect* chosen = likeliest(suspects, what);
    if (const auto exact = diagnostics_path(what)) {
        e.path = clip(*exact);
    } else {
        e.path = chosen != nullptr ? clip(chosen->path) : std::string();
    }
    const bool at_chosen = chosen != nullptr && e.path == chosen->path;
    if (at_chosen && chosen->what == conversion_suspect::kind::missing) {
        e.code = errc::missing_field;
        e.message = "required member is missing";
        return e;
    }
    std::optional<json_kind> wanted = wanted_kind(what);
    if (!wanted && at_chosen && chosen->what == conversion_suspect::kind::retyped) {
        wanted = chosen->was;
    }
    e.message = "does not convert to the resource's type";
    if (wanted && at_chosen && chosen->now != *wanted) {
        e.message += ": must be " + kind_phrase(*wanted) + ", not " + kind_phrase(chosen->now);
    } else if (wanted) {
        e.message += ": must be " + kind_phrase(*wanted);
    }
    return e;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_CONVERSION_ERROR_HPP
