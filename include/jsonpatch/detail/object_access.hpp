// SPDX-License-Identifier: MIT
// Object members found, taken out and put back the same way for sorted maps and ordered maps.
#ifndef JSONPATCH_DETAIL_OBJECT_ACCESS_HPP
#define JSONPATCH_DETAIL_OBJECT_ACCESS_HPP

#include <jsonpatch/detail/seeded_hash.hpp>
#include <jsonpatch/json_type.hpp>

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

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

/// The member at `position` of an nlohmann::ordered_map (whose operator[] takes a name).
template <class Object>
[[nodiscard]] auto& member_at(Object& members, std::size_t position) noexcept {
    return *(members.begin() + static_cast<std::ptrdiff_t>(position));
}

/// An index by name of the members of an nlohmann::ordered_map, which searches its members one
/// by one: with it, n lookups in a wide object cost O(n), not O(n²). Positions are stored in an
/// open-addressing table keyed by the process's secret hash (detail/seeded_hash.hpp), so input
/// cannot choose names that collide. Members may be appended (add()) or overwritten in place;
/// any other change to the object needs a rebuild.
template <class Object>
class name_index {
  public:
    static constexpr std::size_t none = static_cast<std::size_t>(-1);

    /// Indexes every member of `members`.
    void build(const Object& members) {
        count_ = 0;
        slots_.assign(table_size_for(members.size()), slot{});
        for (std::size_t i = 0; i < members.size(); ++i) {
            insert(members, i);
        }
    }
    /// Indexes the member at `position`, just appended.
    void add(const Object& members, std::size_t position) {
        if (2 * (count_ + 1) > slots_.size()) {
            build(members); // indexes `position` too
            return;
        }
        insert(members, position);
    }
    /// The position of the member named `key`, or `none`.
    [[nodiscard]] std::size_t find(const Object& members, std::string_view key) const {
        if (slots_.empty()) {
            return none;
        }
        const std::uint64_t h = hash_.text(key);
        for (std::size_t i = static_cast<std::size_t>(h) & (slots_.size() - 1);;
             i = (i + 1) & (slots_.size() - 1)) {
            const slot& s = slots_[i];
            if (s.position == none) {
                return none;
            }
            if (s.hash == h && member_at(members, s.position).first == key) {
                return s.position;
            }
        }
    }

  private:
    struct slot {
        std::uint64_t hash = 0;
        std::size_t position = none;
    };

    static std::size_t table_size_for(std::size_t members) {
        std::size_t size = 32;
        while (size < 2 * members + 2) {
            size *= 2;
        }
        return size;
    }

    void insert(const Object& members, std::size_t position) {
        const std::uint64_t h = hash_.text(member_at(members, position).first);
        std::size_t i = static_cast<std::size_t>(h) & (slots_.size() - 1);
        while (slots_[i].position != none) {
            i = (i + 1) & (slots_.size() - 1);
        }
        slots_[i] = slot{h, position};
        ++count_;
    }

    keyed_hash hash_;
    std::vector<slot> slots_;
    std::size_t count_ = 0;
};

/// Repeated lookups in one object that does not change meanwhile. A sorted map answers each in
/// O(log n) by itself; a large ordered map gets a name_index, built once, so that matching two
/// wide ordered_json objects member by member costs O(n), not O(n²).
template <class Object>
class member_lookup {
  public:
    using mapped_type = typename Object::mapped_type;

    explicit member_lookup(const Object& members) : members_(members) {
        if constexpr (is_ordered_map<Object>::value) {
            if (members.size() > linear_limit) {
                index_.build(members);
            }
        }
    }

    /// The member's value, or nullptr when there is no member of that name.
    [[nodiscard]] const mapped_type* find(std::string_view key) const {
        if constexpr (is_ordered_map<Object>::value) {
            if (members_.size() > linear_limit) {
                const std::size_t at = index_.find(members_, key);
                return at == index_.none ? nullptr : &member_at(members_, at).second;
            }
        }
        const auto it = find_member(members_, key);
        return it == members_.end() ? nullptr : &it->second;
    }

    /// Objects up to this size are searched member by member: cheaper than an index.
    static constexpr std::size_t linear_limit = 16;

