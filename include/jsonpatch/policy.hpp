// SPDX-License-Identifier: MIT
/// \file
/// policy: which operations may touch which paths, checked before a patch changes anything.
#ifndef JSONPATCH_POLICY_HPP
#define JSONPATCH_POLICY_HPP

#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/path_pattern.hpp>
#include <jsonpatch/pointer.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch {

/// A set of op kinds, e.g. `op_set{op_kind::add, op_kind::remove}` or `op_set::all()`.
class op_set {
  public:
    /// The empty set.
    constexpr op_set() noexcept = default;
    /// The set of `ops`.
    constexpr op_set(std::initializer_list<op_kind> ops) noexcept {
        for (const op_kind op : ops) {
            bits_ |= bit(op);
        }
    }
    /// All six operations.
    [[nodiscard]] static constexpr op_set all() noexcept {
        return {op_kind::add, op_kind::remove, op_kind::replace,
                op_kind::move, op_kind::copy, op_kind::test};
    }
    /// True when `op` is in the set.
    [[nodiscard]] constexpr bool contains(op_kind op) const noexcept { return (bits_ & bit(op)) != 0; }
    /// True when no operation is in the set.
    [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }

  private:
    static constexpr unsigned bit(op_kind op) noexcept { return 1u << static_cast<unsigned>(op); }
    unsigned bits_ = 0;
};

/// Whether a rule covers only its own pointer or also everything below it.
enum class scope : unsigned char {
    exact,   ///< the pointer itself
    subtree, ///< the pointer and all its descendants ("/scope", "/scope/0", "/scope/-", ...)
    descendants, ///< only what is strictly below the pointer ("/scope/0", "/scope/-", not "/scope")
};

/// Whether an `allow` rule lets add, and the targets of move and copy, insert into an array
/// (RFC 6902 §4.1: an add whose target is an array position inserts an element there).
enum class insertion : unsigned char {
    allowed, ///< they may insert array elements as well as set object members
    refused, ///< they may set object members (and replace values); an array insertion is refused
};

/// A declarative patch policy, checked before anything changes (RFC 6902 leaves authorisation to
/// the application). A default-constructed policy denies every write and allows `test` anywhere;
/// grant what a client may do with `allow`, protect fields with `read_only`, and open the
/// copy/move route with `allow_from`. Every pointer given to a rule is a path_pattern: a token
/// `*` matches any single token, so `allow({op_kind::replace}, "/items/*/qty")` lets a client
/// change the quantity of every item (`~*` is a member literally named "*"). Every check is
/// O(rules × pointer depth) per operation and allocates nothing.
///
/// Thread safety: checking only reads the rules, so one policy may serve any number of
/// concurrent calls once it is built; adding rules while it is in use is a data race.
///
/// Rules, for an operation at `path` (and `from` for move/copy):
/// - add, remove, replace and the target of move/copy write `path`: some `allow` rule for that
///   op must cover `path`, and no `read_only` pointer may be at, above or below `path` (writing an
///   ancestor would replace the protected value along with it);
/// - move also takes from `from`: an `allow_from` rule for move must cover it, and it must not
///   touch a read-only pointer either; copy reads `from`: an `allow_from` rule for copy must cover it;
/// - test reads `path`: allowed anywhere unless `allow_test_anywhere(false)`, then it needs an
///   `allow` rule for test;
/// - an add, move or copy that inserts into an array (known only once the engine reaches the
///   array) needs a rule for that op covering `path` made with insertion::allowed (the default).
/// Violations are errc::operation_not_allowed (concerns `path`) or errc::from_not_allowed
/// (concerns `from`), with the operation index and pointers as given.
///
/// With apply_options::allow_negative_array_index, an operation whose pointers hold "-N" array
/// tokens is checked when it is about to run, against the pointers the engine resolves them to
/// ("/a/-1" on a two-element array is checked as "/a/1"), so `read_only("/a/1")` holds however the
/// element is named; every other operation is checked before anything changes.
class policy {
  public:
    /// A policy that allows everything (useful as a base for read_only rules).
    [[nodiscard]] static policy allow_all() {
        policy p;
        p.allow(op_set::all(), "", scope::subtree);
        p.allow_from(op_set{op_kind::move, op_kind::copy}, "", scope::subtree);
        return p;
    }

    /// Lets `ops` target `path` (exactly, or with its subtree). `path` is a path_pattern; a
    /// malformed one throws patch_error (rules are written by programmers: fail at setup). With
    /// insertion::refused, an add (or the target of a move or copy) the rule covers may set an
    /// object member but not insert into an array.
    policy& allow(op_set ops, std::string_view path, scope s = scope::exact,
                  insertion inserts = insertion::allowed) & {
        writes_.push_back({ops, checked(path), s, inserts == insertion::allowed});
        refuses_insertion_ = refuses_insertion_ || inserts == insertion::refused;
        return *this;
    }
    /// allow() on a temporary: returns the policy by value, so a reference to the result of a
    /// chain that starts with a temporary never dangles.
    [[nodiscard]] policy allow(op_set ops, std::string_view path, scope s = scope::exact,
                               insertion inserts = insertion::allowed) && {
        allow(ops, path, s, inserts);
        return std::move(*this);
    }
    /// Lets move take from, and copy read from, `path` (only the ops of `ops` that are move/copy).
    policy& allow_from(op_set ops, std::string_view path, scope s = scope::exact) & {
        froms_.push_back({ops, checked(path), s, true});
        return *this;
    }
    /// allow_from() on a temporary, returning the policy by value.
    [[nodiscard]] policy allow_from(op_set ops, std::string_view path,
                                    scope s = scope::exact) && {
        allow_from(ops, path, s);
        return std::move(*this);
    }
    /// Forbids every write at, above or below `path` (any match of the pattern).
    policy& read_only(std::string_view path) & {
        read_only_.push_back(checked(path));
        return *this;
    }
    /// read_only() on a temporary, returning the policy by value.
    [[nodiscard]] policy read_only(std::string_view path) && {
        read_only(path);
        return std::move(*this);
    }
    /// Whether `test` may read any path (the default) or needs an `allow` rule.
    policy& allow_test_anywhere(bool yes) & {
        test_anywhere_ = yes;
        return *this;
    }
    /// allow_test_anywhere() on a temporary, returning the policy by value.
    [[nodiscard]] policy allow_test_anywhere(bool yes) && {
        allow_test_anywhere(yes);
        return std::move(*this);
    }

