// SPDX-License-Identifier: MIT
// Helpers for the CLI tests: run the jsonpatch command through the shell with its output
// captured, and scratch files and directories that clean up after themselves.
#ifndef JSONPATCH_TESTS_CLI_RUNNER_HPP
#define JSONPATCH_TESTS_CLI_RUNNER_HPP

#include <catch2/catch_test_macros.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace cli_test {

struct run_result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

inline std::string slurp(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// A fresh directory under /tmp, removed with everything in it at the end of the test. It is
/// world-readable so that a run as nobody can read it.
class scratch_dir {
  public:
    scratch_dir() {
        char name[] = "/tmp/jsonpatch_cli_dir_XXXXXX";
        REQUIRE(mkdtemp(name) != nullptr);
        path_ = name;
        REQUIRE(chmod(name, 0755) == 0);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    ~scratch_dir() {
        std::error_code ignored;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ignored);
        std::filesystem::remove_all(path_, ignored);
    }

    [[nodiscard]] const std::string& path() const { return path_; }

    /// Creates (or overwrites) file `name` in the directory; returns its path.
    std::string file(const std::string& name, const std::string& content) const {
        const std::string p = path_ + "/" + name;
        std::ofstream out(p, std::ios::binary | std::ios::trunc);
        out << content;
        out.close();
        REQUIRE(out.good());
        return p;
    }

    /// The names in the directory, sorted: temporary files left behind would show up here.
    [[nodiscard]] std::vector<std::string> names() const {
        std::vector<std::string> list;
        for (const auto& entry : std::filesystem::directory_iterator(path_)) {
            list.push_back(entry.path().filename().string());
        }
        std::sort(list.begin(), list.end());
        return list;
    }

  private:
    std::string path_;
};

/// The directory of this test process's temp_file()s, removed when the process exits.
inline const scratch_dir& process_scratch() {
    static const scratch_dir dir;
    return dir;
}

/// A new file holding `content`; it lives until the test process exits.
inline std::string temp_file(const std::string& content) {
    std::string name = process_scratch().path() + "/file_XXXXXX";
    const int fd = mkstemp(name.data());
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    close(fd);
    return name;
}

inline std::string quoted(const std::string& file) {
    return "'" + file + "'";
}

/// Where a run's standard output or error goes: a path, ">" and a path to append to it, or
/// empty for a temporary file that is read back into the result.
struct redirections {
    std::string out;
    std::string err;
};

/// The command under test: installed by the test cli.install (the fixture of every CLI test),
/// or the build tree's when the install rule is off.
inline const char* cli_path() {
    static const bool present = access(JSONPATCH_CLI, X_OK) == 0;
    if (!present) {
        FAIL("no executable " << JSONPATCH_CLI
                              << ": run `ctest -R cli.install` (or all of "
                                 "`ctest -R cli`) to install it first");
    }
    return JSONPATCH_CLI;
}

/// Runs `prefix` + the CLI + `args` through the shell, feeding `input` on standard input.
/// `prefix` may be a wrapper (setpriv ...) or a command that runs first ("cmd & ").
inline run_result run_with(const std::string& prefix, const std::string& args,
                           const std::string& input, const redirections& to = {}) {
    const std::string out = to.out.empty() ? temp_file("") : to.out;
    const std::string err = to.err.empty() ? temp_file("") : to.err;
    const std::string in = temp_file(input);
    const std::string command =
        prefix + "'" + cli_path() + "' " + args + " <" + in + " >" + out + " 2>" + err;
    const int status = std::system(command.c_str());
    run_result r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (to.out.empty()) {
        r.out = slurp(out);
        std::remove(out.c_str());
    }
    if (to.err.empty()) {
        r.err = slurp(err);
        std::remove(err.c_str());
    }
    std::remove(in.c_str());
    return r;
}

/// Runs the CLI with `args` (shell syntax), feeding `input` on standard input.
inline run_result run(const std::string& args, const std::string& input = "") {
    return run_with("", args, input);
}

/// A wrapper that runs the CLI as user and group nobody when the tests run as root, so that
/// file permissions apply to it (root passes every permission check); empty otherwise.
inline std::string unprivileged() {
    return geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups -- " : "";
}

/// A pseudo-terminal whose slave side a run can use as its standard error (or any file). The
/// test holds the slave open too, so what the run wrote stays readable after it exits.
class pseudo_terminal {
  public:
    pseudo_terminal() {
        master_ = posix_openpt(O_RDWR | O_NOCTTY);
        REQUIRE(master_ >= 0);
        REQUIRE(grantpt(master_) == 0);
        REQUIRE(unlockpt(master_) == 0);
        const char* name = ptsname(master_);
        REQUIRE(name != nullptr);
        slave_name_ = name;
        slave_ = open(name, O_RDWR | O_NOCTTY);
        REQUIRE(slave_ >= 0);
    }
    pseudo_terminal(const pseudo_terminal&) = delete;
    pseudo_terminal& operator=(const pseudo_terminal&) = delete;
    ~pseudo_terminal() {
        close(slave_);
        close(master_);
    }

    [[nodiscard]] const std::string& slave_name() const { return slave_name_; }

    // Everything written so far (the terminal turns "\n" into "\r\n").
    std::string drain() {
        std::string text;
        pollfd p{master_, POLLIN, 0};
        char buffer[4096];
        while (poll(&p, 1, 200) == 1 && (p.revents & POLLIN) != 0) {
            const ssize_t n = read(master_, buffer, sizeof buffer);
            if (n <= 0) {
                break;
            }
            text.append(buffer, static_cast<std::size_t>(n));
        }
        return text;
    }

  private:
    int master_ = -1;
    int slave_ = -1;
    std::string slave_name_;
};

} // namespace cli_test

#endif // JSONPATCH_TESTS_CLI_RUNNER_HPP
