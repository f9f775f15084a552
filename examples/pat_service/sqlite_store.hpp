// SPDX-License-Identifier: MIT
// The sqlite:PATH backend: one database file in WAL mode, the default for persistence.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_STORE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_STORE_HPP

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "seed.hpp"
#include "token_store.hpp"

namespace pat_service {

namespace sqlite {
class connection;
}

/// Readers each take a connection of their own from a pool and read a WAL snapshot, so a GET
/// never waits for a write. Writers share one connection under a mutex (SQLite has one writer at
/// a time anyway) and commit with synchronous=FULL: an acknowledged change has been fsynced to
/// the WAL, so it survives kill -9 and power loss. The file and its -wal and -shm companions are
/// mode 0600.
class sqlite_store final : public token_store {
  public:
    /// Opens the database at `path`, creating it and importing `seed` when it is new, and
    /// migrates an older schema; throws store_unavailable.
    sqlite_store(const std::string& path, const seed_data& seed);
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

    void migrate(sqlite::connection& db, const seed_data& seed);
    [[nodiscard]] std::unique_ptr<session> open_session() const;

    std::string path_;
    std::string epoch_;
    std::string lookup_key_;
    std::mutex writer_mutex_;
    std::unique_ptr<session> writer_;
    std::mutex readers_mutex_;
    std::vector<std::unique_ptr<session>> idle_readers_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_STORE_HPP
