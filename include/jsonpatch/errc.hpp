// SPDX-License-Identifier: MIT
/// \file
/// The stable error codes of jsonpatch and their std::error_code category.
#ifndef JSONPATCH_ERRC_HPP
#define JSONPATCH_ERRC_HPP

#include <string>
#include <string_view>
#include <system_error>

namespace jsonpatch {

/// Every failure jsonpatch reports. Values are stable: never renumbered, never reused.
/// New codes go at the end of their band and get a CHANGELOG entry.
enum class errc : int {
    // 100-199: JSON Pointer syntax (RFC 6901)
    pointer_missing_slash = 100, ///< a non-empty pointer does not start with '/'
    pointer_invalid_escape = 101, ///< '~' not followed by '0' or '1'

    // 200-299: patch document shape (RFC 6902 §3, §4)
    invalid_json = 200,          ///< patch text is not valid JSON
    patch_not_array = 201,       ///< the patch document is not a JSON array
    operation_not_object = 202,  ///< an element of the patch is not a JSON object
    missing_op = 203,            ///< an operation has no "op" member
    op_not_string = 204,         ///< "op" is not a string
    unknown_op = 205,            ///< "op" is not one of the six operations (case-sensitive)
    missing_path = 206,          ///< an operation has no "path" member
    path_not_string = 207,       ///< "path" is not a string
    missing_from = 208,          ///< move or copy has no "from" member
    from_not_string = 209,       ///< "from" is not a string
    missing_value = 210,         ///< add, replace or test has no "value" member
    duplicate_member = 211,      ///< an operation object repeats op, path, from or value (text only)

    // 300-399: applying an operation (RFC 6902 §4, §5)
    path_not_found = 300,           ///< the target, or a parent of it, does not exist
    from_not_found = 301,           ///< the "from" location does not exist
    not_a_container = 302,          ///< a pointer goes through a value that is neither object nor array
    invalid_array_index = 303,      ///< an array reference token is not 0 or [1-9][0-9]* (or '-')
    array_index_out_of_range = 304, ///< an array index is past the end (or '-' where an element must exist)
    test_failed = 305,              ///< a test operation found a different value
    move_into_descendant = 306,     ///< move "from" is a proper prefix of "path"
    root_not_removable = 307,       ///< remove (or move away) of the whole document

    // 400-499: policy (which operations may touch which paths) and validation of the result
    operation_not_allowed = 400, ///< the policy forbids this op on this path
    from_not_allowed = 401,      ///< the policy forbids reading or taking from this "from"
    validation_failed = 402,     ///< a validator rejected the patched document
    conflict = 403,              ///< the patched document conflicts with other state (e.g. a duplicate name)
    resource_read_only = 404,    ///< the resource as a whole may not be patched
    missing_field = 405,         ///< a resource document lacks a required member
    wrong_type = 406,            ///< a member of a resource document has the wrong JSON type
    invalid_date_time = 407,     ///< a member is not an RFC 3339 date-time in the required form
    rebase_conflict = 408,       ///< a patch cannot be rebased: it touches what accepted patches wrote
    invalid_model = 409,         ///< the server's typed model does not fit its resource (a rule names nothing in it)

