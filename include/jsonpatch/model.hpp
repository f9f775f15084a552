// SPDX-License-Identifier: MIT
/// \file
/// basic_model: what a client may change in a typed resource and what the result must satisfy,
/// written once per model and read like its schema.
#ifndef JSONPATCH_MODEL_HPP
#define JSONPATCH_MODEL_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/path_pattern.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/result.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch {

/// What a client may do at a member: which operations may write it (or, with `as_source`, take
/// from it), and whether the grant reaches below it.
struct grant {
    /// The operations granted.
    op_set ops;
    /// Whether the grant covers the member only, its subtree, or only what is below it.
    scope reach = scope::exact;
    /// True when `ops` may take from (move) or read (copy) the member rather than write it.
    bool as_source = false;
};

/// Replace the member: `replace`, `add` (which replaces an existing member, RFC 6902 §4.1), and
/// the target of `move` and `copy`.
inline constexpr grant may_replace{
    op_set{op_kind::add, op_kind::replace, op_kind::move, op_kind::copy}};
/// Remove the member.
inline constexpr grant may_remove{op_set{op_kind::remove}};
/// Add, remove, replace, move and copy what is below the member: the elements of an array (e.g.
/// "/tags/-", "/tags/2"), or the members of an object.
inline constexpr grant may_edit_items{
    op_set{op_kind::add, op_kind::remove, op_kind::replace, op_kind::move, op_kind::copy},
    scope::descendants};
/// Let `move` take the member (or anything below it) away, e.g. to another patchable member.
inline constexpr grant may_move_out{op_set{op_kind::move}, scope::subtree, true};
/// Any other grant: `ops` writing the member (and its subtree or descendants, per `reach`).
[[nodiscard]] constexpr grant may(op_set ops, scope reach = scope::exact) noexcept {
    return grant{ops, reach, false};
}

/// What a patch made of a typed value: the value before and the patched one. Typed checks and
/// per-call callbacks see both, so they can compare (was the name changed?) and look further
/// afield through what they capture (a database transaction, the owner's other tokens).
template <class T> struct change {
    /// The value before the patch (what apply_to was given).
    const T& before;
    /// The patched value, converted back from JSON.
    const T& after;
};

/// A typed check of a change: cross-member invariants, or a caller's lookup. Return an error
/// (errc::validation_failed, or errc::conflict for state elsewhere, with `path`) to refuse.
template <class T> using typed_check = std::function<status(const change<T>&)>;

