// SPDX-License-Identifier: MIT
// libFuzzer target: apply against the reference applier, with atomicity and policy oracles.
#include <fuzz_harness.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    jsonpatch_fuzz::check_apply(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
