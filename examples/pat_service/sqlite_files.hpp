// SPDX-License-Identifier: MIT
// The SQLite database as files: what a path names, and the checks made before a database is used.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_FILES_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_FILES_HPP

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>

namespace pat_service::sqlite {

/// Which file a path names: device and inode, as stat reports them.
struct file_identity {
    dev_t device = 0;
    ino_t inode = 0;
};

[[nodiscard]] inline bool operator==(const file_identity& a, const file_identity& b) {
    return a.device == b.device && a.inode == b.inode;
}

/// The file `path` names now, or nothing when it names none (deleted, moved away); throws
/// store_unavailable when stat fails otherwise (permissions, I/O).
[[nodiscard]] std::optional<file_identity> identity_of(const std::string& path);

/// True when `path` holds a database to open, false when there is none yet. Refuses
/// (store_unavailable), before anything is opened or written: a missing database whose -wal,
/// -shm or -journal is still there (the database was deleted or moved while in use: seeding a
/// new one would silently lose every change and bring the seed's bearers back, and SQLite would
/// delete a -wal that has no database); an empty file (SQLite would quietly make it a new
/// database: it is a truncated one); a file that is not SQLite (an old JSON data file, a typo)
/// or is shorter than SQLite's header.
[[nodiscard]] bool has_database(const std::string& path);

/// PRAGMA quick_check of the database at `path` (every page's structure, not the index-to-table
/// cross-check) by `until`, with nothing written to it: the connection never checkpoints, and
/// the -wal/-shm it had to create are removed again when the file is refused. Throws
/// store_unavailable saying "damaged" for a damaged database, other failures as they come.
void check_integrity(const std::string& path, std::chrono::steady_clock::time_point until);

/// Makes the database and its -wal and -shm mode 0600 (umask(077) in main covers new files; this
/// covers a database created by an older build or another tool); throws store_unavailable.
void restrict_mode(const std::string& path);

/// Removes the database at `path` and its companions: only for a new store that failed to be
/// created, so the next start does not find half a store.
void remove_database(const std::string& path);

} // namespace pat_service::sqlite

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SQLITE_FILES_HPP
