// SPDX-License-Identifier: MIT
/// \file
/// RFC 6902 patch documents as values: the six operations and the patch that sequences them.
#ifndef JSONPATCH_OPERATION_HPP
#define JSONPATCH_OPERATION_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/pointer.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jsonpatch {

/// The six operations of RFC 6902 §4.
enum class op_kind : unsigned char {
    add,     ///< RFC 6902 §4.1
    remove,  ///< RFC 6902 §4.2
    replace, ///< RFC 6902 §4.3
    move,    ///< RFC 6902 §4.4
    copy,    ///< RFC 6902 §4.5
    test,    ///< RFC 6902 §4.6
};

/// The operation's name as spelled in a patch document ("add", "remove", ...).
[[nodiscard]] constexpr std::string_view to_string(op_kind op) noexcept {
    switch (op) {
    case op_kind::add: return "add";
    case op_kind::remove: return "remove";
    case op_kind::replace: return "replace";
    case op_kind::move: return "move";
    case op_kind::copy: return "copy";
    case op_kind::test: return "test";
    }
    return "";
}

/// The op_kind spelled exactly `name` (RFC 6902 names are case-sensitive), or nothing.
[[nodiscard]] constexpr std::optional<op_kind> op_kind_from_string(std::string_view name) noexcept {
    for (const op_kind op : {op_kind::add, op_kind::remove, op_kind::replace, op_kind::move,
                             op_kind::copy, op_kind::test}) {
        if (to_string(op) == name) {
            return op;
        }
    }
    return std::nullopt;
}

/// True for the operations that carry "from" (move, copy).
[[nodiscard]] constexpr bool has_from(op_kind op) noexcept {
    return op == op_kind::move || op == op_kind::copy;
}
/// True for the operations that carry "value" (add, replace, test).
[[nodiscard]] constexpr bool has_value(op_kind op) noexcept {
    return op == op_kind::add || op == op_kind::replace || op == op_kind::test;
}

/// One parsed operation on documents of type `J` (any nlohmann::basic_json). `from` is meaningful
/// only for move and copy, `value` only for add, replace and test.
template <class J>
struct basic_operation {
    static_assert(is_basic_json_v<J>, "jsonpatch::basic_operation<J>: J must be an "
                                      "nlohmann::basic_json specialisation");
    /// The document type.
    using json_type = J;

    /// Which of the six operations.
    op_kind op = op_kind::test;
    /// The target location ("path").
    pointer path;
    /// The source location ("from"); meaningful only for move and copy.
    pointer from;
    /// The "value"; meaningful only for add, replace and test.
    J value;

    /// The operation as a JSON object, with only the members its op defines. The value is copied
    /// without recursion, so a value of any depth is safe here (dump() recurses in nlohmann).
    [[nodiscard]] J to_json() const {
        J out = J::object();
        out["op"] = std::string(jsonpatch::to_string(op));
        if (has_from(op)) {
            out["from"] = from.to_string();
        }
        out["path"] = path.to_string();
        if (has_value(op)) {
            out["value"] = detail::deep_copy(value);
        }
        return out;
    }

    /// `J j = op;` (nlohmann's ADL conversion). Only to J itself: converting to another
    /// basic_json type does not compile.
    friend void to_json(J& out, const basic_operation& source) { out = source.to_json(); }
    /// Converting to another basic_json type does not compile: the static_assert says why.
    template <class Other,
              std::enable_if_t<is_basic_json_v<Other> && !std::is_same_v<Other, J>, int> = 0>
    friend void to_json(Other& /*out*/, const basic_operation& /*source*/) {
        static_assert(std::is_same_v<Other, J>,
                      "jsonpatch: a basic_operation<J> converts only to its own JSON type J; "
                      "jsonpatch never converts between JSON types (an ordered_json would lose its "
                      "member order): parse the patch as the type you need");
    }
};

/// A parsed patch document (RFC 6902 §3) for documents of type `J`: operations applied in order.
/// Build one with parse_patch, or programmatically with the op-named members. Values are of the
/// document's own type, so an nlohmann::ordered_json patch keeps the member order of its values.
template <class J>
class basic_patch {
    static_assert(is_basic_json_v<J>, "jsonpatch::basic_patch<J>: J must be an "
                                      "nlohmann::basic_json specialisation");

