// SPDX-License-Identifier: MIT
/// \file
/// apply_options: named leniencies (all off by default) and limits against abusive patches.
#ifndef JSONPATCH_OPTIONS_HPP
#define JSONPATCH_OPTIONS_HPP

#include <jsonpatch/json_type.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <limits>
#include <type_traits>
#include <vector>

namespace jsonpatch {

class policy;

namespace detail {
/// `a + b`, or SIZE_MAX when that overflows: limits set to SIZE_MAX mean "unlimited", and
/// arithmetic on them must not wrap around to a tiny bound.
[[nodiscard]] constexpr std::size_t saturating_add(std::size_t a, std::size_t b) noexcept {
    return a > std::numeric_limits<std::size_t>::max() - b ? std::numeric_limits<std::size_t>::max()
                                                           : a + b;
}
} // namespace detail

/// A check of the patched document (of type `J`) that runs after every operation succeeded and
/// before the change is committed; an error rolls the whole patch back and is returned as is (use
/// errc::validation_failed or errc::conflict, and set `path` to the offending member).
template <class J>
using basic_validator = std::function<status(const J& patched)>;
/// A validator of nlohmann::json documents.
using validator = basic_validator<nlohmann::json>;

/// Bounds on what one patch may ask for. The defaults suit a web service that patches documents
/// of a few megabytes; raise them for trusted batch jobs, lower them for small resources (a token
/// API needs about 100 operations, 64 KiB of text, 10,000 added nodes and depths of 16-32).
/// Exceeding one fails with its own code in the 500 band, naming the operation and the path, and
/// leaves the document unchanged. Each check costs time and memory bounded by the limit, not by
/// the input. SECURITY.md lists the attack each limit stops.
///
/// | limit              | default   | limit              | default   |
/// |--------------------|-----------|--------------------|-----------|
/// | max_operations     | 10,000    | max_value_depth    | 256       |
/// | max_patch_bytes    | 16 MiB    | max_added_nodes    | 1,000,000 |
/// | max_pointer_length | 4,096     | max_document_depth | 512       |
/// | max_pointer_depth  | 256       | max_array_size     | 1,000,000 |
struct apply_limits {
    /// Operations in one patch (errc::too_many_operations).
    std::size_t max_operations = 10'000;
    /// Bytes of patch text accepted by parse_patch(std::string_view) (errc::patch_too_large).
    std::size_t max_patch_bytes = 16u << 20;
    /// Bytes of one "path" or "from" pointer text (errc::pointer_too_long).
    std::size_t max_pointer_length = 4'096;
    /// Reference tokens in one pointer (errc::pointer_too_deep).
    std::size_t max_pointer_depth = 256;
    /// Nesting depth of one "value", and of patch text beyond the operation object
    /// (errc::value_too_deep).
    std::size_t max_value_depth = 256;
    /// JSON nodes added to the document by all add/replace values and copies of one patch,
    /// counted as nodes (every scalar, array and object is one) (errc::value_too_large).
    std::size_t max_added_nodes = 1'000'000;
    /// Nesting depth of the document at any value a patch writes: added, replaced and copied
    /// values, and moved values that land deeper than they were (errc::document_too_deep). A
    /// document that is already deeper may still be patched; the patch cannot deepen it further.
    std::size_t max_document_depth = 512;
    /// Elements an array may reach through the patch (errc::array_too_large).
    std::size_t max_array_size = 1'000'000;

