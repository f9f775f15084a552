// SPDX-License-Identifier: MIT
// How a database row holds a token: its JSON text, plus columns for the indexed fields.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_ROWS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_ROWS_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "token_store.hpp"

namespace pat_service {

/// True when `key` (a token or owner id) can be stored and looked up: valid UTF-8 without NUL.
/// Anything else names no token on any backend, and must never reach a database that would
/// refuse it (PostgreSQL: an error) or cut it at the NUL (libpq's C-string parameters).
[[nodiscard]] bool is_storable_key(std::string_view key);

/// The token's JSON text, as a row's document column keeps it (unknown members included).
[[nodiscard]] std::string token_document(const jsonpatch::pat::personal_access_token& token);

/// The token a row holds; throws store_unavailable when the document is not a valid token (the
/// database was changed behind the service's back).
[[nodiscard]] versioned_token token_from_row(std::string_view document, std::int64_t version);

/// The row a stored token should become when its name is not in normalise_name's form (written
/// by an older version): the normalised name, version + 1. Nothing when the name is already
/// normalised, or is one normalise_name refuses (it stays as it is until renamed).
[[nodiscard]] std::optional<versioned_token> with_normalised_name(std::string_view document,
                                                                  std::int64_t version);

/// A credential's scope column: JSON array text, or nothing for every right.
[[nodiscard]] std::optional<std::string> scope_column(const credential& grants);

/// The credential a row holds; throws store_unavailable when the scope column is not a JSON
/// array of strings.
[[nodiscard]] stored_credential credential_from_row(std::string lookup, std::string salt,
                                                    std::string digest, std::string identity,
                                                    const std::optional<std::string>& scope);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_ROWS_HPP
