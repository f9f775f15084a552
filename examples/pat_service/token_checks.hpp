// SPDX-License-Identifier: MIT
// The service's own checks of a patched token: name characters and the scope vocabulary's form.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_CHECKS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_CHECKS_HPP

#include <jsonpatch/error.hpp>
#include <jsonpatch/pat.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace pat_service {

/// Caps on a token's scope list.
struct scope_limits {
    std::size_t max_entries = 64;
    std::size_t max_length = 128; ///< bytes per entry
};

/// True for `<prefix>:<resource>:<right>`: three or more colon-separated segments (the prefix may
/// itself hold colons, as in `urn:pat:api:read`), each non-empty and made of ASCII letters,
/// digits, '-', '_' and '.'.
[[nodiscard]] bool is_scope_entry(std::string_view entry);

/// A scope check for jsonpatch::pat::patch_options: at most `limits.max_entries` entries, each at
/// most `limits.max_length` bytes and of is_scope_entry's form. errc::validation_failed with path
/// "/scope" (or "/scope/<index>") otherwise.
[[nodiscard]] jsonpatch::pat::scope_check_function scope_form_check(scope_limits limits);

/// errc::validation_failed with path "/name" when the token's name holds a control character
/// (C0, DEL, C1) or a bidirectional formatting character (U+061C, U+200E, U+200F, U+202A to
/// U+202E, U+2066 to U+2069), which would let a name display as something it is not.
[[nodiscard]] std::optional<jsonpatch::error>
check_name_characters(const jsonpatch::pat::personal_access_token& token);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_CHECKS_HPP
