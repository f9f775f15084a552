// SPDX-License-Identifier: MIT
/// \file
/// member_reader: reads a JSON object into typed fields, reporting the first problem with the
/// offending member's pointer, for from_json functions whose errors must say where.
#ifndef JSONPATCH_MEMBER_READER_HPP
#define JSONPATCH_MEMBER_READER_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/result.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jsonpatch {
namespace detail {

template <class T> struct is_std_vector : std::false_type {};
template <class V, class A> struct is_std_vector<std::vector<V, A>> : std::true_type {};
template <class T> struct is_std_optional : std::false_type {};
template <class V> struct is_std_optional<std::optional<V>> : std::true_type {};
template <class T> struct is_string_map : std::false_type {};
template <class V, class C, class A>
struct is_string_map<std::map<std::string, V, C, A>> : std::true_type {};

// The integer types member_reader reads: every standard one but bool and the character types.
template <class T>
inline constexpr bool is_reader_integer_v =
    std::is_integral_v<T> && !std::is_same_v<T, bool> && !std::is_same_v<T, char> &&
    !std::is_same_v<T, wchar_t> && !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t> &&
    !std::is_same_v<T, std::remove_cv_t<decltype(u8'a')>>; // char8_t in C++20

// `value` as an integer of type I, when it is a number that I holds exactly: an integer in
// range, or a floating-point number with a whole value in range (1.0 is 1; 1.5 and 1e30 are not).
template <class I, class J> [[nodiscard]] std::optional<I> integer_of(const J& value) {
    std::int64_t signed_value = 0;
    std::uint64_t unsigned_value = 0;
    bool negative = false;
    if (value.is_number_unsigned()) {
        unsigned_value = value.template get<std::uint64_t>();
    } else if (value.is_number_integer()) {
        signed_value = value.template get<std::int64_t>();
        negative = signed_value < 0;
        unsigned_value = static_cast<std::uint64_t>(signed_value);
    } else if (value.is_number_float()) {
        const auto f = value.template get<double>();
        negative = f < 0;
        if (!is_whole_in_64_bits(f, negative)) {
            return std::nullopt;
        }
        signed_value = negative ? static_cast<std::int64_t>(f) : 0;
        unsigned_value =
            negative ? static_cast<std::uint64_t>(signed_value) : static_cast<std::uint64_t>(f);
    } else {
        return std::nullopt;
    }
    if (negative) {
        if constexpr (std::is_signed_v<I>) {
            if (signed_value >= static_cast<std::int64_t>(std::numeric_limits<I>::min())) {
                return static_cast<I>(signed_value);
            }
        }
        return std::nullopt;
    }
    if (unsigned_value <= static_cast<std::uint64_t>(std::numeric_limits<I>::max())) {
        return static_cast<I>(unsigned_value);
    }
    return std::nullopt;
}

} // namespace detail