    // 500-599: limits exceeded
    too_many_operations = 500, ///< more operations than apply_limits::max_operations
    pointer_too_long = 501,    ///< a pointer's text exceeds apply_limits::max_pointer_length
    pointer_too_deep = 502,    ///< a pointer has more tokens than apply_limits::max_pointer_depth
    value_too_deep = 503,      ///< a value nests deeper than apply_limits::max_value_depth
    value_too_large = 504,     ///< added or copied values exceed apply_limits::max_added_nodes
    document_too_deep = 505,   ///< the result nests deeper than apply_limits::max_document_depth
    array_too_large = 506,     ///< an array would grow past apply_limits::max_array_size
    patch_too_large = 507,     ///< patch text exceeds apply_limits::max_patch_bytes
};

/// The enumerator's name, e.g. "path_not_found"; "unknown" for values outside the enum.
[[nodiscard]] constexpr std::string_view to_string(errc code) noexcept {
    switch (code) {
    case errc::pointer_missing_slash: return "pointer_missing_slash";
    case errc::pointer_invalid_escape: return "pointer_invalid_escape";
    case errc::invalid_json: return "invalid_json";
    case errc::patch_not_array: return "patch_not_array";
    case errc::operation_not_object: return "operation_not_object";
    case errc::missing_op: return "missing_op";
    case errc::op_not_string: return "op_not_string";
    case errc::unknown_op: return "unknown_op";
    case errc::missing_path: return "missing_path";
    case errc::path_not_string: return "path_not_string";
    case errc::missing_from: return "missing_from";
    case errc::from_not_string: return "from_not_string";
    case errc::missing_value: return "missing_value";
    case errc::duplicate_member: return "duplicate_member";
    case errc::path_not_found: return "path_not_found";
    case errc::from_not_found: return "from_not_found";
    case errc::not_a_container: return "not_a_container";
    case errc::invalid_array_index: return "invalid_array_index";
    case errc::array_index_out_of_range: return "array_index_out_of_range";
    case errc::test_failed: return "test_failed";
    case errc::move_into_descendant: return "move_into_descendant";
    case errc::root_not_removable: return "root_not_removable";
    case errc::operation_not_allowed: return "operation_not_allowed";
    case errc::from_not_allowed: return "from_not_allowed";
    case errc::validation_failed: return "validation_failed";
    case errc::conflict: return "conflict";
    case errc::resource_read_only: return "resource_read_only";
    case errc::missing_field: return "missing_field";
    case errc::wrong_type: return "wrong_type";
    case errc::invalid_date_time: return "invalid_date_time";
    case errc::rebase_conflict: return "rebase_conflict";
    case errc::invalid_model: return "invalid_model";
    case errc::too_many_operations: return "too_many_operations";
    case errc::pointer_too_long: return "pointer_too_long";
    case errc::pointer_too_deep: return "pointer_too_deep";
    case errc::value_too_deep: return "value_too_deep";
    case errc::value_too_large: return "value_too_large";
    case errc::document_too_deep: return "document_too_deep";
    case errc::array_too_large: return "array_too_large";
    case errc::patch_too_large: return "patch_too_large";
    }
    return "unknown";
}

/// The band a code belongs to; lets a service map whole bands (e.g. 400-499 to HTTP 422).
enum class errc_band : int {
    pointer_syntax = 100, ///< 100-199: JSON Pointer syntax (RFC 6901)
    patch_shape = 200,    ///< 200-299: patch document shape (RFC 6902 §3, §4)
    apply = 300,          ///< 300-399: applying an operation (RFC 6902 §4, §5)
    policy = 400,         ///< 400-499: policy and validation of the result
    limits = 500,         ///< 500-599: limits exceeded
};

/// The band of `code` (its value rounded down to the hundred).
[[nodiscard]] constexpr errc_band band_of(errc code) noexcept {
    return static_cast<errc_band>(static_cast<int>(code) / 100 * 100);
}

namespace detail {

class errc_category final : public std::error_category {
  public:
    [[nodiscard]] const char* name() const noexcept override { return "jsonpatch"; }
    [[nodiscard]] std::string message(int value) const override {
        return std::string(to_string(static_cast<errc>(value)));
    }
};

} // namespace detail

/// The "jsonpatch" error category.
[[nodiscard]] inline const std::error_category& jsonpatch_category() noexcept {
    static const detail::errc_category category;
    return category;
}

/// Lets an errc travel as a std::error_code.
[[nodiscard]] inline std::error_code make_error_code(errc code) noexcept {
    return {static_cast<int>(code), jsonpatch_category()};
}

} // namespace jsonpatch

/// Lets a jsonpatch::errc convert to a std::error_code (`std::error_code ec = errc::test_failed;`).
template <>
struct std::is_error_code_enum<jsonpatch::errc> : std::true_type {};

#endif // JSONPATCH_ERRC_HPP
