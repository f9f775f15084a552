// SPDX-License-Identifier: MIT
// From a request target to a route: the target's forms (RFC 9112 §3.2), percent-decoding of path
// segments (RFC 3986 §2.1) and the checks a token id passes before any store sees it.
#include "request_target.hpp"

#include <jsonpatch/value_rules.hpp>

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
    if (id.empty() || id.size() > max_token_id_bytes || id == "." || id == ".." ||
        !jsonpatch::is_valid_utf8(id)) {
        return false;
    }
    // In well-formed UTF-8 a byte below 0x80 is a character of its own, and 0xC2 is always the
    // lead of a two-byte sequence: C0 and DEL are single bytes, C1 (U+0080..U+009F) is 0xC2
    // followed by 0x80..0x9F.
    for (std::size_t i = 0; i < id.size(); ++i) {
        const auto byte = static_cast<unsigned char>(id[i]);
        const bool c1 = byte == 0xc2 && static_cast<unsigned char>(id[i + 1]) < 0xa0;
        if (byte < 0x20 || byte == 0x7f || c1) {
            return false;
        }
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
