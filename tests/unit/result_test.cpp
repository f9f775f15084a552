// SPDX-License-Identifier: MIT
#include <jsonpatch/result.hpp>

#include <catch2/catch_test_macros.hpp>

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

using jsonpatch::errc;

namespace {
jsonpatch::error make(errc code) {
    jsonpatch::error e;
    e.code = code;
    e.message = "m";
    return e;
}
} // namespace

TEST_CASE("result: holds a value or an error", "[result]") {
    jsonpatch::result<std::string> ok = std::string("v");
    REQUIRE(ok);
    CHECK(ok.has_value());
    CHECK(*ok == "v");
    CHECK(ok->size() == 1);
    CHECK(ok.value() == "v");

    jsonpatch::result<std::string> bad = make(errc::unknown_op);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == errc::unknown_op);
    CHECK_THROWS_AS(bad.value(), jsonpatch::patch_error);
}

TEST_CASE("result: moves out move-only values", "[result]") {
    jsonpatch::result<std::unique_ptr<int>> r = std::make_unique<int>(4);
    std::unique_ptr<int> p = std::move(r).value();
    CHECK(*p == 4);
}

TEST_CASE("status: success or an error", "[result]") {
    jsonpatch::status ok;
    CHECK(ok);
    CHECK_NOTHROW(ok.value());
    jsonpatch::status bad = make(errc::test_failed);
    CHECK_FALSE(bad);
    CHECK(bad.error().code == errc::test_failed);
    CHECK_THROWS_AS(bad.value(), jsonpatch::patch_error);
    CHECK_FALSE(std::is_convertible_v<jsonpatch::status, bool>); // explicit only
}

TEST_CASE("regression #17: the accessors of a temporary return by value", "[result][regression]") {
    using text_result = jsonpatch::result<std::string>;
    // A reference into a temporary result dangles at the end of the full expression; a value
    // bound to a const reference lives as long as the reference.
    static_assert(std::is_same_v<decltype(std::declval<text_result>().error()), jsonpatch::error>);
    static_assert(std::is_same_v<decltype(std::declval<text_result>().value()), std::string>);
    static_assert(std::is_same_v<decltype(*std::declval<text_result>()), std::string>);
    static_assert(std::is_same_v<decltype(std::declval<jsonpatch::status>().error()), jsonpatch::error>);
    static_assert(std::is_same_v<decltype(std::declval<text_result&>().error()), const jsonpatch::error&>);
    static_assert(std::is_same_v<decltype(*std::declval<text_result&>()), std::string&>);

    const jsonpatch::error& e = text_result(make(errc::unknown_op)).error();
    CHECK(e.message == "m");
    const std::string& v = *text_result(std::string(100, 'v')); // beyond the small-string buffer
    CHECK(v == std::string(100, 'v'));
    const jsonpatch::error& s = jsonpatch::status(make(errc::test_failed)).error();
    CHECK(s.code == errc::test_failed);
}
