// SPDX-License-Identifier: MIT
/// \file
/// basic_model: what a client may change in a typed resource and what the result must satisfy,
/// written once per model and read like its schema.
#ifndef JSONPATCH_MODEL_HPP
#define JSONPATCH_MODEL_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/pattern_presence.hpp>
#include <jsonpatch/detail/typed_conversions.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/path_pattern.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/result.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
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
    /// Whether an add (or the target of a move or copy) the grant covers may insert into an
    /// array, or only set an object member.
    insertion inserts = insertion::allowed;
    /// Operations that may also take from (move) or read (copy) what the grant covers.
    op_set sources{};
};

/// Replace the member: `replace`, `add` (which replaces an existing member, RFC 6902 §4.1), and
/// the target of `move` and `copy`. Never an insertion: on an array element ("/tags/*") an add,
/// move or copy, which would insert, is refused (only `replace` changes the element).
inline constexpr grant may_replace{
    op_set{op_kind::add, op_kind::replace, op_kind::move, op_kind::copy}, scope::exact, false,
    insertion::refused};
/// Remove the member.
inline constexpr grant may_remove{op_set{op_kind::remove}};
/// Add, remove, replace, move and copy what is below the member: the elements of an array (e.g.
/// "/tags/-", "/tags/2"), or the members of an object; move and copy may take their source from
/// there too (reordering or repeating elements).
inline constexpr grant may_edit_items{
    op_set{op_kind::add, op_kind::remove, op_kind::replace, op_kind::move, op_kind::copy},
    scope::descendants, false, insertion::allowed, op_set{op_kind::move, op_kind::copy}};
/// Let `move` take the member (or anything below it) away, e.g. to another patchable member.
inline constexpr grant may_move_out{op_set{op_kind::move}, scope::subtree, true};
/// Any other grant: `ops` writing the member (and its subtree or descendants, per `reach`); an
/// add among them may insert into arrays.
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
/// (errc::validation_failed, or errc::conflict for state elsewhere, with `path`; make_error
/// builds one) to refuse.
template <class T> using typed_check = std::function<status(const change<T>&)>;

