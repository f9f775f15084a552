// SPDX-License-Identifier: MIT
#include <jsonpatch/pat/date_time.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <string>

using jsonpatch::pat::is_date_time;
using jsonpatch::pat::parse_date_time;

TEST_CASE("pat date_time: parses the millisecond UTC form into fields", "[pat][date_time]") {
    const auto t = parse_date_time("2018-06-25T20:22:28.104Z");
    REQUIRE(t);
    CHECK(t->year == 2018);
    CHECK(t->month == 6);
    CHECK(t->day == 25);
    CHECK(t->hour == 20);
    CHECK(t->minute == 22);
    CHECK(t->second == 28);
    CHECK(t->millisecond == 104);
    CHECK(jsonpatch::pat::to_string(*t) == "2018-06-25T20:22:28.104Z");
}

TEST_CASE("pat date_time: accepts the range boundaries", "[pat][date_time]") {
    const std::string text = GENERATE(as<std::string>{}, "0000-01-01T00:00:00.000Z",
                                      "9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00.000Z",
                                      "2000-02-29T12:00:00.000Z", "2023-04-30T00:00:00.000Z",
                                      "2023-01-31T00:00:00.000Z");
    INFO(text);
    const auto t = parse_date_time(text);
    REQUIRE(t);
    CHECK(jsonpatch::pat::to_string(*t) == text);
}

TEST_CASE("pat date_time: refuses other precisions, offsets and out-of-range fields",
          "[pat][date_time]") {
    const std::string text = GENERATE(as<std::string>{},
        "",                               // empty
        "2018-06-25T20:22:28Z",           // no fraction
        "2018-06-25T20:22:28.1Z",         // one fraction digit
        "2018-06-25T20:22:28.104123Z",    // microseconds
        "2018-06-25T20:22:28.104+02:00",  // offset: only UTC is accepted
        "2018-06-25T20:22:28.104-00:00",  // unknown local offset
        "2018-06-25T20:22:28.104",        // no zone
        "2018-06-25t20:22:28.104Z",       // lower-case t
        "2018-06-25T20:22:28.104z",       // lower-case z
        "2018-06-25 20:22:28.104Z",       // space separator
        "2018-13-25T20:22:28.104Z",       // month 13
        "2018-00-25T20:22:28.104Z",       // month 0
        "2018-06-00T20:22:28.104Z",       // day 0
        "2018-06-31T20:22:28.104Z",       // June has 30 days
        "2023-02-29T20:22:28.104Z",       // not a leap year
        "1900-02-29T20:22:28.104Z",       // century, not a leap year
        "2018-06-25T24:00:00.000Z",       // hour 24
        "2018-06-25T20:60:28.104Z",       // minute 60
        "2018-06-25T23:59:60.000Z",       // leap second refused
        "2018-6-25T20:22:28.104Z",        // short month
        "20180625T202228.104Z",           // basic format
        "2018-06-25T20:22:2a.104Z",       // non-digit
        "+018-06-25T20:22:28.104Z",       // sign in year
        "2018-06-25T20:22:28.10 Z");      // space in fraction
    INFO(text);
    CHECK_FALSE(is_date_time(text));
}

TEST_CASE("pat date_time: leap years follow the Gregorian rule", "[pat][date_time]") {
    CHECK(jsonpatch::pat::is_leap_year(2024));
    CHECK(jsonpatch::pat::is_leap_year(2000));
    CHECK_FALSE(jsonpatch::pat::is_leap_year(1900));
    CHECK_FALSE(jsonpatch::pat::is_leap_year(2023));
    CHECK(jsonpatch::pat::days_in_month(2024, 2) == 29);
    CHECK(jsonpatch::pat::days_in_month(2023, 2) == 28);
    CHECK(jsonpatch::pat::days_in_month(2023, 11) == 30);
    CHECK(jsonpatch::pat::days_in_month(2023, 12) == 31);
    CHECK(jsonpatch::pat::days_in_month(2023, 13) == 0);
    static_assert(jsonpatch::pat::is_date_time("2024-02-29T00:00:00.000Z"));
}
