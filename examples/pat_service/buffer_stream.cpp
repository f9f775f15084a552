// SPDX-License-Identifier: MIT
// An httplib::Stream over a request already in memory and a response collected in memory.
#include "buffer_stream.hpp"

#include <algorithm>
#include <cstring>

namespace pat_service {

ssize_t buffer_stream::read(char* ptr, size_t size) {
    const std::size_t count = std::min(size, request_.size() - offset_);
    std::memcpy(ptr, request_.data() + offset_, count);
    offset_ += count;
    return static_cast<ssize_t>(count);
}

ssize_t buffer_stream::write(const char* ptr, size_t size) {
    response_.append(ptr, size);
    return static_cast<ssize_t>(size);
}

void buffer_stream::get_remote_ip_and_port(std::string& ip, int& port) const {
    ip = ends_.remote_ip;
    port = ends_.remote_port;
}

void buffer_stream::get_local_ip_and_port(std::string& ip, int& port) const {
    ip = ends_.local_ip;
    port = ends_.local_port;
}

} // namespace pat_service
