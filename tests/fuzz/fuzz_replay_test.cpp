// SPDX-License-Identifier: MIT
// Replays every saved fuzz input (seed corpora and crash regressions) through the fuzz checks.
#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include <json_types.hpp>

#include <fuzz_harness.hpp>
#include <rebase_fuzz_harness.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Runs `check` over every file of <fuzz dir>/<kind>/<target>; returns how many it read.
std::size_t replay(const std::string& kind, const std::string& target,
                   const std::function<void(std::string_view)>& check) {
    const fs::path dir = fs::path(JSONPATCH_FUZZ_DIR) / kind / target;
    std::size_t count = 0;
    if (!fs::exists(dir)) {
        return count;
    }
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        const std::string input = read_file(entry.path());
        INFO(entry.path().string());
        CHECK_NOTHROW(check(input));
        ++count;
    }
    return count;
}

} // namespace

TEST_CASE("fuzz replay: pointer inputs keep their properties", "[fuzz][regression][pointer]") {
    CHECK(replay("corpus", "pointer_fuzz", jsonpatch_fuzz::check_pointer) > 0);
    replay("regressions", "pointer_fuzz", jsonpatch_fuzz::check_pointer);
}

TEMPLATE_TEST_CASE("fuzz replay: patch text inputs keep their properties",
                   "[fuzz][regression][parse]", JSONPATCH_TEST_JSON_TYPES) {
    CHECK(replay("corpus", "patch_text_fuzz", jsonpatch_fuzz::check_patch_text<TestType>) > 0);
    CHECK(replay("regressions", "patch_text_fuzz", jsonpatch_fuzz::check_patch_text<TestType>) > 0);
}

TEMPLATE_TEST_CASE("fuzz replay: apply inputs agree with the reference applier",
                   "[fuzz][regression][apply]", JSONPATCH_TEST_JSON_TYPES) {
    CHECK(replay("corpus", "apply_fuzz", jsonpatch_fuzz::check_apply<TestType>) > 0);
    replay("regressions", "apply_fuzz", jsonpatch_fuzz::check_apply<TestType>);
}

TEMPLATE_TEST_CASE("fuzz replay: rebase inputs are sound and agree with the reference rebase",
                   "[fuzz][regression][rebase]", nlohmann::json, nlohmann::ordered_json) {
    CHECK(replay("corpus", "rebase_fuzz", jsonpatch_fuzz::check_rebase<TestType>) > 0);
    replay("regressions", "rebase_fuzz", jsonpatch_fuzz::check_rebase<TestType>);
}

TEST_CASE("fuzz replay: the harness itself catches a broken property", "[fuzz]") {
    CHECK_THROWS_AS(jsonpatch_fuzz::require(false, "expected"), jsonpatch_fuzz::harness_failure);
}
