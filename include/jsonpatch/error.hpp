// SPDX-License-Identifier: MIT
/// \file
/// The error value every fallible jsonpatch call reports, and the exception its throwing twins use.
#ifndef JSONPATCH_ERROR_HPP
#define JSONPATCH_ERROR_HPP

#include <jsonpatch/detail/utf8.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/json_type.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace jsonpatch {

/// Which member of an operation object an error concerns.
enum class member : unsigned char {
    none,  ///< no particular member (document-level errors, validators)
    op,    ///< the "op" member
    path,  ///< the "path" member
    from,  ///< the "from" member
    value, ///< the "value" member
};

/// The name of `m` as it appears in an operation object ("" for member::none).
[[nodiscard]] constexpr std::string_view to_string(member m) noexcept {
    switch (m) {
    case member::op: return "op";
    case member::path: return "path";
    case member::from: return "from";
    case member::value: return "value";
    case member::none: break;
    }
    return "";
}

/// A failure: what went wrong, in which operation, at which pointer. Services build their
/// HTTP error bodies from these fields; `message` is for humans and is not a contract.
struct error {
    /// What went wrong; stable and banded (see errc).
    errc code{};
    /// Index of the failing operation in the patch; empty for document-level errors
    /// (the patch is not an array, invalid JSON text, too many operations).
    std::optional<std::size_t> op_index;
    /// The failing operation's "path" as given (cut to 1024 bytes); empty when the error concerns
    /// no operation or the operation had no string "path". "" itself is the root pointer.
    std::optional<std::string> path;
    /// The failing operation's "from" as given (cut to 1024 bytes); empty unless the operation is a
    /// move or copy with a string "from".
    std::optional<std::string> from;
    /// The member the error concerns: `member::from` when the "from" pointer failed, etc.
    member concerns = member::none;
    /// A short English explanation, lower case, no trailing period; never echoes JSON values.
    std::string message;

    /// The code as a std::error_code in the "jsonpatch" category.
    [[nodiscard]] std::error_code error_code() const noexcept { return make_error_code(code); }
};

/// An error of no operation in one expression, for validators, typed checks and from_json
/// functions: `return jsonpatch::make_error(errc::validation_failed, "/age", "age may not
/// decrease");` (an error converts to a failed status or result). `path` is the member's
/// pointer (cut to 1024 bytes of valid UTF-8, as every echoed pointer is); `message` is short,
/// lower case English.
[[nodiscard]] inline error make_error(errc code, std::string_view path, std::string message) {
    error e;
    e.code = code;
    e.path = detail::clip(path);
    e.message = std::move(message);
    return e;
}

/// Equality of all fields; handy in tests.
[[nodiscard]] inline bool operator==(const error& a, const error& b) noexcept {
    return a.code == b.code && a.op_index == b.op_index && a.path == b.path && a.from == b.from &&
           a.concerns == b.concerns && a.message == b.message;
}
/// Inequality of any field.
[[nodiscard]] inline bool operator!=(const error& a, const error& b) noexcept { return !(a == b); }

/// "op 3 (path '/a/b', from '/x'): <message>", or "path '/email': <message>" for an error of no
/// operation (a validator's, a typed model's): a one-line description for logs, naming every
/// part that is set.
[[nodiscard]] inline std::string describe(const error& e) {
    std::string where;
    if (e.path) {
        where += "path '";
        where += *e.path;
        where += "'";
    }
    if (e.path && e.from) { // every error with a "from" has a "path" too
        where += ", from '";
        where += *e.from;
        where += "'";
    }
    std::string out;
    if (e.op_index) {
        out += "op ";
        out += std::to_string(*e.op_index);
        if (!where.empty()) {
            out += " (" + where + ")";
        }
        out += ": ";
    } else if (!where.empty()) {
        out += where + ": ";
    }
    out += e.message;
    return out;
}

/// The error as a JSON object of any nlohmann::basic_json type:
/// `{"code": "<errc name>", "value": <number>, "op_index": <n or null>, "path": <string or null>,
/// "from": <string or null>, "member": <name or null>, "message": <string>}`. Found by nlohmann
/// through ADL, so `nlohmann::json j = e;` works. Text is valid UTF-8 even when a validator's is not (U+FFFD),
/// so the result always dumps.
template <class BasicJsonType,
          std::enable_if_t<is_basic_json_v<BasicJsonType>, int> = 0>
void to_json(BasicJsonType& out, const error& e) {
    // Library errors hold valid UTF-8 already (detail::clip); a validator's may not, and dump()
    // throws on ill-formed text.
    const auto or_null = [](const std::optional<std::string>& s) {
        return s ? BasicJsonType(detail::valid_utf8(*s)) : BasicJsonType(nullptr);
    };
    out = BasicJsonType::object();
    out["code"] = std::string(to_string(e.code));
    out["value"] = static_cast<int>(e.code);
    out["op_index"] = e.op_index ? BasicJsonType(*e.op_index) : BasicJsonType(nullptr);
    out["path"] = or_null(e.path);
    out["from"] = or_null(e.from);
    out["member"] = e.concerns == member::none
                        ? BasicJsonType(nullptr)
                        : BasicJsonType(std::string(to_string(e.concerns)));
    out["message"] = detail::valid_utf8(e.message);
}

/// The error back from the JSON form to_json gives (`j.get<jsonpatch::error>()`). The code is
/// read from "value"; "member" may be absent. Throws nlohmann's type_error or out_of_range when a
/// member is missing or has the wrong type, as nlohmann's own conversions do.
template <class BasicJsonType,
          std::enable_if_t<is_basic_json_v<BasicJsonType>, int> = 0>
void from_json(const BasicJsonType& in, error& e) {
    const auto optional_text = [&in](const char* name) -> std::optional<std::string> {
        const BasicJsonType& value = in.at(name);
        if (value.is_null()) {
            return std::nullopt;
        }
        return value.template get<std::string>();
    };
    e = error{};
    e.code = static_cast<errc>(in.at("value").template get<int>());
    const BasicJsonType& index = in.at("op_index");
    if (!index.is_null()) {
        e.op_index = index.template get<std::size_t>();
    }
    e.path = optional_text("path");
    e.from = optional_text("from");
    const auto concerns = in.find("member");
    if (concerns != in.end() && concerns->is_string()) {
        const auto name = concerns->template get<std::string>();
        for (const member m : {member::op, member::path, member::from, member::value}) {
            if (name == to_string(m)) {
                e.concerns = m;
            }
        }
    }
    e.message = in.at("message").template get<std::string>();
}

/// Thrown by the `*_or_throw` functions; carries the same `error` the non-throwing call returns.
class patch_error : public std::system_error {
  public:
    /// An exception carrying `e`; what() is describe(e), code() is e.code.
    explicit patch_error(jsonpatch::error e)
        : std::system_error(make_error_code(e.code), describe(e)), error_(std::move(e)) {}

    /// The structured error.
    [[nodiscard]] const jsonpatch::error& error() const noexcept { return error_; }

  private:
    jsonpatch::error error_;
};

} // namespace jsonpatch

#endif // JSONPATCH_ERROR_HPP
