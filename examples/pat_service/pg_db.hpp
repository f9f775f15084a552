// SPDX-License-Identifier: MIT
// Thin RAII over libpq: a connection, parameterised statements and COPY, throwing on failure, with
// every wait bounded by the connection's deadline (non-blocking libpq and poll).
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PG_DB_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PG_DB_HPP

#include <chrono>
#include <initializer_list>
#include <libpq-fe.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "token_store.hpp"

namespace pat_service::pg {

using clock = std::chrono::steady_clock;

/// The server closed the connection or the connection broke, before the statement's outcome
/// arrived. Until COMMIT was sent nothing of the transaction can have been applied (the server
/// rolls back what a lost connection leaves), so the work may be redone on a fresh connection.
class connection_lost : public store_unavailable {
  public:
    using store_unavailable::store_unavailable;
};

/// The outcome of one statement: its rows, or the note that a unique index refused it.
class result {
  public:
    result() = default;
    explicit result(PGresult* raw) : raw_(raw, &PQclear) {}

    [[nodiscard]] bool unique_violation() const { return unique_violation_; }
    [[nodiscard]] int rows() const { return raw_ ? PQntuples(raw_.get()) : 0; }
    [[nodiscard]] std::string text(int row, int column) const;
    [[nodiscard]] std::optional<std::string> optional_text(int row, int column) const;
    [[nodiscard]] long long integer(int row, int column) const;

    static result refused_by_unique_index() {
        result out;
        out.unique_violation_ = true;
        return out;
    }

  private:
    std::unique_ptr<PGresult, void (*)(PGresult*)> raw_{nullptr, &PQclear};
    bool unique_violation_ = false;
};

/// A statement parameter: text without NUL (libpq passes C strings), or SQL NULL.
using parameter = std::optional<std::string_view>;

/// One connection to the server. Not thread-safe: one thread uses it at a time.
class connection {
  public:
    /// Connects with the libpq connection string or URI `conninfo` by `until`, asking the server
    /// to end any statement or lock wait after `server_timeout` (statement_timeout,
    /// lock_timeout) and to drop a session left idle inside a transaction; TCP keepalives and
    /// tcp_user_timeout notice a peer that vanished. What `conninfo` sets wins. Throws
    /// store_unavailable.
    connection(const std::string& conninfo, std::chrono::milliseconds server_timeout,
               clock::time_point until);
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /// Bounds every later statement: one still without its outcome at `deadline` throws
    /// store_unavailable and leaves this connection broken (is_healthy() false).
    void set_deadline(clock::time_point deadline) { deadline_ = deadline; }

    /// Runs `sql` with `$1`... bound to `params`. Throws connection_lost when the connection
    /// broke, store_unavailable on any other failure except a unique-index violation (SQLSTATE
    /// 23505), which the result reports. A parameter holding NUL is std::invalid_argument.
    result exec(const char* sql, std::initializer_list<parameter> params = {});

    /// COPY `table_and_columns` FROM STDIN with `rows` (each a list of column values).
    void copy_in(const char* table_and_columns, const std::vector<std::vector<std::string>>& rows);

    /// False once the connection is lost or a statement on it timed out; such a connection is
    /// thrown away.
    [[nodiscard]] bool is_healthy() const;

  private:
    void wait_for(short events);
    void flush(std::string_view what);
    [[nodiscard]] PGresult* next_result(std::string_view what);
    [[noreturn]] void fail(std::string_view what, const PGresult* failed = nullptr);

    PGconn* conn_ = nullptr;
    clock::time_point deadline_;
    bool broken_ = false;
};

} // namespace pat_service::pg

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PG_DB_HPP
