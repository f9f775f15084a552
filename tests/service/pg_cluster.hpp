// SPDX-License-Identifier: MIT
// A throwaway PostgreSQL cluster for a test, made and removed by scripts/pg_cluster.sh.
#ifndef JSONPATCH_TESTS_SERVICE_PG_CLUSTER_HPP
#define JSONPATCH_TESTS_SERVICE_PG_CLUSTER_HPP

#include <catch2/catch_test_macros.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <netinet/in.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace service_test {

/// Runs `command` through the shell; its stdout (trimmed) and whether it exited 0.
inline bool run_script(const std::string& command, std::string& output) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return false;
    }
    std::array<char, 512> buffer{};
    output.clear();
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr) {
        output += buffer.data();
    }
    while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) {
        output.pop_back();
    }
    return ::pclose(pipe) == 0;
}

/// A free loopback TCP port (bound and released; the cluster takes it a moment later).
inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

/// A cluster in a fresh directory under /tmp (the postgres user cannot reach the build tree),
/// destroyed with its files on destruction. uri() is empty when it could not be made; why() says
/// why.
class pg_cluster {
  public:
    pg_cluster() {
        std::string pattern = "/tmp/pat-pg-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            why_ = "mkdtemp failed";
            return;
        }
        root_ = pattern;
        ::chmod(root_.c_str(), 0755);
        const std::string command = std::string("PG_CLUSTER_FSYNC=off ") + JSONPATCH_PG_CLUSTER +
                                    " create " + dir() + " " + std::to_string(free_port()) +
                                    " 2>&1";
        std::string output;
        if (run_script(command, output)) {
            uri_ = output.substr(output.rfind('\n') + 1);
        } else {
            why_ = output;
        }
    }
    pg_cluster(const pg_cluster&) = delete;
    pg_cluster& operator=(const pg_cluster&) = delete;
    ~pg_cluster() {
        if (!root_.empty()) {
            std::string ignored;
            (void)run_script(std::string(JSONPATCH_PG_CLUSTER) + " destroy " + dir() + " 2>&1",
                             ignored);
            ::rmdir(root_.c_str());
        }
    }

    [[nodiscard]] const std::string& uri() const { return uri_; }
    [[nodiscard]] const std::string& why() const { return why_; }

    bool stop() { return control("stop"); }
    /// Stops and starts the server: every open connection is cut.
    bool restart() { return control("restart"); }
    /// SIGSTOPs the postmaster and its children: the server accepts TCP connections (the kernel
    /// does) but answers nothing, like one behind a network partition. See frozen_cluster.
    bool freeze() { return control("freeze"); }
    /// SIGCONTs them again.
    bool thaw() { return control("thaw"); }
    /// Runs `sql` in the database as the superuser.
    bool sql(const std::string& statement) {
        std::string ignored;
        return run_script(std::string(JSONPATCH_PG_CLUSTER) + " sql " + dir() + " \"" + statement +
                              "\" 2>&1",
                          ignored);
    }
    bool start() { return control("start"); }

  private:
    [[nodiscard]] std::string dir() const { return root_ + "/cluster"; }
    bool control(const char* verb) {
        std::string ignored;
        return run_script(std::string(JSONPATCH_PG_CLUSTER) + " " + verb + " " + dir() + " 2>&1",
                          ignored);
    }

    std::string root_;
    std::string uri_;
    std::string why_;
};

/// The cluster frozen (pg_cluster::freeze) for this object's lifetime, thawed however the scope
/// ends, so a failing check never leaves a server that cannot be stopped.
class frozen_cluster {
  public:
    explicit frozen_cluster(pg_cluster& cluster) : cluster_(cluster), frozen_(cluster.freeze()) {}
    frozen_cluster(const frozen_cluster&) = delete;
    frozen_cluster& operator=(const frozen_cluster&) = delete;
    ~frozen_cluster() { thaw(); }

    [[nodiscard]] bool is_frozen() const { return frozen_; }
    void thaw() {
        if (frozen_) {
            frozen_ = !cluster_.thaw();
        }
    }

  private:
    pg_cluster& cluster_;
    bool frozen_ = false;
};

/// Fails the running test under CI=true, skips it elsewhere, when `cluster` could not be made:
/// CI must run every PostgreSQL test; a machine without Debian's postgresql skips them.
inline void require_cluster(const pg_cluster& cluster) {
    if (!cluster.uri().empty()) {
        return;
    }
    const char* ci = std::getenv("CI");
    if (ci != nullptr && std::string(ci) == "true") {
        FAIL("no PostgreSQL cluster: " << cluster.why());
    }
    SKIP("no PostgreSQL cluster (apt-get install postgresql): " << cluster.why());
}

} // namespace service_test

#endif // JSONPATCH_TESTS_SERVICE_PG_CLUSTER_HPP
