// SPDX-License-Identifier: MIT
// httplib's request parsing, routing and response writing, driven by our own front end.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_ROUTED_SERVER_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_ROUTED_SERVER_HPP

#include <httplib.h>

namespace pat_service {

/// httplib::Server without its socket layer: cpp-httplib 0.11.4 gives a worker thread to each
/// connection for as long as the client keeps it open, reads headers with no overall deadline,
/// counts neither header fields nor chunked body bytes, and listens with a backlog of 5 (fixed
/// in Debian's shared library). http_front owns the sockets instead and passes each complete,
/// capped request to serve().
class routed_server : public httplib::Server {
  public:
    /// Parses one request from `stream`, routes it and writes the response to `stream`.
    bool serve(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
        return process_request(stream, close_connection, connection_closed, nullptr);
    }
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_ROUTED_SERVER_HPP
