// SPDX-License-Identifier: MIT
// The service's own checks of a patched token: name characters and the scope vocabulary's form.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_CHECKS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_CHECKS_HPP

#include <jsonpatch/error.hpp>
#include <jsonpatch/pat.hpp>
#include <jsonpatch/result.hpp>

#include <cstddef>
#include <optional>
#include <string>
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

/// The form in which a token's name is stored, shown and compared for uniqueness: Unicode NFC
/// (utf8proc) without leading or trailing space separators (Zs: U+0020, U+00A0, U+3000 ...), so
/// canonically equivalent spellings and padded copies are one name. errc::validation_failed with
/// path "/name" for a name that is not valid UTF-8, is blank once trimmed, or holds a character
/// that lets a name look like another or like nothing: controls (Cc, so also NUL), format
/// characters (Cf: bidirectional controls, zero-width characters, BOM, word joiner, soft
/// hyphen, tag characters), any other default-ignorable code point (variation selectors, the
/// combining grapheme joiner, Hangul fillers), line and paragraph separators (U+2028, U+2029),
/// and unassigned code points, noncharacters included (NFC is stable only for assigned
/// characters, and a later Unicode version may make one a format character).
[[nodiscard]] jsonpatch::result<std::string> normalise_name(std::string_view name);

/// errc::validation_failed with path "/name" when the token's name is one normalise_name
/// refuses (a name run_patch has normalised always passes).
[[nodiscard]] std::optional<jsonpatch::error>
check_name_characters(const jsonpatch::pat::personal_access_token& token);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_CHECKS_HPP
