// SPDX-License-Identifier: MIT
// The service front end's request framer on its own: framing, normalisation and every cap.
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <string>

#include "request_framer.hpp"

using pat_service::http_limits;
using pat_service::request_framer;

namespace {

// Feeds `input` in pieces of `step` bytes; the final status.
request_framer::status feed_in_steps(request_framer& framer, const std::string& input,
                                     std::size_t step, std::string& rest) {
    auto outcome = request_framer::status::need_more;
    for (std::size_t i = 0; i < input.size() && outcome == request_framer::status::need_more;
         i += step) {
        rest += input.substr(i, step);
        outcome = framer.feed(rest);
    }
    return outcome;
}

} // namespace

TEST_CASE("request framer: a chunked body arrives as one Content-Length body, byte by byte too",
          "[service][framer]") {
    const std::string input = "PATCH /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: t\r\n\r\nGET";
    const std::size_t step = GENERATE(1U, 7U, 1000U);
    request_framer framer{http_limits{}};
    std::string rest;
    REQUIRE(feed_in_steps(framer, input, step, rest) == request_framer::status::complete);
    CHECK(framer.take_request() ==
          "PATCH /x HTTP/1.1\r\nHost: a\r\nContent-Length: 8\r\n\r\nhelloabc");
    CHECK(std::string("GET").rfind(rest, 0) == 0); // what follows stays for the next request
}

TEST_CASE("request framer: caps answer 413, 414 and 431 before the bytes are kept",
          "[service][framer]") {
    http_limits limits;
    limits.max_body = 10;
    limits.max_header_count = 3;
    limits.max_request_line = 64;
    struct probe {
        std::string input;
        int status;
    };
    for (const auto& [input, status] : {
             probe{"PATCH /x HTTP/1.1\r\nContent-Length: 11\r\n\r\n", 413},
             probe{"PATCH /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n",
                   413},
             probe{
                 "PATCH /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n",
                 413},
             probe{"GET /" + std::string(100, 'u'), 414},
             probe{"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n", 431},
             probe{"GET / HTTP/1.1\r\nA: " + std::string(9000, 'a'), 431},
             probe{"GET / HTTP/1.1\nHost: a\n\n", 400},
             probe{"GET / HTTP/1.1\r\n folded\r\n\r\n", 400},
             probe{"GET / HTTP/2.0\r\n\r\n", 505},
             probe{"BREW / HTTP/1.1\r\n\r\n", 501},
         }) {
        INFO(input.substr(0, 80));
        request_framer framer(limits);
        std::string rest = input;
        REQUIRE(framer.feed(rest) == request_framer::status::failed);
        CHECK(framer.error().status == status);
    }
}

TEST_CASE("request framer: Expect 100-continue is asked once, and only while the body is due",
          "[service][framer]") {
    request_framer framer{http_limits{}};
    std::string rest = "PATCH /x HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
    REQUIRE(framer.feed(rest) == request_framer::status::need_more);
    CHECK(framer.should_send_continue());
    CHECK_FALSE(framer.should_send_continue());
    rest += "[]";
    REQUIRE(framer.feed(rest) == request_framer::status::complete);
    CHECK(framer.take_request() == "PATCH /x HTTP/1.1\r\nContent-Length: 2\r\n\r\n[]");
}
