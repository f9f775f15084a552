// SPDX-License-Identifier: MIT
// From a request target to a route: the target's forms (RFC 9112 §3.2), percent-decoding of path
// segments (RFC 3986 §2.1) and the checks a token id passes before any store sees it.
#include "request_target.hpp"

#include <algorithm>
#include <cctype>

namespace pat_service {

namespace {

constexpr std::string_view collection_segment = "personal-access-tokens";

[[nodiscard]] bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

[[nodiscard]] int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

// The length of the well-formed UTF-8 sequence at the start of `text` (RFC 3629 §4), or 0.
[[nodiscard]] std::size_t utf8_sequence(std::string_view text) {
    const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xbf;
    if (lead < 0x80) {
        return 1;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        low = lead == 0xe0 ? 0xa0 : 0x80;  // no overlong forms
        high = lead == 0xed ? 0x9f : 0xbf; // no surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        low = lead == 0xf0 ? 0x90 : 0x80;
        high = lead == 0xf4 ? 0x8f : 0xbf; // nothing past U+10FFFF
    } else {
        return 0;
    }
    if (text.size() < length || byte(1) < low || byte(1) > high) {
        return 0;
    }
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xbf) {
            return 0;
        }
    }
    return length;
}

} // namespace

std::optional<std::string_view> target_path(std::string_view target) {
    if (target == "*") {
        return target;
    }
    if (target.find('#') != std::string_view::npos) {
        return std::nullopt; // a fragment is never part of a request target
    }
    if (!target.empty() && target.front() == '/') {
        return target.substr(0, target.find('?'));
    }
    for (const std::string_view scheme : {"http://", "https://"}) {
        if (starts_with_ignoring_case(target, scheme)) {
            const auto rest = target.substr(scheme.size());
            const auto path_start = rest.find_first_of("/?");
            if (path_start == 0) {
                return std::nullopt; // no authority
            }
            if (path_start == std::string_view::npos || rest[path_start] == '?') {
                return std::string_view("/");
            }
            const auto path = rest.substr(path_start);
            return path.substr(0, path.find('?'));
        }
    }
    return std::nullopt;
}

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) {
            return std::nullopt;
        }
        const int high = hex_value(text[i + 1]);
        const int low = hex_value(text[i + 2]);
        if (high < 0 || low < 0) {
            return std::nullopt;
        }
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

bool is_token_id(std::string_view id) {
    if (id.empty() || id.size() > max_token_id_bytes || id == "." || id == "..") {
        return false;
    }
    for (std::size_t i = 0; i < id.size();) {
        const std::size_t length = utf8_sequence(id.substr(i));
        if (length == 0) {
            return false;
        }
        const auto lead = static_cast<unsigned char>(id[i]);
        const bool c1 = lead == 0xc2 && static_cast<unsigned char>(id[i + 1]) < 0xa0;
        if (lead < 0x20 || lead == 0x7f || c1) {
            return false;
        }
        i += length;
    }
    return true;
}

route_match match_route(std::string_view path) {
    route_match out;
    if (path == "/healthz" || path == "/readyz" || path == "/metrics") {
        out.route = path == "/healthz"  ? route_id::healthz
                    : path == "/readyz" ? route_id::readyz
                                        : route_id::metrics;
        return out;
    }
    if (path.size() < 2 || path.front() != '/') {
        return out;
    }
    const auto rest = path.substr(1);
    const auto slash = rest.find('/');
    const auto first = percent_decode(rest.substr(0, slash));
    if (!first || *first != collection_segment) {
        return out;
    }
    if (slash == std::string_view::npos) {
        out.route = route_id::collection;
        return out;
    }
    const auto id_text = rest.substr(slash + 1);
    if (id_text.empty() || id_text.find('/') != std::string_view::npos) {
        return out; // "/personal-access-tokens/" or a deeper path: no such resource
    }
    out.route = route_id::token;
    if (auto id = percent_decode(id_text); id && is_token_id(*id)) {
        out.token_id = std::move(*id);
    }
    return out;
}

} // namespace pat_service
