// SPDX-License-Identifier: MIT
// Picks and opens the store backend a --store URI names.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_OPEN_STORE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_OPEN_STORE_HPP

#include <memory>
#include <string>
#include <string_view>

#include "seed.hpp"
#include "store_options.hpp"
#include "token_store.hpp"

namespace pat_service {

/// True for the URI forms open_store accepts: `memory:`, `sqlite:PATH` (PATH not empty),
/// `postgresql://...` and `postgres://...`.
[[nodiscard]] bool is_store_uri(std::string_view uri);

/// Opens the store `uri` names, calling `seed` for its content only when it is new (always, for
/// memory:); the seed is freed once imported. Throws store_unavailable when the database cannot
/// be reached, opened, created or migrated, is damaged, or is missing beside files of its own
/// (SQLite's -wal, -shm), and whatever `seed` throws (seed_error).
[[nodiscard]] std::unique_ptr<token_store>
open_store(const std::string& uri, const seed_source& seed, const store_options& options);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_OPEN_STORE_HPP
