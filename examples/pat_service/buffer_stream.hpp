// SPDX-License-Identifier: MIT
// An httplib::Stream over a request already in memory and a response collected in memory.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_BUFFER_STREAM_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_BUFFER_STREAM_HPP

#include <httplib.h>

#include <string>
#include <string_view>

namespace pat_service {

/// Where a connection comes from and goes to, for httplib's REMOTE_ADDR and LOCAL_ADDR.
struct endpoints {
    std::string remote_ip;
    int remote_port = 0;
    std::string local_ip;
    int local_port = 0;
};

/// httplib parses the request from `request` (which the front end framed completely, so no read
/// ever waits on a client) and writes its response into `response`, which the front end then
/// sends with a single write.
class buffer_stream final : public httplib::Stream {
  public:
    buffer_stream(std::string_view request, std::string& response, const endpoints& ends)
        : request_(request), response_(response), ends_(ends) {}

    bool is_readable() const override { return offset_ < request_.size(); }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    /// No socket: httplib only compares this with FD_SETSIZE (its select() limit), which an
    /// in-memory stream must never trip.
    socket_t socket() const override { return INVALID_SOCKET; }

  private:
    std::string_view request_;
    std::size_t offset_ = 0;
    std::string& response_;
    const endpoints& ends_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_BUFFER_STREAM_HPP
