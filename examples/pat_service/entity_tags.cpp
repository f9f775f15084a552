// SPDX-License-Identifier: MIT
// Strong entity tags for token versions and the If-Match check (RFC 9110 §8.8.3, §13.1.1).
#include "entity_tags.hpp"

#include <charconv>

namespace pat_service {

namespace {

[[nodiscard]] std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The version in `"<epoch>-<digits>"`, if `tag` is exactly that.
[[nodiscard]] std::optional<std::int64_t> version_of(std::string_view tag, std::string_view epoch) {
    if (tag.size() < epoch.size() + 4 || tag.front() != '"' || tag.back() != '"') {
        return std::nullopt;
    }
    const auto inner = tag.substr(1, tag.size() - 2);
    if (inner.substr(0, epoch.size()) != epoch || inner[epoch.size()] != '-') {
        return std::nullopt;
    }
    const auto digits = inner.substr(epoch.size() + 1);
    std::int64_t version = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
    if (ec != std::errc() || end != digits.data() + digits.size() || version < 1) {
        return std::nullopt;
    }
    return version;
}

} // namespace

std::string entity_tag(std::string_view epoch, std::int64_t version) {
    std::string tag = "\"";
    tag += epoch;
    tag += '-';
    tag += std::to_string(version);
    tag += '"';
    return tag;
}

std::optional<std::vector<std::int64_t>> if_match_versions(std::string_view field,
                                                           std::string_view epoch) {
    std::vector<std::int64_t> versions;
    std::size_t start = 0;
    while (start <= field.size()) {
        const auto comma = field.find(',', start);
        const auto item = trim(field.substr(start, comma - start));
        if (item == "*") {
            return std::nullopt;
        }
        if (const auto version = version_of(item, epoch)) {
            versions.push_back(*version);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return versions;
}

} // namespace pat_service
