// SPDX-License-Identifier: MIT
// replace_file: --in-place and --inverse write a temporary file beside the target, fsync it and
// rename it over the target, so a reader (or a crash) sees the old file or the new one, never half.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "cli_io.hpp"

namespace jsonpatch_cli {
namespace {

std::string cannot_write(const std::string& name, int error) {
    return "cannot write " + name + ": " + std::strerror(error);
}

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) {
        return ".";
    }
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct target_state {
    std::string path; ///< where the content goes: symbolic links resolved
    bool exists = false;
    struct stat info {};
};

// The target, or why it cannot be replaced.
struct inspected {
    std::optional<target_state> value;
    std::string failure;
};

// Resolves `name` and reads its mode. Following symbolic links means a link to DOC stays a link
// and the file it names is replaced; renaming over the link itself would turn it into a copy.
inspected inspect(const std::string& name, replace_target target) {
    inspected result;
    target_state state;
    if (char* resolved = ::realpath(name.c_str(), nullptr)) {
        state.path = resolved;
        std::free(resolved);
        state.exists = ::stat(state.path.c_str(), &state.info) == 0;
    }
    if (!state.exists && (errno != ENOENT || target == replace_target::existing_file)) {
        result.failure = cannot_write(name, errno);
        return result;
    }
    if (!state.exists) {
        state.path = name;
    } else if (target == replace_target::existing_file && !S_ISREG(state.info.st_mode)) {
        result.failure = "cannot write " + name + " in place: not a regular file";
        return result;
    }
    result.value = std::move(state);
    return result;
}

// The mode a new file gets from open(2) with 0666: what the umask leaves of it.
mode_t default_file_mode() {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
}

// Names under /dev/ (/dev/stderr, /dev/fd/3) stand for streams: their content belongs after
// what the stream already holds, even when the stream is a regular file (2>log), which
// replacing would cut off from the stream.
bool names_a_stream(const std::string& name) {
    return name.rfind("/dev/", 0) == 0;
}

// Appends to a stream, a device, a FIFO or a terminal, none of which can be renamed over.
std::optional<std::string> write_directly(const std::string& path, std::string_view content) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        return cannot_write(path, errno);
    }
    const int error = write_all(fd, content);
    if (::close(fd) != 0 && error == 0) {
        return cannot_write(path, errno);
    }
    return error == 0 ? std::nullopt : std::optional<std::string>(cannot_write(path, error));
}

// Gives the new file the target's owner and group when this user may (root, or a group the
// user is in). When neither is permitted the new file belongs to this user, as with `sed -i`:
// a user who may replace a file in a directory may do so, only not in another's name.
// Returns whether at least the group was kept.
bool keep_owner(int fd, const struct stat& info) {
    return ::fchown(fd, info.st_uid, info.st_gid) == 0 ||
           ::fchown(fd, static_cast<uid_t>(-1), info.st_gid) == 0;
}

// Syncs the directory entry the rename changed, so the new file survives a crash.
std::optional<std::string> sync_directory(const std::string& directory, const std::string& name) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return "replaced " + name +
               ", but cannot open its directory to sync it: " + std::strerror(errno);
    }
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    // Some file systems cannot sync a directory (EINVAL): the rename is as durable as they allow.
    if (rc != 0 && error != EINVAL) {
        return "replaced " + name + ", but cannot sync its directory: " + std::strerror(error);
    }
    return std::nullopt;
}

// A temporary file beside the target, removed again unless it was renamed over the target.
class staged_file {
  public:
    staged_file() = default;
    staged_file(const staged_file&) = delete;
    staged_file& operator=(const staged_file&) = delete;
    ~staged_file() { discard(); }

    // The name starts with a dot and the target's name, so a file left by a crash is easy to
    // place; the target's name is cut so the whole stays within NAME_MAX.
    // `shown` is the target as the user named it, for the error.
    std::optional<std::string> create(const std::string& target, const std::string& shown) {
        const std::string directory = directory_of(target);
        std::string name = directory + "/." + base_of(target).substr(0, 64) + ".jsonpatch-XXXXXX";
        std::vector<char> buffer(name.begin(), name.end());
        buffer.push_back('\0');
        fd_ = ::mkostemp(buffer.data(), O_CLOEXEC);
        if (fd_ < 0) {
            return "cannot write " + shown + ": cannot create a temporary file in " + directory +
                   ": " + std::strerror(errno);
        }
        path_ = buffer.data();
        return std::nullopt;
    }

    std::optional<std::string> write(const std::string& name, std::string_view content) {
        const int error = write_all(fd_, content);
        return error == 0 ? std::nullopt : std::optional<std::string>(cannot_write(name, error));
    }

    // The target's mode (and owner and group, see keep_owner); chown may clear the set-user-ID
    // bit, so the mode is set after it.
    std::optional<std::string> adopt(const std::string& name, const target_state& target) {
        if (target.exists) {
            keep_owner(fd_, target.info);
        }
        const mode_t mode = target.exists ? target.info.st_mode & 07777 : default_file_mode();
        if (::fchmod(fd_, mode) != 0) {
            return cannot_write(name, errno);
        }
        return std::nullopt;
    }

    std::optional<std::string> sync_and_close(const std::string& name) {
        const bool synced = ::fsync(fd_) == 0;
        const int error = errno;
        const bool closed = ::close(fd_) == 0;
        fd_ = -1;
        if (!synced || !closed) {
            return cannot_write(name, synced ? errno : error);
        }
        return std::nullopt;
    }

    std::optional<std::string> rename_over(const std::string& target, const std::string& name) {
        if (::rename(path_.c_str(), target.c_str()) != 0) {
            return cannot_write(name, errno);
        }
        path_.clear();
        return std::nullopt;
    }

  private:
    void discard() noexcept {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        if (!path_.empty()) {
            ::unlink(path_.c_str());
        }
    }

    int fd_ = -1;
    std::string path_;
};

} // namespace

std::optional<std::string> replace_file(const std::string& name, std::string_view content,
                                        replace_target target) {
    if (names_a_stream(name)) {
        return target == replace_target::existing_file
                   ? std::optional<std::string>("cannot write " + name +
                                                " in place: not a regular file")
                   : write_directly(name, content);
    }
    const auto state = inspect(name, target);
    if (!state.value) {
        return state.failure;
    }
    const target_state& where = *state.value;
    if (where.exists && !S_ISREG(where.info.st_mode)) {
        return write_directly(where.path, content);
    }
    staged_file staged;
    if (auto failure = staged.create(where.path, name)) {
        return failure;
    }
    if (auto failure = staged.write(name, content)) {
        return failure;
    }
    if (auto failure = staged.adopt(name, where)) {
        return failure;
    }
    if (auto failure = staged.sync_and_close(name)) {
        return failure;
    }
    if (auto failure = staged.rename_over(where.path, name)) {
        return failure;
    }
    return sync_directory(directory_of(where.path), name);
}

} // namespace jsonpatch_cli
