// SPDX-License-Identifier: MIT
// Starts and stops the pat_service binary for end-to-end tests, with bounded waits throughout.
#ifndef JSONPATCH_TESTS_SERVICE_SERVICE_PROCESS_HPP
#define JSONPATCH_TESTS_SERVICE_SERVICE_PROCESS_HPP

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace service_test {

/// Longest time any start, request or stop may take before the test fails instead of hanging.
inline constexpr std::chrono::seconds max_wait{20};

/// The pat_service binary under test: $JSONPATCH_PAT_SERVICE_BINARY when set (to run the same
/// tests against another build, such as main's, to see a fault reproduced), else the one built
/// with the tests.
[[nodiscard]] inline std::string service_binary() {
    const char* other = std::getenv("JSONPATCH_PAT_SERVICE_BINARY");
    return other != nullptr && *other != '\0' ? std::string(other)
                                              : std::string(JSONPATCH_PAT_SERVICE);
}

/// How a child starts besides its arguments.
struct child_setup {
    /// "NAME=value" entries added to (or replacing those of) the inherited environment.
    std::vector<std::string> environment;
    /// RLIMIT_NOFILE (soft and hard) of the child, when set.
    std::optional<rlim_t> max_files;
};

/// A child_setup that only adds environment entries.
[[nodiscard]] inline child_setup with_environment(std::vector<std::string> entries) {
    child_setup setup;
    setup.environment = std::move(entries);
    return setup;
}

/// A directory of its own under the build tree, removed with everything in it when destroyed.
class scratch_dir {
  public:
    scratch_dir() {
        std::filesystem::create_directories(JSONPATCH_SERVICE_WORK_DIR);
        std::string pattern = std::string(JSONPATCH_SERVICE_WORK_DIR) + "/run-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        }
        path_ = pattern;
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    ~scratch_dir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

    /// Writes `content` to `name` in this directory and returns its path.
    std::string write(const std::string& name, const std::string& content) const {
        const std::string where = file(name);
        std::ofstream out(where, std::ios::binary);
        out << content;
        if (!out) {
            throw std::runtime_error("cannot write " + where);
        }
        return where;
    }

  private:
    std::string path_;
};

/// The whole content of a file, or nothing.
[[nodiscard]] inline std::optional<std::string> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// A running child process; killed (SIGKILL) and reaped on destruction if still running.
class child_process {
  public:
    /// Spawns `program` with `args`; its stdout goes to a pipe this object reads, its stderr to
    /// `stderr_path`.
    child_process(const std::string& program, const std::vector<std::string>& args,
                  const std::string& stderr_path, const child_setup& setup = {}) {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            throw std::system_error(errno, std::generic_category(), "pipe2");
        }
        stdout_fd_ = fds[0];
        const int err_fd =
            ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (err_fd < 0) {
            const int err = errno;
            ::close(fds[0]);
            ::close(fds[1]);
            throw std::system_error(err, std::generic_category(), "open " + stderr_path);
        }
        std::vector<std::string> storage;
        storage.push_back(program);
        storage.insert(storage.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& arg : storage) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        std::vector<std::string> environment_storage = setup.environment;
        for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
            const std::string inherited(*entry);
            const auto name = inherited.substr(0, inherited.find('=') + 1);
            bool replaced = false;
            for (const auto& added : setup.environment) {
                replaced = replaced || added.rfind(name, 0) == 0;
            }
            if (!replaced) {
                environment_storage.push_back(inherited);
            }
        }
        std::vector<char*> envp;
        for (auto& entry : environment_storage) {
            envp.push_back(entry.data());
        }
        envp.push_back(nullptr);
        rlimit files{};
        if (setup.max_files) {
            files.rlim_cur = *setup.max_files;
            files.rlim_max = *setup.max_files;
        }
        const pid_t parent = ::getpid();
        pid_ = ::fork();
        if (pid_ == 0) {
            // Only async-signal-safe calls between fork and exec. PR_SET_PDEATHSIG kills the
            // service even if the test process itself dies (a crash, a ctest timeout), so no
            // service outlives its test.
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) {
                ::_exit(127);
            }
            ::dup2(fds[1], STDOUT_FILENO);
            ::dup2(err_fd, STDERR_FILENO);
            if (setup.max_files && ::setrlimit(RLIMIT_NOFILE, &files) != 0) {
                ::_exit(126);
            }
            ::execve(program.c_str(), argv.data(), envp.data());
            ::_exit(127);
        }
        const int fork_errno = errno;
        ::close(fds[1]);
        ::close(err_fd);
        if (pid_ < 0) {
            ::close(stdout_fd_);
            throw std::system_error(fork_errno, std::generic_category(), "fork");
        }
    }
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;
    ~child_process() {
        kill_now();
        ::close(stdout_fd_);
    }

    /// The next line the child writes to stdout (without the newline), or nothing when the child
    /// closes stdout or `max_wait` passes first.
    [[nodiscard]] std::optional<std::string> read_line() {
        const auto deadline = std::chrono::steady_clock::now() + max_wait;
        std::string line;
        for (;;) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) {
                return std::nullopt;
            }
            pollfd watch{stdout_fd_, POLLIN, 0};
            const int ready = ::poll(&watch, 1, static_cast<int>(left.count()));
            if (ready < 0 && errno == EINTR) {
                continue;
            }
            if (ready <= 0) {
                return std::nullopt;
            }
            char c = 0;
            const ssize_t got = ::read(stdout_fd_, &c, 1);
            if (got <= 0) {
                return std::nullopt;
            }
            if (c == '\n') {
                return line;
            }
            line += c;
        }
    }

    /// Waits up to `max_wait` for the child to exit; its exit status, or -1 when it was killed by
    /// a signal or did not exit in time (then it is killed).
    [[nodiscard]] int wait_for_exit() {
        const auto deadline = std::chrono::steady_clock::now() + max_wait;
        while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            const pid_t done = ::waitpid(pid_, &status, WNOHANG);
            if (done == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        kill_now();
        return -1;
    }

    /// Sends `signal_number` and waits for the exit as wait_for_exit does.
    [[nodiscard]] int signal_and_wait(int signal_number) {
        if (pid_ > 0) {
            ::kill(pid_, signal_number);
        }
        return wait_for_exit();
    }

    /// SIGKILL and reap, if still running.
    void kill_now() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
        }
    }

    [[nodiscard]] bool is_running() const { return pid_ > 0; }
    [[nodiscard]] pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
};

