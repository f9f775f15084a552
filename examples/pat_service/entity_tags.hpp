// SPDX-License-Identifier: MIT
// Strong entity tags for token versions and the If-Match check (RFC 9110 §8.8.3, §13.1.1).
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_ENTITY_TAGS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_ENTITY_TAGS_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pat_service {

/// `"<epoch>-<version>"`: strong, and different for every state a token of this store has had.
[[nodiscard]] std::string entity_tag(std::string_view epoch, std::int64_t version);

/// The versions an If-Match field value accepts: nothing for `*` (any current token), else the
/// versions of the strong tags of this store's epoch among the listed tags. Weak, foreign and
/// malformed tags match nothing (strong comparison), so the list may be empty: then no version
/// matches and the request fails with 412.
[[nodiscard]] std::optional<std::vector<std::int64_t>> if_match_versions(std::string_view field,
                                                                         std::string_view epoch);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_ENTITY_TAGS_HPP