/// The description of a typed resource `T` (patched as JSON documents of type `J`): which
/// pointers a client may write with which operations, which are read-only, what the members'
/// values must satisfy and which typed checks the result must pass. Written once, e.g.
///
///     const auto rules = jsonpatch::model<user>()
///         .member("/name", jsonpatch::may_replace,
///                 jsonpatch::type_is({jsonpatch::json_kind::string}),
///                 jsonpatch::non_empty(), jsonpatch::max_length(64))
///         .member("/addresses/*/city", jsonpatch::may_replace, jsonpatch::non_empty())
///         .member("/tags", jsonpatch::may_replace, jsonpatch::may_edit_items,
///                 jsonpatch::unique_items(), jsonpatch::max_items(16))
///         .read_only("/id")
///         .check([](const jsonpatch::change<user>& c) { return check_invariants(c.after); });
///
/// and used with apply_to. Member patterns are path_patterns ("*" matches any single token).
/// Everything a model does not grant is refused (errc::operation_not_allowed or
/// errc::from_not_allowed) before anything changes; member rules then run on the patched
/// document in the order given (errc::validation_failed with the value's pointer); then the
/// result is converted to T and the typed checks run. All inside one transaction.
///
/// Thread safety: a built model is only read by apply_to, so one model may serve any number of
/// concurrent calls; changing it while in use is a data race.
template <class T, class J = nlohmann::json> class basic_model {
  public:
    /// The resource type.
    using value_type = T;
    /// The JSON type the resource is patched as.
    using json_type = J;

    /// Grants and value rules for the members matching `pattern`, in any order and number.
    template <class... Specs> basic_model& member(std::string_view pattern, const Specs&... specs) {
        static_assert(((std::is_same_v<Specs, grant> || std::is_same_v<Specs, value_rule> ||
                        std::is_same_v<Specs, std::vector<value_rule>>)&&...),
                      "jsonpatch::basic_model::member takes grants (may_replace, ...) and value "
                      "rules (non_empty(), max_length(n), ...), alone or in a std::vector");
        rules_.push_back({std::string(pattern), {}});
        (add(pattern, specs), ...);
        if (rules_.back().rules.empty()) {
            rules_.pop_back();
        }
        return *this;
    }
    /// Forbids every write at, above or below the pointers matching `pattern`.
    basic_model& read_only(std::string_view pattern) {
        policy_.read_only(pattern);
        return *this;
    }
    /// Lets `ops` take from (move) or read (copy) the pointers matching `pattern`.
    basic_model& allow_from(op_set ops, std::string_view pattern, scope reach = scope::exact) {
        policy_.allow_from(ops, pattern, reach);
        return *this;
    }
    /// Whether `test` may read any path (the default) or only granted ones.
    basic_model& allow_test_anywhere(bool yes) {
        policy_.allow_test_anywhere(yes);
        return *this;
    }
    /// Defence in depth behind the grants: after the patch, every top-level member that no
    /// `member` grant writes must be identical to what it was (unknown members included), and no
    /// other top-level member may appear. Errors name the member, e.g. "/owner".
    basic_model& other_members_fixed() {
        fixed_others_ = true;
        return *this;
    }
    /// A typed check of every change, run after the member rules.
    basic_model& check(typed_check<T> check) {
        checks_.push_back(std::move(check));
        return *this;
    }
    /// Leniencies, limits and JSON-level validators for the model's patches. Its `policy` is
    /// ignored: the model's own grants are the policy.
    [[nodiscard]] basic_apply_options<J>& options() noexcept { return options_; }
    /// The leniencies, limits and validators (read-only).
    [[nodiscard]] const basic_apply_options<J>& options() const noexcept { return options_; }

    /// The grants and read-only pointers as a policy.
    [[nodiscard]] const policy& patch_policy() const noexcept { return policy_; }

    /// The options apply_to applies with: options() with the model's policy. The result points
    /// into this model, which must outlive it.
    [[nodiscard]] basic_apply_options<J> apply_options() const {
        basic_apply_options<J> out = options_;
        out.policy = &policy_;
        return out;
    }

    /// The member rules (and other_members_fixed) on a patched document, `before` being the
    /// document as it was.
    [[nodiscard]] status check_members(const J& before, const J& after) const {
        if (fixed_others_) {
            if (status s = check_other_members(before, after); !s) {
                return s;
            }
        }
        for (const member_rules& m : rules_) {
            if (status s = check_member(after, m.pattern, m.rules); !s) {
                return s;
            }
        }
        return {};
    }

    /// The other_members_fixed check alone (whether or not the model asks for it).
    [[nodiscard]] status check_other_members(const J& before, const J& after) const {
        const auto refuse = [](const std::string& name, const char* message) -> status {
            error e;
            e.code = errc::validation_failed;
            e.path = detail::clip("/" + pointer::escape(name));
            e.message = message;
            return e;
        };
        if (!before.is_object() || !after.is_object()) {
            error e;
            e.code = errc::validation_failed;
            e.path = "";
            e.message = "the resource must stay a JSON object";
            return e;
        }
        const auto& old_members = before.template get_ref<const typename J::object_t&>();
        const auto& new_members = after.template get_ref<const typename J::object_t&>();
        const detail::member_lookup patched(new_members);
        for (const auto& [name, value] : old_members) {
            const J* now = patched.find(name);
            // Identical, not just equal (1 and 1.0 differ), and without recursion.
            if (!writable_top(name) && (now == nullptr || !detail::json_identical(*now, value))) {
                return refuse(name, "member may not change");
            }
        }
        const detail::member_lookup original(old_members);
        for (const auto& [name, value] : new_members) {
            if (!writable_top(name) && original.find(name) == nullptr) {
                return refuse(name, "member may not be added");
            }
        }
        return {};
    }

    /// The typed checks, in order.
    [[nodiscard]] status check_typed(const change<T>& c) const {
        for (const typed_check<T>& check : checks_) {
            if (status s = check(c); !s) {
                return s;
            }
        }
        return {};
    }

  private:
    struct member_rules {
        std::string pattern;
        std::vector<value_rule> rules;
    };

    void add(std::string_view pattern, const grant& g) {
        if (g.as_source) {
            policy_.allow_from(g.ops, pattern, g.reach);
            return;
        }
        policy_.allow(g.ops, pattern, g.reach);
        const path_pattern parsed = path_pattern::parse(pattern).value();
        writable_tops_.push_back(parsed.size() == 0 || parsed.is_any(0) ? std::string()
                                                                        : parsed.token(0));
        any_top_writable_ = any_top_writable_ || parsed.size() == 0 || parsed.is_any(0);
    }
    void add(std::string_view /*pattern*/, const value_rule& rule) {
        rules_.back().rules.push_back(rule);
    }
    void add(std::string_view /*pattern*/, const std::vector<value_rule>& rules) {
        rules_.back().rules.insert(rules_.back().rules.end(), rules.begin(), rules.end());
    }

    [[nodiscard]] bool writable_top(const std::string& name) const {
        if (any_top_writable_) {
            return true;
        }
        for (const std::string& top : writable_tops_) {
            if (top == name) {
                return true;
            }
        }
        return false;
    }

    policy policy_;
    std::vector<member_rules> rules_;
    std::vector<std::string> writable_tops_;
    bool any_top_writable_ = false;
    bool fixed_others_ = false;
    std::vector<typed_check<T>> checks_;
    basic_apply_options<J> options_;
};

/// A model of T patched as nlohmann::json.
template <class T> using model = basic_model<T, nlohmann::json>;

} // namespace jsonpatch

#endif // JSONPATCH_MODEL_HPP
