// SPDX-License-Identifier: MIT
// libFuzzer target: 100,000-deep documents through apply, its inverse, validate, diff, merge patch
// and the PAT model, and diffs that must stay within the default apply limits.
#include <hostile_harness.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    jsonpatch_fuzz::check_hostile(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
