// SPDX-License-Identifier: MIT
// A stack that keeps its first few entries inside the object: the undo journal's storage.
#ifndef JSONPATCH_DETAIL_SMALL_STACK_HPP
#define JSONPATCH_DETAIL_SMALL_STACK_HPP

#include <cassert>
#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>

namespace jsonpatch::detail {

/// A stack whose first `Inline` entries live inside the object, so a short one never touches the
/// heap: for a one-operation patch, a heap block and its release were a fifth of the apply's
/// instructions. Entries are created only within the reserved capacity (emplace_back() never
/// allocates); reserve() may move them to the heap, so references stay valid only until then.
template <class T, std::size_t Inline>
class small_stack {
    static_assert(Inline > 0, "small_stack: give it some inline room");
    static_assert(std::is_nothrow_move_constructible_v<T>,
                  "small_stack moves entries to the heap and must not fail halfway");

  public:
    small_stack() noexcept = default;
    small_stack(const small_stack&) = delete; // data_ may point into this object
    small_stack& operator=(const small_stack&) = delete;
    ~small_stack() {
        clear();
        release();
    }

    /// Room for `n` entries; moves them to a heap block when the room grows past what is there.
    void reserve(std::size_t n) {
        if (n <= capacity_) {
            return;
        }
        std::allocator<T> allocator;
        T* bigger = allocator.allocate(n);
        for (std::size_t i = 0; i < size_; ++i) {
            ::new (static_cast<void*>(bigger + i)) T(std::move(data_[i]));
            data_[i].~T();
        }
        release();
        data_ = bigger;
        capacity_ = n;
    }

    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::size_t capacity() const noexcept { return capacity_; }
    [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

    /// A new value-initialised entry on top; there must be room for it (see reserve()).
    T& emplace_back() noexcept(std::is_nothrow_default_constructible_v<T>) {
        assert(size_ < capacity_);
        T* entry = ::new (static_cast<void*>(data_ + size_)) T();
        ++size_;
        return *entry;
    }
    void pop_back() noexcept {
        assert(size_ > 0);
        data_[--size_].~T();
    }
    void clear() noexcept {
        while (size_ > 0) {
            pop_back();
        }
    }

    [[nodiscard]] T& back() noexcept { return data_[size_ - 1]; }
    [[nodiscard]] T& operator[](std::size_t i) noexcept { return data_[i]; }
    [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data_[i]; }

  private:
    // A union leaves the inline entries unconstructed until emplace_back() makes them.
    union inline_room {
        inline_room() noexcept {}
        ~inline_room() {}
        T entries[Inline];
    };

    void release() noexcept {
        if (data_ != room_.entries) {
            std::allocator<T>().deallocate(data_, capacity_);
        }
    }

    inline_room room_;
    T* data_ = room_.entries;
    std::size_t size_ = 0;
    std::size_t capacity_ = Inline;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_SMALL_STACK_HPP
