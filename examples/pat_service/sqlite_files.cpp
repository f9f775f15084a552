// SPDX-License-Identifier: MIT
// The SQLite database as files: what a path names, and the checks made before a database is used.
#include "sqlite_files.hpp"

#include <cerrno>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "sqlite_db.hpp"
#include "token_store.hpp"

namespace pat_service::sqlite {

namespace {

// Files SQLite keeps beside a database while it is in use (or after a crash).
constexpr const char* companions[] = {"-wal", "-shm", "-journal"};

[[nodiscard]] bool exists(const std::string& path) {
    struct stat ignored {};
    return ::stat(path.c_str(), &ignored) == 0 || errno != ENOENT;
}

} // namespace

void restrict_mode(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        if (::chmod((path + suffix).c_str(), S_IRUSR | S_IWUSR) != 0 && errno != ENOENT) {
            throw store_unavailable("cannot make " + path + suffix + " mode 0600");
        }
    }
}

bool has_database(const std::string& path) {
    struct stat file {};
    if (::stat(path.c_str(), &file) != 0) {
        if (errno != ENOENT) {
            throw store_unavailable("cannot inspect " + path);
        }
        for (const char* suffix : companions) {
            if (exists(path + suffix)) {
                throw store_unavailable(
                    path + " is missing but " + path + suffix +
                    " is there: the database was deleted or moved while in use. Put it back, or "
                    "remove " +
                    path + "-wal, " + path + "-shm and " + path +
                    "-journal to start a new store from the seed");
            }
        }
        return false;
    }
    if (!S_ISREG(file.st_mode)) {
        throw store_unavailable(path + " is not a regular file");
    }
    if (file.st_size == 0) {
        throw store_unavailable(path + " is empty (0 bytes): a damaged database, not a new one. "
                                       "Restore it from a backup, or remove it to start a new "
                                       "store from the seed");
    }
    std::ifstream in(path, std::ios::binary);
    std::string header(100, '\0'); // the database header
    in.read(header.data(), static_cast<std::streamsize>(header.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    const std::string magic("SQLite format 3\0", 16);
    if (header.compare(0, std::min(got, magic.size()), magic, 0, std::min(got, magic.size())) !=
        0) {
        throw store_unavailable(path + " exists and is not an SQLite database");
    }
    if (got < header.size()) {
        throw store_unavailable(path + " is a truncated SQLite database (damaged)");
    }
    return true;
}

// A damaged database would otherwise start and answer 500s (or worse) until someone looked.
void check_integrity(const std::string& path, std::chrono::steady_clock::time_point until) {
    std::vector<std::string> created;
    for (const char* suffix : companions) {
        if (!exists(path + suffix)) {
            created.push_back(path + suffix);
        }
    }
    std::string problems;
    {
        connection db(path);
        db.set_checkpoint_on_close(false);
        db.set_deadline(until);
        try {
            statement check(db, "PRAGMA quick_check(8)");
            while (check.step() == step_result::row) {
                const std::string line = check.text(0);
                if (line != "ok") {
                    problems += problems.empty() ? line : "; " + line;
                }
            }
        } catch (const error& failure) {
            if (!failure.is_damage()) {
                throw;
            }
            problems = failure.what();
        }
    }
    if (problems.empty()) {
        return;
    }
    for (const auto& file : created) {
        ::unlink(file.c_str());
    }
    throw store_unavailable(path + " is damaged (PRAGMA quick_check: " + problems +
                            "); it was left as it is. Restore it from a backup");
}

void remove_database(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        ::unlink((path + suffix).c_str());
    }
}

std::optional<file_identity> identity_of(const std::string& path) {
    struct stat now {};
    if (::stat(path.c_str(), &now) == 0) {
        return file_identity{now.st_dev, now.st_ino};
    }
    if (errno == ENOENT || errno == ENOTDIR) {
        return std::nullopt;
    }
    throw store_unavailable("cannot inspect " + path);
}

} // namespace pat_service::sqlite