/// A pat_service started with `--port 0` on 127.0.0.1; port() is read from its "listening on" line.
class service {
  public:
    service(const scratch_dir& dir, const std::string& seed,
            const std::optional<std::string>& data = std::nullopt,
            const std::vector<std::string>& extra_args = {}, const child_setup& setup = {})
        : process_(service_binary(), arguments(seed, data, extra_args), dir.file("service.stderr"),
                   setup),
          stderr_path_(dir.file("service.stderr")) {
        const auto line = process_.read_line();
        const std::string prefix = "listening on http://127.0.0.1:";
        if (!line || line->compare(0, prefix.size(), prefix) != 0) {
            throw std::runtime_error("pat_service did not start: " +
                                     slurp(dir.file("service.stderr")).value_or(""));
        }
        first_line_ = *line;
        port_ = std::stoi(line->substr(prefix.size()));
    }

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] const std::string& first_line() const { return first_line_; }
    [[nodiscard]] child_process& process() { return process_; }
    /// Everything the service wrote to stderr so far (its access log).
    [[nodiscard]] std::string stderr_text() const { return slurp(stderr_path_).value_or(""); }

  private:
    static std::vector<std::string> arguments(const std::string& seed,
                                              const std::optional<std::string>& data,
                                              const std::vector<std::string>& extra_args) {
        std::vector<std::string> args{"--port", "0", "--host", "127.0.0.1", "--seed", seed};
        if (data) {
            args.push_back("--data");
            args.push_back(*data);
        }
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        return args;
    }

    child_process process_;
    std::string stderr_path_;
    int port_ = 0;
    std::string first_line_;
};

/// A line of /proc/<pid>/status such as "VmHWM" (peak resident set), in KiB; -1 if unreadable.
[[nodiscard]] inline long proc_status_kib(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field + ":", 0) == 0) {
            return std::atol(line.c_str() + field.size() + 1);
        }
    }
    return -1;
}

} // namespace service_test

#endif // JSONPATCH_TESTS_SERVICE_SERVICE_PROCESS_HPP