  public:
    /// The document type.
    using json_type = J;
    /// The type of one operation.
    using operation_type = basic_operation<J>;
    /// Iterates over the operations in order.
    using const_iterator = typename std::vector<operation_type>::const_iterator;

    /// An empty patch (which changes nothing).
    basic_patch() = default;
    /// A patch of `operations`, in order. They are not vetted here: apply checks limits and policy.
    explicit basic_patch(std::vector<operation_type> operations)
        : operations_(std::move(operations)) {}

    /// Number of operations.
    [[nodiscard]] std::size_t size() const noexcept { return operations_.size(); }
    /// True when there is no operation.
    [[nodiscard]] bool empty() const noexcept { return operations_.empty(); }
    /// Operation `i` (i < size()).
    [[nodiscard]] const operation_type& operator[](std::size_t i) const noexcept {
        return operations_[i];
    }
    /// The first operation.
    [[nodiscard]] const_iterator begin() const noexcept { return operations_.begin(); }
    /// Past the last operation.
    [[nodiscard]] const_iterator end() const noexcept { return operations_.end(); }
    /// All operations, in order.
    [[nodiscard]] const std::vector<operation_type>& operations() const noexcept {
        return operations_;
    }

    /// Appends an operation.
    void push_back(operation_type op) { operations_.push_back(std::move(op)); }
    /// Reserves room for `n` operations.
    void reserve(std::size_t n) { operations_.reserve(n); }

    /// Appends an add of `value` at `path` (RFC 6902 §4.1); returns *this for chaining.
    basic_patch& add(pointer path, J value) {
        return push(op_kind::add, std::move(path), {}, std::move(value));
    }
    /// Appends a remove of `path` (RFC 6902 §4.2).
    basic_patch& remove(pointer path) { return push(op_kind::remove, std::move(path), {}, {}); }
    /// Appends a replace of `path` with `value` (RFC 6902 §4.3).
    basic_patch& replace(pointer path, J value) {
        return push(op_kind::replace, std::move(path), {}, std::move(value));
    }
    /// Appends a move from `from` to `path` (RFC 6902 §4.4).
    basic_patch& move(pointer from, pointer path) {
        return push(op_kind::move, std::move(path), std::move(from), {});
    }
    /// Appends a copy from `from` to `path` (RFC 6902 §4.5).
    basic_patch& copy(pointer from, pointer path) {
        return push(op_kind::copy, std::move(path), std::move(from), {});
    }
    /// Appends a test that `path` holds `value` (RFC 6902 §4.6).
    basic_patch& test(pointer path, J value) {
        return push(op_kind::test, std::move(path), {}, std::move(value));
    }

    /// The patch as an RFC 6902 JSON document.
    [[nodiscard]] J to_json() const {
        J out = J::array();
        for (const operation_type& op : operations_) {
            out.push_back(op.to_json());
        }
        return out;
    }

    /// `J j = patch;` (nlohmann's ADL conversion). Only to J itself: converting to another
    /// basic_json type does not compile. The other way, `j.get<basic_patch<J>>()`, is in
    /// <jsonpatch/parse.hpp>.
    friend void to_json(J& out, const basic_patch& p) { out = p.to_json(); }
    /// Converting to another basic_json type does not compile: the static_assert says why.
    template <class Other,
              std::enable_if_t<is_basic_json_v<Other> && !std::is_same_v<Other, J>, int> = 0>
    friend void to_json(Other& /*out*/, const basic_patch& /*p*/) {
        static_assert(std::is_same_v<Other, J>,
                      "jsonpatch: a basic_patch<J> converts only to its own JSON type J; "
                      "jsonpatch never converts between JSON types (an ordered_json would lose its "
                      "member order): parse the patch as the type you need");
    }

  private:
    basic_patch& push(op_kind kind, pointer path, pointer from, J value) {
        operations_.push_back(
            operation_type{kind, std::move(path), std::move(from), std::move(value)});
        return *this;
    }

    std::vector<operation_type> operations_;
};

/// An operation on nlohmann::json documents.
using operation = basic_operation<nlohmann::json>;
/// A patch for nlohmann::json documents.
using patch = basic_patch<nlohmann::json>;
/// A patch for nlohmann::ordered_json documents: values keep their member order.
using ordered_patch = basic_patch<nlohmann::ordered_json>;

} // namespace jsonpatch

#endif // JSONPATCH_OPERATION_HPP