    /// The first violation in `p`, or nothing when every operation is allowed. Pointers are
    /// checked as written (apply resolves negative indices first; see above).
    template <class J>
    [[nodiscard]] std::optional<error> check(const basic_patch<J>& p) const {
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (auto e = check(p[i], i)) {
                return e;
            }
        }
        return std::nullopt;
    }

    /// The violation of one operation (at `index` in its patch), if any.
    template <class J>
    [[nodiscard]] std::optional<error> check(const basic_operation<J>& op,
                                             std::size_t index) const {
        return check(op.op, op.path.to_string(), op.from.to_string(), index);
    }

    /// The violation of an operation `op` at pointer text `path` (and `from`, which only move and
    /// copy have), if any. The texts must be canonical pointers, as jsonpatch::pointer gives them.
    [[nodiscard]] std::optional<error> check(op_kind op, std::string_view path,
                                             std::string_view from, std::size_t index) const {
        if (op == op_kind::test) {
            if (test_anywhere_ || covered(writes_, op, path)) {
                return std::nullopt;
            }
            return violation(op, path, from, index, errc::operation_not_allowed, member::path,
                             "test is not allowed at this path");
        }
        if (has_from(op)) {
            if (!covered(froms_, op, from)) {
                return violation(op, path, from, index, errc::from_not_allowed, member::from,
                                 std::string(to_string(op)) + " may not take from this path");
            }
            if (op == op_kind::move && touches_read_only(from)) {
                return violation(op, path, from, index, errc::from_not_allowed, member::from,
                                 "move would remove a read-only value");
            }
        }
        if (!covered(writes_, op, path)) {
            return violation(op, path, from, index, errc::operation_not_allowed, member::path,
                             std::string(to_string(op)) + " is not allowed at this path");
        }
        if (touches_read_only(path)) {
            return violation(op, path, from, index, errc::operation_not_allowed, member::path,
                             std::string(to_string(op)) + " would change a read-only value");
        }
        return std::nullopt;
    }

    /// True when some rule was made with insertion::refused. Otherwise check_insertion passes
    /// whatever check() passed, so the engine does not ask it.
    [[nodiscard]] bool refuses_insertion() const noexcept { return refuses_insertion_; }

    /// The violation, if any, of an add, move or copy (operation `index`, at canonical pointer
    /// text `path`, from `from`) that inserts into an array: no rule for `op` covering `path`
    /// allows insertion. The engine asks when it reaches the array; check() has passed already.
    [[nodiscard]] std::optional<error> check_insertion(op_kind op, std::string_view path,
                                                       std::string_view from,
                                                       std::size_t index) const {
        if (covered(writes_, op, path, true)) {
            return std::nullopt;
        }
        return violation(op, path, from, index, errc::operation_not_allowed, member::path,
                         std::string(to_string(op)) +
                             " would insert an array element, which no rule allows here");
    }

  private:
    struct rule {
        op_set ops;
        path_pattern path;
        scope reach = scope::exact;
        bool inserts = true; // for writes: may an add (move, copy) insert into an array?
    };
    using relation = path_pattern::relation;

    static path_pattern checked(std::string_view path) {
        // Rules are written by programmers, so a bad pattern is a bug: fail loudly at setup.
        return path_pattern::parse(path).value();
    }

    static bool covered(const std::vector<rule>& rules, op_kind op, std::string_view text,
                        bool inserting = false) {
        for (const rule& r : rules) {
            if (!r.ops.contains(op) || (inserting && !r.inserts)) {
                continue;
            }
            const relation found = r.path.compare(text);
            const bool hit = found == relation::descendant
                                 ? r.reach != scope::exact
                                 : found == relation::exact && r.reach != scope::descendants;
            if (hit) {
                return true;
            }
        }
        return false;
    }

    bool touches_read_only(std::string_view where) const {
        for (const path_pattern& protected_path : read_only_) {
            if (protected_path.compare(where) != relation::none) {
                return true;
            }
        }
        return false;
    }

    static error violation(op_kind op, std::string_view path, std::string_view from,
                           std::size_t index, errc code, member which, std::string message) {
        error e;
        e.code = code;
        e.op_index = index;
        e.concerns = which;
        e.path = detail::clip(path);
        if (has_from(op)) {
            e.from = detail::clip(from);
        }
        e.message = std::move(message);
        return e;
    }

    std::vector<rule> writes_;
    std::vector<rule> froms_;
    std::vector<path_pattern> read_only_;
    bool test_anywhere_ = true;
    bool refuses_insertion_ = false; // some writes_ rule has inserts == false
};

} // namespace jsonpatch

#endif // JSONPATCH_POLICY_HPP
