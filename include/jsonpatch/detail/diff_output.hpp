// SPDX-License-Identifier: MIT
// What diff builds as it goes: operations with their weight, and the location being diffed.
#ifndef JSONPATCH_DETAIL_DIFF_OUTPUT_HPP
#define JSONPATCH_DETAIL_DIFF_OUTPUT_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/pointer.hpp>

#include <cstddef>
#include <iterator>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

// Operations with their weight: one per operation plus the JSON nodes of its value, a stand-in
// for serialised size that is cheap to keep up to date.
template <class J>
struct op_list {
    std::vector<basic_operation<J>> ops;
    std::size_t weight = 0;

    // `value` is null for remove and move. One walk measures it: its nodes for the weight, and
    // its depth, since nlohmann's copy recurses and diff inputs may be deep (see copy_of_depth).
    void emit(op_kind kind, pointer path, pointer from, const J* value) {
        J copy;
        weight += 1;
        if (value != nullptr) {
            constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();
            const value_shape shape = measure(*value, unbounded, unbounded);
            weight += shape.nodes;
            copy = copy_of_depth(*value, shape.depth);
        }
        ops.push_back(basic_operation<J>{kind, std::move(path), std::move(from), std::move(copy)});
    }
    void append(op_list&& other) {
        weight += other.weight;
        ops.insert(ops.end(), std::make_move_iterator(other.ops.begin()),
                   std::make_move_iterator(other.ops.end()));
    }
    // Drops the operations after the first `size`, which weighed `weight` together.
    void truncate(std::size_t size, std::size_t total_weight) {
        ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(size), ops.end());
        weight = total_weight;
    }
    [[nodiscard]] bool better_than(const op_list& other) const noexcept {
        return ops.size() != other.ops.size() ? ops.size() < other.ops.size()
                                              : weight <= other.weight;
    }
};

// Where the edit script's diff of the pair (index, index) sits in its op list, so the index-wise
// script can reuse it instead of diffing the pair again. Recorded in increasing index order.
struct child_span {
    std::size_t index = 0;
    std::size_t first = 0;
    std::size_t last = 0;
    std::size_t weight = 0;
};

// The location being diffed, as tokens that view the documents' own member names: descending
// costs no allocation, and a pointer is built only for an operation that is emitted. The length
// of its pointer text is kept up to date, for the pointer limits.
class diff_path {
  public:
    void push(std::string_view key) {
        tokens_.push_back({key, 0, false});
        length_ += token_length(key);
    }
    void push(std::size_t index) {
        tokens_.push_back({{}, index, true});
        length_ += index_length(index);
    }
    void pop() noexcept {
        const token& t = tokens_.back();
        length_ -= t.is_index ? index_length(t.index) : token_length(t.key);
        tokens_.pop_back();
    }
    [[nodiscard]] std::size_t size() const noexcept { return tokens_.size(); }
    /// The length of this location's pointer text.
    [[nodiscard]] std::size_t text_length() const noexcept { return length_; }

    [[nodiscard]] pointer to_pointer() const {
        pointer out;
        for (const token& t : tokens_) {
            if (t.is_index) {
                out.push_back(t.index);
            } else {
                out.push_back(t.key);
            }
        }
        return out;
    }
    // This location's child `last` (a member name or an array index).
    template <class Token>
    [[nodiscard]] pointer to_pointer(Token last) const {
        pointer out = to_pointer();
        out.push_back(last);
        return out;
    }

  private:
    struct token {
        std::string_view key;
        std::size_t index = 0;
        bool is_index = false;
    };
    // "/" and the token, escaped ('~' and '/' take two characters).
    [[nodiscard]] static std::size_t token_length(std::string_view key) noexcept {
        std::size_t length = 1 + key.size();
        for (const char c : key) {
            length += c == '~' || c == '/' ? 1U : 0U;
        }
        return length;
    }
    [[nodiscard]] static std::size_t index_length(std::size_t index) noexcept {
        std::size_t length = 2;
        for (; index >= 10; index /= 10) {
            ++length;
        }
        return length;
    }
    std::vector<token> tokens_;
    std::size_t length_ = 0;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_DIFF_OUTPUT_HPP
