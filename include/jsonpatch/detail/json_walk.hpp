// SPDX-License-Identifier: MIT
// Iterative measurements and comparison of JSON values, so deep values never exhaust the stack.
#ifndef JSONPATCH_DETAIL_JSON_WALK_HPP
#define JSONPATCH_DETAIL_JSON_WALK_HPP

#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/json_type.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// Size of a value: nodes (every scalar, array and object counts one), nesting depth (a scalar
/// has depth 1) and the length of its longest array. Walking stops early once `max_depth` or
/// `max_nodes` is exceeded, so the cost is bounded by those caps, not by the value.
struct value_shape {
    std::size_t nodes = 0;
    std::size_t depth = 0;
    std::size_t widest_array = 0;
};

template <class J>
[[nodiscard]] value_shape measure(const J& value, std::size_t max_depth, std::size_t max_nodes) {
    value_shape shape;
    if (!value.is_structured()) {
        return {1, 1, 0};
    }
    std::vector<std::pair<const J*, std::size_t>> pending;
    pending.emplace_back(&value, 1);
    while (!pending.empty()) {
        const auto [node, depth] = pending.back();
        pending.pop_back();
        ++shape.nodes;
        if (depth > shape.depth) {
            shape.depth = depth;
        }
        if (shape.depth > max_depth || shape.nodes > max_nodes) {
            return shape;
        }
        if (node->is_object()) {
            for (const auto& member : node->template get_ref<const typename J::object_t&>()) {
                pending.emplace_back(&member.second, depth + 1);
            }
        } else if (node->is_array()) {
            const auto& elements = node->template get_ref<const typename J::array_t&>();
            if (elements.size() > shape.widest_array) {
                shape.widest_array = elements.size();
            }
            for (const auto& element : elements) {
                pending.emplace_back(&element, depth + 1);
            }
        }
        if (shape.nodes + pending.size() > max_nodes) {
            shape.nodes += pending.size(); // a wide value: stop before visiting every member
            return shape;
        }
    }
    return shape;
}

/// `f` is a whole number that a 64-bit integer of the given signedness holds exactly. The bounds
/// are powers of two, exact in every floating type, so no rounding hides a difference.
template <class Float>
[[nodiscard]] bool is_whole_in_64_bits(Float f, bool is_signed) noexcept {
    const Float two_to_63 = static_cast<Float>(std::uint64_t{1} << 63U);
    const Float low = is_signed ? -two_to_63 : Float(0);
    const Float high = is_signed ? two_to_63 : two_to_63 * Float(2);
    return std::trunc(f) == f && f >= low && f < high;
}

/// Numbers compare by mathematical value, exactly: 1 == 1.0 and 2^53+1 != 2^53 as a double.
/// Integers are widened to 64 bits, so any number types of a basic_json specialisation compare.
/// JSON has no NaN, but nlohmann holds one (from a program, CBOR or MessagePack) and dumps it as
/// null: NaN equals NaN, so that every value equals itself.
template <class J>
[[nodiscard]] bool numbers_equal(const J& a, const J& b) noexcept {
    using float_type = typename J::number_float_t;
    const auto as_int = [](const J& j) {
        return static_cast<std::int64_t>(j.template get_ref<const typename J::number_integer_t&>());
    };
    const auto as_uint = [](const J& j) {
        return static_cast<std::uint64_t>(
            j.template get_ref<const typename J::number_unsigned_t&>());
    };
    const auto as_float = [](const J& j) {
        return j.template get_ref<const typename J::number_float_t&>();
    };
    // Compare in the integer domain: a floating-point cast of a large integer would round.
    const auto int_equals_float = [](std::int64_t i, float_type f) {
        return is_whole_in_64_bits(f, true) && static_cast<std::int64_t>(f) == i;
    };
    const auto uint_equals_float = [](std::uint64_t u, float_type f) {
        return is_whole_in_64_bits(f, false) && static_cast<std::uint64_t>(f) == u;
    };
    if (a.is_number_float() && b.is_number_float()) {
        const float_type fa = as_float(a);
        const float_type fb = as_float(b);
        return fa == fb || (std::isnan(fa) && std::isnan(fb)); // equality stays reflexive
    }
    if (a.is_number_float()) {
        return b.is_number_unsigned() ? uint_equals_float(as_uint(b), as_float(a))
                                      : int_equals_float(as_int(b), as_float(a));
    }
    if (b.is_number_float()) {
        return numbers_equal(b, a);
    }
    if (a.is_number_unsigned() && b.is_number_unsigned()) {
        return as_uint(a) == as_uint(b);
    }
    if (a.is_number_unsigned()) {
        return as_int(b) >= 0 && static_cast<std::uint64_t>(as_int(b)) == as_uint(a);
    }
    if (b.is_number_unsigned()) {
        return as_int(a) >= 0 && static_cast<std::uint64_t>(as_int(a)) == as_uint(b);
    }
    return as_int(a) == as_int(b);
}

/// Pairs the members of two objects of the same size by name and calls `visit(x_value, y_value)`
/// for each pair. False when the names differ. Sorted maps line up pairwise; ordered maps usually
/// do too, and the rest is lined up by sorting, so wide reordered objects cost O(n log n).
template <class Object, class Visit>
[[nodiscard]] bool pair_members(const Object& xo, const Object& yo, Visit&& visit) {
    auto xi = xo.begin();
    auto yi = yo.begin();
    for (; xi != xo.end() && xi->first == yi->first; ++xi, ++yi) {
        visit(xi->second, yi->second);
    }
    if (xi == xo.end()) {
        return true;
    }
    if constexpr (!is_ordered_map<Object>::value) {
        return false; // sorted keys that do not line up are different sets
    } else {
        using member = typename Object::value_type;
        std::vector<const member*> xs;
        std::vector<const member*> ys;
        for (; xi != xo.end(); ++xi, ++yi) {
            xs.push_back(&*xi);
            ys.push_back(&*yi);
        }
        const auto by_name = [](const member* l, const member* r) { return l->first < r->first; };
        std::sort(xs.begin(), xs.end(), by_name);
        std::sort(ys.begin(), ys.end(), by_name);
        for (std::size_t i = 0; i < xs.size(); ++i) {
            if (xs[i]->first != ys[i]->first) {
                return false;
            }
            visit(xs[i]->second, ys[i]->second);
        }
        return true;
    }
}

/// RFC 6902 §4.6 equality: same JSON type (all numbers are one type), numbers by value, strings
/// byte-exact (hence code-point exact), arrays element-wise in order, objects by member set
/// regardless of order. Iterative, so any depth is safe.
template <class J>
[[nodiscard]] bool json_equal(const J& a, const J& b) {
    std::vector<std::pair<const J*, const J*>> pending;
    const auto compare_later = [&pending](const J& x, const J& y) { pending.emplace_back(&x, &y); };
    pending.emplace_back(&a, &b);
    while (!pending.empty()) {
        const auto [x, y] = pending.back();
        pending.pop_back();
        if (x->is_number() && y->is_number()) {
            if (!numbers_equal(*x, *y)) {
                return false;
            }
            continue;
        }
        if (x->type() != y->type()) {
            return false;
        }
        switch (x->type()) {
        case J::value_t::object: {
            const auto& xo = x->template get_ref<const typename J::object_t&>();
            const auto& yo = y->template get_ref<const typename J::object_t&>();
            if (xo.size() != yo.size() || !pair_members(xo, yo, compare_later)) {
                return false;
            }
            break;
        }
        case J::value_t::array: {
            const auto& xa = x->template get_ref<const typename J::array_t&>();
            const auto& ya = y->template get_ref<const typename J::array_t&>();
            if (xa.size() != ya.size()) {
                return false;
            }
            for (std::size_t i = 0; i < xa.size(); ++i) {
                pending.emplace_back(&xa[i], &ya[i]);
            }
            break;
        }
        case J::value_t::string:
            if (x->template get_ref<const typename J::string_t&>() !=
                y->template get_ref<const typename J::string_t&>()) {
                return false;
            }
            break;
        case J::value_t::boolean:
            if (x->template get_ref<const typename J::boolean_t&>() !=
                y->template get_ref<const typename J::boolean_t&>()) {
                return false;
            }
            break;
        case J::value_t::binary:
            if (x->template get_ref<const typename J::binary_t&>() !=
                y->template get_ref<const typename J::binary_t&>()) {
                return false;
            }
            break;
        default: // null and discarded carry no payload
            break;
        }
    }
    return true;
}

/// Depth up to which nlohmann's own copy, which recurses once per level, is used; deeper values
/// are copied with an explicit stack. 512 levels of it take well under a megabyte of stack, ASan's
/// larger frames included.
inline constexpr std::size_t recursive_copy_depth = 512;

/// A copy of `value` made with an explicit stack, safe at any depth, in time linear in its size.
/// Each container is built as nlohmann's own container type and moved into its slot whole, which
/// keeps the addresses of its members (map nodes, or a vector's block) and lets nlohmann set the
/// JSON_DIAGNOSTICS parent links.
template <class J>
[[nodiscard]] J copy_iteratively(const J& value) {
    using object_type = typename J::object_t;
    using array_type = typename J::array_t;
    // Scalars are copied as they are met; a container gets a null placeholder, filled in later.
    const auto shell = [](const J& v) { return v.is_structured() ? J() : J(v); };
    J out = shell(value);
    std::vector<std::pair<const J*, J*>> pending;
    if (value.is_structured()) {
        pending.emplace_back(&value, &out);
    }
    while (!pending.empty()) {
        const auto [from, to] = pending.back();
        pending.pop_back();
        if (from->is_object()) {
            const auto& source = from->template get_ref<const object_type&>();
            object_type members;
            if constexpr (is_ordered_map<object_type>::value) {
                members.reserve(source.size());
            }
            for (const auto& member : source) {
                append_member(members, member.first, shell(member.second));
            }
            *to = J(std::move(members));
            auto slot = to->template get_ref<object_type&>().begin();
            for (auto it = source.begin(); it != source.end(); ++it, ++slot) {
                if (it->second.is_structured()) {
                    pending.emplace_back(&it->second, &slot->second);
                }
            }
        } else {
            const auto& source = from->template get_ref<const array_type&>();
            array_type elements;
            elements.reserve(source.size());
            for (const J& element : source) {
                elements.push_back(shell(element));
            }
            *to = J(std::move(elements));
            auto& slots = to->template get_ref<array_type&>();
            for (std::size_t i = 0; i < source.size(); ++i) {
                if (source[i].is_structured()) {
                    pending.emplace_back(&source[i], &slots[i]);
                }
            }
        }
    }
    return out;
}

/// A copy of `value`, which nests at most `depth` levels (as measure() counts them, e.g. after a
/// check of the limits): nlohmann's copy when the stack can take it, else copy_iteratively.
template <class J>
[[nodiscard]] J copy_of_depth(const J& value, std::size_t depth) {
    return depth <= recursive_copy_depth ? J(value) : copy_iteratively(value);
}

/// A copy of `value` that is safe at any depth: the one way library code copies a value whose
/// depth it has not measured (a document, what a patch removed, a member it keeps). nlohmann's
/// copy constructor recurses once per level, and nlohmann's iterative parser accepts any depth.
/// copy_iteratively visits each node once, as nlohmann's copy does, so measuring the depth
/// first to choose the recursive copy would only add a walk.
template <class J>
[[nodiscard]] J deep_copy(const J& value) {
    return value.is_structured() ? copy_iteratively(value) : J(value);
}

/// `value` as a `J`: its to_json (nlohmann's ADL conversion), or deep_copy when it is a J already.
template <class J, class T>
[[nodiscard]] J json_of(const T& value) {
    if constexpr (std::is_same_v<T, J>) {
        return deep_copy(value);
    } else {
        return J(value);
    }
}

// Numbers of the same kind (integral or floating) compare by value; an integral never equals a
// float, because 1 and 1.0 print differently and a diff must reproduce the target byte for byte.
template <class J>
[[nodiscard]] bool same_scalar(const J& x, const J& y) noexcept {
    // get_ptr is the accessor that compiles to a plain load: get_ref also carries a throw path.
    const auto value = [](const J& j, auto tag) -> decltype(auto) {
        return *j.template get_ptr<decltype(tag)>();
    };
    using float_ptr = const typename J::number_float_t*;
    using int_ptr = const typename J::number_integer_t*;
    using uint_ptr = const typename J::number_unsigned_t*;
    if (x.type() == y.type()) { // the common case: one switch, one comparison
        switch (x.type()) {
        case J::value_t::string: {
            using string_ptr = const typename J::string_t*;
            return value(x, string_ptr{}) == value(y, string_ptr{});
        }
        case J::value_t::boolean: {
            using bool_ptr = const typename J::boolean_t*;
            return value(x, bool_ptr{}) == value(y, bool_ptr{});
        }
        case J::value_t::number_integer:
            return value(x, int_ptr{}) == value(y, int_ptr{});
        case J::value_t::number_unsigned:
            return value(x, uint_ptr{}) == value(y, uint_ptr{});
        case J::value_t::number_float: {
            const auto fx = value(x, float_ptr{});
            const auto fy = value(y, float_ptr{});
            // 0.0 and -0.0 print differently; every NaN prints as null, and is itself.
            return (fx == fy && std::signbit(fx) == std::signbit(fy)) ||
                   (std::isnan(fx) && std::isnan(fy));
        }
        case J::value_t::binary: {
            using binary_ptr = const typename J::binary_t*;
            return value(x, binary_ptr{}) == value(y, binary_ptr{});
        }
        default:
            return true; // null, discarded; containers are compared by the caller
        }
    }
    // Of different types, only a signed and an unsigned integer can be equal.
    const J* signed_one = x.is_number_integer() && !x.is_number_unsigned() ? &x : &y;
    const J* unsigned_one = signed_one == &x ? &y : &x;
    if (!signed_one->is_number_integer() || signed_one->is_number_unsigned() ||
        !unsigned_one->is_number_unsigned()) {
        return false;
    }
    const auto s = static_cast<std::int64_t>(value(*signed_one, int_ptr{}));
    return s >= 0 && static_cast<std::uint64_t>(s) ==
                         static_cast<std::uint64_t>(value(*unsigned_one, uint_ptr{}));
}

// json_identical for values of any depth, with an explicit stack.
template <class J>
[[nodiscard]] bool identical_iterative(const J& a, const J& b) {
    std::vector<std::pair<const J*, const J*>> pending;
    pending.emplace_back(&a, &b);
    while (!pending.empty()) {
        const auto [x, y] = pending.back();
        pending.pop_back();
        if (x->is_object() && y->is_object()) {
            const auto& xo = x->template get_ref<const typename J::object_t&>();
            const auto& yo = y->template get_ref<const typename J::object_t&>();
            if (xo.size() != yo.size()) {
                return false;
            }
            auto yi = yo.begin();
            for (auto xi = xo.begin(); xi != xo.end(); ++xi, ++yi) {
                if (xi->first != yi->first) {
                    return false;
                }
                pending.emplace_back(&xi->second, &yi->second);
            }
        } else if (x->is_array() && y->is_array()) {
            const auto& xa = x->template get_ref<const typename J::array_t&>();
            const auto& ya = y->template get_ref<const typename J::array_t&>();
            if (xa.size() != ya.size()) {
                return false;
            }
            for (std::size_t i = 0; i < xa.size(); ++i) {
                pending.emplace_back(&xa[i], &ya[i]);
            }
        } else if (x->is_structured() || y->is_structured() || !same_scalar(*x, *y)) {
            return false;
        }
    }
    return true;
}

/// Levels json_identical compares by plain recursion, which needs no heap; values nested deeper
/// are compared again with an explicit stack. diff compares millions of small values this way.
inline constexpr std::size_t identical_recursion_depth = 48;

// json_identical up to `levels` levels deep; `too_deep` reports a value nested deeper, and then
// the answer (false) means nothing.
template <class J>
[[nodiscard]] bool identical_shallow(const J& x, const J& y, std::size_t levels, bool& too_deep) {
    if (x.is_object() && y.is_object()) {
        const auto& xo = x.template get_ref<const typename J::object_t&>();
        const auto& yo = y.template get_ref<const typename J::object_t&>();
        if (xo.size() != yo.size()) {
            return false;
        }
        if (levels == 0) {
            too_deep = !xo.empty();
            return xo.empty();
        }
        auto yi = yo.begin();
        for (auto xi = xo.begin(); xi != xo.end(); ++xi, ++yi) {
            if (xi->first != yi->first ||
                !identical_shallow(xi->second, yi->second, levels - 1, too_deep)) {
                return false;
            }
        }
        return true;
    }
    if (x.is_array() && y.is_array()) {
        const auto& xa = x.template get_ref<const typename J::array_t&>();
        const auto& ya = y.template get_ref<const typename J::array_t&>();
        if (xa.size() != ya.size()) {
            return false;
        }
        if (levels == 0) {
            too_deep = !xa.empty();
            return xa.empty();
        }
        for (std::size_t i = 0; i < xa.size(); ++i) {
            if (!identical_shallow(xa[i], ya[i], levels - 1, too_deep)) {
                return false;
            }
        }
        return true;
    }
    return !x.is_structured() && !y.is_structured() && same_scalar(x, y);
}

/// True when `a` and `b` would dump() to the same bytes: same values, member names in the same
/// order (sorted for std::map, insertion order for ordered_json) and element order, and an
/// integer never equals a float (1 and 1.0 print differently). NaN is identical to NaN (whatever
/// its bits), never to null, although both print as null. Safe at any depth.
/// diff's element hashing (detail/lcs.hpp) is consistent with it.
template <class J>
[[nodiscard]] bool json_identical(const J& a, const J& b) {
    bool too_deep = false;
    const bool same = identical_shallow(a, b, identical_recursion_depth, too_deep);
    return too_deep ? identical_iterative(a, b) : same;
}

/// The number of nodes of `value` (as measure() counts them) when it is at most `cap`, else some
/// number above `cap`. Stops as soon as the answer is known, so the cost is O(min(nodes, cap)):
/// a wide container is over the cap as soon as its size says so.
template <class J>
[[nodiscard]] std::size_t count_nodes_up_to(const J& value, std::size_t cap) {
    if (!value.is_structured()) {
        return 1;
    }
    if (value.size() >= cap) { // the container and its children: more than cap
        return value.size() + 1;
    }
    return measure(value, std::numeric_limits<std::size_t>::max(), cap).nodes;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_JSON_WALK_HPP