  private:
    const Object& members_;
    name_index<Object> index_;
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

/// Appends a member that `members` does not have yet and returns its value, without searching (an
/// nlohmann::ordered_map would compare the name with every member) and in O(1) amortized when
/// members come in the map's own order, as when a container is copied. An ordered map must have
/// room for it already (reserve it to its final size), or it grows by copying every member.
template <class Object>
typename Object::mapped_type& append_member(Object& members, std::string_view key,
                                            typename Object::mapped_type&& value) {
    if constexpr (is_ordered_map<Object>::value) {
        auto& vector = static_cast<typename Object::Container&>(members);
        vector.emplace_back(key, std::move(value));
        return vector.back().second;
    } else {
        return members.emplace_hint(members.end(), key, std::move(value))->second;
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
/// Moving a member of an ordered_map copies its name (the name is const), so the names of the
/// members that followed it are copied up front too: put_back_member then moves them into place
/// and allocates nothing, as rollback must.
template <class J>
class removed_member<J, true> {
  public:
    removed_member() = default;
    removed_member(std::string key, J value, std::size_t position,
                   std::vector<std::string> follower_names) noexcept
        : key_(std::move(key)), value_(std::move(value)), position_(position),
          follower_names_(std::move(follower_names)) {}

    [[nodiscard]] J& value() noexcept { return value_; }
    [[nodiscard]] const J& value() const noexcept { return value_; }
    [[nodiscard]] std::string& key() noexcept { return key_; }
    [[nodiscard]] std::size_t position() const noexcept { return position_; }
    /// Fresh copies of the names of the members that followed this one, in order.
    [[nodiscard]] std::vector<std::string>& follower_names() noexcept { return follower_names_; }

  private:
    std::string key_;
    J value_;
    std::size_t position_ = 0;
    std::vector<std::string> follower_names_;
};

/// Copies of the names of members[first, end), which ordered_map's members need to move.
template <class Object>
[[nodiscard]] std::vector<std::string> names_from(const Object& members, std::size_t first) {
    std::vector<std::string> names;
    names.reserve(members.size() - first);
    for (std::size_t i = first; i < members.size(); ++i) {
        names.push_back(member_at(members, i).first);
    }
    return names;
}

/// Re-creates the member at `slot` (already destroyed) with the name `name` and the value `value`,
/// neither of which is copied.
template <class Member, class J>
void recreate_member(Member* slot, std::string&& name, J&& value) noexcept {
    ::new (static_cast<void*>(slot)) Member(std::move(name), std::move(value));
}

/// Removes the member at `it` from `members` and returns it, with the strong guarantee: whatever
/// may allocate (copies of names) happens before the object changes, so a std::bad_alloc leaves it
/// as it was. (nlohmann::ordered_map's own erase copies the names of the members after the erased
/// one while it shifts them, and cannot be undone halfway.)
template <class J>
[[nodiscard]] removed_member<J> take_member(typename J::object_t& members,
                                            typename J::object_t::iterator it) {
    if constexpr (keeps_member_order<J>) {
        using member_type = typename J::object_t::value_type;
        const auto position = static_cast<std::size_t>(it - members.begin());
        std::string key = it->first;
        std::vector<std::string> shifted_names = names_from(members, position + 1);
        std::vector<std::string> spare_names = shifted_names; // for put_back_member
        // Nothing below allocates or throws.
        J value = std::move(it->second);
        member_type* data = members.data();
        for (std::size_t i = position; i + 1 < members.size(); ++i) {
            data[i].~member_type();
            recreate_member(data + i, std::move(shifted_names[i - position]),
                            std::move(data[i + 1].second));
        }
        static_cast<typename J::object_t::Container&>(members).pop_back();
        return removed_member<J>(std::move(key), std::move(value), position,
                                 std::move(spare_names));
    } else {
        return removed_member<J>(members.extract(it));
    }
}

/// Puts a member taken by take_member back where it was. The object must be as take_member left
/// it (rollback replays the journal backwards, so it is), which also leaves room for the member:
/// an erase never gives back capacity. Allocates nothing: a sorted map takes its node back, an
/// ordered map re-creates the members after it with the names take_member copied.
template <class J>
void put_back_member(typename J::object_t& members, removed_member<J>&& removed) noexcept {
    if constexpr (keeps_member_order<J>) {
        using member_type = typename J::object_t::value_type;
        auto& vector = static_cast<typename J::object_t::Container&>(members);
        std::vector<std::string>& names = removed.follower_names();
        const std::size_t position = removed.position();
        const std::size_t size = vector.size();
        assert(size < vector.capacity() && names.size() == size - position);
        if (position == size) {
            vector.emplace_back(std::move(removed.key()), std::move(removed.value()));
            return;
        }
        // The last member moves into the new slot at the end, each other follower one slot up,
        // every one under its spare name; the removed member takes its old slot.
        vector.emplace_back(std::move(names.back()), std::move(vector[size - 1].second));
        member_type* data = vector.data();
        for (std::size_t i = size - 1; i > position; --i) {
            data[i].~member_type();
            recreate_member(data + i, std::move(names[i - 1 - position]),
                            std::move(data[i - 1].second));
        }
        data[position].~member_type();
        recreate_member(data + position, std::move(removed.key()), std::move(removed.value()));
    } else {
        members.insert(std::move(removed.node()));
    }
}

/// Removes the member at `it`, the last one added: undoing an add. An ordered map added it at
/// its end, so nothing after it moves and nothing is copied; the call cannot fail.
template <class Object>
void erase_added_member(Object& members, typename Object::iterator it) noexcept {
    if constexpr (is_ordered_map<Object>::value) {
        assert(it + 1 == members.end());
        static_cast<typename Object::Container&>(members).pop_back();
    } else {
        members.erase(it);
    }
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_OBJECT_ACCESS_HPP
