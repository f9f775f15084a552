// SPDX-License-Identifier: MIT
// Thin RAII over SQLite's C API: a connection and prepared statements that throw on failure.
#include "sqlite_db.hpp"

#include "token_store.hpp"

namespace pat_service::sqlite {

namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    throw store_unavailable(message);
}

// How long a statement waits for another connection's lock (another service process on the same
// file, or a checkpoint) before it fails with SQLITE_BUSY and the request gets a 500.
constexpr int busy_timeout_ms = 5000;

} // namespace

connection::connection(const std::string& path, const char* setup) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        // On failure SQLite may still hand out a handle, which holds the message and must close.
        const std::string message =
            "cannot open " + path + ": " + (db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        db_ = nullptr;
        throw store_unavailable(message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    try {
        run(setup);
    } catch (...) {
        sqlite3_close_v2(db_);
        throw;
    }
}

connection::~connection() {
    sqlite3_close_v2(db_);
}

void connection::run(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        fail(db_, sql);
    }
}

statement::statement(connection& db, const char* sql) : db_(db.handle()) {
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
        fail(db_, sql);
    }
}

statement::~statement() {
    sqlite3_finalize(stmt_);
}

statement& statement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away.
    if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8) != SQLITE_OK) {
        fail(db_, "bind");
    }
    return *this;
}

statement& statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) {
        fail(db_, "bind");
    }
    return *this;
}

statement& statement::bind_optional(int index, const std::optional<std::string>& text) {
    if (text) {
        return bind(index, std::string_view(*text));
    }
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) {
        fail(db_, "bind");
    }
    return *this;
}

step_result statement::step() {
    const int code = sqlite3_step(stmt_);
    if (code == SQLITE_ROW) {
        return step_result::row;
    }
    if (code == SQLITE_DONE) {
        return step_result::done;
    }
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return step_result::unique_violation;
    }
    fail(db_, sqlite3_sql(stmt_));
}

std::string statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::optional<std::string> statement::optional_text(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) {
        return std::nullopt;
    }
    return text(column);
}

std::int64_t statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

void statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

} // namespace pat_service::sqlite
