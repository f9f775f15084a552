// SPDX-License-Identifier: MIT
// The first place where two JSON values differ (RFC 6902 §4.6 equality), so that an explanation
// can name a pointer and the two values there instead of only two whole documents.
#ifndef JSONPATCH_DETAIL_FIRST_DIFFERENCE_HPP
#define JSONPATCH_DETAIL_FIRST_DIFFERENCE_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jsonpatch::detail {

/// Where two values first differ: the RFC 6901 pointer (escaped, "" for the root) and the value
/// of each side there, null for a side that has no such member or element.
template <class J> struct difference {
    std::string pointer;
    const J* left = nullptr;
    const J* right = nullptr;
    bool in_array = false; ///< the place is an element of an array (else a member, or the root)
};

// The walk behind first_difference: depth first, in document order, with an explicit stack of the
// containers on the current path, so any depth is safe and the cost is one visit per node.
template <class J> class difference_walk {
  public:
    [[nodiscard]] std::optional<difference<J>> run(const J& left, const J& right) {
        if (auto found = visit(&left, &right, {})) {
            return found;
        }
        while (!stack_.empty()) {
            frame& top = stack_.back();
            if (top.next == child_count(top)) {
                stack_.pop_back();
                continue;
            }
            const child c = child_at(top, top.next++);
            if (auto found = visit(c.left, c.right, c.token)) {
                return found;
            }
        }
        return std::nullopt;
    }

  private:
    struct member_pair {
        std::string_view name;
        const J* left;
        const J* right;
    };
    struct child {
        std::string token; // escaped reference token
        const J* left;
        const J* right;
    };
    // A pair of objects or of arrays being compared, child by child.
    struct frame {
        const J* left;
        const J* right;
        std::string token;                // how the parent names this pair
        std::vector<member_pair> members; // objects: left's members in order, then right's extras
        std::size_t next = 0;
    };

    // A difference at `left`/`right` itself, or a frame to look inside them, or nothing.
    std::optional<difference<J>> visit(const J* left, const J* right, std::string token) {
        const bool objects = left && right && left->is_object() && right->is_object();
        const bool arrays = left && right && left->is_array() && right->is_array();
        if (objects || arrays) {
            frame f{left, right, std::move(token), {}, 0};
            if (objects) {
                f.members = pair_up(*left, *right);
            }
            stack_.push_back(std::move(f));
            return std::nullopt;
        }
        if (left != nullptr && right != nullptr && json_equal(*left, *right)) {
            return std::nullopt;
        }
        const bool in_array = !stack_.empty() && stack_.back().left->is_array();
        return difference<J>{pointer_to(token), left, right, in_array};
    }

    static std::vector<member_pair> pair_up(const J& left, const J& right) {
        using object = typename J::object_t;
        const auto& l = left.template get_ref<const object&>();
        const auto& r = right.template get_ref<const object&>();
        const member_lookup<object> in_left(l);
        const member_lookup<object> in_right(r);
        std::vector<member_pair> pairs;
        pairs.reserve(std::max(l.size(), r.size()));
        for (const auto& [name, value] : l) {
            pairs.push_back({name, &value, in_right.find(name)});
        }
        for (const auto& [name, value] : r) {
            if (in_left.find(name) == nullptr) {
                pairs.push_back({name, nullptr, &value});
            }
        }
        return pairs;
    }

    static std::size_t child_count(const frame& f) {
        return f.left->is_object() ? f.members.size() : std::max(f.left->size(), f.right->size());
    }

    static child child_at(const frame& f, std::size_t i) {
        if (f.left->is_object()) {
            const member_pair& m = f.members[i];
            std::string token;
            append_escaped(token, m.name);
            return {std::move(token), m.left, m.right};
        }
        using array = typename J::array_t;
        const auto& l = f.left->template get_ref<const array&>();
        const auto& r = f.right->template get_ref<const array&>();
        return {std::to_string(i), i < l.size() ? &l[i] : nullptr, i < r.size() ? &r[i] : nullptr};
    }

    // The pointer to the child named `token` of the innermost frame ("" for the root itself).
    std::string pointer_to(const std::string& token) const {
        std::string out;
        for (std::size_t i = 1; i < stack_.size(); ++i) {
            out += '/';
            out += stack_[i].token;
        }
        if (!stack_.empty()) {
            out += '/';
            out += token;
        }
        return out;
    }

    std::vector<frame> stack_;
};

/// The first pointer, in document order (left's member order, then members only `right` has),
/// at which `left` and `right` differ by RFC 6902 §4.6 equality (numbers by value, member order
/// ignored), or nothing when they are equal. Iterative; O(size of both values).
template <class J>
[[nodiscard]] std::optional<difference<J>> first_difference(const J& left, const J& right) {
    return difference_walk<J>{}.run(left, right);
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_FIRST_DIFFERENCE_HPP
