// SPDX-License-Identifier: MIT
// Bearer credentials kept as salted keyed hashes, and the in-memory index that verifies them.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_CREDENTIALS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_CREDENTIALS_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace pat_service {

/// What a bearer may do: the identity it speaks for and its scopes. No scope list means every
/// right (the seed's `"<bearer>": "<identity id>"` form).
struct credential {
    std::string identity;
    std::optional<std::vector<std::string>> scope;
};

/// A credential as the store keeps it: never the bearer itself. All byte strings are lower-case
/// hex. `lookup` is the first 8 bytes of HMAC-SHA-256(store lookup key, bearer), an index only;
/// `digest` is HMAC-SHA-256(salt, bearer) with a random 16-byte salt per credential, the proof.
struct stored_credential {
    std::string lookup;
    std::string salt;
    std::string digest;
    credential grants;
};

/// `count` bytes from OpenSSL's CSPRNG as lower-case hex; throws std::runtime_error if it fails.
[[nodiscard]] std::string random_hex(std::size_t count);

/// The stored form of `bearer` with a fresh salt. `lookup_key` is the store's hex lookup key.
[[nodiscard]] stored_credential protect(std::string_view lookup_key, std::string_view bearer,
                                        credential grants);

/// An authenticated bearer: its credential and a number that stays the same for it while the
/// process runs (the rate limiter's key, so the bearer itself is never kept).
struct authenticated {
    std::size_t number = 0;
    const credential* grants = nullptr;
};

/// Every stored credential, indexed by lookup tag. Immutable after construction: thread-safe.
class credential_index {
  public:
    credential_index(std::string lookup_key, std::vector<stored_credential> all);

    /// The credential `bearer` proves, if any. Cost: one HMAC for the tag, a hash lookup, and one
    /// HMAC plus a constant-time comparison per candidate (one, barring a 64-bit tag collision).
    [[nodiscard]] std::optional<authenticated> verify(std::string_view bearer) const;

    [[nodiscard]] std::size_t size() const { return all_.size(); }

  private:
    std::string lookup_key_;
    std::vector<stored_credential> all_;
    std::unordered_multimap<std::string, std::size_t> by_lookup_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_CREDENTIALS_HPP
