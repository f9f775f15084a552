// SPDX-License-Identifier: MIT
// The HTTP face of the PAT service: methods, authentication, authorisation, limits, conditional
// requests and status mapping.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP

#include <httplib.h>

#include <cstddef>

#include "credentials.hpp"
#include "rate_limiter.hpp"
#include "token_checks.hpp"
#include "token_store.hpp"
#include "tracking_ids.hpp"

namespace pat_service {

/// What the routes enforce beyond the store.
struct route_options {
    bool require_if_match = false; ///< PATCH without If-Match: 428
    unsigned rate_limit = 1000;    ///< requests per second and burst per bearer; 0: off
    scope_limits scopes;
    std::size_t max_name_length = 128; ///< code points
};

/// Installs on `server` one pre-routing handler that answers every request:
/// - `OPTIONS` on either resource: 204 with Allow (and Accept-Patch on a token);
/// - another method than the resource allows: 405 with Allow;
/// - `GET /personal-access-tokens`: the caller's tokens (200, JSON array);
/// - `GET /personal-access-tokens/{id}`: one of the caller's tokens (200 with ETag) or 404;
/// - `PATCH /personal-access-tokens/{id}`: applies an `application/json-patch+json` body (200
///   with the new token and ETag; 400 ErrorResponseDto for a bad, disallowed or conflicting
///   patch; 404 for an unknown or foreign token; 412 for a stale If-Match; 415 for another
///   content type; 428 without If-Match when it is required);
/// - anything else: 404.
/// GET and PATCH need `Authorization: Bearer <token>` naming a known credential (else 401), a
/// bearer within its rate (else 429 with Retry-After), and a scope that allows the method (else
/// 403). A failing store is a 500. All references must outlive `server`.
void install_routes(httplib::Server& server, token_store& store,
                    const credential_index& credentials, const route_options& options,
                    tracking_ids& ids);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP
