// SPDX-License-Identifier: MIT
// Thin RAII over SQLite's C API: a connection and prepared statements that throw on failure, with
// every wait bounded by the connection's deadline.
#include "sqlite_db.hpp"

#include <algorithm>
#include <array>
#include <thread>

namespace pat_service::sqlite {

namespace {

[[noreturn]] void fail(sqlite3* db, int code, std::string_view what) {
    std::string message(what);
    message += ": ";
    const int primary = code & 0xFF;
    if (primary == SQLITE_BUSY || primary == SQLITE_INTERRUPT) {
        // Our busy handler or progress handler gave up: the deadline passed.
        message += "the database did not answer within the store deadline (";
        message += primary == SQLITE_BUSY ? "locked by another connection" : "interrupted";
        message += ")";
    } else {
        message += db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    }
    throw error(message, code);
}

// Statements between two looks at the clock while one runs; cheap next to a statement's own work.
constexpr int progress_interval = 1000;

} // namespace

bool error::is_damage() const {
    const int primary = code_ & 0xFF;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

connection::connection(const std::string& path) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    const int code = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (code != SQLITE_OK) {
        // On failure SQLite may still hand out a handle, which holds the message and must close.
        const std::string message =
            "cannot open " + path + ": " + (db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        db_ = nullptr;
        throw error(message, code);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_handler(db_, &connection::on_busy, this);
    sqlite3_progress_handler(db_, progress_interval, &connection::on_progress, this);
}

connection::~connection() {
    sqlite3_close_v2(db_);
}

// SQLite's own busy_timeout sleeps on a fixed schedule up to a fixed total; this one sleeps on
// the same kind of schedule but never past the deadline of the call in progress.
int connection::on_busy(void* self, int attempt) {
    const auto& db = *static_cast<const connection*>(self);
    constexpr std::array<int, 8> backoff_ms = {1, 2, 5, 10, 10, 20, 20, 25};
    const auto now = clock::now();
    if (now >= db.deadline_) {
        return 0;
    }
    const auto step = std::chrono::milliseconds(backoff_ms[std::min<std::size_t>(
        static_cast<std::size_t>(attempt), backoff_ms.size() - 1)]);
    std::this_thread::sleep_for(std::min<clock::duration>(step, db.deadline_ - now));
    return 1;
}

int connection::on_progress(void* self) {
    return clock::now() >= static_cast<const connection*>(self)->deadline_ ? 1 : 0;
}

void connection::run(const char* sql) {
    const int code = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) {
        fail(db_, sqlite3_extended_errcode(db_), sql);
    }
}

void connection::set_checkpoint_on_close(bool allowed) {
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, allowed ? 0 : 1, nullptr);
}

statement::statement(connection& db, const char* sql) : db_(db.handle()) {
    const int code = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (code != SQLITE_OK) {
        fail(db_, sqlite3_extended_errcode(db_), sql);
    }
}

statement::~statement() {
    sqlite3_finalize(stmt_);
}

statement& statement::bind(int index, std::string_view text) {
    // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away.
    const int code =
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (code != SQLITE_OK) {
        fail(db_, code, "bind");
    }
    return *this;
}

statement& statement::bind(int index, std::int64_t value) {
    const int code = sqlite3_bind_int64(stmt_, index, value);
    if (code != SQLITE_OK) {
        fail(db_, code, "bind");
    }
    return *this;
}

statement& statement::bind_optional(int index, const std::optional<std::string>& text) {
    if (text) {
        return bind(index, std::string_view(*text));
    }
    const int code = sqlite3_bind_null(stmt_, index);
    if (code != SQLITE_OK) {
        fail(db_, code, "bind");
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
    fail(db_, code, sqlite3_sql(stmt_));
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
