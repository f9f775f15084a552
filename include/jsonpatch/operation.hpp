// SPDX-License-Identifier: MIT
// RFC 6902 patch documents as values: the six operations and the patch that sequences them.
#ifndef JSONPATCH_OPERATION_HPP
#define JSONPATCH_OPERATION_HPP

#include <jsonpatch/pointer.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch {

/// The six operations of RFC 6902 §4.
enum class op_kind : unsigned char { add, remove, replace, move, copy, test };

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

/// One parsed operation. `from` is meaningful only for move and copy, `value` only for add,
/// replace and test.
struct operation {
    op_kind op = op_kind::test;
    pointer path;
    pointer from;
    nlohmann::json value;

    /// The operation as a JSON object, with only the members its op defines.
    [[nodiscard]] nlohmann::json to_json() const {
        nlohmann::json out = nlohmann::json::object();
        out["op"] = std::string(jsonpatch::to_string(op));
        if (has_from(op)) {
            out["from"] = from.to_string();
        }
        out["path"] = path.to_string();
        if (has_value(op)) {
            out["value"] = value;
        }
        return out;
    }
};

/// A parsed patch document (RFC 6902 §3): operations applied in order.
/// Build one with parse_patch, or programmatically with the op-named members.
class patch {
  public:
    using const_iterator = std::vector<operation>::const_iterator;

    patch() = default;
    explicit patch(std::vector<operation> operations) : operations_(std::move(operations)) {}

    [[nodiscard]] std::size_t size() const noexcept { return operations_.size(); }
    [[nodiscard]] bool empty() const noexcept { return operations_.empty(); }
    [[nodiscard]] const operation& operator[](std::size_t i) const noexcept { return operations_[i]; }
    [[nodiscard]] const_iterator begin() const noexcept { return operations_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return operations_.end(); }
    [[nodiscard]] const std::vector<operation>& operations() const noexcept { return operations_; }

    void push_back(operation op) { operations_.push_back(std::move(op)); }
    void reserve(std::size_t n) { operations_.reserve(n); }

    patch& add(pointer path, nlohmann::json value) {
        return push(op_kind::add, std::move(path), {}, std::move(value));
    }
    patch& remove(pointer path) { return push(op_kind::remove, std::move(path), {}, {}); }
    patch& replace(pointer path, nlohmann::json value) {
        return push(op_kind::replace, std::move(path), {}, std::move(value));
    }
    patch& move(pointer from, pointer path) {
        return push(op_kind::move, std::move(path), std::move(from), {});
    }
    patch& copy(pointer from, pointer path) {
        return push(op_kind::copy, std::move(path), std::move(from), {});
    }
    patch& test(pointer path, nlohmann::json value) {
        return push(op_kind::test, std::move(path), {}, std::move(value));
    }

    /// The patch as an RFC 6902 JSON document.
    [[nodiscard]] nlohmann::json to_json() const {
        nlohmann::json out = nlohmann::json::array();
        for (const operation& op : operations_) {
            out.push_back(op.to_json());
        }
        return out;
    }

  private:
    patch& push(op_kind kind, pointer path, pointer from, nlohmann::json value) {
        operations_.push_back(operation{kind, std::move(path), std::move(from), std::move(value)});
        return *this;
    }

    std::vector<operation> operations_;
};

} // namespace jsonpatch

#endif // JSONPATCH_OPERATION_HPP
