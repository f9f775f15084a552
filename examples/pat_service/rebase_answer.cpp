// SPDX-License-Identifier: MIT
// The 412 body of a PATCH whose If-Match is stale: ErrorResponseDto-shaped, listing the
// operations that kept a rebase from saving it.
#include "rebase_answer.hpp"

#include <jsonpatch/error.hpp>
#include <jsonpatch/http_status.hpp>

namespace pat_service {

namespace {

// One entry of "conflicts": what the client wrote, and why it conflicts.
[[nodiscard]] nlohmann::json conflict_entry(const jsonpatch::error& e) {
    nlohmann::json entry = nlohmann::json::object();
    if (e.op_index) {
        entry["op_index"] = *e.op_index;
    }
    if (e.path) {
        entry["path"] = *e.path;
    }
    if (e.from) {
        entry["from"] = *e.from;
    }
    entry["message"] = e.message;
    return entry;
}

} // namespace

std::optional<std::int64_t>
rebase_base_version(const std::optional<std::vector<std::int64_t>>& versions) {
    if (!versions || versions->size() != 1) {
        return std::nullopt;
    }
    return versions->front();
}

nlohmann::json precondition_failed_body(const patch_outcome& outcome,
                                        std::string_view tracking_id) {
    const bool conflicts = outcome.is_rebase_conflict();
    auto body = jsonpatch::make_http_error(
                    precondition_failed_status, "412 Precondition Failed",
                    conflicts ? "the token has changed since the ETag given in If-Match, and the "
                                "patch conflicts with the changes made since"
                              : "the token has changed since the ETag given in If-Match",
                    tracking_id)
                    .body;
    body["conflicts"] = nlohmann::json::array();
    for (const jsonpatch::error& e : outcome.conflicts) {
        // The same entry shape as `messages` (the pointers come from parsed JSON: valid UTF-8).
        body["causes"].push_back(
            {{"locale", "en-US"}, {"localeOrigin", "DEFAULT"}, {"text", jsonpatch::describe(e)}});
        body["conflicts"].push_back(conflict_entry(e));
    }
    return body;
}

} // namespace pat_service
