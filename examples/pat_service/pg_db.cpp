// SPDX-License-Identifier: MIT
// Thin RAII over libpq: a connection, parameterised statements and COPY, throwing on failure, with
// every wait bounded by the connection's deadline (non-blocking libpq and poll).
#include "pg_db.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <stdexcept>

namespace pat_service::pg {

namespace {

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

[[nodiscard]] std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    return text;
}

// SQLSTATE classes that mean the session is gone: 08 (connection exception) and 57P (the server
// is shutting down, crashed or restarting).
[[nodiscard]] bool is_session_gone(const char* sqlstate) {
    return sqlstate != nullptr &&
           (std::strncmp(sqlstate, "08", 2) == 0 || std::strncmp(sqlstate, "57P", 3) == 0);
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

connection::connection(const std::string& conninfo, std::chrono::milliseconds server_timeout,
                       clock::time_point until)
    : deadline_(until) {
    const std::string timeout_ms = std::to_string(server_timeout.count());
    // libpq honours connect_timeout (whole seconds, at least 2) only in its blocking connect;
    // this one is non-blocking and bounded by `until`, which is what counts.
    const std::string timeout_s =
        std::to_string(std::max<long long>(2, (server_timeout.count() + 999) / 1000));
    const std::string idle_ms = std::to_string(2 * server_timeout.count());
    // Sent in the startup packet: no round trip of its own.
    const std::string options = "-c statement_timeout=" + timeout_ms +
                                " -c lock_timeout=" + timeout_ms +
                                " -c idle_in_transaction_session_timeout=" + idle_ms;
    // Keywords before "dbname" are overridden by what the expanded URI says, so these are
    // defaults only.
    const char* keywords[] = {"connect_timeout",
                              "tcp_user_timeout",
                              "keepalives",
                              "keepalives_idle",
                              "keepalives_interval",
                              "keepalives_count",
                              "application_name",
                              "options",
                              "dbname",
                              nullptr};
    const char* values[] = {
        timeout_s.c_str(), timeout_ms.c_str(), "1",    "10", "5", "3", "pat_service",
        options.c_str(),   conninfo.c_str(),   nullptr};
    conn_ = PQconnectStartParams(keywords, values, 1);
    if (conn_ == nullptr) {
        throw store_unavailable("cannot connect to PostgreSQL: out of memory");
    }
    // Before the first PQconnectPoll, wait as if it had asked to write (libpq's protocol).
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    try {
        while (PQstatus(conn_) != CONNECTION_BAD && state != PGRES_POLLING_OK &&
               state != PGRES_POLLING_FAILED) {
            wait_for(state == PGRES_POLLING_READING ? POLLIN : POLLOUT);
            state = PQconnectPoll(conn_);
        }
    } catch (...) {
        PQfinish(conn_); // the destructor does not run for a constructor that throws
        conn_ = nullptr;
        throw;
    }
    if (state != PGRES_POLLING_OK || PQsetnonblocking(conn_, 1) != 0) {
        const std::string message =
            "cannot connect to PostgreSQL: " + trimmed(PQerrorMessage(conn_));
        PQfinish(conn_);
        conn_ = nullptr;
        throw store_unavailable(message);
    }
    // Server notices ("relation already exists, skipping") are not errors; keep stderr for those.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
}

connection::~connection() {
    // Non-blocking: a frozen server cannot hold this up (the goodbye goes to the socket buffer).
    PQfinish(conn_);
}

bool connection::is_healthy() const {
    return !broken_ && PQstatus(conn_) == CONNECTION_OK;
}

// Waits until the socket is ready for `events` or the deadline passes. Past it the connection is
// abandoned: libpq 15's PQcancel would block on a frozen server (it waits for the server to close
// the cancel connection), so the server learns of it when the socket closes, and its own
// statement_timeout (the same length) ends a statement still running.
void connection::wait_for(short events) {
    for (;;) {
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(deadline_ - clock::now()).count();
        if (left <= 0) {
            broken_ = true;
            throw store_unavailable(conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK
                                        ? "PostgreSQL did not answer within the store deadline"
                                        : "PostgreSQL did not accept a connection within the "
                                          "store deadline");
        }
        pollfd watch{PQsocket(conn_), events, 0};
        const int ready = ::poll(&watch, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
        if (ready > 0 || (ready < 0 && errno != EINTR)) {
            return; // readiness, hang-up or a socket error: libpq's next call tells which
        }
    }
}

void connection::flush(std::string_view what) {
    for (;;) {
        const int pending = PQflush(conn_);
        if (pending == 0) {
            return;
        }
        if (pending < 0) {
            fail(what);
        }
        // libpq may need to read before it can write (the server answers while we send).
        wait_for(POLLIN | POLLOUT);
        if (PQconsumeInput(conn_) == 0) {
            fail(what);
        }
    }
}

PGresult* connection::next_result(std::string_view what) {
    while (PQisBusy(conn_) != 0) {
        wait_for(POLLIN);
        if (PQconsumeInput(conn_) == 0) {
            fail(what);
        }
    }
    return PQgetResult(conn_);
}

void connection::fail(std::string_view what, const PGresult* failed) {
    const char* sqlstate =
        failed != nullptr ? PQresultErrorField(failed, PG_DIAG_SQLSTATE) : nullptr;
    std::string message(what);
    message += ": ";
    message += trimmed(failed != nullptr ? PQresultErrorMessage(failed) : PQerrorMessage(conn_));
    if (PQstatus(conn_) == CONNECTION_BAD || is_session_gone(sqlstate)) {
        broken_ = true;
        throw connection_lost(message);
    }
    throw store_unavailable(message);
}

result connection::exec(const char* sql, std::initializer_list<parameter> params) {
    // libpq wants NUL-terminated values; string_views may not be, and one holding NUL would be
    // cut short (a different value) without a word.
    std::vector<std::string> storage;
    storage.reserve(params.size());
    std::vector<const char*> values;
    for (const parameter& p : params) {
        if (p) {
            if (p->find('\0') != std::string_view::npos) {
                throw std::invalid_argument("a PostgreSQL text parameter cannot hold NUL");
            }
            storage.emplace_back(*p);
            values.push_back(storage.back().c_str());
        } else {
            values.push_back(nullptr);
        }
    }
    // Without parameters PQsendQuery, which also runs several statements (a migration step).
    const int sent = values.empty()
                         ? PQsendQuery(conn_, sql)
                         : PQsendQueryParams(conn_, sql, static_cast<int>(values.size()), nullptr,
                                             values.data(), nullptr, nullptr, 0);
    if (sent == 0) {
        fail(sql);
    }
    flush(sql);
    // Every statement's result, then nullptr; the first failure decides.
    std::unique_ptr<PGresult, void (*)(PGresult*)> last(nullptr, &PQclear);
    std::unique_ptr<PGresult, void (*)(PGresult*)> failure(nullptr, &PQclear);
    while (PGresult* next = next_result(sql)) {
        const ExecStatusType status = PQresultStatus(next);
        if (failure) {
            PQclear(next);
        } else if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            last.reset(next);
        } else {
            failure.reset(next);
        }
    }
    if (!failure) {
        return result(last.release());
    }
    const char* sqlstate = PQresultErrorField(failure.get(), PG_DIAG_SQLSTATE);
    if (sqlstate != nullptr && std::strcmp(sqlstate, "23505") == 0) {
        return result::refused_by_unique_index();
    }
    fail(sql, failure.get());
}

void connection::copy_in(const char* table_and_columns,
                         const std::vector<std::vector<std::string>>& rows) {
    const std::string sql = std::string("COPY ") + table_and_columns + " FROM STDIN";
    if (PQsendQuery(conn_, sql.c_str()) == 0) {
        fail(sql);
    }
    flush(sql);
    {
        const std::unique_ptr<PGresult, void (*)(PGresult*)> start(next_result(sql), &PQclear);
        if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
            fail(sql, start.get());
        }
    }
    // Non-blocking: 0 means libpq's buffer is full until the socket takes more.
    const auto put = [this, &sql](const auto& call) {
        int done = 0;
        while ((done = call()) == 0) {
            wait_for(POLLOUT);
            if (PQflush(conn_) < 0) {
                fail(sql);
            }
        }
        if (done < 0) {
            fail(sql);
        }
    };
    std::string line;
    for (const auto& row : rows) {
        line.clear();
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += i == 0 ? "" : "\t";
            append_copy_field(line, row[i]);
        }
        line += '\n';
        put([this, &line] {
            return PQputCopyData(conn_, line.data(), static_cast<int>(line.size()));
        });
    }
    put([this] { return PQputCopyEnd(conn_, nullptr); });
    flush(sql);
    // The COPY's own result, then the end of the command.
    bool ok = true;
    while (PGresult* done = next_result(sql)) {
        ok = ok && PQresultStatus(done) == PGRES_COMMAND_OK;
        PQclear(done);
    }
    if (!ok) {
        fail(sql);
    }
}

} // namespace pat_service::pg
