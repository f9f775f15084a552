// SPDX-License-Identifier: MIT
// The sqlite:PATH backend: one database file in WAL mode, the default for persistence.
#include "sqlite_store.hpp"

#include <cerrno>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <utility>

#include "patch_transaction.hpp"
#include "sqlite_db.hpp"
#include "token_rows.hpp"

namespace pat_service {

namespace {

// Schema steps by version; a database at version N runs the steps after N, in one transaction,
// and records the last version in PRAGMA user_version. Append steps, never edit one.
struct migration_step {
    int version;
    const char* sql;
};

constexpr migration_step migrations[] = {
    {1, R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE tokens(
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    owner_id TEXT NOT NULL,
    name TEXT NOT NULL,
    version INTEGER NOT NULL,
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

// WAL: readers see a snapshot and never wait for the writer. synchronous=FULL: COMMIT returns
// only after the WAL is fsynced, so an acknowledged change survives power loss too (NORMAL
// would only survive a crash of the process).
constexpr const char* wal_setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL";

// Files the service writes are for its eyes only; umask(077) in main covers new files, this
// covers a database created by an older build or another tool.
void restrict_mode(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        if (::chmod((path + suffix).c_str(), S_IRUSR | S_IWUSR) != 0 && errno != ENOENT) {
            throw store_unavailable("cannot make " + path + suffix + " mode 0600");
        }
    }
}

// SQLite silently turns a short file of any content into a new database; an existing file that
// is not one (an old JSON data file, a typo) must be refused, never overwritten.
void refuse_foreign_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return; // nothing there yet (or unreadable: then opening it reports the problem)
    }
    std::string header(16, '\0');
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got > 0 && header.compare(0, got, std::string("SQLite format 3\0", 16), 0, got) != 0) {
        throw store_unavailable(path + " exists and is not an SQLite database");
    }
    if (got > 0 && got < header.size()) {
        throw store_unavailable(path + " is a truncated SQLite database");
    }
}

[[nodiscard]] std::string meta_value(sqlite::connection& db, const char* key) {
    sqlite::statement read(db, "SELECT value FROM meta WHERE key = ?1");
    read.bind(1, std::string_view(key));
    if (read.step() != sqlite::step_result::row) {
        throw store_unavailable(std::string("the meta table has no ") + key);
    }
    return read.text(0);
}

// A new store: its random epoch and lookup key, then the seed's tokens and credentials.
void seed_new_store(sqlite::connection& db, const seed_data& seed) {
    const std::string lookup_key = random_hex(32);
    sqlite::statement meta(db, "INSERT INTO meta(key, value) VALUES (?1, ?2)");
    meta.bind(1, std::string_view("epoch")).bind(2, random_hex(8));
    (void)meta.step();
    meta.reset();
    meta.bind(1, std::string_view("lookup_key")).bind(2, lookup_key);
    (void)meta.step();
    sqlite::statement token(db, "INSERT INTO tokens(id, owner_id, name, version, document) "
                                "VALUES (?1, ?2, ?3, 1, ?4)");
    for (const auto& t : seed.tokens) {
        token.reset();
        token.bind(1, t.id).bind(2, t.owner.id).bind(3, t.name).bind(4, token_document(t));
        (void)token.step();
    }
    sqlite::statement insert(db, "INSERT INTO credentials(lookup, salt, digest, identity, scope) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto& [bearer, grants] : seed.credentials) {
        const stored_credential c = protect(lookup_key, bearer, grants);
        insert.reset();
        insert.bind(1, c.lookup).bind(2, c.salt).bind(3, c.digest).bind(4, c.grants.identity);
        insert.bind_optional(5, scope_column(c.grants));
        (void)insert.step();
    }
}

} // namespace

struct sqlite_store::session {
    explicit session(const std::string& path)
        : db(path, wal_setup), begin(db, "BEGIN IMMEDIATE"), commit(db, "COMMIT"),
          find(db, "SELECT version, document FROM tokens WHERE id = ?1 AND owner_id = ?2"),
          list(db, "SELECT version, document FROM tokens WHERE owner_id = ?1 ORDER BY seq"),
          name_taken(db, "SELECT 1 FROM tokens WHERE owner_id = ?1 AND name = ?2 AND id <> ?3"),
          update(db, "UPDATE tokens SET name = ?1, version = ?2, document = ?3 WHERE id = ?4") {}

    sqlite::connection db;
    sqlite::statement begin;
    sqlite::statement commit;
    sqlite::statement find;
    sqlite::statement list;
    sqlite::statement name_taken;
    sqlite::statement update;
};

// A connection borrowed from the reader pool for one request, returned on destruction.
class sqlite_store::reader_lease {
  public:
    explicit reader_lease(sqlite_store& store) : store_(store) {
        {
            const std::lock_guard<std::mutex> lock(store_.readers_mutex_);
            if (!store_.idle_readers_.empty()) {
                session_ = std::move(store_.idle_readers_.back());
                store_.idle_readers_.pop_back();
            }
        }
        if (!session_) {
            session_ = store_.open_session();
        }
    }
    reader_lease(const reader_lease&) = delete;
    reader_lease& operator=(const reader_lease&) = delete;
    ~reader_lease() {
        const std::lock_guard<std::mutex> lock(store_.readers_mutex_);
        store_.idle_readers_.push_back(std::move(session_));
    }

