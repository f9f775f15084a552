// SPDX-License-Identifier: MIT
// The journal of inverse steps that makes apply atomic without copying the document.
#ifndef JSONPATCH_DETAIL_UNDO_LOG_HPP
#define JSONPATCH_DETAIL_UNDO_LOG_HPP

#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/detail/small_stack.hpp>
#include <jsonpatch/lookup.hpp>

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace jsonpatch::detail {

/// How to take back one mutation of a document of type `J`. Locations are pointers re-resolved at undo time rather than
/// node addresses: array elements move when vectors shift, and replaying backwards guarantees the
/// document is in exactly the state the mutation left it in.
template <class J>
struct undo_step {
    enum class action : unsigned char {
        erase_member,     // undo inserting a new member
        erase_element,    // undo inserting an array element at `index`
        restore,          // undo overwriting a value: swap `old` back
        reinsert_member,  // undo removing a member: put `node` back
        reinsert_element, // undo removing an element: put `old` back at `index`
    };

    action what = action::restore;
    // For a move, the removal's undo takes the value the undone insertion just displaced.
    bool value_from_carry = false;
    // An empty parent object made by create_missing_parents. Undoing it must leave the carry
    // alone: a move's insertion below it was undone just before and its value is in the carry.
    bool created_parent = false;
    // The location is an array element at `index`, as the engine resolved it when it made the
    // step; otherwise it is the member named by the last token. Always true for element steps.
    bool in_array = false;
    std::uint32_t depth = 0; // how many tokens of *where name the location
    const pointer_view* where = nullptr;
    std::size_t index = 0;
    J old;
    // A removed member, put back exactly where it was (see put_back_member).
    removed_member<J> node;
};

/// Resolves one token during undo, with the same array-index meaning the forward step used.
template <class J>
J* undo_descend(J& node, std::string_view token, array_ref index, bool allow_negative) noexcept {
    if (allow_negative && index.kind == array_token::negative && node.is_array() &&
        index.value <= node.size()) {
        index = {array_token::index, node.size() - index.value};
    }
    return step(node, token, index);
}

template <class J>
class undo_log {
  public:
    using step_type = undo_step<J>;
    /// Steps journaled without a heap block: enough for any one operation (see engine::prepare).
    static constexpr std::size_t inline_steps = 4;

    /// Capacity for `steps` entries, reserved up front so that recording never allocates (and so
    /// never throws) after a mutation has happened.
    void reserve(std::size_t steps) { steps_.reserve(steps); }
    [[nodiscard]] std::size_t capacity() const noexcept { return steps_.capacity(); }
    [[nodiscard]] std::size_t size() const noexcept { return steps_.size(); }
    [[nodiscard]] bool empty() const noexcept { return steps_.empty(); }
    [[nodiscard]] const small_stack<step_type, inline_steps>& steps() const noexcept {
        return steps_;
    }

    /// `where` must outlive the journal.
    step_type& record(typename step_type::action what, const pointer_view& where,
                      std::size_t depth) noexcept {
        step_type& s = push(what, depth);
        s.where = &where;
        return s;
    }

    /// As record(), for a location that is the element `index` of an array.
    step_type& record_element(typename step_type::action what, const pointer_view& where,
                              std::size_t depth, std::size_t index) noexcept {
        step_type& s = record(what, where, depth);
        s.in_array = true;
        s.index = index;
        return s;
    }

    void clear() noexcept { steps_.clear(); }

    [[nodiscard]] step_type& at(std::size_t i) noexcept { return steps_[i]; }

    /// Replays steps backwards until only `keep` remain, restoring the document to its state
    /// before step `keep`. Never throws and never allocates.
    void roll_back(J& root, bool allow_negative, std::size_t keep = 0) noexcept {
        J carry;
        while (steps_.size() > keep) {
            step_type& s = steps_.back();
            undo_at(root, s, carry, allow_negative);
            steps_.pop_back();
        }
    }

  private:
    step_type& push(typename step_type::action what, std::size_t depth) noexcept {
        assert(steps_.size() < steps_.capacity());
        step_type& s = steps_.emplace_back();
        s.what = what;
        s.depth = static_cast<std::uint32_t>(depth);
        return s;
    }

    static void undo_at(J& root, step_type& s, J& carry, bool allow_negative) noexcept {
        using json = J;
        using action = typename step_type::action;
        const pointer_view* where = s.where;
        if (s.depth == 0) { // the root itself (only ever restored)
            std::swap(root, s.old);
            carry = std::move(s.old);
            return;
        }
        json* parent = &root;
        for (std::size_t i = 0; i + 1 < s.depth; ++i) {
            parent = undo_descend(*parent, where->token(i), where->array_index(i), allow_negative);
            assert(parent != nullptr);
        }
        const std::string_view key = where->token(s.depth - 1);
        switch (s.what) {
        case action::erase_member: {
            auto& members = parent->template get_ref<typename json::object_t&>();
            const auto it = find_member(members, key);
            assert(it != members.end());
            if (!s.created_parent) {
                carry = std::move(it->second);
            }
            erase_added_member(members, it);
            break;
        }
        case action::erase_element: {
            auto& elements = parent->template get_ref<typename json::array_t&>();
            carry = std::move(elements[s.index]);
            elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(s.index));
            break;
        }
        case action::restore: {
            json* target =
                s.in_array ? &parent->template get_ref<typename json::array_t&>()[s.index]
                           : &find_member(parent->template get_ref<typename json::object_t&>(), key)
                                  ->second;
            std::swap(*target, s.old);
            carry = std::move(s.old);
            break;
        }
        case action::reinsert_member: {
            if (s.value_from_carry) {
                s.node.value() = std::move(carry);
            }
            put_back_member<J>(parent->template get_ref<typename json::object_t&>(),
                               std::move(s.node));
            break;
        }
        case action::reinsert_element: {
            auto& elements = parent->template get_ref<typename json::array_t&>();
            // The erase that this undoes left capacity for the element, so this cannot reallocate.
            elements.insert(elements.begin() + static_cast<std::ptrdiff_t>(s.index),
                            s.value_from_carry ? std::move(carry) : std::move(s.old));
            break;
        }
        }
    }

    small_stack<step_type, inline_steps> steps_;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_UNDO_LOG_HPP
