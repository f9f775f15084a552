// SPDX-License-Identifier: MIT
// Per-bearer token buckets: N requests per second with a burst of N.
#include "rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace pat_service {

std::optional<long> rate_limiter::admit(std::size_t key, clock::time_point now) {
    if (rate_ == 0) {
        return std::nullopt;
    }
    const double capacity = rate_;
    const std::lock_guard<std::mutex> lock(mutex_);
    auto [it, is_new] = buckets_.try_emplace(key, bucket{capacity, now});
    bucket& b = it->second;
    if (!is_new) {
        const std::chrono::duration<double> elapsed = now - b.last;
        b.tokens = std::min(capacity, b.tokens + elapsed.count() * capacity);
        b.last = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return std::nullopt;
    }
    // Whole seconds (RFC 9110 §10.2.3), rounded up so a client that waits is admitted.
    return std::max(1L, static_cast<long>(std::ceil((1.0 - b.tokens) / capacity)));
}

} // namespace pat_service