    session* operator->() const { return session_.get(); }

  private:
    sqlite_store& store_;
    std::unique_ptr<session> session_;
};

// BEGIN IMMEDIATE takes SQLite's write lock, so the row read first stays as read until COMMIT.
class sqlite_store::transaction final : public token_transaction {
  public:
    explicit transaction(session& s) : s_(s) {
        s_.begin.reset();
        (void)s_.begin.step();
    }
    ~transaction() override {
        if (sqlite3_get_autocommit(s_.db.handle()) == 0) {
            sqlite3_exec(s_.db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }

    std::optional<versioned_token> lock_token(std::string_view owner_id,
                                              std::string_view token_id) override {
        s_.find.reset();
        s_.find.bind(1, token_id).bind(2, owner_id);
        std::optional<versioned_token> out;
        if (s_.find.step() == sqlite::step_result::row) {
            out = token_from_row(s_.find.text(1), s_.find.integer(0));
        }
        s_.find.reset();
        return out;
    }

    bool name_taken(std::string_view owner_id, std::string_view name,
                    std::string_view except_id) override {
        s_.name_taken.reset();
        s_.name_taken.bind(1, owner_id).bind(2, name).bind(3, except_id);
        const bool taken = s_.name_taken.step() == sqlite::step_result::row;
        s_.name_taken.reset();
        return taken;
    }

    bool write(const versioned_token& next) override {
        s_.update.reset();
        s_.update.bind(1, next.token.name)
            .bind(2, next.version)
            .bind(3, token_document(next.token))
            .bind(4, next.token.id);
        return s_.update.step() != sqlite::step_result::unique_violation;
    }

    bool commit() override {
        s_.commit.reset();
        return s_.commit.step() != sqlite::step_result::unique_violation;
    }

  private:
    session& s_;
};

sqlite_store::sqlite_store(const std::string& path, const seed_data& seed) : path_(path) {
    {
        // The sessions prepare their statements against the schema, so it must exist first.
        refuse_foreign_file(path_);
        sqlite::connection db(path_, wal_setup);
        restrict_mode(path_);
        migrate(db, seed);
    }
    writer_ = open_session();
}

sqlite_store::~sqlite_store() = default;

std::unique_ptr<sqlite_store::session> sqlite_store::open_session() const {
    return std::make_unique<session>(path_);
}

void sqlite_store::migrate(sqlite::connection& db, const seed_data& seed) {
    db.run("BEGIN IMMEDIATE");
    sqlite::statement read_version(db, "PRAGMA user_version");
    (void)read_version.step();
    const auto version = read_version.integer(0);
    read_version.reset();
    if (version > latest_version) {
        db.run("ROLLBACK");
        throw store_unavailable(path_ + " has schema version " + std::to_string(version) +
                                ", newer than this service knows (" +
                                std::to_string(latest_version) + ")");
    }
    for (const auto& step : migrations) {
        if (step.version > version) {
            db.run(step.sql);
        }
    }
    if (version == 0) {
        seed_new_store(db, seed);
    }
    epoch_ = meta_value(db, "epoch");
    lookup_key_ = meta_value(db, "lookup_key");
    db.run(("PRAGMA user_version = " + std::to_string(latest_version) + "; COMMIT").c_str());
}

std::vector<stored_credential> sqlite_store::credentials() {
    const reader_lease s(*this);
    sqlite::statement all(s->db, "SELECT lookup, salt, digest, identity, scope FROM credentials");
    std::vector<stored_credential> out;
    while (all.step() == sqlite::step_result::row) {
        out.push_back(credential_from_row(all.text(0), all.text(1), all.text(2), all.text(3),
                                          all.optional_text(4)));
    }
    return out;
}

std::vector<versioned_token> sqlite_store::list(std::string_view owner_id) {
    const reader_lease s(*this);
    s->list.reset();
    s->list.bind(1, owner_id);
    std::vector<versioned_token> out;
    while (s->list.step() == sqlite::step_result::row) {
        out.push_back(token_from_row(s->list.text(1), s->list.integer(0)));
    }
    s->list.reset(); // ends the read transaction, so the WAL can be checkpointed past it
    return out;
}

std::optional<versioned_token> sqlite_store::find(std::string_view owner_id,
                                                  std::string_view token_id) {
    const reader_lease s(*this);
    s->find.reset();
    s->find.bind(1, token_id).bind(2, owner_id);
    std::optional<versioned_token> out;
    if (s->find.step() == sqlite::step_result::row) {
        out = token_from_row(s->find.text(1), s->find.integer(0));
    }
    s->find.reset();
    return out;
}

patch_outcome sqlite_store::patch(const patch_request& request, const patch_rules& rules) {
    const std::lock_guard<std::mutex> lock(writer_mutex_);
    transaction open(*writer_);
    return run_patch(open, request, rules);
}

bool sqlite_store::ready() {
    try {
        const reader_lease s(*this);
        s->db.run("SELECT 1 FROM meta LIMIT 1");
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace pat_service
