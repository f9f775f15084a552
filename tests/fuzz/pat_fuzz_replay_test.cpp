// SPDX-License-Identifier: MIT
// Replays every saved PAT fuzz input (seed corpus and crash regressions) through the PAT check.
#include <catch2/catch_test_macros.hpp>

#include <pat_fuzz_harness.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

TEST_CASE("fuzz replay: PAT patches change only name and scope", "[fuzz][regression][pat]") {
    namespace fs = std::filesystem;
    std::size_t count = 0;
    for (const char* kind : {"corpus", "regressions"}) {
        const fs::path dir = fs::path(JSONPATCH_FUZZ_DIR) / kind / "pat_fuzz";
        if (!fs::exists(dir)) {
            continue;
        }
        for (const auto& entry : fs::directory_iterator(dir)) {
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            INFO(entry.path().string());
            CHECK_NOTHROW(jsonpatch_fuzz::check_pat(input));
            ++count;
        }
    }
    CHECK(count > 0);
}
