// SPDX-License-Identifier: MIT
#include <jsonpatch/version.hpp>

#include <catch2/catch_test_macros.hpp>

#include <string>

TEST_CASE("version: the header agrees with CMake's project version", "[version]") {
    const std::string from_macros = std::to_string(JSONPATCH_VERSION_MAJOR) + "." +
                                    std::to_string(JSONPATCH_VERSION_MINOR) + "." +
                                    std::to_string(JSONPATCH_VERSION_PATCH);
    CHECK(from_macros == JSONPATCH_CMAKE_VERSION);
    CHECK(std::string(jsonpatch::version_string) == JSONPATCH_CMAKE_VERSION);
    CHECK(jsonpatch::version_major == JSONPATCH_VERSION_MAJOR);
}
