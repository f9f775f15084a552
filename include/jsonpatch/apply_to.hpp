// SPDX-License-Identifier: MIT
/// \file
/// apply_to: patch any C++ value that converts to and from JSON, atomically, under a model.
#ifndef JSONPATCH_APPLY_TO_HPP
#define JSONPATCH_APPLY_TO_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/patch_input.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <exception>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

// A member where the patched document stopped looking like the original: what from_json most
// likely failed on. Found by walking both in document order.
struct conversion_suspect {
    std::string path;
    bool missing = false; // present before, gone now
    json_kind was = json_kind::null;
    json_kind now = json_kind::null;
};

template <class J>
std::vector<conversion_suspect> conversion_suspects(const J& before, const J& after) {
    std::vector<conversion_suspect> out;
    struct pair {
        const J* before;
        const J* after;
        std::string where;
    };
    std::vector<pair> pending{{&before, &after, std::string()}};
    while (!pending.empty() && out.size() < 64) {
        pair here = std::move(pending.back());
        pending.pop_back();
        const json_kind was = kind_of(*here.before);
        const json_kind now = kind_of(*here.after);
        if (was != now) {
            out.push_back({here.where, false, was, now});
            continue;
        }
        std::vector<pair> children;
        if (was == json_kind::object) {
            const member_lookup patched(
                here.after->template get_ref<const typename J::object_t&>());
            for (const auto& [name, value] :
                 here.before->template get_ref<const typename J::object_t&>()) {
                std::string where = here.where + "/" + pointer::escape(name);
                if (const J* counterpart = patched.find(name)) {
                    children.push_back({&value, counterpart, std::move(where)});
                } else {
                    out.push_back({std::move(where), true, kind_of(value), json_kind::null});
                }
            }
        } else if (was == json_kind::array && !here.before->empty()) {
            // Elements the patch added are judged against the first original one: arrays of
            // structs hold one shape.
            for (std::size_t i = 0; i < here.after->size(); ++i) {
                const J& shape = (*here.before)[i < here.before->size() ? i : 0];
                children.push_back(
                    {&shape, &(*here.after)[i], here.where + "/" + std::to_string(i)});
            }
        }
        pending.insert(pending.end(), std::make_move_iterator(children.rbegin()),
                       std::make_move_iterator(children.rend()));
    }
    return out;
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

// The error for a from_json that threw `what`: the member it most likely failed on, by what
// nlohmann's message says (a pointer with JSON_DIAGNOSTICS, the missing key, the type it wanted
// and the one it found) and by where the patched document stopped looking like the original.
template <class J> error conversion_error(const J& before, const J& after, std::string_view what) {
    error e;
    e.code = errc::wrong_type;
    e.message = "the patched resource does not convert back: " + clip(what, 200);
    const auto suspects = conversion_suspects(before, after);
    const auto named = [&](const conversion_suspect& s) {
        const auto last = s.path.rfind('/');
        return last != std::string::npos && what.find("key '" + s.path.substr(last + 1) +
                                                      "' not found") != std::string_view::npos;
    };
    const auto kind_name = [](json_kind k) -> std::string_view {
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
    };
    const auto typed = [&](const conversion_suspect& s) {
        return !s.missing &&
               what.find("but is " + std::string(kind_name(s.now))) != std::string_view::npos;
    };
    const conversion_suspect* chosen = nullptr;
    for (const auto& s : suspects) {
        if (chosen == nullptr && (named(s) || typed(s))) {
            chosen = &s;
        }
    }
    if (chosen == nullptr && !suspects.empty()) {
        chosen = &suspects.front();
    }
    if (const auto exact = diagnostics_path(what)) {
        e.path = clip(*exact);
    } else if (chosen != nullptr) {
        e.path = clip(chosen->path);
    } else {
        e.path = "";
    }
    if (chosen != nullptr && chosen->missing && e.path == chosen->path) {
        e.code = errc::missing_field;
    }
    return e;
}

// `after` as a T, or why not. A from_json that throws patch_error reports its own error; any
// other exception (nlohmann's type_error and out_of_range included) is located by
// conversion_error. std::bad_alloc propagates.
template <class T, class J> result<T> convert(const J& before, const J& after) {
    try {
        return after.template get<T>();
    } catch (const patch_error& e) {
        return e.error();
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        return conversion_error(before, after, e.what());
    }
}

// The shared core: applies `patch_input` to T's JSON with `options`, then, inside the same
// transaction, `members` on the JSON, the conversion back and `typed` on the change.
template <class T, class J, class Patch, class MemberCheck, class TypedCheck>
result<T> apply_to_json(const T& current, const Patch& patch_input, basic_apply_options<J> options,
                        const MemberCheck& members, const TypedCheck& typed) {
    // The resource's own to_json (ADL, or NLOHMANN_DEFINE_TYPE_*), then a copy to patch: a resource
    // may carry values of any depth (unknown members), and nlohmann's copy recurses.
    const J before = json_of<J>(current);
    J doc = deep_copy(before);
    std::optional<T> converted;
    options.validators.push_back([&](const J& after) -> status {
        if (status s = members(before, after); !s) {
            return s;
        }
        auto value = convert<T>(before, after);
        if (!value) {
            return std::move(value).error();
        }
        if (status s = typed(change<T>{current, *value}); !s) {
            return s;
        }
        converted = std::move(*value);
        return {};
    });
    if (status outcome = apply(doc, patch_input, options); !outcome) {
        return std::move(outcome).error();
    }
    return std::move(*converted);
}

} // namespace detail

