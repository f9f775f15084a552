// SPDX-License-Identifier: MIT
// The postgresql://... backend: one database shared by any number of service instances.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PG_STORE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PG_STORE_HPP

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "seed.hpp"
#include "store_options.hpp"
#include "token_store.hpp"

namespace pat_service {

namespace pg {
class connection;
}

/// Each call borrows a connection from a pool (a new one is made when none is idle; a broken or
/// timed-out one is dropped, so the service reconnects once the server is back) and ends within
/// the store deadline, connecting included: libpq runs non-blocking under poll, and the server
/// is asked to end statements and lock waits at the same deadline. When a pooled connection
/// turns out to be closed by the server (a restart), the call runs once more on a fresh
/// connection, unless COMMIT was already sent (then it fails: the change may have been saved).
/// A PATCH reads its row FOR UPDATE, so writers of one token queue on the row lock while
/// readers go on reading the last committed version (MVCC); the unique (owner_id, name) index
/// stops a rename that another instance committed after this one's check.
class pg_store final : public token_store {
  public:
    /// Connects with `conninfo`, creates the schema and imports `seed()` when the database has
    /// none (under an advisory lock, so instances starting together seed it once; `seed` is
    /// called only then), and migrates an older schema; throws store_unavailable and what
    /// `seed` throws.
    pg_store(std::string conninfo, const seed_source& seed, const store_options& options);
    ~pg_store() override;

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
    class lease;
    class transaction;
    using clock = std::chrono::steady_clock;

    /// Runs `work(connection&)` within the store deadline, once more on a fresh connection
    /// when a pooled one turns out to be closed (see the class comment).
    template <class Work> auto with_connection(Work&& work);
    void migrate(pg::connection& db, const seed_source& seed);
    [[nodiscard]] std::unique_ptr<pg::connection> connect(clock::time_point until) const;
    void drop_idle();

    std::string conninfo_;
    store_options options_;
    std::string epoch_;
    std::string lookup_key_;
    std::mutex pool_mutex_;
    std::vector<std::unique_ptr<pg::connection>> idle_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PG_STORE_HPP
