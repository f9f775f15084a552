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

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jsonpatch {

/// Reads the members of one JSON object (of any basic_json type `J`) into typed fields, in the
/// order of the calls, and stops at the first problem, which it keeps with the member's pointer:
/// errc::missing_field, errc::wrong_type, or what an `expect` says. Fields may be std::string,
/// bool, std::vector<std::string>, std::optional of those, or nested objects (`object`). Calls
/// after a failure do nothing, so a whole reading reads as one chain:
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

    void read(const J& value, const std::string& where, std::string& out) {
        if (!value.is_string()) {
            return fail(errc::wrong_type, where, "member must be a string");
        }
        out = value.template get_ref<const std::string&>();
    }
    void read(const J& value, const std::string& where, bool& out) {
        if (!value.is_boolean()) {
            return fail(errc::wrong_type, where, "member must be a boolean");
        }
        out = value.template get<bool>();
    }
    void read(const J& value, const std::string& where, std::vector<std::string>& out) {
        if (!value.is_array()) {
            return fail(errc::wrong_type, where, "member must be an array of strings");
        }
        out.clear();
        out.reserve(value.size());
        for (std::size_t i = 0; i < value.size() && ok(); ++i) {
            read(value[i], where + "/" + std::to_string(i), out.emplace_back());
        }
    }
    template <class V> void read(const J& value, const std::string& where, std::optional<V>& out) {
        if (value.is_null()) {
            out.reset();
            return;
        }
        V inner{};
        read(value, where, inner);
        out = std::move(inner);
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
