// SPDX-License-Identifier: MIT
// The postgresql://... backend: one database shared by any number of service instances.
#include "pg_store.hpp"

#include <iterator>
#include <utility>

#include "patch_transaction.hpp"
#include "pg_db.hpp"
#include "token_rows.hpp"

namespace pat_service {

namespace {

// Schema steps by version, applied in order inside the migration transaction; the version
// reached is meta's "schema_version". Append steps, never edit one.
struct migration_step {
    int version;
    const char* sql;
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
)sql"},
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

} // namespace

// A pooled connection for one call; a connection that lost its server is dropped, not pooled.
class pg_store::lease {
  public:
    explicit lease(pg_store& store) : store_(store) {
        {
            const std::lock_guard<std::mutex> lock(store_.pool_mutex_);
            if (!store_.idle_.empty()) {
                db_ = std::move(store_.idle_.back());
                store_.idle_.pop_back();
            }
        }
        if (!db_ || !db_->is_healthy()) {
            db_ = std::make_unique<pg::connection>(store_.conninfo_);
        }
    }
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    ~lease() {
        if (db_->is_healthy()) {
            const std::lock_guard<std::mutex> lock(store_.pool_mutex_);
            store_.idle_.push_back(std::move(db_));
        }
    }

    pg::connection& operator*() const { return *db_; }

  private:
    pg_store& store_;
    std::unique_ptr<pg::connection> db_;
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
                // The server is gone: it rolls the transaction back itself.
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
        return !db_.exec("COMMIT").unique_violation();
    }

  private:
    pg::connection& db_;
    bool done_ = false;
};

pg_store::pg_store(std::string conninfo, const seed_data& seed) : conninfo_(std::move(conninfo)) {
    const lease db(*this);
    migrate(*db, seed);
}

pg_store::~pg_store() = default;

void pg_store::migrate(pg::connection& db, const seed_data& seed) {
    transaction open(db);
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
            (void)db.exec(step.sql);
        }
    }
    if (version == 0) {
        (void)db.exec("INSERT INTO meta(key, value) VALUES ('epoch', $1), ('lookup_key', $2), "
                      "('schema_version', '0')",
                      {random_hex(8), random_hex(32)});
        import_seed(db, seed, meta_value(db, "lookup_key"));
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
    const lease db(*this);
    const auto rows = (*db).exec("SELECT lookup, salt, digest, identity, scope FROM credentials");
    std::vector<stored_credential> out;
    for (int i = 0; i < rows.rows(); ++i) {
        out.push_back(credential_from_row(rows.text(i, 0), rows.text(i, 1), rows.text(i, 2),
                                          rows.text(i, 3), rows.optional_text(i, 4)));
    }
    return out;
}

std::vector<versioned_token> pg_store::list(std::string_view owner_id) {
    const lease db(*this);
    const auto rows = (*db).exec(
        "SELECT version, document FROM tokens WHERE owner_id = $1 ORDER BY seq", {owner_id});
    std::vector<versioned_token> out;
    for (int i = 0; i < rows.rows(); ++i) {
        out.push_back(token_from_row(rows.text(i, 1), rows.integer(i, 0)));
    }
    return out;
}

std::optional<versioned_token> pg_store::find(std::string_view owner_id,
                                              std::string_view token_id) {
    const lease db(*this);
    const auto row =
        (*db).exec("SELECT version, document FROM tokens WHERE id = $1 AND owner_id = $2",
                   {token_id, owner_id});
    if (row.rows() != 1) {
        return std::nullopt;
    }
    return token_from_row(row.text(0, 1), row.integer(0, 0));
}

patch_outcome pg_store::patch(const patch_request& request, const patch_rules& rules) {
    const lease db(*this);
    transaction open(*db);
    return run_patch(open, request, rules);
}

bool pg_store::ready() {
    try {
        const lease db(*this);
        (void)(*db).exec("SELECT 1");
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace pat_service
