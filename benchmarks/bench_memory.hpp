// SPDX-License-Identifier: MIT
// Heap accounting for the benchmark binary: the bytes live now and the peak since the last reset.
#ifndef JSONPATCH_BENCHMARKS_BENCH_MEMORY_HPP
#define JSONPATCH_BENCHMARKS_BENCH_MEMORY_HPP

#include <cstddef>

namespace jsonpatch_bench::memory {

// Defined next to the replacement operator new in jsonpatch_bench.cpp. Counting is off while the
// timed benchmarks run, so they pay one predictable branch per allocation and nothing more.
struct counters {
    bool enabled = false;
    std::size_t live = 0;
    std::size_t peak = 0;
};

counters& state() noexcept;

/// Starts counting from zero live bytes; peak() is then the most held at once above this point.
inline void start() noexcept {
    state() = counters{true, 0, 0};
}
inline void stop() noexcept { state().enabled = false; }
[[nodiscard]] inline std::size_t live() noexcept { return state().live; }
[[nodiscard]] inline std::size_t peak() noexcept { return state().peak; }

} // namespace jsonpatch_bench::memory

#endif // JSONPATCH_BENCHMARKS_BENCH_MEMORY_HPP
