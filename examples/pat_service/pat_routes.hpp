// SPDX-License-Identifier: MIT
// The HTTP face of the PAT service: authentication, content negotiation and status mapping.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP

#include <httplib.h>

#include "pat_store.hpp"

namespace pat_service {

/// Registers on `server`:
/// - `GET /personal-access-tokens`: the caller's tokens (200, JSON array);
/// - `GET /personal-access-tokens/{id}`: one of the caller's tokens (200) or 404;
/// - `PATCH /personal-access-tokens/{id}`: applies an `application/json-patch+json` body (200 with
///   the new token; 400 ErrorResponseDto for a bad, disallowed or conflicting patch; 404 for an
///   unknown or foreign token; 415 for another content type).
/// Every route needs `Authorization: Bearer <token>` naming a known credential, else 401.
/// `store` must outlive `server`.
void install_routes(httplib::Server& server, token_store& store);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_PAT_ROUTES_HPP
