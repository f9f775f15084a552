// SPDX-License-Identifier: MIT
// The postgresql://... backend: one database shared by any number of service instances.
#include "pg_store.hpp"

#include <algorithm>
#include <iostream>
#include <iterator>
#include <utility>

#include "patch_transaction.hpp"
#include "pg_db.hpp"
#include "token_rows.hpp"

namespace pat_service {

namespace {

void normalise_stored_names(pg::connection& db);

// Schema steps by version, applied in order inside the migration transaction; the version
// reached is meta's "schema_version". Append steps, never edit one. `upgrade` changes rows an
// older version wrote; a new store's rows need none.
struct migration_step {
    int version;
    const char* sql;
    void (*upgrade)(pg::connection&);
};

constexpr migration_step migrations[] = {
    {1, R"sql(
CREATE TABLE tokens(
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    owner_id TEXT NOT NULL,
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    document TEXT NOT NULL);
CREATE UNIQUE INDEX tokens_owner_name ON tokens(owner_id, name);
CREATE TABLE credentials(
    lookup TEXT NOT NULL,
    salt TEXT NOT NULL,
    digest TEXT NOT NULL,
    identity TEXT NOT NULL,
    scope TEXT);
CREATE INDEX credentials_lookup ON credentials(lookup);
)sql",
     nullptr},
    // Names are stored normalised (normalise_name), so the unique index compares what users see
    // (text equality under a deterministic collation is byte equality).
    {2, nullptr, &normalise_stored_names},
};

constexpr int latest_version = std::prev(std::end(migrations))->version;

// Any constant shared by all instances: it names the lock that serialises their migrations.
constexpr const char* migration_lock = "SELECT pg_advisory_xact_lock(7242025014)";

[[nodiscard]] std::string meta_value(pg::connection& db, const char* key) {
    const auto found = db.exec("SELECT value FROM meta WHERE key = $1", {key});
    return found.rows() == 1 ? found.text(0, 0) : std::string();
}

void import_seed(pg::connection& db, const seed_data& seed, const std::string& lookup_key) {
    std::vector<std::vector<std::string>> rows;
    rows.reserve(seed.tokens.size());
    for (const auto& t : seed.tokens) {
        rows.push_back({t.id, t.owner.id, t.name, "1", token_document(t)});
    }
    db.copy_in("tokens(id, owner_id, name, version, document)", rows);
    for (const auto& [bearer, grants] : seed.credentials) {
        const stored_credential c = protect(lookup_key, bearer, grants);
        const auto scope = scope_column(c.grants);
        (void)db.exec("INSERT INTO credentials(lookup, salt, digest, identity, scope) "
                      "VALUES ($1, $2, $3, $4, $5)",
                      {c.lookup, c.salt, c.digest, c.grants.identity,
                       scope ? pg::parameter(*scope) : std::nullopt});
    }
}

// Migration 2: names an older version stored as given are rewritten in normalised form (version
// + 1, so old ETags no longer match). A name whose normal form another token of its owner
// already has stays as it is, with a warning (a unique violation would abort the transaction,
// so the statement checks first).
void normalise_stored_names(pg::connection& db) {
    const auto all = db.exec("SELECT version, document FROM tokens");
    for (int i = 0; i < all.rows(); ++i) {
        const auto row = with_normalised_name(all.text(i, 1), all.integer(i, 0));
        if (!row) {
            continue;
        }
        const std::string version = std::to_string(row->version);
        const auto updated = db.exec(
            "UPDATE tokens SET name = $1, version = $2, document = $3 WHERE id = $4 AND NOT "
            "EXISTS (SELECT 1 FROM tokens o WHERE o.owner_id = tokens.owner_id AND o.name = $1 "
            "AND o.id <> $4) RETURNING id",
            {row->token.name, version, token_document(row->token), row->token.id});
        if (updated.rows() == 0) {
            std::cerr << "pat_service: token " << row->token.id
                      << " keeps its name as stored: its owner has another token with its "
                         "normalised name\n";
        }
    }
}

} // namespace

