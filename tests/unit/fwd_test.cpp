// SPDX-License-Identifier: MIT
#include <jsonpatch/fwd.hpp>

#include <jsonpatch/apply.hpp>

#include <catch2/catch_test_macros.hpp>

namespace {
// A user header can name our types through fwd.hpp alone.
int count_operations(const jsonpatch::patch& p);
} // namespace

TEST_CASE("fwd: declarations match the definitions", "[fwd]") {
    const auto p = jsonpatch::parse_patch("[]");
    REQUIRE(p);
    CHECK(count_operations(*p) == 0);
}

namespace {
int count_operations(const jsonpatch::patch& p) { return static_cast<int>(p.size()); }
} // namespace
