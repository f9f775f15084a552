// SPDX-License-Identifier: MIT
// UUID-shaped tracking ids for error responses, unique within a process.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_TRACKING_IDS_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_TRACKING_IDS_HPP

#include <atomic>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

namespace pat_service {

/// A random part fixed per process and a per-request counter, so no id repeats within a process
/// (a random UUID per request would only make repeats unlikely). Thread-safe.
class tracking_ids {
  public:
    tracking_ids() {
        std::random_device device;
        prefix_ = (std::uint64_t{device()} << 32U) ^ std::uint64_t{device()};
    }

    [[nodiscard]] std::string next() {
        const std::uint64_t count = counter_.fetch_add(1, std::memory_order_relaxed);
        char text[40];
        std::snprintf(text, sizeof text,
                      "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-a%03" PRIx64 "-%012" PRIx64,
                      (prefix_ >> 32U) & 0xffffffffU, (prefix_ >> 16U) & 0xffffU,
                      (prefix_ >> 4U) & 0xfffU, (count >> 48U) & 0xfffU, count & 0xffffffffffffU);
        return text;
    }

  private:
    std::uint64_t prefix_ = 0;
    std::atomic<std::uint64_t> counter_{0};
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_TRACKING_IDS_HPP
