// SPDX-License-Identifier: MIT
// Object members found, taken out and put back the same way for sorted maps and ordered maps.
#ifndef JSONPATCH_DETAIL_OBJECT_ACCESS_HPP
#define JSONPATCH_DETAIL_OBJECT_ACCESS_HPP

#include <jsonpatch/json_type.hpp>

#include <algorithm>
#include <cstddef>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace jsonpatch::detail {

/// `object_t&` or `const object_t&` (and likewise for arrays), following the constness of Json.
template <class Json, class Container>
using like_ref = std::conditional_t<std::is_const_v<Json>, const Container&, Container&>;

/// The member named `key`, or members.end(), without building a std::string: a sorted map
/// (std::map with std::less<>) looks it up heterogeneously in O(log n); nlohmann::ordered_map,
/// whose const find() takes only a std::string, is searched in order, as its own find() does.
template <class Object>
[[nodiscard]] auto find_member(Object& members, std::string_view key) noexcept
    -> decltype(members.begin()) {
    if constexpr (is_ordered_map<std::remove_const_t<Object>>::value) {
        return std::find_if(members.begin(), members.end(),
                            [key](const auto& member) { return member.first == key; });
    } else {
        return members.find(key);
    }
}

/// Repeated lookups in one object that does not change meanwhile. A sorted map answers each in
/// O(log n) by itself; a large ordered map gets an index by name, built once, so that matching
/// two wide ordered_json objects member by member costs O(n), not O(n²).
template <class Object>
class member_lookup {
  public:
    using mapped_type = typename Object::mapped_type;

    explicit member_lookup(const Object& members) : members_(members) {
        if constexpr (is_ordered_map<Object>::value) {
            if (members.size() > linear_limit) {
                index_.reserve(members.size());
                for (const auto& member : members) {
                    index_.emplace(std::string_view(member.first), &member.second);
                }
            }
        }
    }

    /// The member's value, or nullptr when there is no member of that name.
    [[nodiscard]] const mapped_type* find(std::string_view key) const {
        if constexpr (is_ordered_map<Object>::value) {
            if (members_.size() > linear_limit) {
                const auto it = index_.find(key);
                return it == index_.end() ? nullptr : it->second;
            }
        }
        const auto it = find_member(members_, key);
        return it == members_.end() ? nullptr : &it->second;
    }

  private:
    static constexpr std::size_t linear_limit = 16;
    const Object& members_;
    std::unordered_map<std::string_view, const mapped_type*> index_;
};

/// Makes room for one more member without copying member values. An nlohmann::ordered_map is a
/// vector of pair<const std::string, J>, whose move constructor may throw (the const name is
/// copied), so when the vector grows it copies every member, values included: slow for a big
/// object, and a recursion as deep as the deepest value. Growing it here moves the values and
/// copies only the names; if copying a name fails, the values are moved back. A sorted map needs
/// nothing.
template <class Object>
void reserve_member(Object& members) {
    if constexpr (is_ordered_map<Object>::value) {
        if (members.size() < members.capacity()) {
            return;
        }
        using container = typename Object::Container;
        container bigger;
        bigger.reserve(members.size() < 4 ? 4 : 2 * members.size());
        try {
            for (auto& member : members) {
                bigger.emplace_back(member.first, std::move(member.second));
            }
        } catch (...) {
            auto member = members.begin(); // ordered_map's [] takes a name, not a position
            for (auto& moved : bigger) {
                (member++)->second = std::move(moved.second);
            }
            throw;
        }
        static_cast<container&>(members).swap(bigger);
    }
}

/// Adds a member that `members` does not have yet (see reserve_member) and returns its value.
template <class Object, class Value>
typename Object::mapped_type& emplace_new_member(Object& members, std::string_view key,
                                                 Value&& value) {
    reserve_member(members);
    if constexpr (is_ordered_map<Object>::value) {
        members.emplace_back(key, std::forward<Value>(value)); // known absent: no search
        return members.back().second;
    } else {
        return members.emplace(key, std::forward<Value>(value)).first->second;
    }
}

/// A member taken out of an object by take_member, holding what put_back_member needs to restore
/// the object exactly. For a sorted map that is the map node itself, so putting it back cannot
/// allocate (and rollback cannot fail).
template <class J, bool Ordered = keeps_member_order<J>>
class removed_member {
  public:
    using node_type = typename J::object_t::node_type;

    removed_member() = default;
    explicit removed_member(node_type node) noexcept : node_(std::move(node)) {}

    [[nodiscard]] J& value() noexcept { return node_.mapped(); }
    [[nodiscard]] const J& value() const noexcept { return node_.mapped(); }
    [[nodiscard]] node_type& node() noexcept { return node_; }

  private:
    node_type node_;
};

/// For nlohmann::ordered_map the member's name, value and position: the object is a vector, and
/// putting the member back means putting it back where it was, or member order would change.
template <class J>
class removed_member<J, true> {
  public:
    removed_member() = default;
    removed_member(std::string key, J value, std::size_t position)
        : key_(std::move(key)), value_(std::move(value)), position_(position) {}

    [[nodiscard]] J& value() noexcept { return value_; }
    [[nodiscard]] const J& value() const noexcept { return value_; }
    [[nodiscard]] std::string& key() noexcept { return key_; }
    [[nodiscard]] std::size_t position() const noexcept { return position_; }

  private:
    std::string key_;
    J value_;
    std::size_t position_ = 0;
};

/// Removes the member at `it` from `members` and returns it.
template <class J>
[[nodiscard]] removed_member<J> take_member(typename J::object_t& members,
                                            typename J::object_t::iterator it) {
    if constexpr (keeps_member_order<J>) {
        const auto position = static_cast<std::size_t>(it - members.begin());
        removed_member<J> out(it->first, std::move(it->second), position);
        members.erase(it);
        return out;
    } else {
        return removed_member<J>(members.extract(it));
    }
}

/// Puts a member taken by take_member back where it was. The object must be as take_member left
/// it. For a sorted map this cannot allocate. nlohmann::ordered_map keeps the capacity its erase
/// freed, so the member goes back without reallocating; but, as in ordered_map's own erase, the
/// members after it are re-created in place, copying their names (ordered_map's names are const),
/// which allocates for names longer than the small-string buffer.
template <class J>
void put_back_member(typename J::object_t& members, removed_member<J>&& removed) noexcept {
    if constexpr (keeps_member_order<J>) {
        using member_type = typename J::object_t::value_type;
        members.emplace_back(std::move(removed.key()), std::move(removed.value()));
        member_type* data = members.data();
        const std::size_t last = members.size() - 1;
        if (removed.position() == last) {
            return;
        }
        member_type moved(std::move(data[last]));
        for (std::size_t i = last; i > removed.position(); --i) {
            data[i].~member_type();
            ::new (static_cast<void*>(data + i)) member_type(std::move(data[i - 1]));
        }
        data[removed.position()].~member_type();
        ::new (static_cast<void*>(data + removed.position())) member_type(std::move(moved));
    } else {
        members.insert(std::move(removed.node()));
    }
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_OBJECT_ACCESS_HPP
