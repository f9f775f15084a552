// SPDX-License-Identifier: MIT
// The configuration of pat_service: every option from the command line or from an environment
// variable PAT_SERVICE_<OPTION>, with its default and its check.
#include "service_config.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <iostream>
#include <map>
#include <thread>

#include "open_store.hpp"

namespace pat_service {

namespace {

constexpr std::string_view environment_prefix = "PAT_SERVICE_";

/// One option: how it is spelled, what it takes, what it means, and how it is applied. Options
/// that set the same thing share a `group`; only one of a group may be given.
struct option {
    std::string_view flag;
    std::string_view value; ///< "N", "MS", ...; empty for a switch
    std::string_view help;
    bool (*apply)(service_config& config, const option& self, std::string_view value);
    std::string_view group = {};
};

// Parses `value` into `target` if it is a decimal number in [low, high]; else prints why.
template <class T>
[[nodiscard]] bool number(T& target, const option& self, std::string_view value, unsigned long low,
                          unsigned long high) {
    unsigned long parsed = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size() || parsed < low || parsed > high) {
        std::cerr << "pat_service: " << self.flag << " takes a number from " << low << " to "
                  << high << "\n";
        return false;
    }
    target = static_cast<T>(parsed);
    return true;
}

[[nodiscard]] bool milliseconds(std::chrono::milliseconds& target, const option& self,
                                std::string_view value, unsigned long low, unsigned long high) {
    unsigned long count = 0;
    if (!number(count, self, value, low, high)) {
        return false;
    }
    target = std::chrono::milliseconds(count);
    return true;
}

[[nodiscard]] bool store_uri(service_config& config, const option& self, std::string value) {
    if (!is_store_uri(value)) {
        std::cerr << "pat_service: " << self.flag << " needs "
                  << (self.flag == "--data" ? "a path" : "memory:, sqlite:PATH or postgresql://...")
                  << "\n";
        return false;
    }
    config.store = std::move(value);
    return true;
}

// clang-format off
const std::array<option, 25> options = {{
    {"--port", "N", "port to listen on; 0 picks a free one (required)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.server.port, o, v, 0, 65535); }},
    {"--host", "H", "address to bind (default 127.0.0.1)",
     [](service_config& c, const option&, std::string_view v) {
         c.server.host = std::string(v); return true; }},
    {"--seed", "FILE", "tokens and credentials, read only to fill a new store (required then)",
     [](service_config& c, const option&, std::string_view v) {
         c.seed = std::string(v); return true; }},
    {"--store", "URI", "memory: (default), sqlite:PATH or postgresql://...",
     [](service_config& c, const option& o, std::string_view v) {
         return store_uri(c, o, std::string(v)); }, "store"},
    {"--data", "PATH", "the same as --store sqlite:PATH",
     [](service_config& c, const option& o, std::string_view v) {
         return store_uri(c, o, "sqlite:" + std::string(v)); }, "store"},
    {"--store-timeout", "MS", "deadline of every store call, then 503 (default 2000)",
     [](service_config& c, const option& o, std::string_view v) {
         return milliseconds(c.store_timeout, o, v, 10, 600000); }},
    {"--rebase-window", "N", "patches kept per token to rebase a stale If-Match, 0 = off "
     "(default 16)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.rebase_window, o, v, 0, 1000); }},
    {"--threads", "N", "threads that run store reads (default 8)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.store_threads, o, v, 1, 256); }},
    {"--write-threads", "N", "threads that run PATCHes (default 8)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.write_threads, o, v, 1, 256); }},
    {"--max-queue", "N", "reads, and PATCHes, waiting for a thread, then 503 (default 1024)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.max_queued, o, v, 1, 1000000); }},
    {"--io-threads", "N", "threads that run HTTP (default: the cores, up to 16)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.server.io_threads, o, v, 1, 64); }},
    {"--max-body", "BYTES", "largest request body, any transfer coding (default 1048576)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.server.limits.max_body, o, v, 1, 1UL << 30U); }},
    {"--max-connections", "N",
     "open connections at most (default: sized to memory and the descriptor limit)",
     [](service_config& c, const option& o, std::string_view v) {
         c.max_connections_given = true;
         return number(c.server.max_connections, o, v, 1, 1000000); }},
    {"--rate-limit", "N", "requests per second and burst per bearer, 0 = off (default 1000)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.routes.rate_limit, o, v, 0, 1000000); }},
    {"--auth-failure-limit", "N",
     "failed authentications per second and burst per client address, 0 = off (default 10)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.routes.auth_failure_limit, o, v, 0, 1000000); }},
    {"--trust-proxy", "", "the client address is the last X-Forwarded-For entry",
     [](service_config& c, const option&, std::string_view) {
         c.server.trust_proxy = true; return true; }},
    {"--require-if-match", "", "PATCH without If-Match gets 428",
     [](service_config& c, const option&, std::string_view) {
         c.routes.require_if_match = true; return true; }},
    {"--request-timeout", "S", "seconds from a request's first byte to its last, else 408 "
     "(default 10)",
     [](service_config& c, const option& o, std::string_view v) {
         unsigned long seconds = 0;
         if (!number(seconds, o, v, 1, 3600)) { return false; }
         c.server.request_timeout = std::chrono::seconds(seconds); return true; }},
    {"--first-byte-timeout", "MS", "a new connection silent this long is closed (default 2000)",
     [](service_config& c, const option& o, std::string_view v) {
         return milliseconds(c.server.first_byte_timeout, o, v, 10, 600000); }},
    {"--idle-timeout", "MS", "a kept-alive connection idle this long is closed (default 5000)",
     [](service_config& c, const option& o, std::string_view v) {
         return milliseconds(c.server.idle_timeout, o, v, 10, 3600000); }},
    {"--drain-timeout", "MS", "after SIGTERM, time to answer what was received (default 5000)",
     [](service_config& c, const option& o, std::string_view v) {
         return milliseconds(c.server.drain_timeout, o, v, 0, 600000); }},
    {"--max-scope-entries", "N", "scope entries a token may have (default 64)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.routes.scopes.max_entries, o, v, 1, 100000); }},
    {"--max-scope-length", "N", "bytes per scope entry (default 128)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.routes.scopes.max_length, o, v, 3, 100000); }},
    {"--max-name-length", "N", "code points in a token name (default 128)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.routes.max_name_length, o, v, 1, 100000); }},
    {"--max-requests-per-connection", "N", "then the connection closes (default 1000)",
     [](service_config& c, const option& o, std::string_view v) {
         return number(c.server.max_requests_per_connection, o, v, 1, 100000000); }},
}};
// clang-format on

[[nodiscard]] const option* find_option(std::string_view flag) {
    const auto found = std::find_if(options.begin(), options.end(),
                                    [flag](const option& o) { return o.flag == flag; });
    return found == options.end() ? nullptr : &*found;
}

// A switch's value from the environment: "1" for on, "" for off, nothing when it is neither.
[[nodiscard]] std::optional<std::string_view> switch_value(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "1" || lower == "true" || lower == "yes" || lower == "on") {
        return std::string_view("1");
    }
    if (lower == "0" || lower == "false" || lower == "no" || lower == "off") {
        return std::string_view();
    }
    return std::nullopt;
}

/// Where each option's value comes from: the option's index, its value and its source (the
/// flag itself or the environment variable).
struct given {
    std::string_view value;
    std::string source;
};

[[nodiscard]] bool collect_arguments(const std::vector<std::string_view>& args,
                                     std::map<const option*, given>& chosen) {
    std::map<std::string_view, std::string_view> groups;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const option* o = find_option(args[i]);
        if (o == nullptr) {
            std::cerr << "pat_service: unknown option " << args[i] << "\n";
            return false;
        }
        if (chosen.count(o) != 0) {
            std::cerr << "pat_service: " << o->flag << " given twice\n";
            return false;
        }
        if (!o->group.empty() && !groups.emplace(o->group, o->flag).second) {
            std::cerr << "pat_service: give " << groups[o->group] << " or " << o->flag
                      << ", not both\n";
            return false;
        }
        std::string_view value = "1";
        if (!o->value.empty()) {
            if (i + 1 >= args.size()) {
                std::cerr << "pat_service: " << o->flag << " needs a value\n";
                return false;
            }
            value = args[++i];
        }
        chosen.emplace(o, given{value, std::string(o->flag)});
    }
    return true;
}

[[nodiscard]] bool collect_environment(const std::vector<std::string_view>& environment,
                                       std::map<const option*, given>& chosen) {
    std::map<std::string_view, bool> given_groups; // groups the command line set
    for (const auto& entry : chosen) {
        given_groups[entry.first->group] = true;
    }
    std::map<const option*, given> from_environment;
    for (const std::string_view entry : environment) {
        if (entry.substr(0, environment_prefix.size()) != environment_prefix) {
            continue;
        }
        const auto equals = entry.find('=');
        const auto name = entry.substr(0, equals);
        const auto value =
            equals == std::string_view::npos ? std::string_view() : entry.substr(equals + 1);
        const auto found = std::find_if(options.begin(), options.end(), [name](const option& o) {
            return environment_name(o.flag) == name;
        });
        if (found == options.end()) {
            std::cerr << "pat_service: warning: ignoring " << name << ", which names no option\n";
            continue;
        }
        if (value.empty() || chosen.count(&*found) != 0 ||
            (!found->group.empty() && given_groups.count(found->group) != 0)) {
            continue; // unset, or the command line decides
        }
        from_environment.emplace(&*found, given{value, std::string(name)});
    }
    std::map<std::string_view, const option*> environment_groups;
    for (const auto& [o, from] : from_environment) {
        if (!o->group.empty() && !environment_groups.emplace(o->group, o).second) {
            std::cerr << "pat_service: set " << environment_name(environment_groups[o->group]->flag)
                      << " or " << from.source << ", not both\n";
            return false;
        }
        chosen.emplace(o, from);
    }
    return true;
}

} // namespace

std::string environment_name(std::string_view option) {
    std::string name(environment_prefix);
    for (const char c : option.substr(option.find_first_not_of('-'))) {
        name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return name;
}

std::string usage_text() {
    std::string out = "usage: pat_service --port N [--seed FILE] [options]\n"
                      "Every option may also come from the environment variable named after it "
                      "(the command line wins).\n";
    for (const option& o : options) {
        std::string left = "  " + std::string(o.flag);
        if (!o.value.empty()) {
            left += " " + std::string(o.value);
        }
        left.resize(std::max<std::size_t>(left.size() + 1, 32), ' ');
        out += left + std::string(o.help) + "\n" + std::string(34, ' ') + "[" +
               environment_name(o.flag) + (o.value.empty() ? "=1" : "") + "]\n";
    }
    out += "Prints 'listening on http://HOST:PORT' once it accepts connections. SIGINT or SIGTERM\n"
           "stop it: it stops accepting, answers what it has received within --drain-timeout,\n"
           "and exits.\n"
           "Exit status: 0 stopped by a signal, 1 cannot listen, 2 bad arguments, seed or store\n"
           "(unreachable, damaged, or new without a seed).\n";
    return out;
}

std::optional<service_config>
parse_configuration(const std::vector<std::string_view>& args,
                    const std::vector<std::string_view>& environment) {
    std::map<const option*, given> chosen;
    service_config config;
    config.server.io_threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 16);
    if (!collect_arguments(args, chosen) || !collect_environment(environment, chosen)) {
        std::cerr << "(pat_service --help lists the options)\n";
        return std::nullopt;
    }
    for (const option& o : options) {
        const auto it = chosen.find(&o);
        if (it == chosen.end()) {
            continue;
        }
        std::string_view value = it->second.value;
        if (o.value.empty() && it->second.source != o.flag) {
            const auto on = switch_value(value);
            if (!on) {
                std::cerr << "pat_service: " << it->second.source
                          << " takes 1, true, yes, on, 0, false, no or off\n";
                return std::nullopt;
            }
            if (on->empty()) {
                continue;
            }
        }
        if (!o.apply(config, o, value)) {
            if (it->second.source != o.flag) {
                std::cerr << "pat_service: (from " << it->second.source << ")\n";
            }
            return std::nullopt;
        }
    }
    if (chosen.count(find_option("--port")) == 0 || config.server.host.empty()) {
        std::cerr << "pat_service: --port is required (or " << environment_name("--port")
                  << ")\n(pat_service --help lists the options)\n";
        return std::nullopt;
    }
    return config;
}

} // namespace pat_service
