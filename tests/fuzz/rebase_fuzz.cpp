// SPDX-License-Identifier: MIT
// libFuzzer target: rebase is consistent, sound (a rebased patch applies after the accepted one)
// and agrees with the reference rebase.
#include <cstddef>
#include <cstdint>
#include <rebase_fuzz_harness.hpp>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    jsonpatch_fuzz::check_rebase(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
