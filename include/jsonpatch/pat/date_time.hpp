// SPDX-License-Identifier: MIT
/// \file
/// The RFC 3339 date-time form the PAT model stores: UTC with exactly millisecond precision.
#ifndef JSONPATCH_PAT_DATE_TIME_HPP
#define JSONPATCH_PAT_DATE_TIME_HPP

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace jsonpatch::pat {

/// The fields of a date-time such as "2018-06-25T20:22:28.104Z".
struct date_time {
    int year = 0;        ///< 0000-9999
    int month = 1;       ///< 1-12
    int day = 1;         ///< 1-31, within the month (Gregorian leap years)
    int hour = 0;        ///< 0-23
    int minute = 0;      ///< 0-59
    int second = 0;      ///< 0-59
    int millisecond = 0; ///< 0-999
};

/// True for a Gregorian leap year (divisible by 4, except centuries not divisible by 400).
[[nodiscard]] constexpr bool is_leap_year(int year) noexcept {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/// Days in `month` (1-12) of `year`; 0 for a month outside 1-12.
[[nodiscard]] constexpr int days_in_month(int year, int month) noexcept {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) {
        return 0;
    }
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

namespace detail {

// `count` ASCII digits of `text` at `at` as a number, or -1 when any is not a digit.
[[nodiscard]] constexpr int digits(std::string_view text, std::size_t at,
                                   std::size_t count) noexcept {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

} // namespace detail

/// Parses the one date-time form the PAT model accepts, `YYYY-MM-DDTHH:MM:SS.mmmZ` (24
/// characters): an RFC 3339 §5.6 date-time restricted to UTC ("Z", upper case, like "T") and
/// exactly three fraction digits. Offsets such as "+02:00" are refused: the platform always
/// writes UTC, and accepting them would force either rewriting the stored text (breaking the
/// round trip) or comparing instants written differently. Leap seconds (":60") are refused too.
/// Month and day ranges follow the Gregorian calendar, leap years included. Nothing when
/// `text` is not in that form. O(1).
[[nodiscard]] constexpr std::optional<date_time> parse_date_time(std::string_view text) noexcept {
    // Positions: 0123456789012345678901234
    //            YYYY-MM-DDTHH:MM:SS.mmmZ
    if (text.size() != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z') {
        return std::nullopt;
    }
    date_time t;
    t.year = detail::digits(text, 0, 4);
    t.month = detail::digits(text, 5, 2);
    t.day = detail::digits(text, 8, 2);
    t.hour = detail::digits(text, 11, 2);
    t.minute = detail::digits(text, 14, 2);
    t.second = detail::digits(text, 17, 2);
    t.millisecond = detail::digits(text, 20, 3);
    if (t.year < 0 || t.month < 1 || t.month > 12 || t.day < 1 ||
        t.day > days_in_month(t.year, t.month) || t.hour < 0 || t.hour > 23 || t.minute < 0 ||
        t.minute > 59 || t.second < 0 || t.second > 59 || t.millisecond < 0) {
        return std::nullopt;
    }
    return t;
}

/// True when `text` is a date-time parse_date_time accepts.
[[nodiscard]] constexpr bool is_date_time(std::string_view text) noexcept {
    return parse_date_time(text).has_value();
}

/// `t` in the form parse_date_time accepts. Fields are written modulo their width and negative
/// ones as zero, so only a `t` within the documented ranges round-trips.
[[nodiscard]] inline std::string to_string(const date_time& t) {
    const auto field = [](int value, unsigned width) {
        return value < 0 ? 0u : static_cast<unsigned>(value) % width;
    };
    char out[32];
    std::snprintf(out, sizeof out, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", field(t.year, 10000),
                  field(t.month, 100), field(t.day, 100), field(t.hour, 100), field(t.minute, 100),
                  field(t.second, 100), field(t.millisecond, 1000));
    return out;
}

} // namespace jsonpatch::pat

#endif // JSONPATCH_PAT_DATE_TIME_HPP
