// SPDX-License-Identifier: MIT
// The 412 body of a PATCH whose If-Match is stale: ErrorResponseDto-shaped, listing the
// operations that kept a rebase from saving it.
#include "rebase_answer.hpp"

#include <jsonpatch/detail/http_fields.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/http.hpp>
#include <jsonpatch/http_status.hpp>

#include <charconv>
#include <string>
#include <system_error>

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

std::string token_etag(std::string_view epoch, std::int64_t version) {
    return jsonpatch::http::strong_etag(std::string(epoch) + "-" + std::to_string(version));
}

std::optional<std::int64_t> rebase_base_version(std::string_view if_match, std::string_view epoch) {
    // The grammar evaluate_preconditions reads If-Match with: "*" or a list of entity tags,
    // empty list elements ignored. Only a list of exactly one strong tag names one version.
    const auto condition = jsonpatch::detail::parse_entity_tag_condition(if_match);
    if (!condition || condition->any || condition->tags.size() != 1 || condition->tags[0].weak) {
        return std::nullopt;
    }
    const std::string_view opaque = condition->tags[0].opaque; // quotes included
    // token_etag's text up to the version: strong_etag quotes and encodes "<epoch>-" and the
    // digits after it unchanged, so another epoch's tag falls out here.
    std::string prefix = token_etag(epoch, 0);
    prefix.erase(prefix.size() - 2); // "0\""
    if (opaque.size() < prefix.size() + 2 || opaque.substr(0, prefix.size()) != prefix) {
        return std::nullopt;
    }
    const std::string_view digits = opaque.substr(prefix.size(), opaque.size() - prefix.size() - 1);
    std::int64_t version = 0;
    const auto [end, failure] =
        std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (failure != std::errc{} || end != digits.data() + digits.size() || version < 1 ||
        digits.front() == '0') {
        return std::nullopt;
    }
    return version;
}

nlohmann::json precondition_failed_body(const patch_outcome& outcome,
                                        std::string_view tracking_id) {
    const bool conflicts = outcome.is_rebase_conflict();
    auto body = jsonpatch::make_http_error(
                    precondition_failed_status, "412 Precondition Failed",
                    conflicts ? "the token has changed since the ETag given in If-Match, and the "
                                "patch conflicts with the changes made since"
                              // If-Match, or an If-None-Match that matched: the same words
                              // as a GET refused by its preconditions.
                              : preconditions_failed_message,
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
