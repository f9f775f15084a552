// SPDX-License-Identifier: MIT
// libFuzzer target: RFC 6901 pointer text: parse, format and re-parse.
#include <fuzz_harness.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    jsonpatch_fuzz::check_pointer(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
