// SPDX-License-Identifier: MIT
// Iterative measurements and comparison of JSON values, so deep values never exhaust the stack.
#ifndef JSONPATCH_DETAIL_JSON_WALK_HPP
#define JSONPATCH_DETAIL_JSON_WALK_HPP

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
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

[[nodiscard]] inline value_shape measure(const nlohmann::json& value, std::size_t max_depth,
                                         std::size_t max_nodes) {
    value_shape shape;
    if (!value.is_structured()) {
        return {1, 1, 0};
    }
    std::vector<std::pair<const nlohmann::json*, std::size_t>> pending;
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
            for (const auto& member : node->get_ref<const nlohmann::json::object_t&>()) {
                pending.emplace_back(&member.second, depth + 1);
            }
        } else if (node->is_array()) {
            const auto& elements = node->get_ref<const nlohmann::json::array_t&>();
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

/// Numbers compare by mathematical value, exactly: 1 == 1.0 and 2^53+1 != 2^53 as a double.
[[nodiscard]] inline bool numbers_equal(const nlohmann::json& a, const nlohmann::json& b) noexcept {
    using json = nlohmann::json;
    const auto as_int = [](const json& j) { return j.get_ref<const json::number_integer_t&>(); };
    const auto as_uint = [](const json& j) { return j.get_ref<const json::number_unsigned_t&>(); };
    const auto as_float = [](const json& j) { return j.get_ref<const json::number_float_t&>(); };
    const auto int_equals_float = [](std::int64_t i, double f) {
        // Compare in the integer domain: a double cast of a large int64 would round.
        return std::trunc(f) == f && f >= -9223372036854775808.0 && f < 9223372036854775808.0 &&
               static_cast<std::int64_t>(f) == i;
    };
    const auto uint_equals_float = [](std::uint64_t u, double f) {
        return std::trunc(f) == f && f >= 0.0 && f < 18446744073709551616.0 &&
               static_cast<std::uint64_t>(f) == u;
    };
    if (a.is_number_float() && b.is_number_float()) {
        return as_float(a) == as_float(b);
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

/// RFC 6902 §4.6 equality: same JSON type (all numbers are one type), numbers by value, strings
/// byte-exact (hence code-point exact), arrays element-wise in order, objects by member set
/// regardless of order. Iterative, so any depth is safe.
[[nodiscard]] inline bool json_equal(const nlohmann::json& a, const nlohmann::json& b) {
    using json = nlohmann::json;
    std::vector<std::pair<const json*, const json*>> pending;
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
        case json::value_t::object: {
            const auto& xo = x->get_ref<const json::object_t&>();
            const auto& yo = y->get_ref<const json::object_t&>();
            if (xo.size() != yo.size()) {
                return false;
            }
            // Both maps are sorted by key, so equal key sets line up pairwise.
            auto yi = yo.begin();
            for (auto xi = xo.begin(); xi != xo.end(); ++xi, ++yi) {
                if (xi->first != yi->first) {
                    return false;
                }
                pending.emplace_back(&xi->second, &yi->second);
            }
            break;
        }
        case json::value_t::array: {
            const auto& xa = x->get_ref<const json::array_t&>();
            const auto& ya = y->get_ref<const json::array_t&>();
            if (xa.size() != ya.size()) {
                return false;
            }
            for (std::size_t i = 0; i < xa.size(); ++i) {
                pending.emplace_back(&xa[i], &ya[i]);
            }
            break;
        }
        case json::value_t::string:
            if (x->get_ref<const json::string_t&>() != y->get_ref<const json::string_t&>()) {
                return false;
            }
            break;
        case json::value_t::boolean:
            if (x->get_ref<const json::boolean_t&>() != y->get_ref<const json::boolean_t&>()) {
                return false;
            }
            break;
        case json::value_t::binary:
            if (x->get_ref<const json::binary_t&>() != y->get_ref<const json::binary_t&>()) {
                return false;
            }
            break;
        default: // null and discarded carry no payload
            break;
        }
    }
    return true;
}

/// Depth up to which nlohmann's own (recursive) copy is used; deeper values are copied with an
/// explicit stack. 512 levels of nlohmann's copy take well under a megabyte of stack.
inline constexpr std::size_t recursive_copy_depth = 512;

/// A copy of `value` that is safe at any depth. nlohmann's copy constructor recurses once per
/// level, so copying a caller's document (which nlohmann's iterative parser accepts at any
/// depth) could exhaust the stack; shallow values still take nlohmann's faster copy.
[[nodiscard]] inline nlohmann::json deep_copy(const nlohmann::json& value) {
    using json = nlohmann::json;
    if (!value.is_structured() ||
        measure(value, recursive_copy_depth, static_cast<std::size_t>(-1)).depth <= recursive_copy_depth) {
        return value;
    }
    // Containers are created empty and filled later, through the public API so that
    // JSON_DIAGNOSTICS parent links stay right; map nodes and reserved vectors keep addresses.
    const auto shell = [](const json& v) -> json {
        if (v.is_object()) {
            return json::object();
        }
        if (v.is_array()) {
            return json::array();
        }
        return v;
    };
    json out = shell(value);
    std::vector<std::pair<const json*, json*>> pending;
    pending.emplace_back(&value, &out);
    while (!pending.empty()) {
        const auto [from, to] = pending.back();
        pending.pop_back();
        if (from->is_object()) {
            for (const auto& member : from->get_ref<const json::object_t&>()) {
                json& slot = (*to)[member.first];
                slot = shell(member.second);
                if (member.second.is_structured()) {
                    pending.emplace_back(&member.second, &slot);
                }
            }
            continue;
        }
        const auto& elements = from->get_ref<const json::array_t&>();
        to->get_ref<json::array_t&>().reserve(elements.size());
        for (const auto& element : elements) {
            to->push_back(shell(element));
            if (element.is_structured()) {
                pending.emplace_back(&element, &to->back());
            }
        }
    }
    return out;
}

// Numbers of the same kind (integral or floating) compare by value; an integral never equals a
// float, because 1 and 1.0 print differently and a diff must reproduce the target byte for byte.
[[nodiscard]] inline bool same_scalar(const nlohmann::json& x, const nlohmann::json& y) noexcept {
    using json = nlohmann::json;
    if (x.is_number_float() || y.is_number_float()) {
        if (!x.is_number_float() || !y.is_number_float()) {
            return false;
        }
        const double fx = x.get_ref<const json::number_float_t&>();
        const double fy = y.get_ref<const json::number_float_t&>();
        return fx == fy && std::signbit(fx) == std::signbit(fy);
    }
    if (x.is_number() && y.is_number()) {
        const bool x_negative = x.is_number_integer() && !x.is_number_unsigned() &&
                                x.get_ref<const json::number_integer_t&>() < 0;
        const bool y_negative = y.is_number_integer() && !y.is_number_unsigned() &&
                                y.get_ref<const json::number_integer_t&>() < 0;
        if (x_negative || y_negative) {
            return x_negative && y_negative &&
                   x.get_ref<const json::number_integer_t&>() ==
                       y.get_ref<const json::number_integer_t&>();
        }
        return x.get<std::uint64_t>() == y.get<std::uint64_t>();
    }
    if (x.type() != y.type()) {
        return false;
    }
    switch (x.type()) {
    case json::value_t::string:
        return x.get_ref<const json::string_t&>() == y.get_ref<const json::string_t&>();
    case json::value_t::boolean:
        return x.get_ref<const json::boolean_t&>() == y.get_ref<const json::boolean_t&>();
    case json::value_t::binary:
        return x.get_ref<const json::binary_t&>() == y.get_ref<const json::binary_t&>();
    default:
        return true; // null, discarded; containers are compared by the caller
    }
}

/// True when `a` and `b` would dump() to the same bytes: same values, member names and element
/// order, and an integer never equals a float (1 and 1.0 print differently). Iterative, so any
/// depth is safe. diff's element hashing (detail/lcs.hpp) is consistent with it.
[[nodiscard]] inline bool json_identical(const nlohmann::json& a, const nlohmann::json& b) {
    using json = nlohmann::json;
    std::vector<std::pair<const json*, const json*>> pending;
    pending.emplace_back(&a, &b);
    while (!pending.empty()) {
        const auto [x, y] = pending.back();
        pending.pop_back();
        if (x->is_object() && y->is_object()) {
            const auto& xo = x->get_ref<const json::object_t&>();
            const auto& yo = y->get_ref<const json::object_t&>();
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
            const auto& xa = x->get_ref<const json::array_t&>();
            const auto& ya = y->get_ref<const json::array_t&>();
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

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_JSON_WALK_HPP
