// SPDX-License-Identifier: MIT
// From a request target to a route: the target's forms (RFC 9112 §3.2), percent-decoding of path
// segments (RFC 3986 §2.1) and the checks a token id passes before any store sees it.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_REQUEST_TARGET_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_REQUEST_TARGET_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "service_exchange.hpp"

namespace pat_service {

/// Longest token id, in bytes after percent-decoding, that is looked up at all.
inline constexpr std::size_t max_token_id_bytes = 256;

/// The path of a request target, percent-encoded as sent: the part before the query of an
/// origin-form target ("/a/b?x=1?y" gives "/a/b": a query may hold '?', RFC 3986 §3.4), or the
/// path of an absolute-form one ("http://host/a/b" gives "/a/b", "http://host" gives "/").
/// "*" (asterisk-form, OPTIONS only) is returned as is. Nothing for anything else: an
/// authority-form target, another scheme, a fragment, an empty target (400).
[[nodiscard]] std::optional<std::string_view> target_path(std::string_view target);

/// RFC 3986 §2.1 percent-decoding: "%" and two hex digits is one byte. Nothing for a "%" without
/// two hex digits after it; "%uXXXX" is not an escape at all (IIS's invention), so it is refused
/// the same way, never decoded into an alias.
[[nodiscard]] std::optional<std::string> percent_decode(std::string_view text);

/// True when `id` (decoded) may name a token: 1 to max_token_id_bytes bytes of well-formed UTF-8
/// (no overlong forms, surrogates or code points past U+10FFFF) without control characters (C0,
/// DEL, C1), and neither "." nor "..". Anything else is not found on every backend, without a
/// store call.
[[nodiscard]] bool is_token_id(std::string_view id);

/// Where a path leads.
struct route_match {
    route_id route = route_id::unmatched;
    /// For route_id::token: the decoded id when is_token_id accepts it; empty when it does not
    /// (the request is then answered 404 after authentication, like an unknown id).
    std::optional<std::string> token_id;
};

/// The route of `path` (as target_path returns it): "/personal-access-tokens",
/// "/personal-access-tokens/{id}" (exactly one non-empty segment after the collection),
/// "/healthz", "/readyz", "/metrics"; route_id::unmatched otherwise. Segments are compared after
/// percent-decoding, so "/personal-access-tokens/%35a8e..." names token "5a8e...", and an encoded
/// "/" (%2F) inside a segment never splits it.
[[nodiscard]] route_match match_route(std::string_view path);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_REQUEST_TARGET_HPP
