// SPDX-License-Identifier: MIT
// Per-bearer token buckets: N requests per second with a burst of N.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_RATE_LIMITER_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_RATE_LIMITER_HPP

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <unordered_map>

namespace pat_service {

/// One bucket per key (an authenticated credential's number, so memory is bounded by the
/// credentials, and unauthenticated traffic never creates a bucket). Thread-safe.
class rate_limiter {
  public:
    using clock = std::chrono::steady_clock;

    /// `per_second` requests per second with a burst of `per_second`; 0 admits everything.
    explicit rate_limiter(unsigned per_second) : rate_(per_second) {}

    /// Takes one token from `key`'s bucket: nothing when the request may go on, else the whole
    /// seconds until a token is back (for Retry-After, at least 1).
    [[nodiscard]] std::optional<long> admit(std::size_t key, clock::time_point now = clock::now());

  private:
    struct bucket {
        double tokens = 0;
        clock::time_point last;
    };

    unsigned rate_;
    std::mutex mutex_;
    std::unordered_map<std::size_t, bucket> buckets_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_RATE_LIMITER_HPP