// A pooled connection for one call; a connection that lost its server or timed out is dropped,
// not pooled.
class pg_store::lease {
  public:
    lease(pg_store& store, clock::time_point until) : store_(store), until_(until) {
        {
            const std::lock_guard<std::mutex> lock(store_.pool_mutex_);
            if (!store_.idle_.empty()) {
                db_ = std::move(store_.idle_.back());
                store_.idle_.pop_back();
                reused_ = true;
            }
        }
        if (!db_ || !db_->is_healthy()) {
            db_ = store_.connect(until_);
            reused_ = false;
        }
        db_->set_deadline(until_);
    }
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease() {
        if (db_ && db_->is_healthy()) {
            const std::lock_guard<std::mutex> lock(store_.pool_mutex_);
            store_.idle_.push_back(std::move(db_));
        }
    }

    /// True when the connection came from the pool (it may have been closed while idle).
    [[nodiscard]] bool reused() const { return reused_; }

    /// A fresh connection in place of this one, whose server closed it; the idle connections
    /// were made to the same server and are dropped too.
    void renew() {
        db_.reset();
        store_.drop_idle();
        db_ = store_.connect(until_);
        reused_ = false;
        db_->set_deadline(until_);
    }

    pg::connection& operator*() const { return *db_; }

  private:
    pg_store& store_;
    clock::time_point until_;
    std::unique_ptr<pg::connection> db_;
    bool reused_ = false;
};

// READ COMMITTED with the row locked FOR UPDATE: a concurrent PATCH of the same token waits for
// this one to commit and then reads its result.
class pg_store::transaction final : public token_transaction {
  public:
    explicit transaction(pg::connection& db) : db_(db) { (void)db_.exec("BEGIN"); }
    ~transaction() override {
        if (!done_ && db_.is_healthy()) {
            try {
                (void)db_.exec("ROLLBACK");
            } catch (const store_unavailable&) {
                // The connection is broken now, and dropped: the server rolls back itself.
            }
        }
    }

    std::optional<versioned_token> lock_token(std::string_view owner_id,
                                              std::string_view token_id) override {
        const auto row = db_.exec("SELECT version, document FROM tokens "
                                  "WHERE id = $1 AND owner_id = $2 FOR UPDATE",
                                  {token_id, owner_id});
        if (row.rows() != 1) {
            return std::nullopt;
        }
        return token_from_row(row.text(0, 1), row.integer(0, 0));
    }

    bool name_taken(std::string_view owner_id, std::string_view name,
                    std::string_view except_id) override {
        return db_.exec("SELECT 1 FROM tokens WHERE owner_id = $1 AND name = $2 AND id <> $3",
                        {owner_id, name, except_id})
                   .rows() > 0;
    }

    bool write(const versioned_token& next) override {
        const std::string version = std::to_string(next.version);
        return !db_.exec("UPDATE tokens SET name = $1, version = $2, document = $3 WHERE id = $4",
                         {next.token.name, version, token_document(next.token), next.token.id})
                    .unique_violation();
    }

    bool commit() override {
        done_ = true; // a failed COMMIT ends the transaction too
        try {
            return !db_.exec("COMMIT").unique_violation();
        } catch (const pg::connection_lost& lost) {
            // The server may have committed before the connection broke: this transaction is
            // never run again (a retry could apply the patch twice).
            throw store_unavailable(std::string("the connection broke during COMMIT; the change "
                                                "may or may not have been saved: ") +
                                    lost.what());
        }
    }

  private:
    pg::connection& db_;
    bool done_ = false;
};

template <class Work> auto pg_store::with_connection(Work&& work) {
    lease db(*this, clock::now() + options_.timeout);
    try {
        return work(*db);
    } catch (const pg::connection_lost&) {
        // A pooled connection the server closed while it was idle (a restart, a failover, an
        // idle timeout): what ran on it was rolled back with it, so the work runs once more on a
        // fresh connection, within the same deadline. A fresh connection that fails means the
        // server is down: no retry.
        if (!db.reused()) {
            throw;
        }
        db.renew();
        return work(*db);
    }
}

pg_store::pg_store(std::string conninfo, const seed_source& seed, const store_options& options)
    : conninfo_(std::move(conninfo)), options_(options) {
    lease db(*this, clock::now() + std::max(options_.timeout, options_.startup_timeout));
    migrate(*db, seed);
}

pg_store::~pg_store() = default;

