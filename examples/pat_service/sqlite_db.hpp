// SPDX-License-Identifier: MIT
// Thin RAII over SQLite's C API: a connection and prepared statements that throw on failure, with
// every wait bounded by the connection's deadline.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_DB_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_DB_HPP

#include <chrono>
#include <cstdint>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <string_view>

#include "token_store.hpp"

namespace pat_service::sqlite {

/// A failed SQLite call: store_unavailable with SQLite's (extended) result code.
class error : public store_unavailable {
  public:
    error(const std::string& message, int code) : store_unavailable(message), code_(code) {}

    /// The extended result code, e.g. SQLITE_CORRUPT, SQLITE_BUSY.
    [[nodiscard]] int code() const { return code_; }
    /// True for SQLITE_CORRUPT and SQLITE_NOTADB: the file is damaged.
    [[nodiscard]] bool is_damage() const;

  private:
    int code_;
};

using clock = std::chrono::steady_clock;

/// One open database connection. Not thread-safe: one thread uses it at a time.
class connection {
  public:
    /// Opens the database file at `path`, which must exist (never creating one: a file that
    /// vanished is an error, not a new empty database); throws sqlite::error.
    explicit connection(const std::string& path);
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /// Runs SQL text without results (several statements allowed); throws sqlite::error.
    void run(const char* sql);

    /// Bounds every later statement: a lock wait (SQLITE_BUSY) ends at `deadline`, and so does a
    /// statement still running then (SQLITE_INTERRUPT); both throw sqlite::error. Until this is
    /// called there is no deadline.
    void set_deadline(clock::time_point deadline) { deadline_ = deadline; }

    /// Whether closing may checkpoint the WAL into the file and delete the -wal and -shm files
    /// by name (SQLite's default). Off for a file the service refuses or no longer owns, so
    /// nothing is written to it and whatever the path names now is left alone.
    void set_checkpoint_on_close(bool allowed);

    [[nodiscard]] sqlite3* handle() const { return db_; }

  private:
    static int on_busy(void* self, int attempt);
    static int on_progress(void* self);

    sqlite3* db_ = nullptr;
    clock::time_point deadline_ = clock::time_point::max();
};

/// What one step of a statement produced.
enum class step_result { row, done, unique_violation };

/// A prepared statement, reset after every use so it can be run again.
class statement {
  public:
    statement(connection& db, const char* sql);
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    ~statement();

    statement& bind(int index, std::string_view text);
    statement& bind(int index, std::int64_t value);
    statement& bind_optional(int index, const std::optional<std::string>& text);

    /// Runs one step; throws sqlite::error on any error except a UNIQUE constraint.
    [[nodiscard]] step_result step();

    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] std::optional<std::string> optional_text(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;

    /// Clears bindings and rewinds; called before each use.
    void reset();

  private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

} // namespace pat_service::sqlite

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_DB_HPP