namespace detail {

// A model's verdict on its own patterns, shared by the copies of a model (they hold the same
// rules) and replaced by any call that adds a pattern.
struct model_verdict {
    std::once_flag once;              // guards of_default
    status of_default;                // verify()'s verdict, once computed
    std::atomic<bool> sample_passed{false}; // some verify(sample) passed
};

} // namespace detail

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
/// and used with apply_to or apply_merge_to. Member patterns are path_patterns ("*" matches any
/// single token). Everything a model does not grant is refused (errc::operation_not_allowed or
/// errc::from_not_allowed) before anything changes; member rules then run on the patched
/// document in the order given (errc::validation_failed with the value's pointer); then the
/// result is converted to T and the typed checks run. All inside one transaction.
///
/// Every pattern given to member, read_only and allow_from must name something in T's JSON form
/// (verify()): a typo would otherwise turn its rule off. apply_to refuses every patch, with
/// errc::invalid_model, while the model does not verify. A builder call on a temporary returns
/// the model by value, so `const auto& m = model<T>().member(...);` never dangles.
///
/// Thread safety: a built model is only read by apply_to (verification is computed once, safely
/// from any number of threads), so one model may serve any number of concurrent calls; changing
/// it while in use is a data race.
template <class T, class J = nlohmann::json> class basic_model {
  public:
    /// The resource type.
    using value_type = T;
    /// The JSON type the resource is patched as.
    using json_type = J;

    /// A model that grants nothing.
    basic_model() : verdict_(std::make_shared<detail::model_verdict>()) {}

    /// Grants and value rules for the members matching `pattern`, in any order and number. The
    /// pattern is checked first: a malformed one throws patch_error and adds nothing.
    template <class... Specs> basic_model& member(std::string_view pattern, const Specs&... specs) & {
        add_member(pattern, false, specs...);
        return *this;
    }
    /// member() on a temporary, returning the model by value.
    template <class... Specs>
    [[nodiscard]] basic_model member(std::string_view pattern, const Specs&... specs) && {
        add_member(pattern, false, specs...);
        return std::move(*this);
    }
    /// As member(), for members T's JSON form may leave out (a to_json that omits an empty
    /// optional, elements below a null): verification accepts a last token that names nothing
    /// and a null parent, but still requires the parent to exist.
    template <class... Specs>
    basic_model& optional_member(std::string_view pattern, const Specs&... specs) & {
        add_member(pattern, true, specs...);
        return *this;
    }
    /// optional_member() on a temporary, returning the model by value.
    template <class... Specs>
    [[nodiscard]] basic_model optional_member(std::string_view pattern, const Specs&... specs) && {
        add_member(pattern, true, specs...);
        return std::move(*this);
    }
    /// Forbids every write at, above or below the pointers matching `pattern`.
    basic_model& read_only(std::string_view pattern) & {
        add_policy_pattern(pattern, "read_only", [&](policy& p) { p.read_only(pattern); });
        return *this;
    }
    /// read_only() on a temporary, returning the model by value.
    [[nodiscard]] basic_model read_only(std::string_view pattern) && {
        read_only(pattern);
        return std::move(*this);
    }
    /// Lets `ops` take from (move) or read (copy) the pointers matching `pattern`.
    basic_model& allow_from(op_set ops, std::string_view pattern, scope reach = scope::exact) & {
        add_policy_pattern(pattern, "allow_from",
                           [&](policy& p) { p.allow_from(ops, pattern, reach); });
        return *this;
    }
    /// allow_from() on a temporary, returning the model by value.
    [[nodiscard]] basic_model allow_from(op_set ops, std::string_view pattern,
                                         scope reach = scope::exact) && {
        allow_from(ops, pattern, reach);
        return std::move(*this);
    }
    /// Whether `test` may read any path (the default) or only granted ones.
    basic_model& allow_test_anywhere(bool yes) & {
        policy_.allow_test_anywhere(yes);
        return *this;
    }
    /// allow_test_anywhere() on a temporary, returning the model by value.
    [[nodiscard]] basic_model allow_test_anywhere(bool yes) && {
        allow_test_anywhere(yes);
        return std::move(*this);
    }
    /// Defence in depth behind the grants: after the patch, every top-level member that no
    /// `member` grant writes must be identical to what it was (unknown members included), and no
    /// other top-level member may appear. Errors name the member, e.g. "/owner".
    basic_model& other_members_fixed() & {
        fixed_others_ = true;
        return *this;
    }
    /// other_members_fixed() on a temporary, returning the model by value.
    [[nodiscard]] basic_model other_members_fixed() && {
        other_members_fixed();
        return std::move(*this);
    }
    /// A typed check of every change, run after the member rules.
    basic_model& check(typed_check<T> check) & {
        checks_.push_back(std::move(check));
        return *this;
    }
    /// check() on a temporary, returning the model by value.
    [[nodiscard]] basic_model check(typed_check<T> check) && {
        this->check(std::move(check));
        return std::move(*this);
    }
    /// The limits of the model's patches, e.g. `.limits(small_resource_limits())`.
    basic_model& limits(const apply_limits& bounds) & {
        options_.limits = bounds;
        return *this;
    }
    /// limits() on a temporary, returning the model by value.
    [[nodiscard]] basic_model limits(const apply_limits& bounds) && {
        limits(bounds);
        return std::move(*this);
    }

    /// Leniencies, limits and JSON-level validators for the model's patches. Its `policy` is
    /// ignored: the model's own grants are the policy.
    [[nodiscard]] basic_apply_options<J>& options() & noexcept { return options_; }
    /// The leniencies, limits and validators (read-only).
    [[nodiscard]] const basic_apply_options<J>& options() const& noexcept { return options_; }
    /// The options of a temporary model, by value.
    [[nodiscard]] basic_apply_options<J> options() && { return std::move(options_); }

    /// The grants and read-only pointers as a policy.
    [[nodiscard]] const policy& patch_policy() const& noexcept { return policy_; }
    /// The policy of a temporary model, by value.
    [[nodiscard]] policy patch_policy() && { return std::move(policy_); }

    /// The options apply_to applies with: options() with the model's policy. The result points
    /// into this model, which must outlive it (so a temporary model has none).
    [[nodiscard]] basic_apply_options<J> apply_options() const& {
        basic_apply_options<J> out = options_;
        out.policy = &policy_;
        return out;
    }
    /// Deleted: the options would point into a model about to be destroyed.
    basic_apply_options<J> apply_options() && = delete;

    /// Checks every pattern given to member, optional_member, read_only and allow_from against
    /// the JSON form of a default-constructed T (its to_json): each must name something there
    /// (see optional_member for members that may be left out; a wildcard or index over an empty
    /// array or object names its elements). errc::invalid_model otherwise, the message naming the
    /// pattern and what is missing. Computed once per model and kept (thread-safe); a T that is
    /// not default-constructible must use verify(sample), and this does not compile for it.
    [[nodiscard]] status verify() const {
        static_assert(std::is_default_constructible_v<T>,
                      "jsonpatch::basic_model::verify(): T is not default-constructible, so there "
                      "is no T{} to check the model's patterns against: call verify(sample) with "
                      "a typical value instead");
        if constexpr (std::is_default_constructible_v<T> && detail::require_conversions<T, J>()) {
            const std::shared_ptr<detail::model_verdict> cache = verdict_;
            if (!cache) { // a moved-from model
                return verify_sample(T{});
            }
            std::call_once(cache->once, [this, &cache] { cache->of_default = verify_sample(T{}); });
            return cache->of_default;
        } else {
            return status{}; // not reached: an assertion above has failed and said why
        }
    }
    /// Checks every pattern as verify() does, against the JSON form of `sample`. A sample that
    /// passes is remembered: from then on apply_to takes the model as verified (useful when T{}
    /// leaves out members a real value has, and for a T that is not default-constructible).
    [[nodiscard]] status verify(const T& sample) const {
        if constexpr (detail::require_conversions<T, J>()) {
            status verdict = verify_sample(sample);
            if (verdict && verdict_) {
                verdict_->sample_passed.store(true, std::memory_order_release);
            }
            return verdict;
        } else {
            return status{}; // not reached: an assertion above has failed and said why
        }
    }
    /// The verdict apply_to acts on, given the JSON form of the value it patches: success once
    /// some verify(sample) passed; else verify() for a default-constructible T (computed once);
    /// else, for a T that is not, the patterns checked against `current_document` on each call.
    [[nodiscard]] status verdict_for(const J& current_document) const {
        if (verdict_ && verdict_->sample_passed.load(std::memory_order_acquire)) {
            return {};
        }
        if constexpr (std::is_default_constructible_v<T>) {
            return verify();
        } else {
            return verify_document(current_document);
        }
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
        if (!before.is_object() || !after.is_object()) {
            return make_error(errc::validation_failed, "", "the resource must stay a JSON object");
        }
        const auto refuse = [](const std::string& name, const char* message) -> status {
            return make_error(errc::validation_failed, "/" + pointer::escape(name), message);
        };
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
        path_pattern pattern;
        std::vector<value_rule> rules;
    };
    // A pattern the model holds, to verify against T's JSON form.
    struct declared_pattern {
        path_pattern pattern;
        bool may_be_absent = false;
        const char* role = "member";
    };

    template <class... Specs>
    void add_member(std::string_view pattern, bool may_be_absent, const Specs&... specs) {
        static_assert(((std::is_same_v<Specs, grant> || std::is_same_v<Specs, value_rule> ||
                        std::is_same_v<Specs, std::vector<value_rule>>)&&...),
                      "jsonpatch::basic_model::member takes grants (may_replace, ...) and value "
                      "rules (non_empty(), max_length(n), ...), alone or in a std::vector");
        // Everything is staged first and committed without a throw, so a call that fails (a
        // malformed pattern, bad_alloc) leaves the model as it was.
        path_pattern parsed = path_pattern::parse(pattern).value();
        policy staged = policy_;
        member_rules entry{parsed, {}};
        std::vector<std::string> tops;
        (stage(staged, entry, tops, pattern, specs), ...);
        const bool any_top = std::any_of(tops.begin(), tops.end(), [](const std::string& t) {
            return t.empty();
        });
        declared_.reserve(declared_.size() + 1);
        rules_.reserve(rules_.size() + 1);
        writable_tops_.reserve(writable_tops_.size() + tops.size());
        auto fresh = std::make_shared<detail::model_verdict>();
        // Nothing below throws.
        policy_ = std::move(staged);
        declared_.push_back(
            {std::move(parsed), may_be_absent, may_be_absent ? "optional_member" : "member"});
        if (!entry.rules.empty()) {
            rules_.push_back(std::move(entry));
        }
        for (std::string& top : tops) {
            writable_tops_.push_back(std::move(top));
        }
        any_top_writable_ = any_top_writable_ || any_top;
        verdict_ = std::move(fresh);
    }

    // A read_only or allow_from pattern: added to the policy by `add`, and declared.
    template <class Add>
    void add_policy_pattern(std::string_view pattern, const char* role, const Add& add) {
        path_pattern parsed = path_pattern::parse(pattern).value();
        declared_.reserve(declared_.size() + 1);
        auto fresh = std::make_shared<detail::model_verdict>();
        add(policy_); // strong guarantee: one push_back
        declared_.push_back({std::move(parsed), false, role});
        verdict_ = std::move(fresh);
    }

    // Writable top-level member names of a pattern: "" when any may be written.
    static void stage(policy& staged, member_rules& entry, std::vector<std::string>& tops,
                      std::string_view pattern, const grant& g) {
        if (g.as_source) {
            staged.allow_from(g.ops, pattern, g.reach);
            return;
        }
        staged.allow(g.ops, pattern, g.reach, g.inserts);
        if (!g.sources.empty()) {
            staged.allow_from(g.sources, pattern, g.reach);
        }
        const path_pattern& parsed = entry.pattern;
        tops.push_back(parsed.size() == 0 || parsed.is_any(0) ? std::string() : parsed.token(0));
    }
    static void stage(policy&, member_rules& entry, std::vector<std::string>&, std::string_view,
                      const value_rule& rule) {
        entry.rules.push_back(rule);
    }
    static void stage(policy&, member_rules& entry, std::vector<std::string>&, std::string_view,
                      const std::vector<value_rule>& rules) {
        entry.rules.insert(entry.rules.end(), rules.begin(), rules.end());
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

    // The patterns checked against T's JSON form of `sample`. A to_json that throws (other than
    // std::bad_alloc) makes the model unusable as well.
    [[nodiscard]] status verify_sample(const T& sample) const {
        std::optional<J> document;
        try {
            document.emplace(sample);
        } catch (const std::bad_alloc&) {
            throw;
        } catch (const std::exception&) {
            return make_error(errc::invalid_model, "",
                              "the resource's to_json failed on the sample the model is "
                              "verified against");
        }
        return verify_document(*document);
    }

    [[nodiscard]] status verify_document(const J& document) const {
        for (const declared_pattern& d : declared_) {
            if (auto missing = detail::pattern_absence(document, d.pattern, d.may_be_absent)) {
                error e;
                e.code = errc::invalid_model;
                e.message = "model rule " + std::string(d.role) + "(\"" +
                            detail::clip(d.pattern.to_string()) +
                            "\") names nothing in the resource's JSON form: " + *missing;
                return e;
            }
        }
        return {};
    }

    policy policy_;
    std::vector<member_rules> rules_;
    std::vector<declared_pattern> declared_;
    std::vector<std::string> writable_tops_;
    bool any_top_writable_ = false;
    bool fixed_others_ = false;
    std::vector<typed_check<T>> checks_;
    basic_apply_options<J> options_;
    std::shared_ptr<detail::model_verdict> verdict_;
};

/// A model of T patched as nlohmann::json.
template <class T> using model = basic_model<T, nlohmann::json>;

} // namespace jsonpatch

#endif // JSONPATCH_MODEL_HPP
