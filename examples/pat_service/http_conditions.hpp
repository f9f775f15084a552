// SPDX-License-Identifier: MIT
// Media types and conditional requests for the service, with the names and meaning of
// jsonpatch/http.hpp (issue 23); this file goes once that header is on main.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_CONDITIONS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_CONDITIONS_HPP

#include <optional>
#include <string>
#include <string_view>

namespace pat_service::http_conditions {

/// The JSON Patch media type (RFC 6902 §6).
inline constexpr std::string_view json_patch_media_type = "application/json-patch+json";

/// True when `content_type` is application/json-patch+json: type and subtype in any letter case,
/// optional whitespace, parameters allowed but a charset only if it is utf-8 (any case). The
/// value is taken verbatim: "json-patch%2Bjson" is another media type.
[[nodiscard]] bool is_json_patch(std::string_view content_type);

/// `"<opaque>"`: a strong entity tag (RFC 9110 §8.8.3).
[[nodiscard]] std::string strong_etag(std::string_view opaque);

/// What the preconditions of a request decide (RFC 9110 §13.2.2).
enum class precondition { proceed, not_modified, failed, required };

/// RFC 9110 §13.2.2 for a resource whose current entity tag is `current_etag` (quoted, as
/// strong_etag returns it). `required`: a PATCH, PUT or DELETE without If-Match when
/// `require_if_match` is set (428, RFC 6585 §3). If-Match: `*` holds when the resource exists,
/// otherwise one listed tag must equal the current one under strong comparison (a weak tag never
/// does); an empty or malformed value fails. If-None-Match (`*` or a list, weak comparison): a
/// match is `not_modified` for GET and HEAD and `failed` for other methods; a malformed value
/// fails.
[[nodiscard]] precondition evaluate_preconditions(std::string_view method,
                                                  std::optional<std::string_view> if_match,
                                                  std::optional<std::string_view> if_none_match,
                                                  std::string_view current_etag,
                                                  bool resource_exists,
                                                  bool require_if_match = false);

} // namespace pat_service::http_conditions

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_HTTP_CONDITIONS_HPP
