// SPDX-License-Identifier: MIT
// The operation the engine is performing, and the errors that name it: where a pointer stopped
// resolving and why, in the words every apply error uses.
#ifndef JSONPATCH_DETAIL_OPERATION_REPORT_HPP
#define JSONPATCH_DETAIL_OPERATION_REPORT_HPP

#include <jsonpatch/detail/counted.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/detail/utf8.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace jsonpatch::detail {

// "null", "an object", ...: what a value is, for messages.
template <class J>
[[nodiscard]] const char* type_phrase(const J& j) noexcept {
    switch (j.type()) {
    case J::value_t::null:
        return "null";
    case J::value_t::boolean:
        return "a boolean";
    case J::value_t::string:
        return "a string";
    case J::value_t::binary:
        return "binary";
    case J::value_t::object:
        return "an object";
    case J::value_t::array:
        return "an array";
    default:
        return "a number";
    }
}

// "'/a/b'", or "the document root" for "", for use in messages.
[[nodiscard]] inline std::string location(std::string_view pointer_text) {
    if (pointer_text.empty()) {
        return "the document root";
    }
    // Appended rather than `"'" + clip(...)`: g++ 12 at -O3 reports a false -Wrestrict overlap in
    // operator+(const char*, std::string&&) once this is inlined (GCC bug 105651).
    std::string out(1, '\'');
    out += clip(pointer_text);
    out += '\'';
    return out;
}

/// The operation under way: every error the engine reports carries its index and pointers.
struct operation_report {
    op_kind kind = op_kind::test;
    std::string_view path;
    std::string_view from;
    std::size_t index = 0;

    [[nodiscard]] jsonpatch::error fail(errc code, member which, std::string message) const {
        jsonpatch::error e;
        e.code = code;
        e.op_index = index;
        e.concerns = which;
        e.path = clip(path);
        if (has_from(kind)) {
            e.from = clip(from);
        }
        e.message = std::move(message);
        return e;
    }

    // Token `i` of `where` names no member of the object it was looked up in.
    [[nodiscard]] jsonpatch::error missing_member(const pointer_view& where, std::size_t i,
                                                  member which) const {
        return fail(which == member::from ? errc::from_not_found : errc::path_not_found, which,
                    "no member '" + clip(where.token(i), 64) + "' in " +
                        location(where.prefix_text(i)));
    }

    // A remove (or a move's source, `which`) of the whole document (RFC 6902 §4.2).
    [[nodiscard]] jsonpatch::error root_not_removable(member which) const {
        return fail(errc::root_not_removable, which, "the whole document cannot be removed");
    }

    // A move whose "from" is a proper prefix of its "path" (RFC 6902 §4.4).
    [[nodiscard]] jsonpatch::error move_into_descendant() const {
        return fail(errc::move_into_descendant, member::from,
                    "cannot move a value into one of its own children");
    }

    // The value at the first `i` tokens of `where` cannot hold members or elements.
    template <class J>
    [[nodiscard]] jsonpatch::error not_container(const pointer_view& where, std::size_t i,
                                                 const J& node, member which) const {
        return fail(errc::not_a_container, which,
                    location(where.prefix_text(i)) + " is " + type_phrase(node) +
                        ", not an object or array");
    }
};

// Turns array reference token `i` of `where` into a position in an array of `size` elements, or
// the error saying why it names none. `for_insert` admits `size` (and '-'); `allow_negative`
// admits -N, counted from the end (apply_options::allow_negative_array_index).
[[nodiscard]] inline std::optional<jsonpatch::error>
array_position(const operation_report& report, std::size_t size, const pointer_view& where,
               std::size_t i, bool for_insert, bool allow_negative, member which,
               std::size_t& position) {
    const array_ref ref = where.array_index(i);
    const auto out_of_range = [&]() {
        return report.fail(errc::array_index_out_of_range, which,
                           "index '" + clip(where.token(i), 32) + "' in " +
                               location(where.prefix_text(i)) +
                               " is out of range for an array of " + counted(size, "element"));
    };
    switch (ref.kind) {
    case array_token::index:
        if (for_insert ? ref.value > size : ref.value >= size) {
            return out_of_range();
        }
        position = ref.value;
        return std::nullopt;
    case array_token::end:
        if (!for_insert) {
            return out_of_range(); // RFC 6901 §4: '-' names a nonexistent element
        }
        position = size;
        return std::nullopt;
    case array_token::too_large:
        return out_of_range();
    case array_token::negative:
        if (allow_negative) {
            if (ref.value > size) {
                return out_of_range();
            }
            position = size - ref.value;
            return std::nullopt;
        }
        break;
    case array_token::not_an_index:
        break;
    }
    return report.fail(errc::invalid_array_index, which,
                       "'" + clip(where.token(i), 32) + "' in " + location(where.prefix_text(i)) +
                           " is not an array index");
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_OPERATION_REPORT_HPP
