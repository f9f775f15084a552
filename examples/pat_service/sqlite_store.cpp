// SPDX-License-Identifier: MIT
// The sqlite:PATH backend: one database file in WAL mode, the default for persistence.
#include "sqlite_store.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <iterator>
#include <unistd.h>
#include <utility>

#include "patch_transaction.hpp"
#include "sqlite_db.hpp"
#include "sqlite_files.hpp"
#include "token_rows.hpp"

namespace pat_service {

namespace {

void normalise_stored_names(sqlite::connection& db);

// Schema steps by version; a database at version N runs the steps after N, in one transaction,
// and records the last version in PRAGMA user_version. Append steps, never edit one. `upgrade`
// changes rows an older version wrote; a new store's rows need none.
struct migration_step {
    int version;
    const char* sql;
    void (*upgrade)(sqlite::connection&);
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
)sql",
     nullptr},
    // Names are stored normalised (normalise_name), so the unique index compares what users see.
    {2, nullptr, &normalise_stored_names},
};

constexpr int latest_version = std::prev(std::end(migrations))->version;

// WAL: readers see a snapshot and never wait for the writer. synchronous=FULL: COMMIT returns
// only after the WAL is fsynced, so an acknowledged change survives power loss too (NORMAL
// would only survive a crash of the process).
constexpr const char* wal_setup = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL";

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

// Migration 2: names an older version stored as given are rewritten in normalised form (version
// + 1, so old ETags no longer match). A name whose normal form another token of its owner
// already has stays as it is (the unique index would refuse it), with a warning.
void normalise_stored_names(sqlite::connection& db) {
    std::vector<versioned_token> renamed;
    {
        sqlite::statement all(db, "SELECT version, document FROM tokens");
        while (all.step() == sqlite::step_result::row) {
            if (auto row = with_normalised_name(all.text(1), all.integer(0))) {
                renamed.push_back(std::move(*row));
            }
        }
    }
    sqlite::statement update(db, "UPDATE tokens SET name = ?1, version = ?2, document = ?3 "
                                 "WHERE id = ?4");
    for (const auto& row : renamed) {
        update.reset();
        update.bind(1, row.token.name)
            .bind(2, row.version)
            .bind(3, token_document(row.token))
            .bind(4, row.token.id);
        if (update.step() == sqlite::step_result::unique_violation) {
            std::cerr << "pat_service: token " << row.token.id
                      << " keeps its name as stored: its owner has another token with its "
                         "normalised name\n";
        }
    }
}

} // namespace

struct sqlite_store::session {
    explicit session(const std::string& path)
        : db(path), begin(db, "BEGIN IMMEDIATE"), commit(db, "COMMIT"),
          find(db, "SELECT version, document FROM tokens WHERE id = ?1 AND owner_id = ?2"),
          list(db, "SELECT version, document FROM tokens WHERE owner_id = ?1 ORDER BY seq"),
          name_taken(db, "SELECT 1 FROM tokens WHERE owner_id = ?1 AND name = ?2 AND id <> ?3"),
          update(db, "UPDATE tokens SET name = ?1, version = ?2, document = ?3 WHERE id = ?4"),
          ping(db, "SELECT 1 FROM meta LIMIT 1") {
        db.run(wal_setup);
    }

    sqlite::connection db;
    sqlite::statement begin;
    sqlite::statement commit;
    sqlite::statement find;
    sqlite::statement list;
    sqlite::statement name_taken;
    sqlite::statement update;
    sqlite::statement ping;
};

