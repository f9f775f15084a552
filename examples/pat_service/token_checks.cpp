// SPDX-License-Identifier: MIT
// The service's own checks of a patched token: name characters and the scope vocabulary's form.
#include "token_checks.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <utf8proc.h>
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

// One code point of a name: its value, or nothing where the bytes are not UTF-8.
struct decoded {
    utf8proc_int32_t code_point = 0;
    std::size_t length = 0;
};

[[nodiscard]] std::optional<decoded> decode(std::string_view text, std::size_t at) {
    decoded out;
    const auto length =
        utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + at),
                         static_cast<utf8proc_ssize_t>(text.size() - at), &out.code_point);
    if (length <= 0) {
        return std::nullopt;
    }
    out.length = static_cast<std::size_t>(length);
    return out;
}

[[nodiscard]] bool is_refused_in_name(utf8proc_int32_t c) {
    const utf8proc_property_t* property = utf8proc_get_property(c);
    switch (property->category) {
    case UTF8PROC_CATEGORY_CN: // unassigned, noncharacters included
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return true;
    default:
        return property->ignorable != 0; // Default_Ignorable_Code_Point
    }
}

[[nodiscard]] bool is_space_separator(utf8proc_int32_t c) {
    return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
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

jsonpatch::result<std::string> normalise_name(std::string_view name) {
    utf8proc_uint8_t* composed = nullptr;
    const auto size =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(name.data()),
                     static_cast<utf8proc_ssize_t>(name.size()), &composed,
                     static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    const std::unique_ptr<utf8proc_uint8_t, void (*)(void*)> owned(composed, &std::free);
    if (size < 0) {
        if (size == UTF8PROC_ERROR_NOMEM) {
            throw std::bad_alloc();
        }
        return invalid("/name", "name is not valid UTF-8");
    }
    const std::string_view text(reinterpret_cast<const char*>(composed),
                                static_cast<std::size_t>(size));
    std::size_t first = std::string_view::npos; // bytes of the first and past the last
    std::size_t last = 0;                       // character that is not a space separator
    for (std::size_t at = 0; at < text.size();) {
        const auto c = decode(text, at);
        if (!c) {
            return invalid("/name", "name is not valid UTF-8");
        }
        if (is_refused_in_name(c->code_point)) {
            return invalid("/name", "name must not contain control, format, invisible, "
                                    "separator or unassigned characters");
        }
        if (!is_space_separator(c->code_point)) {
            first = std::min(first, at);
            last = at + c->length;
        }
        at += c->length;
    }
    if (first == std::string_view::npos) {
        return invalid("/name", "name must not be blank");
    }
    return std::string(text.substr(first, last - first));
}

std::optional<jsonpatch::error>
check_name_characters(const jsonpatch::pat::personal_access_token& token) {
    auto normalised = normalise_name(token.name);
    if (!normalised) {
        return std::move(normalised).error();
    }
    return std::nullopt;
}

} // namespace pat_service