/// Patches a typed value: `current` is converted to JSON with its `to_json` (nlohmann's ADL
/// conversion, e.g. from NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE), the patch is applied atomically
/// under `model` (its grants, limits and validators, then its member rules), the result is
/// converted back with `from_json` and the model's typed checks run, then `checks` (per-call
/// callables `status(const change<T>&)`, e.g. a uniqueness lookup capturing a transaction), all
/// in one transaction. Returns the new value; `current` never changes. `patch_input` takes the
/// forms apply() takes. A from_json failure is an error, never an exception: errc::wrong_type (or
/// errc::missing_field for a member the patch removed) with `path` the member it failed on, or
/// the error a from_json throws as patch_error. Other errors: those of apply() and of the rules.
template <class T, class Patch, class J, class... Checks>
[[nodiscard]] result<T> apply_to(const T& current, const Patch& patch_input,
                                 const basic_model<T, J>& model, const Checks&... checks) {
    detail::require_patch_input<J, Patch>();
    const auto members = [&model](const J& before, const J& after) {
        return model.check_members(before, after);
    };
    const auto typed = [&](const change<T>& c) -> status {
        status verdict = model.check_typed(c);
        const auto then = [&verdict, &c](const auto& check) { // each only while all passed
            if (verdict) {
                verdict = check(c);
            }
        };
        (then(checks), ...);
        (void)then; // with no per-call checks the fold above is empty
        return verdict;
    };
    return detail::apply_to_json(current, patch_input, model.apply_options(), members, typed);
}

/// As above without a model: `options` (apply_options for nlohmann::json, or those of another
/// JSON type) give the leniencies, limits, policy and JSON-level validators.
template <class T, class Patch,
          class Options = basic_apply_options<detail::input_document_t<void, Patch>>>
[[nodiscard]] result<T> apply_to(const T& current, const Patch& patch_input,
                                 const Options& options = Options{}) {
    using J = typename Options::json_type;
    detail::require_options_for<J, Options>();
    detail::require_patch_input<J, Patch>();
    const auto no_members = [](const J&, const J&) { return status{}; };
    const auto no_checks = [](const change<T>&) { return status{}; };
    return detail::apply_to_json(current, patch_input, options, no_members, no_checks);
}

} // namespace jsonpatch

#endif // JSONPATCH_APPLY_TO_HPP