    /// Every limit equal.
    [[nodiscard]] friend constexpr bool operator==(const apply_limits& a,
                                                   const apply_limits& b) noexcept {
        return a.max_operations == b.max_operations && a.max_patch_bytes == b.max_patch_bytes &&
               a.max_pointer_length == b.max_pointer_length &&
               a.max_pointer_depth == b.max_pointer_depth &&
               a.max_value_depth == b.max_value_depth &&
               a.max_added_nodes == b.max_added_nodes &&
               a.max_document_depth == b.max_document_depth &&
               a.max_array_size == b.max_array_size;
    }
    /// Some limit differs.
    [[nodiscard]] friend constexpr bool operator!=(const apply_limits& a,
                                                   const apply_limits& b) noexcept {
        return !(a == b);
    }
};
// A new limit must join operator== above (its callers cache by limits).
static_assert(sizeof(apply_limits) == 8 * sizeof(std::size_t),
              "apply_limits gained a member: compare it in operator==");

/// Limits for small resources (a token, a user profile, a settings object: a few kilobytes, a
/// few levels deep), where a legitimate patch is short:
///
/// | limit              | value  | limit              | value  |
/// |--------------------|--------|--------------------|--------|
/// | max_operations     | 100    | max_value_depth    | 32     |
/// | max_patch_bytes    | 64 KiB | max_added_nodes    | 10,000 |
/// | max_pointer_length | 1,024  | max_document_depth | 32     |
/// | max_pointer_depth  | 32     | max_array_size     | 10,000 |
///
/// e.g. `model.limits(jsonpatch::small_resource_limits())`.
[[nodiscard]] constexpr apply_limits small_resource_limits() noexcept {
    apply_limits small;
    small.max_operations = 100;
    small.max_patch_bytes = 64u << 10;
    small.max_pointer_length = 1'024;
    small.max_pointer_depth = 32;
    small.max_value_depth = 32;
    small.max_added_nodes = 10'000;
    small.max_document_depth = 32;
    small.max_array_size = 10'000;
    return small;
}

/// How `apply` behaves on documents of type `J`. Strict RFC 6902 behaviour is the default; every
/// leniency is opt-in. Only the validators depend on `J` (they see the document as its own type),
/// so options are made for one document type: `apply_options` for nlohmann::json,
/// `ordered_apply_options` for nlohmann::ordered_json, `basic_apply_options<J>` for any other.
///
/// Thread safety: options are only read during a call, so one object may serve calls on several
/// threads at once, as long as nobody modifies it (or the policy it points to) meanwhile and its
/// validators are themselves safe to call concurrently.
template <class J>
struct basic_apply_options {
    static_assert(is_basic_json_v<J>, "jsonpatch::basic_apply_options<J>: J must be an "
                                      "nlohmann::basic_json specialisation");
    /// The document type the options are for.
    using json_type = J;

    /// Accept "-N" (N ≥ 1) as an array index counting from the end: "-1" is the last element,
    /// and add at "-1" inserts before it. RFC 6901 rejects such tokens.
    bool allow_negative_array_index = false;
    /// A remove whose target does not exist succeeds without changing anything.
    /// RFC 6902 §4.2 requires the target to exist.
    bool allow_missing_remove_target = false;
    /// An add whose parent objects are missing creates them as empty objects (never arrays).
    /// RFC 6902 §4.1 requires the parent to exist.
    bool create_missing_parents = false;

    /// Limits against abusive patches.
    apply_limits limits;

    /// Which operations may touch which paths, checked before anything changes; none when null.
    /// The policy must outlive the apply call.
    const jsonpatch::policy* policy = nullptr;

    /// Checks of the result, in order, inside the same transaction (see `basic_validator`).
    std::vector<basic_validator<J>> validators;
};

/// Options for nlohmann::json documents.
using apply_options = basic_apply_options<nlohmann::json>;
/// Options for nlohmann::ordered_json documents.
using ordered_apply_options = basic_apply_options<nlohmann::ordered_json>;

namespace detail {
/// Checks that `Options` are the options of document type `J`.
template <class J, class Options>
constexpr bool require_options_for() {
    static_assert(std::is_same_v<Options, basic_apply_options<J>>,
                  "jsonpatch: the options were made for another JSON type than the document "
                  "(validators see the document as its own type): use "
                  "jsonpatch::basic_apply_options<YourJson>, e.g. jsonpatch::ordered_apply_options "
                  "for nlohmann::ordered_json");
    return std::is_same_v<Options, basic_apply_options<J>>;
}
} // namespace detail

} // namespace jsonpatch

#endif // JSONPATCH_OPTIONS_HPP
