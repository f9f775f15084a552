// SPDX-License-Identifier: MIT
// Token buckets: N requests per second per bearer, and N failed authentications per second per
// client address.
#include "rate_limiter.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cmath>

namespace pat_service {

std::optional<long> token_bucket::peek(double rate, rate_clock::time_point now) {
    const std::chrono::duration<double> elapsed = now - last;
    tokens = std::min(rate, tokens + std::max(0.0, elapsed.count()) * rate);
    last = now;
    if (tokens >= 1.0) {
        return std::nullopt;
    }
    // Whole seconds (RFC 9110 §10.2.3), rounded up so a client that waits is admitted.
    return std::max(1L, static_cast<long>(std::ceil((1.0 - tokens) / rate)));
}

std::optional<long> token_bucket::take(double rate, rate_clock::time_point now) {
    auto wait = peek(rate, now);
    if (!wait) {
        tokens -= 1.0;
    }
    return wait;
}

std::optional<long> rate_limiter::admit(std::size_t key, rate_clock::time_point now) {
    if (rate_ == 0) {
        return std::nullopt;
    }
    const double rate = rate_;
    const std::lock_guard<std::mutex> lock(mutex_);
    return buckets_.try_emplace(key, token_bucket{rate, now}).first->second.take(rate, now);
}

std::string auth_failure_budget::key_of(std::string_view address) {
    const std::string text(address);
    std::array<unsigned char, 16> bytes{};
    if (::inet_pton(AF_INET6, text.c_str(), bytes.data()) != 1) {
        return text; // IPv4 (or whatever the peer was): the whole address
    }
    constexpr std::array<unsigned char, 12> v4_mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(v4_mapped.begin(), v4_mapped.end(), bytes.begin())) {
        return text.substr(text.rfind(':') + 1);
    }
    // One /64: what a single IPv6 client can be assumed to hold.
    return std::string(reinterpret_cast<const char*>(bytes.data()), 8);
}

void auth_failure_budget::prune(rate_clock::time_point now) {
    // A full scan, so at most once a second: addresses that keep failing cannot make every
    // request pay for it.
    if (now - last_prune_ < std::chrono::seconds(1)) {
        return;
    }
    last_prune_ = now;
    const double rate = rate_;
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        if (!it->second.peek(rate, now) && it->second.tokens >= rate) {
            it = buckets_.erase(it); // refilled: the same as no bucket at all
        } else {
            ++it;
        }
    }
}

std::optional<long> auth_failure_budget::check(std::string_view address,
                                               rate_clock::time_point now) {
    if (rate_ == 0) {
        return std::nullopt;
    }
    const std::string key = key_of(address);
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto found = buckets_.find(key);
    if (found != buckets_.end()) {
        return found->second.peek(rate_, now);
    }
    if (buckets_.size() >= max_addresses_) {
        prune(now);
        if (buckets_.size() >= max_addresses_) {
            return 1L; // no room to keep count: refuse rather than stop counting
        }
    }
    return std::nullopt;
}

void auth_failure_budget::charge(std::string_view address, rate_clock::time_point now) {
    if (rate_ == 0) {
        return;
    }
    const double rate = rate_;
    const std::string key = key_of(address);
    const std::lock_guard<std::mutex> lock(mutex_);
    if (buckets_.size() >= max_addresses_ && buckets_.find(key) == buckets_.end()) {
        prune(now);
        if (buckets_.size() >= max_addresses_) {
            return; // check() refuses this address while the table is full
        }
    }
    (void)buckets_.try_emplace(key, token_bucket{rate, now}).first->second.take(rate, now);
}

} // namespace pat_service