// A connection borrowed from the reader pool for one request, returned on destruction; only
// after the path was found to name the opened file.
class sqlite_store::reader_lease {
  public:
    reader_lease(sqlite_store& store, clock::time_point until) : store_(store) {
        std::unique_lock<std::timed_mutex> no_writer;
        store_.check_file(no_writer, until);
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
        session_->db.set_deadline(until);
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

// A place among the PATCHes waiting for the writer, or store_unavailable at once when all are
// taken: a longer queue could only end in the deadline.
class sqlite_store::writer_slot {
  public:
    explicit writer_slot(sqlite_store& store) : count_(store.queued_writers_) {
        if (count_.fetch_add(1) >= store.options_.max_queued_writers) {
            count_.fetch_sub(1);
            throw store_unavailable("too many PATCHes are waiting for the SQLite writer");
        }
    }
    writer_slot(const writer_slot&) = delete;
    writer_slot& operator=(const writer_slot&) = delete;
    ~writer_slot() { count_.fetch_sub(1); }

  private:
    std::atomic<std::size_t>& count_;
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
            s_.db.set_deadline(clock::time_point::max()); // a rollback never waits for a lock
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

sqlite_store::sqlite_store(const std::string& path, const seed_source& seed,
                           const store_options& options)
    : path_(path), options_(options) {
    const bool is_new = !sqlite::has_database(path_);
    const auto until = clock::now() + std::max(options_.timeout, options_.startup_timeout);
    // A new store's seed is read before its file exists, so a store without one leaves nothing
    // behind; it is freed once imported.
    std::optional<seed_data> fresh;
    if (is_new) {
        fresh = seed();
    }
    const seed_source once = [&fresh, &seed] { return fresh ? std::move(*fresh) : seed(); };
    if (is_new) {
        // Created here, exclusively, so that a failure below removes only a file of its own.
        const int created = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (created < 0) {
            throw store_unavailable("cannot create " + path_ + ": " + std::strerror(errno));
        }
        ::close(created);
    }
    try {
        if (!is_new) {
            sqlite::check_integrity(path_, until);
        }
        {
            // The sessions prepare their statements against the schema, so it must exist first.
            sqlite::connection db(path_);
            db.set_deadline(until);
            db.run(wal_setup);
            sqlite::restrict_mode(path_);
            migrate(db, once);
        }
        const auto opened = sqlite::identity_of(path_);
        if (!opened) {
            throw store_unavailable(path_ + " disappeared while it was opened");
        }
        identity_ = *opened;
        writer_ = open_session();
    } catch (...) {
        if (is_new) {
            // Half a new store is worse than none: the next start would call it damaged.
            writer_.reset();
            sqlite::remove_database(path_);
        }
        throw;
    }
}

sqlite_store::~sqlite_store() {
    const std::lock_guard<std::timed_mutex> lock(writer_mutex_);
    if (!lost_ && names_opened_file()) {
        return; // closing the last connection checkpoints and removes the -wal and -shm
    }
    lost_ = true;
    retire_lost_file();
    if (retired_) {
        // Closing must not delete, by name, a -wal and -shm that may now be someone else's, nor
        // remove the (empty) -wal that stops a new store being seeded where this one was lost.
        writer_->db.set_checkpoint_on_close(false);
        for (const auto& reader : idle_readers_) {
            reader->db.set_checkpoint_on_close(false);
        }
    }
}

std::unique_ptr<sqlite_store::session> sqlite_store::open_session() const {
    auto opened = std::make_unique<session>(path_);
    if (!names_opened_file()) {
        // Replaced between the check and the open: this connection reads someone else's file.
        opened->db.set_checkpoint_on_close(false);
        throw store_unavailable(path_ + " was replaced while a connection was opened");
    }
    return opened;
}

void sqlite_store::check_file(std::unique_lock<std::timed_mutex>& writer, clock::time_point until) {
    if (!lost_.load(std::memory_order_acquire)) {
        const auto now = sqlite::identity_of(path_); // throws on a failure that proves nothing
        if (now && *now == identity_) {
            return;
        }
        lost_.store(true, std::memory_order_release);
    }
    if (!writer.owns_lock()) {
        writer = std::unique_lock<std::timed_mutex>(writer_mutex_, until);
    }
    if (writer.owns_lock()) {
        retire_lost_file();
    }
    throw store_unavailable(path_ +
                            " no longer names the database this service opened (it was deleted, "
                            "moved or replaced): restart the service");
}

// Every frame of the WAL goes into the file this service has open (deleted, or moved aside and
// now complete) and the WAL is truncated through the open descriptor: whatever the path names
// now never receives those frames, not even at a start after kill -9. Retried by later calls
// until it succeeds.
bool sqlite_store::names_opened_file() const {
    try {
        const auto now = sqlite::identity_of(path_);
        return now && *now == identity_;
    } catch (const store_unavailable&) {
        return false;
    }
}

void sqlite_store::retire_lost_file() {
    if (retired_) {
        return;
    }
    writer_->db.set_deadline(deadline());
    retired_ = sqlite3_wal_checkpoint_v2(writer_->db.handle(), nullptr, SQLITE_CHECKPOINT_TRUNCATE,
                                         nullptr, nullptr) == SQLITE_OK;
}

void sqlite_store::migrate(sqlite::connection& db, const seed_source& seed) {
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
            if (step.sql != nullptr) {
                db.run(step.sql);
            }
            if (step.upgrade != nullptr && version > 0) {
                step.upgrade(db);
            }
        }
    }
    if (version == 0) {
        seed_new_store(db, seed());
    }
    epoch_ = meta_value(db, "epoch");
    lookup_key_ = meta_value(db, "lookup_key");
    db.run(("PRAGMA user_version = " + std::to_string(latest_version) + "; COMMIT").c_str());
}

std::vector<stored_credential> sqlite_store::credentials() {
    const reader_lease s(*this, deadline());
    sqlite::statement all(s->db, "SELECT lookup, salt, digest, identity, scope FROM credentials");
    std::vector<stored_credential> out;
    while (all.step() == sqlite::step_result::row) {
        out.push_back(credential_from_row(all.text(0), all.text(1), all.text(2), all.text(3),
                                          all.optional_text(4)));
    }
    return out;
}

std::vector<versioned_token> sqlite_store::list(std::string_view owner_id) {
    if (!is_storable_key(owner_id)) {
        return {};
    }
    const reader_lease s(*this, deadline());
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
    if (!is_storable_key(owner_id) || !is_storable_key(token_id)) {
        return std::nullopt;
    }
    const reader_lease s(*this, deadline());
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
    const auto until = deadline();
    const writer_slot slot(*this);
    std::unique_lock<std::timed_mutex> writer(writer_mutex_, until);
    if (!writer.owns_lock()) {
        throw store_unavailable("the SQLite writer stayed busy past the store deadline");
    }
    check_file(writer, until);
    writer_->db.set_deadline(until);
    transaction open(*writer_);
    return run_patch(open, request, rules);
}

bool sqlite_store::ready() {
    try {
        const reader_lease s(*this, deadline());
        s->ping.reset();
        const bool answered = s->ping.step() == sqlite::step_result::row;
        s->ping.reset();
        return answered;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace pat_service
