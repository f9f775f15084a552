// SPDX-License-Identifier: MIT
// Crash-safe file replacement with POSIX write, fsync and rename.
#include "atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace pat_service {

namespace {

std::string failure(std::string_view step, const std::string& path, int err) {
    std::string text(step);
    text += " ";
    text += path;
    text += ": ";
    text += std::strerror(err);
    return text;
}

// Closes a descriptor on every path out of write_file_atomically.
class file_descriptor {
  public:
    explicit file_descriptor(int fd) noexcept : fd_(fd) {}
    file_descriptor(const file_descriptor&) = delete;
    file_descriptor& operator=(const file_descriptor&) = delete;
    ~file_descriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    [[nodiscard]] int get() const noexcept { return fd_; }
    // Closes now so that a close error (possible on some file systems) is reported.
    [[nodiscard]] int close() noexcept {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

  private:
    int fd_;
};

[[nodiscard]] bool write_all(int fd, std::string_view content) {
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    return true;
}

} // namespace

std::optional<std::string> write_file_atomically(const std::string& path,
                                                 std::string_view content) {
    const auto slash = path.rfind('/');
    const std::string directory = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    // A fixed temporary name: a temporary left behind by a crash is simply overwritten next time.
    const std::string temporary =
        (slash == std::string::npos ? std::string() : directory) + "." + base + ".tmp";

    file_descriptor out(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (out.get() < 0) {
        return failure("cannot create", temporary, errno);
    }
    if (!write_all(out.get(), content)) {
        const int err = errno;
        ::unlink(temporary.c_str());
        return failure("cannot write", temporary, err);
    }
    // Without this fsync the rename could reach the disk before the data, and a crash would leave
    // an empty or partial file under the final name.
    if (::fsync(out.get()) != 0) {
        const int err = errno;
        ::unlink(temporary.c_str());
        return failure("cannot fsync", temporary, err);
    }
    if (out.close() != 0) {
        const int err = errno;
        ::unlink(temporary.c_str());
        return failure("cannot close", temporary, err);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temporary.c_str());
        return failure("cannot rename over", path, err);
    }
    // The rename lives in the directory; fsync it so the new name survives a power loss.
    file_descriptor dir(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) {
        return failure("cannot open directory", directory, errno);
    }
    if (::fsync(dir.get()) != 0) {
        return failure("cannot fsync directory", directory, errno);
    }
    return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << file.rdbuf();
    if (file.bad()) {
        return std::nullopt;
    }
    return text.str();
}

bool file_exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

} // namespace pat_service
