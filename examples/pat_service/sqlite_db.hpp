// SPDX-License-Identifier: MIT
// Thin RAII over SQLite's C API: a connection and prepared statements that throw on failure.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_DB_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_DB_HPP

#include <cstdint>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace pat_service::sqlite {

/// One open database connection. Not thread-safe: one thread uses it at a time.
class connection {
  public:
    /// Opens (creating it if missing) the database file at `path` and runs `setup` (PRAGMAs) on
    /// it; throws store_unavailable.
    connection(const std::string& path, const char* setup);
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /// Runs SQL text without results (several statements allowed); throws store_unavailable.
    void run(const char* sql);

    [[nodiscard]] sqlite3* handle() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
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

    /// Runs one step; throws store_unavailable on any error except a UNIQUE constraint.
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
