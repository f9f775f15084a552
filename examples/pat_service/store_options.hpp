// SPDX-License-Identifier: MIT
// What every store backend is told when it is opened: its deadline and its writer queue.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_STORE_OPTIONS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_STORE_OPTIONS_HPP

#include <chrono>
#include <cstddef>

namespace pat_service {

/// How long store calls may take and how many may wait.
struct store_options {
    /// The deadline of every store call (--store-timeout), from its start to its answer,
    /// connecting, waiting for a lock and retrying included; past it the call throws
    /// store_unavailable. Opening the store (migration, seeding) gets at least
    /// startup_timeout.
    std::chrono::milliseconds timeout{2000};
    /// Opening a store may import a large seed or wait for another instance's migration.
    std::chrono::milliseconds startup_timeout{60000};
    /// SQLite: PATCHes that may wait for the one writer connection at once; one more is
    /// store_unavailable at once instead of a wait that could only end in the deadline.
    std::size_t max_queued_writers = 64;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_STORE_OPTIONS_HPP