std::unique_ptr<pg::connection> pg_store::connect(clock::time_point until) const {
    return std::make_unique<pg::connection>(conninfo_, options_.timeout, until);
}

void pg_store::drop_idle() {
    std::vector<std::unique_ptr<pg::connection>> stale;
    {
        const std::lock_guard<std::mutex> lock(pool_mutex_);
        stale.swap(idle_);
    }
}

void pg_store::migrate(pg::connection& db, const seed_source& seed) {
    transaction open(db);
    // A large seed, or another instance's migration holding the lock, may take longer than a
    // request may; the session's limits return at the end of this transaction.
    const std::string budget =
        std::to_string(std::max(options_.timeout, options_.startup_timeout).count());
    (void)db.exec(("SET LOCAL statement_timeout = " + budget + "; SET LOCAL lock_timeout = " +
                   budget + "; SET LOCAL idle_in_transaction_session_timeout = 0")
                      .c_str());
    (void)db.exec(migration_lock);
    (void)db.exec("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    const std::string recorded = meta_value(db, "schema_version");
    const int version = recorded.empty() ? 0 : std::stoi(recorded);
    if (version > latest_version) {
        throw store_unavailable("the database has schema version " + recorded +
                                ", newer than this service knows (" +
                                std::to_string(latest_version) + ")");
    }
    for (const auto& step : migrations) {
        if (step.version > version) {
            if (step.sql != nullptr) {
                (void)db.exec(step.sql);
            }
            if (step.upgrade != nullptr && version > 0) {
                step.upgrade(db);
            }
        }
    }
    if (version == 0) {
        (void)db.exec("INSERT INTO meta(key, value) VALUES ('epoch', $1), ('lookup_key', $2), "
                      "('schema_version', '0')",
                      {random_hex(8), random_hex(32)});
        import_seed(db, seed(), meta_value(db, "lookup_key"));
    }
    (void)db.exec("UPDATE meta SET value = $1 WHERE key = 'schema_version'",
                  {std::to_string(latest_version)});
    epoch_ = meta_value(db, "epoch");
    lookup_key_ = meta_value(db, "lookup_key");
    if (!open.commit()) {
        throw store_unavailable("the schema migration did not commit");
    }
}

std::vector<stored_credential> pg_store::credentials() {
    return with_connection([](pg::connection& db) {
        const auto rows = db.exec("SELECT lookup, salt, digest, identity, scope FROM credentials");
        std::vector<stored_credential> out;
        for (int i = 0; i < rows.rows(); ++i) {
            out.push_back(credential_from_row(rows.text(i, 0), rows.text(i, 1), rows.text(i, 2),
                                              rows.text(i, 3), rows.optional_text(i, 4)));
        }
        return out;
    });
}

std::vector<versioned_token> pg_store::list(std::string_view owner_id) {
    if (!is_storable_key(owner_id)) {
        return {};
    }
    return with_connection([owner_id](pg::connection& db) {
        const auto rows = db.exec(
            "SELECT version, document FROM tokens WHERE owner_id = $1 ORDER BY seq", {owner_id});
        std::vector<versioned_token> out;
        for (int i = 0; i < rows.rows(); ++i) {
            out.push_back(token_from_row(rows.text(i, 1), rows.integer(i, 0)));
        }
        return out;
    });
}

std::optional<versioned_token> pg_store::find(std::string_view owner_id,
                                              std::string_view token_id) {
    if (!is_storable_key(owner_id) || !is_storable_key(token_id)) {
        return std::nullopt;
    }
    return with_connection(
        [owner_id, token_id](pg::connection& db) -> std::optional<versioned_token> {
            const auto row =
                db.exec("SELECT version, document FROM tokens WHERE id = $1 AND owner_id = $2",
                        {token_id, owner_id});
            if (row.rows() != 1) {
                return std::nullopt;
            }
            return token_from_row(row.text(0, 1), row.integer(0, 0));
        });
}

patch_outcome pg_store::patch(const patch_request& request, const patch_rules& rules) {
    return with_connection([&request, &rules](pg::connection& db) {
        transaction open(db);
        return run_patch(open, request, rules);
    });
}

bool pg_store::ready() {
    try {
        return with_connection([](pg::connection& db) { return db.exec("SELECT 1").rows() == 1; });
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace pat_service
