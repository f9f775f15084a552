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

/// The token's JSON text, as a row's document column keeps it (unknown members included).
[[nodiscard]] std::string token_document(const jsonpatch::pat::personal_access_token& token);

/// The token a row holds; throws store_unavailable when the document is not a valid token (the
/// database was changed behind the service's back).
[[nodiscard]] versioned_token token_from_row(std::string_view document, std::int64_t version);

/// A credential's scope column: JSON array text, or nothing for every right.
[[nodiscard]] std::optional<std::string> scope_column(const credential& grants);

/// The credential a row holds; throws store_unavailable when the scope column is not a JSON
/// array of strings.
[[nodiscard]] stored_credential credential_from_row(std::string lookup, std::string salt,
                                                    std::string digest, std::string identity,
                                                    const std::optional<std::string>& scope);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_TOKEN_ROWS_HPP
