// SPDX-License-Identifier: MIT
// Picks and opens the store backend a --store URI names.
#include "open_store.hpp"

#include "memory_store.hpp"
#include "pg_store.hpp"
#include "sqlite_store.hpp"

namespace pat_service {

namespace {

constexpr std::string_view sqlite_scheme = "sqlite:";

[[nodiscard]] bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

[[nodiscard]] bool is_postgresql(std::string_view uri) {
    return starts_with(uri, "postgresql://") || starts_with(uri, "postgres://");
}

} // namespace

bool is_store_uri(std::string_view uri) {
    return uri == "memory:" ||
           (starts_with(uri, sqlite_scheme) && uri.size() > sqlite_scheme.size()) ||
           is_postgresql(uri);
}

std::unique_ptr<token_store> open_store(const std::string& uri, const seed_source& seed,
                                        const store_options& options) {
    if (uri == "memory:") {
        return std::make_unique<memory_store>(seed());
    }
    if (starts_with(uri, sqlite_scheme)) {
        return std::make_unique<sqlite_store>(uri.substr(sqlite_scheme.size()), seed, options);
    }
    if (is_postgresql(uri)) {
        return std::make_unique<pg_store>(uri, seed, options);
    }
    throw store_unavailable("unknown store URI (use memory:, sqlite:PATH or postgresql://...)");
}

} // namespace pat_service
