// SPDX-License-Identifier: MIT
/// \file
/// result<T>: a value or a jsonpatch::error, returned by every non-throwing call.
#ifndef JSONPATCH_RESULT_HPP
#define JSONPATCH_RESULT_HPP

#include <jsonpatch/error.hpp>

#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace jsonpatch {

/// Either a T (success) or a jsonpatch::error. Tests true on success.
/// `value()` on a failed result throws patch_error carrying the error.
template <class T>
class [[nodiscard]] result {
    static_assert(!std::is_same_v<T, jsonpatch::error>, "result<error> is ambiguous");

  public:
    /// The type of the value on success.
    using value_type = T;

    /// A success holding `value`.
    result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}       // NOLINT(google-explicit-constructor)
    /// A failure holding `e`.
    result(jsonpatch::error e) : storage_(std::in_place_index<1>, std::move(e)) {} // NOLINT(google-explicit-constructor)

    /// True on success.
    [[nodiscard]] bool has_value() const noexcept { return storage_.index() == 0; }
    /// True on success, so `if (auto r = f())` tests it.
    [[nodiscard]] explicit operator bool() const noexcept { return has_value(); }

    /// The value; throws patch_error carrying the error when there is none.
    [[nodiscard]] T& value() & {
        throw_if_error();
        return *std::get_if<0>(&storage_);
    }
    /// The value; throws patch_error carrying the error when there is none.
    [[nodiscard]] const T& value() const& {
        throw_if_error();
        return *std::get_if<0>(&storage_);
    }
    /// On a temporary the value is moved out and returned by value, so
    /// `const T& v = f().value();` binds to an object that lives as long as `v`.
    [[nodiscard]] T value() && {
        throw_if_error();
        return std::move(*std::get_if<0>(&storage_));
    }

    /// Unchecked access; only valid when has_value().
    [[nodiscard]] T& operator*() & noexcept { return *std::get_if<0>(&storage_); }
    /// Unchecked access; only valid when has_value().
    [[nodiscard]] const T& operator*() const& noexcept { return *std::get_if<0>(&storage_); }
    /// By value on a temporary, like value() &&: `const T& v = *f();` stays valid.
    [[nodiscard]] T operator*() && { return std::move(*std::get_if<0>(&storage_)); }
    /// Member access to the value; only valid when has_value().
    [[nodiscard]] T* operator->() noexcept { return std::get_if<0>(&storage_); }
    /// Member access to the value; only valid when has_value().
    [[nodiscard]] const T* operator->() const noexcept { return std::get_if<0>(&storage_); }

    /// The error; only valid when !has_value(). On a temporary it is moved out and returned by
    /// value, so `const error& e = apply(doc, p).error();` stays valid.
    [[nodiscard]] const jsonpatch::error& error() const& noexcept { return *std::get_if<1>(&storage_); }
    /// The error, moved out of a temporary; only valid when !has_value().
    [[nodiscard]] jsonpatch::error error() && { return std::move(*std::get_if<1>(&storage_)); }

  private:
    void throw_if_error() const {
        if (!has_value()) {
            throw patch_error(*std::get_if<1>(&storage_));
        }
    }

    std::variant<T, jsonpatch::error> storage_;
};

/// The outcome of a call that produces no value: success, or a jsonpatch::error.
class [[nodiscard]] status {
  public:
    /// A success.
    status() = default;
    /// A failure holding `e`.
    status(jsonpatch::error e) : error_(std::move(e)) {} // NOLINT(google-explicit-constructor)

    /// True on success.
    [[nodiscard]] bool has_value() const noexcept { return !error_.has_value(); }
    /// True on success, so `if (auto s = f())` tests it.
    [[nodiscard]] explicit operator bool() const noexcept { return has_value(); }

    /// Throws patch_error when this holds an error.
    void value() const {
        if (error_) {
            throw patch_error(*error_);
        }
    }

    /// The error; only valid when !has_value(). By value on a temporary (see result::error).
    [[nodiscard]] const jsonpatch::error& error() const& noexcept { return *error_; }
    /// The error, moved out of a temporary; only valid when !has_value().
    [[nodiscard]] jsonpatch::error error() && { return std::move(*error_); }

  private:
    std::optional<jsonpatch::error> error_;
};

/// `verdict` with `path` set to `where` when it is an error without a path, e.g. to place what a
/// caller's check reports on the member it checked.
[[nodiscard]] inline status with_default_path(status verdict, std::string_view where) {
    if (verdict) {
        return verdict;
    }
    jsonpatch::error e = std::move(verdict).error();
    if (!e.path) {
        e.path = detail::clip(where);
    }
    return e;
}

} // namespace jsonpatch

#endif // JSONPATCH_RESULT_HPP
