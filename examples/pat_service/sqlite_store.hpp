// SPDX-License-Identifier: MIT
// The sqlite:PATH backend: one database file in WAL mode, the default for persistence.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_STORE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_STORE_HPP

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "seed.hpp"
#include "sqlite_files.hpp"
#include "store_options.hpp"
#include "token_store.hpp"

namespace pat_service {

namespace sqlite {
class connection;
}

/// Readers each take a connection of their own from a pool and read a WAL snapshot, so a GET
/// never waits for a write, here or in another process. Writers share one connection (SQLite has
/// one writer at a time anyway): at most `max_queued_writers` PATCHes wait for it, and each
/// call, queueing and SQLite's lock included, ends within the store deadline. Commits use
/// synchronous=FULL: an acknowledged change has been fsynced to the WAL, so it survives kill -9
/// and power loss. The file and its -wal and -shm companions are mode 0600.
///
/// Every call first checks that the path still names the file that was opened (device and
/// inode). Once it does not (the file was deleted, moved, or replaced by a restored backup),
/// every call and ready() fail until restart, and the WAL is checkpointed into the old file and
/// truncated, so its frames can never be applied to whatever the path names now; the (empty)
/// -wal stays, so a start with the database missing refuses to seed a new one beside it.
class sqlite_store final : public token_store {
  public:
    /// Opens the database at `path`, or creates it from `seed()` when there is no file (`seed`
    /// is called before the file is created, and only then); migrates an older schema. Throws
    /// store_unavailable, without writing anything, for an empty (0-byte) or foreign file, for
    /// a -wal, -shm or -journal file beside a missing database (the database was deleted: a new
    /// one must not be seeded over its remains), and for a database PRAGMA quick_check finds
    /// damaged (the message says "damaged"); throws what `seed` throws.
    sqlite_store(const std::string& path, const seed_source& seed, const store_options& options);
    ~sqlite_store() override;

    [[nodiscard]] std::string epoch() const override { return epoch_; }
    [[nodiscard]] std::string lookup_key() const override { return lookup_key_; }
    [[nodiscard]] std::vector<stored_credential> credentials() override;
    [[nodiscard]] std::vector<versioned_token> list(std::string_view owner_id) override;
    [[nodiscard]] std::optional<versioned_token> find(std::string_view owner_id,
                                                      std::string_view token_id) override;
    [[nodiscard]] patch_outcome patch(const patch_request& request,
                                      const patch_rules& rules) override;
    [[nodiscard]] bool ready() override;

  private:
    struct session;
    class transaction;
    class reader_lease;
    class writer_slot;
    using clock = std::chrono::steady_clock;

    void migrate(sqlite::connection& db, const seed_source& seed);
    [[nodiscard]] std::unique_ptr<session> open_session() const;
    [[nodiscard]] clock::time_point deadline() const { return clock::now() + options_.timeout; }
    /// Throws store_unavailable unless the path still names the opened file; on the first
    /// failure, retires the file (see the class comment). `writer` is held, or taken here.
    void check_file(std::unique_lock<std::timed_mutex>& writer, clock::time_point until);
    /// Whether the path names the opened file now (false also when that cannot be told).
    [[nodiscard]] bool names_opened_file() const;
    void retire_lost_file();

    std::string path_;
    store_options options_;
    std::string epoch_;
    std::string lookup_key_;
    sqlite::file_identity identity_; ///< of the file opened at start
    std::atomic<bool> lost_{false};
    bool retired_ = false; ///< under writer_mutex_
    std::atomic<std::size_t> queued_writers_{0};
    std::timed_mutex writer_mutex_;
    std::unique_ptr<session> writer_;
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<session>> idle_readers_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_STORE_HPP
