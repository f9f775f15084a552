// SPDX-License-Identifier: MIT
// Token buckets: N requests per second per bearer, and N failed authentications per second per
// client address.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_RATE_LIMITER_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_RATE_LIMITER_HPP

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pat_service {

using rate_clock = std::chrono::steady_clock;

/// A bucket of `rate` tokens refilled at `rate` per second.
struct token_bucket {
    double tokens = 0;
    rate_clock::time_point last;

    /// Refills for the time since `last`, then takes one token: nothing when there was one, else
    /// the whole seconds until there is (for Retry-After, at least 1).
    [[nodiscard]] std::optional<long> take(double rate, rate_clock::time_point now);
    /// Refills, then reports what take() would without taking anything.
    [[nodiscard]] std::optional<long> peek(double rate, rate_clock::time_point now);
};

/// One bucket per key (an authenticated credential's number, so memory is bounded by the
/// credentials, and unauthenticated traffic never creates a bucket). Thread-safe.
class rate_limiter {
  public:
    /// `per_second` requests per second with a burst of `per_second`; 0 admits everything.
    explicit rate_limiter(unsigned per_second) : rate_(per_second) {}

    /// Takes one token from `key`'s bucket: nothing when the request may go on, else the whole
    /// seconds until a token is back.
    [[nodiscard]] std::optional<long> admit(std::size_t key,
                                            rate_clock::time_point now = rate_clock::now());

  private:
    unsigned rate_;
    std::mutex mutex_;
    std::unordered_map<std::size_t, token_bucket> buckets_;
};

/// The budget for failed authentication per client address (IPv6 per /64, the smallest block a
/// client can be assumed to hold): `per_second` failures per second with a burst of `per_second`.
/// Once an address has spent it, every request from it that needs authentication is refused
/// (429) before its bearer is even looked at, so a guess that happens to be right is refused like
/// the wrong ones. Successful authentication costs nothing. The table is bounded: when it is
/// full, buckets that have refilled are dropped, and if none has, failures from new addresses
/// are refused (fail closed) until some have. Thread-safe.
class auth_failure_budget {
  public:
    /// `per_second` 0 turns the budget off.
    explicit auth_failure_budget(unsigned per_second, std::size_t max_addresses = 100000)
        : rate_(per_second), max_addresses_(max_addresses) {}

    /// Nothing when `address` may try to authenticate; else the seconds until it may.
    [[nodiscard]] std::optional<long> check(std::string_view address,
                                            rate_clock::time_point now = rate_clock::now());

    /// Charges one failed authentication to `address`.
    void charge(std::string_view address, rate_clock::time_point now = rate_clock::now());

  private:
    [[nodiscard]] static std::string key_of(std::string_view address);
    void prune(rate_clock::time_point now);

    unsigned rate_;
    std::size_t max_addresses_;
    std::mutex mutex_;
    std::unordered_map<std::string, token_bucket> buckets_;
    rate_clock::time_point last_prune_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_RATE_LIMITER_HPP