/// Reads the members of one JSON object (of any basic_json type `J`) into typed fields, in the
/// order of the calls, and stops at the first problem, which it keeps with the member's pointer:
/// errc::missing_field, errc::wrong_type, or what an `expect` says. Fields may be
/// - std::string, bool;
/// - any integer type but bool and the character types (int, long, long long, short, the
///   unsigned types, std::int64_t ...): a JSON number that the type holds exactly, range-checked
///   (1.0 reads as 1; -1 into an unsigned, 1.5 or 3000000000 into an int are errc::wrong_type);
/// - double, float: any finite JSON number within range;
/// - the document type J itself (kept verbatim);
/// - std::vector<V>, std::map<std::string, V> and std::optional<V> of any of these, nested at will
///   (an error names the element or key: "/tags/2", "/limits/daily"; null gives nullopt);
/// - nested objects read by a callable (`object`).
/// Calls after a failure do nothing, so a whole reading reads as one chain:
///
///     member_reader<nlohmann::json> read(doc);
///     read.required("id", t.id).optional("tags", t.tags).others(t.unknown_members);
///     if (!read.ok()) { return read.error(); }
template <class J> class member_reader {
  public:
    /// Reads `object`, found at pointer text `at` ("" for a whole document); a value that is not
    /// an object fails at once (errc::wrong_type at `at`).
    explicit member_reader(const J& object, std::string at = {})
        : object_(object), at_(std::move(at)) {
        if (!object.is_object()) {
            fail(errc::wrong_type, at_, "must be a JSON object");
        }
    }
    /// Deleted: the reader reads the object in place, so a temporary would be gone before the
    /// first call (keep the document in a variable).
    member_reader(const J&& object, std::string at = {}) = delete;

    /// A member that must be there. For std::optional fields, null gives nullopt.
    template <class V> member_reader& required(std::string_view name, V& out) {
        if (const J* value = find(name)) {
            read(*value, where(name), out);
        } else if (ok()) {
            fail(errc::missing_field, where(name), "required member is missing");
        }
        return *this;
    }
    /// A member that may be missing (then `out` keeps its value); for std::optional fields null
    /// gives nullopt, for others null is the wrong type.
    template <class V> member_reader& optional(std::string_view name, V& out) {
        if (const J* value = find(name)) {
            read(*value, where(name), out);
        }
        return *this;
    }
    /// A member that must be an object, read by `read_members(member_reader<J>&)`.
    template <class Read> member_reader& object(std::string_view name, Read&& read_members) {
        const J* value = find(name);
        if (!ok()) {
            return *this;
        }
        if (value == nullptr) {
            fail(errc::missing_field, where(name), "required member is missing");
            return *this;
        }
        member_reader nested(*value, where(name));
        if (nested.ok()) {
            read_members(nested);
        }
        if (!nested.ok()) {
            error_ = std::move(nested.error_);
        }
        return *this;
    }
    /// A condition on what was read last: when it does not hold, the reading fails with `code`
    /// and `message` at that member.
    member_reader& expect(bool holds, errc code, std::string_view message) {
        if (ok() && !holds) {
            fail(code, where(last_), std::string(message));
        }
        return *this;
    }
    /// Copies the members not named by any call so far into `out` (an object), kept verbatim.
    member_reader& others(J& out) {
        if (!ok()) {
            return *this;
        }
        out = J::object();
        for (const auto& [name, value] : object_.template get_ref<const typename J::object_t&>()) {
            bool known = false;
            for (const std::string& seen : seen_) {
                known = known || seen == name;
            }
            if (!known) {
                out[name] = detail::deep_copy(value); // unknown members may be deep
            }
        }
        return *this;
    }

    /// True while every member read so far was as expected.
    [[nodiscard]] bool ok() const noexcept { return !error_.has_value(); }
    /// ok().
    [[nodiscard]] explicit operator bool() const noexcept { return ok(); }
    /// The first problem; only valid when !ok().
    [[nodiscard]] const jsonpatch::error& error() const& noexcept { return *error_; }
    /// The first problem, moved out of a temporary reader; only valid when !ok().
    [[nodiscard]] jsonpatch::error error() && { return std::move(*error_); }

  private:
    const J* find(std::string_view name) {
        last_.assign(name);
        seen_.emplace_back(name);
        if (!ok()) {
            return nullptr;
        }
        const auto& members = object_.template get_ref<const typename J::object_t&>();
        const auto it = detail::find_member(members, name);
        return it == members.end() ? nullptr : &it->second;
    }

    std::string where(std::string_view name) const { return at_ + "/" + pointer::escape(name); }

    void fail(errc code, const std::string& where, std::string message) {
        jsonpatch::error e;
        e.code = code;
        e.path = detail::clip(where);
        e.message = std::move(message);
        error_ = std::move(e);
    }

    // One value of any supported type, at pointer text `where`. Recursion follows the C++ type
    // (vector<map<string, V>> ...), never the document's depth.
    template <class V> void read(const J& value, const std::string& where, V& out) {
        if constexpr (std::is_same_v<V, std::string>) {
            if (!value.is_string()) {
                return fail(errc::wrong_type, where, "member must be a string");
            }
            out = value.template get_ref<const std::string&>();
        } else if constexpr (std::is_same_v<V, bool>) {
            if (!value.is_boolean()) {
                return fail(errc::wrong_type, where, "member must be a boolean");
            }
            out = value.template get<bool>();
        } else if constexpr (detail::is_reader_integer_v<V>) {
            const std::optional<V> number = detail::integer_of<V>(value);
            if (!number) {
                return fail(errc::wrong_type, where,
                            "member must be an integer from " +
                                std::to_string(std::numeric_limits<V>::min()) + " to " +
                                std::to_string(std::numeric_limits<V>::max()));
            }
            out = *number;
        } else if constexpr (std::is_floating_point_v<V>) {
            if (!value.is_number()) {
                return fail(errc::wrong_type, where, "member must be a number");
            }
            // Through long double, so a float member can be range-checked before narrowing.
            const auto number = value.template get<long double>();
            if (!std::isfinite(number) ||
                std::fabs(number) > static_cast<long double>(std::numeric_limits<V>::max())) {
                return fail(errc::wrong_type, where, "member must be a finite number in range");
            }
            out = static_cast<V>(number);
        } else if constexpr (detail::is_std_vector<V>::value) {
            read_array(value, where, out);
        } else if constexpr (detail::is_string_map<V>::value) {
            read_map(value, where, out);
        } else if constexpr (detail::is_std_optional<V>::value) {
            if (value.is_null()) {
                out.reset();
                return;
            }
            typename V::value_type inner{};
            read(value, where, inner);
            out = std::move(inner);
        } else if constexpr (std::is_same_v<V, J>) {
            out = detail::deep_copy(value); // a value kept verbatim may be deep
        } else {
            static_assert(detail::is_std_vector<V>::value,
                          "jsonpatch::member_reader reads std::string, bool, integers, floating "
                          "point numbers, the document type itself, and std::vector, "
                          "std::map<std::string, V> and std::optional of those; read other types "
                          "with object(name, f) or a from_json of their own");
        }
    }

    template <class V>
    void read_array(const J& value, const std::string& where, std::vector<V>& out) {
        if (!value.is_array()) {
            return fail(errc::wrong_type, where, "member must be an array");
        }
        const auto& items = value.template get_ref<const typename J::array_t&>();
        std::vector<V> read_items;
        read_items.reserve(items.size());
        for (std::size_t i = 0; i < items.size() && ok(); ++i) {
            read(items[i], where + "/" + std::to_string(i), read_items.emplace_back());
        }
        if (ok()) {
            out = std::move(read_items);
        }
    }

    template <class Map> void read_map(const J& value, const std::string& where, Map& out) {
        if (!value.is_object()) {
            return fail(errc::wrong_type, where, "member must be an object");
        }
        Map read_members;
        for (const auto& [name, member] : value.template get_ref<const typename J::object_t&>()) {
            typename Map::mapped_type item{};
            read(member, where + "/" + pointer::escape(name), item);
            if (!ok()) {
                return;
            }
            read_members.emplace(name, std::move(item));
        }
        out = std::move(read_members);
    }

    const J& object_;
    std::string at_;
    // Copies of the names asked for: a caller may pass a temporary std::string.
    std::string last_;
    std::vector<std::string> seen_;
    std::optional<jsonpatch::error> error_;
};

} // namespace jsonpatch

#endif // JSONPATCH_MEMBER_READER_HPP
