// SPDX-License-Identifier: MIT
// Content negotiation and preconditions, the two decisions taken before the body is read.
#include <jsonpatch/http.hpp>

#include <iomanip>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

int main() {
    namespace http = jsonpatch::http;
    // Which patch format a Content-Type names, if any.
    for (const char* type :
         {"application/json-patch+json", "Application/Merge-Patch+JSON",
          "application/merge-patch+json; charset=utf-8",
          "application/merge-patch+json; charset=latin1", "application/json", ""}) {
        const auto format = http::patch_format_of(type);
        std::cout << std::left << std::setw(48) << ("\"" + std::string(type) + "\"")
                  << (!format                                     ? "415"
                      : *format == http::patch_format::json_patch ? "JSON Patch"
                                                                  : "merge patch")
                  << "\n";
    }
    std::cout << "Accept-Patch: " << http::accept_patch() << "\n\n";

    // The ETag of version 7, and what If-Match and If-None-Match decide against it.
    const std::string etag = http::strong_etag("v7");
    std::cout << "ETag: " << etag << "\n";
    const auto name = [](http::precondition p) {
        switch (p) {
        case http::precondition::proceed:
            return "proceed";
        case http::precondition::not_modified:
            return "304 Not Modified";
        case http::precondition::failed:
            return "412 Precondition Failed";
        case http::precondition::required:
            return "428 Precondition Required";
        }
        return "?";
    };
    struct request {
        std::string_view method;
        std::optional<std::string_view> if_match;
        std::optional<std::string_view> if_none_match;
    };
    for (const request& r :
         {request{"PATCH", std::nullopt, std::nullopt}, request{"PATCH", "\"v7\"", std::nullopt},
          request{"PATCH", "\"v6\"", std::nullopt}, request{"PATCH", "W/\"v7\"", std::nullopt},
          request{"PATCH", "\"v6\", \"v7\"", std::nullopt}, request{"PATCH", "*", std::nullopt},
          request{"PATCH", "\"v7\"", "*"}, request{"GET", std::nullopt, "\"v7\""},
          request{"GET", std::nullopt, "W/\"v7\""}, request{"GET", "\"v6\"", "\"v7\""},
          request{"OPTIONS", "\"v6\"", std::nullopt}}) {
        const auto verdict = http::evaluate_preconditions(r.method, r.if_match, r.if_none_match,
                                                          etag, true, /*require_if_match=*/true);
        std::cout << std::left << std::setw(8) << r.method << std::setw(26)
                  << ("If-Match: " + std::string(r.if_match.value_or("-"))) << std::setw(24)
                  << ("If-None-Match: " + std::string(r.if_none_match.value_or("-")))
                  << name(verdict) << "\n";
    }
}
