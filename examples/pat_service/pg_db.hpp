// SPDX-License-Identifier: MIT
// Thin RAII over libpq: a connection, parameterised statements and COPY, throwing on failure.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PG_DB_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PG_DB_HPP

#include <initializer_list>
#include <libpq-fe.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pat_service::pg {

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

/// A statement parameter: text, or SQL NULL.
using parameter = std::optional<std::string_view>;

/// One connection to the server. Not thread-safe: one thread uses it at a time.
class connection {
  public:
    /// Connects with the libpq connection string or URI `conninfo` (connect_timeout 5 s unless
    /// it says otherwise) and bounds every statement and lock wait; throws store_unavailable.
    explicit connection(const std::string& conninfo);
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /// Runs `sql` with `$1`... bound to `params`. Throws store_unavailable on any failure except
    /// a unique-index violation (SQLSTATE 23505), which the result reports.
    result exec(const char* sql, std::initializer_list<parameter> params = {});

    /// COPY `table_and_columns` FROM STDIN with `rows` (each a list of column values).
    void copy_in(const char* table_and_columns, const std::vector<std::vector<std::string>>& rows);

    /// False once the connection to the server is lost; such a connection is thrown away.
    [[nodiscard]] bool is_healthy() const;

  private:
    PGconn* conn_ = nullptr;
};

} // namespace pat_service::pg

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PG_DB_HPP
