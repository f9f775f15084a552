// SPDX-License-Identifier: MIT
// The 412 body of a PATCH whose If-Match is stale: ErrorResponseDto-shaped, listing the
// operations that kept a rebase from saving it.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_REBASE_ANSWER_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_REBASE_ANSWER_HPP

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "token_store.hpp"

namespace pat_service {

/// The strong ETag of version `version` of a token in the store whose epoch is `epoch`:
/// `"<epoch>-<version>"`, quoted and encoded by jsonpatch::http::strong_etag. The epoch changes
/// whenever versions could repeat (a new `memory:` store), so a tag never names two states.
[[nodiscard]] std::string token_etag(std::string_view epoch, std::int64_t version);

/// The patch_request::base_version for an If-Match field value: the version when the value is
/// a list (RFC 9110 §5.6.1, empty elements ignored, read as evaluate_preconditions reads it) of
/// exactly one strong entity tag this store gave out (token_etag); nothing for `*`, a weak tag,
/// a tag of another store or epoch, a value that is not a list of entity tags, or a list of
/// several tags (which one the client's patch was written against cannot be told, so it is not
/// rebased).
[[nodiscard]] std::optional<std::int64_t> rebase_base_version(std::string_view if_match,
                                                              std::string_view epoch);

/// The HTTP status of every body precondition_failed_body builds.
inline constexpr int precondition_failed_status = 412;

/// The text of a 412 for preconditions that do not hold (If-Match, or an If-None-Match that
/// matched) when no rebase conflict is to be reported: a GET and a PATCH say the same.
inline constexpr std::string_view preconditions_failed_message =
    "the token does not match the request's preconditions";

/// The 412 body for a patch_outcome of kind::precondition_failed, shaped like the service's
/// other errors (ErrorResponseDto: detailCode "412 Precondition Failed", trackingId, messages,
/// causes). Without rebase conflicts it is the plain 412 body, with an empty
/// "conflicts" array. With them (patch_outcome::is_rebase_conflict), the message says so,
/// "causes" holds one line per conflict (jsonpatch::describe), and "conflicts" one object per
/// conflicting operation of the client's patch: "op_index", "path" and "from" (only when the
/// operation has one) as the client wrote them, and "message", e.g.
/// `{"op_index": 0, "path": "/scope/1", "message": "accepted op 0 (replace '/scope/1') removed
/// or replaced the value at or above 'path'"}`.
[[nodiscard]] nlohmann::json precondition_failed_body(const patch_outcome& outcome,
                                                      std::string_view tracking_id);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_REBASE_ANSWER_HPP
