// SPDX-License-Identifier: MIT
// The PAT service's routes: methods, authentication, authorisation, rate limits, conditional
// requests and the mapping of every outcome to a status and body.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "access_log.hpp"
#include "credentials.hpp"
#include "rate_limiter.hpp"
#include "request_target.hpp"
#include "service_exchange.hpp"
#include "service_metrics.hpp"
#include "token_checks.hpp"
#include "token_store.hpp"

namespace pat_service {

/// What the routes enforce beyond the store.
struct route_options {
    bool require_if_match = false;    ///< PATCH without If-Match: 428
    unsigned rate_limit = 1000;       ///< requests per second and burst per bearer; 0: off
    unsigned auth_failure_limit = 10; ///< failed authentications per second per address; 0: off
    scope_limits scopes;
    std::size_t max_name_length = 128; ///< code points
};

/// What the routes decide on an HTTP thread from a request's header, without waiting for
/// anything: a response (the body is then never read), or work that needs the body and the store
/// and must run on a store thread.
struct route_decision {
    std::optional<service_response> response;
    /// Set when `response` is not: called once, with the request's body, on a store thread;
    /// never throws.
    std::function<service_response(std::string body)> store_work;
    /// For the answer the server gives when the store work cannot run (no thread free, or it
    /// waited longer than the store deadline): the same route, identity and token id.
    service_response on_unavailable;
    /// The store work writes (PATCH): it runs on the writer threads, so that reads never wait
    /// behind writes that wait for the database's write lock.
    bool writes = false;
};

/// The service's HTTP face:
/// - `GET|HEAD /healthz`: 200 while the process serves; `GET|HEAD /readyz`: 200 when the store
///   answers (token_store::ready()), else 503; `GET|HEAD /metrics`: Prometheus text. None of the
///   three needs a bearer or, except readyz, the store.
/// - `OPTIONS` on either resource: 204 with Allow (and Accept-Patch on a token).
/// - `GET /personal-access-tokens`: the caller's tokens; `GET /personal-access-tokens/{id}`: one
///   of them with its ETag (If-None-Match: 304; a failed If-Match: 412); `PATCH` the same with
///   `application/json-patch+json` (RFC 9110 §13 preconditions decided on the locked token).
/// - Bearer authentication (RFC 6750): 401 with `WWW-Authenticate` (`error="invalid_token"` for
///   an unknown bearer), two Authorization fields 400, a spent failed-authentication budget of
///   the client's address or a spent rate of the bearer 429 with Retry-After, a scope that does
///   not allow the method (or a patch adding a scope the caller lacks) 403 with
///   `error="insufficient_scope"`.
/// - A malformed token id is 404 without a store call; the store unavailable 503 with
///   Retry-After; anything else unexpected 500. Every error body is the platform's
///   ErrorResponseDto with the request's tracking id.
class pat_routes {
  public:
    /// All references must outlive the routes. `render_metrics` produces GET /metrics' body.
    pat_routes(token_store& store, const credential_index& credentials,
               const route_options& options, service_metrics& metrics, access_log& log,
               std::function<std::string()> render_metrics);

    /// Decides `request` from its header (its `body` is empty; `request` may be moved into the
    /// store work).
    [[nodiscard]] route_decision route(service_request& request);

    /// From now on /readyz answers 503, so load balancers stop sending new work (SIGTERM).
    void set_draining() { draining_.store(true); }

  private:
    struct admitted;

    [[nodiscard]] route_decision serve_probe(const service_request& request, route_id route);
    /// Method, authentication, rate limits, scope, token id, media type and --require-if-match
    /// for a token or collection request: the refusal, or nothing and `caller` set.
    [[nodiscard]] std::optional<service_response> admit(const service_request& request,
                                                        const route_match& match,
                                                        service_response& labels, admitted& caller);
    [[nodiscard]] std::optional<service_response> authenticate(const service_request& request,
                                                               bool write, admitted& caller);
    [[nodiscard]] service_response read_token(const service_request& request,
                                              const admitted& caller, const std::string& id);
    [[nodiscard]] service_response list_tokens(const service_request& request,
                                               const admitted& caller);
    [[nodiscard]] service_response patch_token(const service_request& request,
                                               const admitted& caller, const std::string& id);
    [[nodiscard]] service_response token_response(const versioned_token& token) const;
    [[nodiscard]] std::string etag_of(const versioned_token& token) const;
    [[nodiscard]] service_response store_failed(store_operation operation,
                                                const std::exception& failure,
                                                std::string_view text,
                                                const std::string& tracking_id);

    token_store& store_;
    const credential_index& credentials_;
    const route_options& options_;
    service_metrics& metrics_;
    access_log& log_;
    std::function<std::string()> render_metrics_;
    std::string epoch_;
    rate_limiter limiter_;
    auth_failure_budget failures_;
    patch_rules rules_;
    std::atomic<bool> draining_{false};
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP
