// SPDX-License-Identifier: MIT
// A minimal HTTP/1.1 client over a raw loopback socket, for hostile-input tests and the load
// client: it sends exactly the bytes it is given and reads one response, with bounded waits.
#ifndef JSONPATCH_TESTS_SERVICE_RAW_HTTP_HPP
#define JSONPATCH_TESTS_SERVICE_RAW_HTTP_HPP

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <optional>
#include <poll.h>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

namespace service_test {

/// One parsed response; headers keyed in lower case.
struct raw_response {
    int status = 0;
    std::map<std::string, std::string> headers;
    std::string body;

    [[nodiscard]] std::string header(const std::string& lower_name) const {
        const auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

/// A TCP connection to 127.0.0.1:port. Every wait is bounded by `timeout`.
class raw_connection {
  public:
    explicit raw_connection(int port, std::chrono::milliseconds timeout = std::chrono::seconds(20))
        : timeout_(timeout) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd_ >= 0 &&
            ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
        if (fd_ >= 0) {
            const int yes = 1;
            ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        }
    }
    raw_connection(const raw_connection&) = delete;
    raw_connection& operator=(const raw_connection&) = delete;
    raw_connection(raw_connection&& other) noexcept
        : fd_(std::exchange(other.fd_, -1)), timeout_(other.timeout_),
          pending_(std::move(other.pending_)) {}
    ~raw_connection() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }

    [[nodiscard]] bool is_open() const { return fd_ >= 0; }

    /// Sends all of `bytes`; false when the connection is broken or the wait runs out.
    bool send(std::string_view bytes) {
        std::size_t sent = 0;
        while (fd_ >= 0 && sent < bytes.size()) {
            if (!wait_for(POLLOUT)) {
                return false;
            }
            const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) {
                return false;
            }
            sent += static_cast<std::size_t>(n);
        }
        return sent == bytes.size();
    }

    /// Reads one response (Content-Length framed, as the service always sends; `to_head` for the
    /// answer to a HEAD request, whose Content-Length describes a body that is not sent); nothing
    /// when the connection closes or the wait runs out first.
    [[nodiscard]] std::optional<raw_response> receive(bool to_head = false) {
        std::size_t head_end = 0;
        while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
            if (!fill()) {
                return std::nullopt;
            }
        }
        raw_response out;
        const std::string head = pending_.substr(0, head_end);
        pending_.erase(0, head_end + 4);
        std::size_t line_start = head.find("\r\n");
        if (head.size() < 12) {
            return std::nullopt;
        }
        out.status = std::atoi(head.substr(9, 3).c_str());
        while (line_start != std::string::npos) {
            const std::size_t next = head.find("\r\n", line_start + 2);
            const std::string line = head.substr(line_start + 2, next - line_start - 2);
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                std::string name = line.substr(0, colon);
                std::transform(name.begin(), name.end(), name.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                out.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
            }
            line_start = next;
        }
        const std::size_t length =
            to_head ? 0
                    : static_cast<std::size_t>(std::atoll(out.header("content-length").c_str()));
        while (pending_.size() < length) {
            if (!fill()) {
                return std::nullopt;
            }
        }
        out.body = pending_.substr(0, length);
        pending_.erase(0, length);
        return out;
    }

    /// True when the server closed the connection (EOF) within the wait.
    [[nodiscard]] bool closed_by_peer() {
        while (fill()) {
        }
        return eof_;
    }

  private:
    [[nodiscard]] bool wait_for(short events) const {
        pollfd watch{fd_, events, 0};
        return ::poll(&watch, 1, static_cast<int>(timeout_.count())) == 1;
    }

    bool fill() {
        if (fd_ < 0 || !wait_for(POLLIN)) {
            return false;
        }
        char chunk[16384];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            eof_ = n == 0;
            return false;
        }
        pending_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int fd_ = -1;
    std::chrono::milliseconds timeout_;
    std::string pending_;
    bool eof_ = false;
};

/// A request's bytes: method, target, extra header lines (each ending in CRLF) and a body sent
/// with Content-Length.
[[nodiscard]] inline std::string http_request(std::string_view method, std::string_view target,
                                              std::string_view headers,
                                              std::string_view body = {}) {
    std::string out;
    out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    out.append(headers);
    if (!body.empty() || method == "PATCH") {
        out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    out += "\r\n";
    out.append(body);
    return out;
}

} // namespace service_test

#endif // JSONPATCH_TESTS_SERVICE_RAW_HTTP_HPP
