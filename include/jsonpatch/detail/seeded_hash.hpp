// SPDX-License-Identifier: MIT
// Keyed hashing of text and words with a secret chosen per process, for tables fed with input.
#ifndef JSONPATCH_DETAIL_SEEDED_HASH_HPP
#define JSONPATCH_DETAIL_SEEDED_HASH_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string_view>

namespace jsonpatch::detail {

/// The secret of the keyed hashes below. Tables indexed by these hashes (diff's element ids,
/// ordered_json member indexes) hold values the caller's input chose: with a fixed hash an
/// attacker can precompute many values of one hash and make every lookup compare with all of them
/// (a diff of 10,000 such strings took 60 times as long as of random ones). Unknown keys leave
/// nothing to precompute.
struct hash_key {
    std::uint64_t mix = 0;
    std::uint64_t multiplier = 1; // odd
};

/// SplitMix64's finaliser: spreads the entropy of a word over all of its bits.
[[nodiscard]] constexpr std::uint64_t spread_bits(std::uint64_t x) noexcept {
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

/// A fresh key from the system's random device, with addresses (randomised by ASLR) and the clock
/// mixed in, so the key stays unpredictable where no random device can be opened.
[[nodiscard]] inline hash_key make_hash_key() noexcept {
    std::uint64_t entropy = 0;
    try {
        std::random_device device;
        entropy = static_cast<std::uint64_t>(device()) << 32U ^ device();
    } catch (...) { // no device (or no memory to open one): the other sources remain
    }
    const auto bits_of = [](const auto& pointer) { // a data or a code address
        std::uint64_t bits = 0;
        std::memcpy(&bits, &pointer, sizeof pointer < sizeof bits ? sizeof pointer : sizeof bits);
        return bits;
    };
    const std::uint64_t* const stack_address = &entropy;
    hash_key (*const code_address)() noexcept = &make_hash_key;
    entropy ^= spread_bits(bits_of(stack_address));
    entropy ^= spread_bits(bits_of(code_address) + 1);
    entropy ^= spread_bits(static_cast<std::uint64_t>(
        std::chrono::steady_clock::now().time_since_epoch().count()));
    hash_key key;
    key.mix = spread_bits(entropy);
    key.multiplier = spread_bits(entropy + 0x9e3779b97f4a7c15ULL) | 1U;
    return key;
}

/// The key of this process, chosen once (thread-safe static initialisation).
[[nodiscard]] inline const hash_key& process_hash_key() noexcept {
    static const hash_key key = make_hash_key();
    return key;
}

/// The high and low halves of the 128-bit product a·b, xor-ed: a multiplication whose carries
/// depend on both operands, so a difference in the input does not pass through predictably.
[[nodiscard]] inline std::uint64_t fold_multiply(std::uint64_t a, std::uint64_t b) noexcept {
#if defined(__SIZEOF_INT128__)
    __extension__ using wide = unsigned __int128;
    const wide product = static_cast<wide>(a) * b;
    return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64U);
#else
    const std::uint64_t a_lo = a & 0xffffffffU;
    const std::uint64_t a_hi = a >> 32U;
    const std::uint64_t b_lo = b & 0xffffffffU;
    const std::uint64_t b_hi = b >> 32U;
    const std::uint64_t lo_lo = a_lo * b_lo;
    const std::uint64_t hi_lo = a_hi * b_lo;
    const std::uint64_t lo_hi = a_lo * b_hi;
    const std::uint64_t cross = (lo_lo >> 32U) + (hi_lo & 0xffffffffU) + lo_hi;
    const std::uint64_t low = (cross << 32U) | (lo_lo & 0xffffffffU);
    const std::uint64_t high = a_hi * b_hi + (hi_lo >> 32U) + (cross >> 32U);
    return low ^ high;
#endif
}

/// Keyed hashing steps under one key, held by value so that hot loops read no shared state.
class keyed_hash {
  public:
    keyed_hash() noexcept : key_(process_hash_key()) {}
    explicit keyed_hash(const hash_key& key) noexcept : key_(key) {}

    /// Folds `v` into the state `h`, order-sensitively.
    [[nodiscard]] std::uint64_t step(std::uint64_t h, std::uint64_t v) const noexcept {
        return fold_multiply(h ^ v ^ key_.mix, key_.multiplier);
    }

    /// A hash of text, 8 bytes per step (the last step overlaps the one before): member names and
    /// strings are mostly short, and a library call per string cost a third of diffing arrays.
    [[nodiscard]] std::uint64_t text(std::string_view s) const noexcept {
        const auto load = [&s](std::size_t at, std::size_t bytes) {
            std::uint64_t word = 0;
            std::memcpy(&word, s.data() + at, bytes);
            return word;
        };
        const std::size_t n = s.size();
        std::uint64_t h = step(0x6a09e667f3bcc908ULL, n);
        if (n >= 8) {
            for (std::size_t i = 0; i + 8 <= n; i += 8) {
                h = step(h, load(i, 8));
            }
            return n % 8 == 0 ? h : step(h, load(n - 8, 8));
        }
        if (n >= 4) {
            return step(h, load(0, 4) << 32U | load(n - 4, 4));
        }
        if (n > 0) { // the first, middle and last bytes cover 1 to 3 bytes
            const auto byte = [&s](std::size_t at) {
                return static_cast<std::uint64_t>(static_cast<unsigned char>(s[at]));
            };
            return step(h, byte(0) << 16U | byte(n / 2) << 8U | byte(n - 1));
        }
        return h;
    }

  private:
    hash_key key_;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_SEEDED_HASH_HPP
