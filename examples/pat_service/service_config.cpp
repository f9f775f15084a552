// SPDX-License-Identifier: MIT
// The command line of pat_service: options, defaults and their checks.
#include "service_config.hpp"

#include <charconv>
#include <iostream>

#include "open_store.hpp"

namespace pat_service {

namespace {

[[nodiscard]] std::optional<unsigned long> parse_number(std::string_view text, unsigned long low,
                                                        unsigned long high) {
    unsigned long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) {
        return std::nullopt;
    }
    return value;
}

// Sets one numeric option; false after printing why.
template <class T>
[[nodiscard]] bool set_number(T& target, std::string_view option, std::string_view value,
                              unsigned long low, unsigned long high) {
    const auto number = parse_number(value, low, high);
    if (!number) {
        std::cerr << "pat_service: " << option << " takes a number from " << low << " to " << high
                  << "\n";
        return false;
    }
    target = static_cast<T>(*number);
    return true;
}

// Applies `option value`; false after printing why.
[[nodiscard]] bool apply_option(service_config& config, std::string_view option,
                                std::string_view value, bool& has_port, bool& has_data) {
    if (option == "--port") {
        has_port = true;
        return set_number(config.front.port, option, value, 0, 65535);
    }
    if (option == "--seed" || option == "--host") {
        (option == "--seed" ? config.seed : config.front.host) = value;
        return true;
    }
    if (option == "--data" || option == "--store") {
        if (has_data) {
            std::cerr << "pat_service: give --data or --store once\n";
            return false;
        }
        has_data = true;
        config.store = option == "--data" ? "sqlite:" + std::string(value) : std::string(value);
        if (!is_store_uri(config.store)) {
            std::cerr << "pat_service: " << option << " needs a path or a store URI\n";
            return false;
        }
        return true;
    }
    if (option == "--threads") {
        return set_number(config.front.threads, option, value, 1, 256);
    }
    if (option == "--max-body") {
        return set_number(config.front.limits.max_body, option, value, 1, 1UL << 30U);
    }
    if (option == "--max-connections") {
        return set_number(config.front.max_connections, option, value, 1, 100000);
    }
    if (option == "--rate-limit") {
        return set_number(config.routes.rate_limit, option, value, 0, 1000000);
    }
    if (option == "--request-timeout") {
        unsigned long seconds = 0;
        if (!set_number(seconds, option, value, 1, 3600)) {
            return false;
        }
        config.front.request_timeout = std::chrono::seconds(seconds);
        return true;
    }
    if (option == "--store-timeout") {
        unsigned long milliseconds = 0;
        if (!set_number(milliseconds, option, value, 10, 600000)) {
            return false;
        }
        config.store_settings.timeout = std::chrono::milliseconds(milliseconds);
        return true;
    }
    if (option == "--max-scope-entries") {
        return set_number(config.routes.scopes.max_entries, option, value, 1, 100000);
    }
    if (option == "--max-scope-length") {
        return set_number(config.routes.scopes.max_length, option, value, 3, 100000);
    }
    std::cerr << "pat_service: unknown option " << option << "\n" << usage_text();
    return false;
}

} // namespace

const char* usage_text() {
    return "usage: pat_service --port N [--seed FILE] [options]\n"
           "  --port N               port to listen on; 0 picks a free one\n"
           "  --seed FILE            {\"tokens\": [...], \"credentials\": {\"<bearer>\": "
           "\"<identity "
           "id>\" | {\"identity\": \"<id>\", \"scope\": [...]}}}; read only to fill a new store\n"
           "                         (required then, and always for memory:)\n"
           "  --host H               address to bind (default 127.0.0.1)\n"
           "  --store URI            memory: (default), sqlite:PATH or postgresql://...; a new "
           "store is seeded from --seed\n"
           "  --data PATH            the same as --store sqlite:PATH\n"
           "  --store-timeout MS     deadline of every store call, else 503 (default 2000)\n"
           "  --threads N            worker threads (default 8)\n"
           "  --max-body BYTES       largest request body, any transfer coding (default "
           "1048576)\n"
           "  --max-connections N    open connections at most, also the listen backlog "
           "(default 256)\n"
           "  --rate-limit N         requests per second and burst per bearer, 0 = off (default "
           "1000)\n"
           "  --require-if-match     PATCH without If-Match gets 428\n"
           "  --request-timeout S    seconds from a request's first byte to its last, else 408 "
           "(default 10)\n"
           "  --max-scope-entries N  scope entries a token may have (default 64)\n"
           "  --max-scope-length N   bytes per scope entry (default 128)\n"
           "Prints 'listening on http://HOST:PORT' once it accepts connections; SIGINT or SIGTERM "
           "stop it\n"
           "(requests already received are answered first).\n"
           "Exit status: 0 stopped by a signal, 1 cannot listen, 2 bad arguments, seed or store\n"
           "(unreachable, damaged, or new without a seed).\n";
}

std::optional<service_config> parse_command_line(const std::vector<std::string_view>& args) {
    service_config config;
    bool has_port = false;
    bool has_data = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view option = args[i];
        if (option == "--require-if-match") {
            config.routes.require_if_match = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            std::cerr << "pat_service: " << option << " needs a value\n" << usage_text();
            return std::nullopt;
        }
        if (!apply_option(config, option, args[++i], has_port, has_data)) {
            return std::nullopt;
        }
    }
    if (!has_port || config.front.host.empty()) {
        std::cerr << "pat_service: --port is required\n" << usage_text();
        return std::nullopt;
    }
    return config;
}

} // namespace pat_service
