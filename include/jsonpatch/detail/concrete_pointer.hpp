// SPDX-License-Identifier: MIT
// What a pointer with negative array indices (allow_negative_array_index) means in a document now.
#ifndef JSONPATCH_DETAIL_CONCRETE_POINTER_HPP
#define JSONPATCH_DETAIL_CONCRETE_POINTER_HPP

#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/pointer.hpp>

#include <cstddef>

namespace jsonpatch::detail {

/// True when some token of `where` is "-N", which allow_negative_array_index reads as an index
/// counted from the end of an array. O(depth).
[[nodiscard]] inline bool has_negative_token(const pointer_view& where) noexcept {
    for (std::size_t i = 0; i < where.size(); ++i) {
        if (where.array_index(i).kind == array_token::negative) {
            return true;
        }
    }
    return false;
}

/// The first `count` tokens of `where` as the engine reads them in `doc` as it is now: with
/// `allow_negative` (apply_options::allow_negative_array_index), a "-N" token that meets an array
/// of N or more elements becomes the index size - N; every other token is kept, including "-N" as
/// an object member name, where it is no index. Tokens past the point where the pointer leaves
/// the document are kept as they are. The policy check of such an operation and the inverse
/// patch use this reading, so that they name the very element the engine changed.
template <class Json>
[[nodiscard]] pointer concrete_prefix(const Json& doc, const pointer_view& where, std::size_t count,
                                      bool allow_negative) {
    pointer out;
    const Json* node = &doc;
    for (std::size_t i = 0; i < count; ++i) {
        const array_ref ref = where.array_index(i);
        if (allow_negative && node != nullptr && node->is_array() &&
            ref.kind == array_token::negative &&
            ref.value <= node->size()) {
            const std::size_t index = node->size() - ref.value;
            out.push_back(index);
            node = index < node->size() ? &(*node)[index] : nullptr;
            continue;
        }
        out.push_back(where.token(i));
        node = node != nullptr ? step(*node, where.token(i), ref) : nullptr;
    }
    return out;
}

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_CONCRETE_POINTER_HPP
