// SPDX-License-Identifier: MIT
// The service's own checks of a patched token: name characters and the scope vocabulary's form.
#include "token_checks.hpp"

#include <string>
#include <utility>
#include <vector>

namespace pat_service {

namespace {

[[nodiscard]] jsonpatch::error invalid(std::string path, std::string message) {
    jsonpatch::error e;
    e.code = jsonpatch::errc::validation_failed;
    e.path = std::move(path);
    e.message = std::move(message);
    return e;
}

[[nodiscard]] bool is_segment_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

[[nodiscard]] bool is_forbidden_code_point(char32_t c) {
    const bool control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
    const bool bidi = c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
                      (c >= 0x2066 && c <= 0x2069);
    return control || bidi;
}

// The code points of `text`, which is valid UTF-8 (nlohmann's parser guarantees it).
[[nodiscard]] std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t c = length == 1   ? lead
                     : length == 2 ? (lead & 0x1FU)
                     : length == 3 ? (lead & 0x0FU)
                                   : (lead & 0x07U);
        for (std::size_t k = 1; k < length && i + k < text.size(); ++k) {
            c = (c << 6U) | (static_cast<unsigned char>(text[i + k]) & 0x3FU);
        }
        out.push_back(c);
        i += length;
    }
    return out;
}

} // namespace

bool is_scope_entry(std::string_view entry) {
    std::size_t segments = 0;
    std::size_t start = 0;
    for (;;) {
        const std::size_t colon = entry.find(':', start);
        const std::string_view segment = entry.substr(start, colon - start);
        if (segment.empty()) {
            return false;
        }
        for (const char c : segment) {
            if (!is_segment_char(c)) {
                return false;
            }
        }
        ++segments;
        if (colon == std::string_view::npos) {
            return segments >= 3;
        }
        start = colon + 1;
    }
}

jsonpatch::pat::scope_check_function scope_form_check(scope_limits limits) {
    return [limits](const std::vector<std::string>& scope) -> jsonpatch::status {
        if (scope.size() > limits.max_entries) {
            return invalid("/scope", "scope has more than " + std::to_string(limits.max_entries) +
                                         " entries");
        }
        for (std::size_t i = 0; i < scope.size(); ++i) {
            const std::string path = "/scope/" + std::to_string(i);
            if (scope[i].size() > limits.max_length) {
                return invalid(path, "scope entry is longer than " +
                                         std::to_string(limits.max_length) + " bytes");
            }
            if (!is_scope_entry(scope[i])) {
                return invalid(path, "scope entry must have the form <prefix>:<resource>:<right>");
            }
        }
        return {};
    };
}

std::optional<jsonpatch::error>
check_name_characters(const jsonpatch::pat::personal_access_token& token) {
    for (const char32_t c : code_points(token.name)) {
        if (is_forbidden_code_point(c)) {
            return invalid("/name",
                           "name must not contain control or bidirectional formatting characters");
        }
    }
    return std::nullopt;
}

} // namespace pat_service
