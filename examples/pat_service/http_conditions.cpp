// SPDX-License-Identifier: MIT
// Media types and conditional requests for the service, with the names and meaning of
// jsonpatch/http.hpp (issue 23); this file goes once that header is on main.
#include "http_conditions.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace pat_service::http_conditions {

namespace {

[[nodiscard]] bool is_ows(char c) { return c == ' ' || c == '\t'; }

[[nodiscard]] std::string_view trim(std::string_view text) {
    while (!text.empty() && is_ows(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_ows(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

[[nodiscard]] bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

struct entity_tag {
    bool weak = false;
    std::string_view opaque; ///< with its quotes
};

// RFC 9110 §8.8.3: etagc = %x21 / %x23-7E / obs-text.
[[nodiscard]] bool is_etagc(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte == 0x21 || (byte >= 0x23 && byte != 0x7f);
}

// A comma-separated list of entity tags (RFC 9110 §5.6.1: empty elements are allowed), or
// nothing when anything in it is not an entity tag.
[[nodiscard]] std::optional<std::vector<entity_tag>> parse_tags(std::string_view field) {
    std::vector<entity_tag> tags;
    std::size_t i = 0;
    while (i < field.size()) {
        if (is_ows(field[i]) || field[i] == ',') {
            ++i;
            continue;
        }
        entity_tag tag;
        if (field.compare(i, 2, "W/") == 0) {
            tag.weak = true;
            i += 2;
        }
        if (i >= field.size() || field[i] != '"') {
            return std::nullopt;
        }
        const std::size_t open = i++;
        while (i < field.size() && is_etagc(field[i])) {
            ++i;
        }
        if (i >= field.size() || field[i] != '"') {
            return std::nullopt;
        }
        tag.opaque = field.substr(open, ++i - open);
        // Only a separator may follow a tag.
        std::size_t next = i;
        while (next < field.size() && is_ows(field[next])) {
            ++next;
        }
        if (next < field.size() && field[next] != ',') {
            return std::nullopt;
        }
        tags.push_back(tag);
    }
    return tags;
}

} // namespace

bool is_json_patch(std::string_view content_type) {
    auto semicolon = content_type.find(';');
    if (!equals_ignoring_case(trim(content_type.substr(0, semicolon)), json_patch_media_type)) {
        return false;
    }
    while (semicolon != std::string_view::npos) {
        content_type.remove_prefix(semicolon + 1);
        semicolon = content_type.find(';');
        const auto parameter = trim(content_type.substr(0, semicolon));
        if (parameter.empty()) {
            continue;
        }
        const auto equals = parameter.find('=');
        if (equals == std::string_view::npos || equals == 0) {
            return false; // not a parameter
        }
        const auto name = trim(parameter.substr(0, equals));
        auto value = trim(parameter.substr(equals + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        if (equals_ignoring_case(name, "charset") && !equals_ignoring_case(value, "utf-8")) {
            return false; // JSON is UTF-8 (RFC 8259 §8.1)
        }
    }
    return true;
}

std::string strong_etag(std::string_view opaque) {
    std::string tag = "\"";
    tag += opaque;
    tag += '"';
    return tag;
}

precondition evaluate_preconditions(std::string_view method,
                                    std::optional<std::string_view> if_match,
                                    std::optional<std::string_view> if_none_match,
                                    std::string_view current_etag, bool resource_exists,
                                    bool require_if_match) {
    const bool is_read = method == "GET" || method == "HEAD";
    const bool changes_state = method == "PATCH" || method == "PUT" || method == "DELETE";
    if (require_if_match && changes_state && !if_match) {
        return precondition::required;
    }
    // Step 1: If-Match, strong comparison.
    if (if_match) {
        if (trim(*if_match) == "*") {
            if (!resource_exists) {
                return precondition::failed;
            }
        } else {
            const auto tags = parse_tags(*if_match);
            if (!tags || tags->empty() || !resource_exists ||
                std::none_of(tags->begin(), tags->end(), [current_etag](const entity_tag& t) {
                    return !t.weak && t.opaque == current_etag;
                })) {
                return precondition::failed;
            }
        }
    }
    // Step 3: If-None-Match, weak comparison (an entity tag's W/ does not matter).
    if (if_none_match) {
        bool matches = false;
        if (trim(*if_none_match) == "*") {
            matches = resource_exists;
        } else {
            const auto tags = parse_tags(*if_none_match);
            if (!tags) {
                return precondition::failed;
            }
            const auto current = current_etag.substr(current_etag.rfind("W/", 0) == 0 ? 2 : 0);
            matches = resource_exists &&
                      std::any_of(tags->begin(), tags->end(), [current](const entity_tag& t) {
                          return t.opaque == current;
                      });
        }
        if (matches) {
            return is_read ? precondition::not_modified : precondition::failed;
        }
    }
    return precondition::proceed;
}

} // namespace pat_service::http_conditions
