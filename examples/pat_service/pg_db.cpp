// SPDX-License-Identifier: MIT
// Thin RAII over libpq: a connection, parameterised statements and COPY, throwing on failure.
#include "pg_db.hpp"

#include <cstdlib>
#include <cstring>

#include "token_store.hpp"

namespace pat_service::pg {

namespace {

// Bounds on every wait, so a stuck database turns into a 500 instead of a stuck worker.
constexpr const char* session_setup = "SET statement_timeout = '10s'; SET lock_timeout = '5s'";

[[noreturn]] void fail(PGconn* conn, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += conn != nullptr ? PQerrorMessage(conn) : "out of memory";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    throw store_unavailable(message);
}

// COPY's text format: backslash, tab, newline and carriage return are escaped.
void append_copy_field(std::string& line, std::string_view value) {
    for (const char c : value) {
        switch (c) {
        case '\\':
            line += "\\\\";
            break;
        case '\t':
            line += "\\t";
            break;
        case '\n':
            line += "\\n";
            break;
        case '\r':
            line += "\\r";
            break;
        default:
            line += c;
            break;
        }
    }
}

} // namespace

std::string result::text(int row, int column) const {
    return std::string(PQgetvalue(raw_.get(), row, column),
                       static_cast<std::size_t>(PQgetlength(raw_.get(), row, column)));
}

std::optional<std::string> result::optional_text(int row, int column) const {
    if (PQgetisnull(raw_.get(), row, column) != 0) {
        return std::nullopt;
    }
    return text(row, column);
}

long long result::integer(int row, int column) const {
    return std::strtoll(PQgetvalue(raw_.get(), row, column), nullptr, 10);
}

connection::connection(const std::string& conninfo) {
    // Keywords before "dbname" are overridden by what the expanded URI says, so these are
    // defaults only.
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"5", "pat_service", conninfo.c_str(), nullptr};
    conn_ = PQconnectdbParams(keywords, values, 1);
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
        const std::string message = std::string("cannot connect to PostgreSQL: ") +
                                    (conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory");
        PQfinish(conn_);
        conn_ = nullptr;
        throw store_unavailable(message);
    }
    // Server notices ("relation already exists, skipping") are not errors; keep stderr for those.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    PGresult* setup = PQexec(conn_, session_setup);
    const bool ok = PQresultStatus(setup) == PGRES_COMMAND_OK;
    PQclear(setup);
    if (!ok) {
        PQfinish(conn_);
        conn_ = nullptr;
        throw store_unavailable("cannot configure the PostgreSQL session");
    }
}

connection::~connection() {
    PQfinish(conn_);
}

bool connection::is_healthy() const {
    return PQstatus(conn_) == CONNECTION_OK;
}

result connection::exec(const char* sql, std::initializer_list<parameter> params) {
    // libpq wants NUL-terminated values; string_views may not be.
    std::vector<std::string> storage;
    storage.reserve(params.size());
    std::vector<const char*> values;
    for (const parameter& p : params) {
        if (p) {
            storage.emplace_back(*p);
            values.push_back(storage.back().c_str());
        } else {
            values.push_back(nullptr);
        }
    }
    // Without parameters PQexec, which also runs several statements (a migration step).
    PGresult* raw = values.empty() ? PQexec(conn_, sql)
                                   : PQexecParams(conn_, sql, static_cast<int>(values.size()),
                                                  nullptr, values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
        return result(raw);
    }
    const char* sqlstate = raw != nullptr ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
    const bool unique = sqlstate != nullptr && std::strcmp(sqlstate, "23505") == 0;
    PQclear(raw);
    if (unique) {
        return result::refused_by_unique_index();
    }
    fail(conn_, sql);
}

void connection::copy_in(const char* table_and_columns,
                         const std::vector<std::vector<std::string>>& rows) {
    const std::string sql = std::string("COPY ") + table_and_columns + " FROM STDIN";
    PGresult* start = PQexec(conn_, sql.c_str());
    const bool copying = PQresultStatus(start) == PGRES_COPY_IN;
    PQclear(start);
    if (!copying) {
        fail(conn_, sql);
    }
    std::string line;
    for (const auto& row : rows) {
        line.clear();
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += i == 0 ? "" : "\t";
            append_copy_field(line, row[i]);
        }
        line += '\n';
        if (PQputCopyData(conn_, line.data(), static_cast<int>(line.size())) != 1) {
            fail(conn_, sql);
        }
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) {
        fail(conn_, sql);
    }
    // The COPY's own result, then the end of the command.
    bool ok = true;
    while (PGresult* done = PQgetResult(conn_)) {
        ok = ok && PQresultStatus(done) == PGRES_COMMAND_OK;
        PQclear(done);
    }
    if (!ok) {
        fail(conn_, sql);
    }
}

} // namespace pat_service::pg
