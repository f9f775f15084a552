// SPDX-License-Identifier: MIT
// libFuzzer target: the PAT patch transaction changes only name and scope and yields valid tokens.
#include <pat_fuzz_harness.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    jsonpatch_fuzz::check_pat(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
