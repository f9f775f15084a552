// SPDX-License-Identifier: MIT
#include <jsonpatch/errc.hpp>

#include <catch2/catch_test_macros.hpp>

#include <set>
#include <string>
#include <system_error>

using jsonpatch::errc;

TEST_CASE("errc: values are stable and banded", "[errc]") {
    // These numbers are a public contract: changing one breaks users' stored codes.
    CHECK(static_cast<int>(errc::pointer_missing_slash) == 100);
    CHECK(static_cast<int>(errc::pointer_invalid_escape) == 101);
    CHECK(static_cast<int>(errc::invalid_json) == 200);
    CHECK(static_cast<int>(errc::duplicate_member) == 211);
    CHECK(static_cast<int>(errc::path_not_found) == 300);
    CHECK(static_cast<int>(errc::test_failed) == 305);
    CHECK(static_cast<int>(errc::root_not_removable) == 307);
    CHECK(static_cast<int>(errc::operation_not_allowed) == 400);
    CHECK(static_cast<int>(errc::resource_read_only) == 404);
    CHECK(static_cast<int>(errc::missing_field) == 405);
    CHECK(static_cast<int>(errc::wrong_type) == 406);
    CHECK(static_cast<int>(errc::invalid_date_time) == 407);
    CHECK(static_cast<int>(errc::rebase_conflict) == 408);
    CHECK(static_cast<int>(errc::invalid_model) == 409); // 408 is rebase_conflict's
    CHECK(static_cast<int>(errc::too_many_operations) == 500);
    CHECK(static_cast<int>(errc::patch_too_large) == 507);
    CHECK(jsonpatch::band_of(errc::pointer_invalid_escape) == jsonpatch::errc_band::pointer_syntax);
    CHECK(jsonpatch::band_of(errc::missing_value) == jsonpatch::errc_band::patch_shape);
    CHECK(jsonpatch::band_of(errc::test_failed) == jsonpatch::errc_band::apply);
    CHECK(jsonpatch::band_of(errc::conflict) == jsonpatch::errc_band::policy);
    CHECK(jsonpatch::band_of(errc::invalid_date_time) == jsonpatch::errc_band::policy);
    CHECK(jsonpatch::band_of(errc::value_too_deep) == jsonpatch::errc_band::limits);
}

TEST_CASE("errc: every code has a distinct name", "[errc]") {
    std::set<std::string> names;
    int known = 0;
    for (int v = 0; v < 700; ++v) {
        const auto name = jsonpatch::to_string(static_cast<errc>(v));
        if (name != "unknown") {
            ++known;
            names.emplace(name);
            CHECK(v >= 100);
        }
    }
    CHECK(known == static_cast<int>(names.size()));
    CHECK(known >= 30);
    CHECK(jsonpatch::to_string(errc::path_not_found) == "path_not_found");
    CHECK(jsonpatch::to_string(errc::missing_field) == "missing_field");
    CHECK(jsonpatch::to_string(errc::wrong_type) == "wrong_type");
    CHECK(jsonpatch::to_string(errc::invalid_date_time) == "invalid_date_time");
    CHECK(jsonpatch::to_string(errc::invalid_model) == "invalid_model");
}

TEST_CASE("errc: travels as std::error_code", "[errc]") {
    const std::error_code ec = errc::test_failed;
    CHECK(ec.value() == 305);
    CHECK(std::string(ec.category().name()) == "jsonpatch");
    CHECK(ec.message() == "test_failed");
    CHECK(ec == errc::test_failed);
    CHECK(ec != errc::path_not_found);
    CHECK(&ec.category() == &jsonpatch::jsonpatch_category());
}
