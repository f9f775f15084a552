// SPDX-License-Identifier: MIT
// Bearer credentials kept as salted keyed hashes, and the in-memory index that verifies them.
#include "credentials.hpp"

#include <array>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdexcept>
#include <utility>

namespace pat_service {

namespace {

constexpr std::size_t salt_bytes = 16;
constexpr std::size_t lookup_bytes = 8;

[[nodiscard]] std::string to_hex(const unsigned char* data, std::size_t size) {
    constexpr const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += digits[data[i] >> 4U];
        out += digits[data[i] & 0x0FU];
    }
    return out;
}

[[nodiscard]] int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

[[nodiscard]] std::string from_hex(std::string_view hex) {
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        const int high = hex_value(hex[i]);
        const int low = hex_value(hex[i + 1]);
        if (high < 0 || low < 0) {
            throw std::runtime_error("a stored credential holds a byte string that is not hex");
        }
        out += static_cast<char>((high << 4) | low);
    }
    return out;
}

using sha256_digest = std::array<unsigned char, 32>;

// HMAC-SHA-256: a keyed hash is enough here because bearers are high-entropy secrets (see
// docs/pat_service.md); a password hash (scrypt, Argon2) would cost milliseconds per request.
[[nodiscard]] sha256_digest hmac_sha256(std::string_view key, std::string_view message) {
    sha256_digest out{};
    unsigned int length = 0;
    const auto* ok = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                          reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                          out.data(), &length);
    if (ok == nullptr || length != out.size()) {
        throw std::runtime_error("HMAC-SHA-256 failed");
    }
    return out;
}

[[nodiscard]] std::string lookup_tag(std::string_view key_hex, std::string_view bearer) {
    const sha256_digest mac = hmac_sha256(from_hex(key_hex), bearer);
    return to_hex(mac.data(), lookup_bytes);
}

} // namespace

std::string random_hex(std::size_t count) {
    std::string bytes(count, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
        throw std::runtime_error("the random number generator failed");
    }
    return to_hex(reinterpret_cast<const unsigned char*>(bytes.data()), count);
}

stored_credential protect(std::string_view lookup_key, std::string_view bearer, credential grants) {
    stored_credential out;
    out.lookup = lookup_tag(lookup_key, bearer);
    out.salt = random_hex(salt_bytes);
    const sha256_digest mac = hmac_sha256(from_hex(out.salt), bearer);
    out.digest = to_hex(mac.data(), mac.size());
    out.grants = std::move(grants);
    return out;
}

credential_index::credential_index(std::string lookup_key, std::vector<stored_credential> all)
    : lookup_key_(std::move(lookup_key)), all_(std::move(all)) {
    for (std::size_t i = 0; i < all_.size(); ++i) {
        by_lookup_.emplace(all_[i].lookup, i);
        // Decode once here, so verify() compares raw bytes.
        all_[i].salt = from_hex(all_[i].salt);
        all_[i].digest = from_hex(all_[i].digest);
    }
}

std::optional<authenticated> credential_index::verify(std::string_view bearer) const {
    const auto [first, last] = by_lookup_.equal_range(lookup_tag(lookup_key_, bearer));
    for (auto it = first; it != last; ++it) {
        const stored_credential& candidate = all_[it->second];
        const sha256_digest mac = hmac_sha256(candidate.salt, bearer);
        if (candidate.digest.size() == mac.size() &&
            CRYPTO_memcmp(candidate.digest.data(), mac.data(), mac.size()) == 0) {
            return authenticated{it->second, &candidate.grants};
        }
    }
    return std::nullopt;
}

} // namespace pat_service
