// SPDX-License-Identifier: MIT
#include <jsonpatch/pointer.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using jsonpatch::array_token;
using jsonpatch::errc;
using jsonpatch::pointer;

namespace {
std::vector<std::string> tokens_of(const pointer& p) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < p.size(); ++i) {
        out.emplace_back(p.token(i));
    }
    return out;
}
} // namespace

TEST_CASE("pointer: parses RFC 6901 §5 examples into tokens", "[pointer][parse]") {
    CHECK(tokens_of(pointer::parse("").value()).empty());
    CHECK(tokens_of(pointer::parse("/foo").value()) == std::vector<std::string>{"foo"});
    CHECK(tokens_of(pointer::parse("/foo/0").value()) == std::vector<std::string>{"foo", "0"});
    CHECK(tokens_of(pointer::parse("/").value()) == std::vector<std::string>{""});
    CHECK(tokens_of(pointer::parse("/a~1b").value()) == std::vector<std::string>{"a/b"});
    CHECK(tokens_of(pointer::parse("/m~0n").value()) == std::vector<std::string>{"m~n"});
    CHECK(tokens_of(pointer::parse("/c%d").value()) == std::vector<std::string>{"c%d"});
    CHECK(tokens_of(pointer::parse("/ ").value()) == std::vector<std::string>{" "});
    CHECK(tokens_of(pointer::parse("//").value()) == std::vector<std::string>{"", ""});
    CHECK(tokens_of(pointer::parse("/a//b/").value()) == std::vector<std::string>{"a", "", "b", ""});
}

TEST_CASE("pointer: decodes ~1 before ~0", "[pointer][parse]") {
    // "~01" is "~" followed by "1", never "/".
    CHECK(pointer::parse("/~01").value().token(0) == "~1");
    CHECK(pointer::parse("/~10").value().token(0) == "/0");
    CHECK(pointer::parse("/~0~1~0").value().token(0) == "~/~");
    CHECK(pointer::parse("/~00").value().token(0) == "~0");
}

TEST_CASE("pointer: rejects a broken escape", "[pointer][parse]") {
    const auto text = GENERATE("/~", "/a~", "/~2", "/~a", "/a/~/b", "/~~", "/~-1", "/ok/~ ");
    CAPTURE(text);
    const auto p = pointer::parse(text);
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::pointer_invalid_escape);
    CHECK_FALSE(p.error().op_index);
}

TEST_CASE("pointer: a non-empty pointer must start with a slash", "[pointer][parse]") {
    const auto text = GENERATE("a", "a/b", " /a", "~1", "#/a", "0");
    CAPTURE(text);
    const auto p = pointer::parse(text);
    REQUIRE_FALSE(p);
    CHECK(p.error().code == errc::pointer_missing_slash);
}

TEST_CASE("pointer: classifies array index tokens", "[pointer][index]") {
    const auto idx = [](const char* text) { return pointer::parse(text).value().array_index(0); };
    CHECK(idx("/0").kind == array_token::index);
    CHECK(idx("/0").value == 0);
    CHECK(idx("/10").value == 10);
    CHECK(idx("/18446744073709551615").kind == array_token::index);
    CHECK(idx("/18446744073709551615").value == 18446744073709551615u);
    CHECK(idx("/18446744073709551616").kind == array_token::too_large);
    CHECK(idx("/99999999999999999999999999999").kind == array_token::too_large);
    CHECK(idx("/-").kind == array_token::end);
    CHECK(idx("/-1").kind == array_token::negative);
    CHECK(idx("/-1").value == 1);
    for (const char* bad : {"/01", "/00", "/-0", "/-01", "/1e0", "/1.0", "/+1", "/ 1", "/1 ", "/",
                            "/0x1", "/--1", "/1-", "/~01", "/99999999999999999999999x"}) {
        CAPTURE(bad);
        CHECK(idx(bad).kind == array_token::not_an_index);
    }
}

TEST_CASE("pointer: formats back to canonical text", "[pointer][format]") {
    for (const char* text : {"", "/", "/a~1b/m~0n/0/-", "/~01", "//x", "/é/ü"}) {
        CHECK(pointer::parse(text).value().to_string() == text);
    }
    pointer p;
    p.push_back("a/b").push_back("m~n").push_back(std::size_t{3}).push_back("");
    CHECK(p.to_string() == "/a~1b/m~0n/3/");
    CHECK(p.size() == 4);
    CHECK(p.token(0) == "a/b");
    CHECK(p.array_index(2).value == 3);
    CHECK(p == pointer::parse("/a~1b/m~0n/3/").value());
    p.pop_back();
    p.pop_back();
    CHECK(p.to_string() == "/a~1b/m~0n");
    CHECK(p.back() == "m~n");
    p.push_back("x");
    CHECK(p.to_string() == "/a~1b/m~0n/x");
    CHECK(p.token(1) == "m~n");
    CHECK(pointer::escape("~/") == "~0~1");
}

TEST_CASE("pointer: prefix relations are token-wise", "[pointer][prefix]") {
    const auto p = [](const char* text) { return pointer::parse(text).value(); };
    CHECK(p("").is_proper_prefix_of(p("/a")));
    CHECK(p("/a").is_proper_prefix_of(p("/a/b")));
    CHECK_FALSE(p("/a").is_proper_prefix_of(p("/ab")));
    CHECK_FALSE(p("/a").is_proper_prefix_of(p("/a")));
    CHECK(p("/a").is_prefix_of(p("/a")));
    CHECK_FALSE(p("/a/b").is_prefix_of(p("/a")));
    CHECK(p("/a~1b").is_proper_prefix_of(p("/a~1b/c")));
    CHECK_FALSE(p("/a").is_proper_prefix_of(p("/a~1b")));
    CHECK(p("/a/b").parent() == p("/a"));
    CHECK(p("").parent() == p(""));
    CHECK(p("/a/b/c").prefix_text(0).empty());
    CHECK(p("/a/b/c").prefix_text(2) == "/a/b");
    CHECK(p("/a/b/c").prefix_text(3) == "/a/b/c");
}

TEST_CASE("pointer: never throws on arbitrary bytes", "[pointer][parse]") {
    std::string text = "/";
    for (int c = 0; c < 256; ++c) {
        text += static_cast<char>(c);
        text += '/';
    }
    const auto p = pointer::parse(text);
    REQUIRE_FALSE(p); // contains "~/" somewhere
    CHECK(p.error().code == errc::pointer_invalid_escape);
    std::string clean;
    for (int c = 1; c < 256; ++c) {
        if (c != '~' && c != '/') {
            clean += '/';
            clean += static_cast<char>(c);
        }
    }
    const auto q = pointer::parse(clean);
    REQUIRE(q);
    CHECK(q->size() == 253);
    CHECK(q->to_string() == clean);
}

TEST_CASE("regression #17: the token arena of one patch is bounded as a whole",
          "[pointer][limits][regression]") {
    // apply(doc, patch_json) stores the tokens of every pointer of a patch in one arena with 32-bit
    // offsets; the bound must hold for the sum of all pointers, not for each on its own.
    using arena = jsonpatch::detail::pointer_arena;
    constexpr std::size_t bound = std::numeric_limits<std::uint32_t>::max();
    CHECK(arena::fits_32_bit(0, bound));
    CHECK(arena::fits_32_bit(bound - 10, 10));
    CHECK_FALSE(arena::fits_32_bit(bound - 10, 11));
    CHECK_FALSE(arena::fits_32_bit(bound + std::size_t{1}, 0));
    CHECK_FALSE(arena::fits_32_bit(std::numeric_limits<std::size_t>::max(), 1));
    arena a;
    CHECK(a.has_room_for("/a/b"));
}

TEST_CASE("regression #21: push_back takes a token that views the pointer's own storage",
          "[pointer][regression]") {
    // The argument may view the very strings push_back appends to; they may move as they grow.
    const std::string plain(40, 'x');        // longer than any small-string buffer
    const std::string escaped = "a/b~c" + plain; // held unescaped apart from the text
    for (const std::string& token : {plain, escaped, std::string("z")}) {
        INFO(token);
        pointer p;
        p.push_back(token);
        for (int i = 0; i < 6; ++i) { // every round doubles what the token views
            p.push_back(p.back());
        }
        REQUIRE(p.size() == 7);
        for (std::size_t i = 0; i < p.size(); ++i) {
            CHECK(p.token(i) == token);
        }
        CHECK(pointer::parse(p.to_string()).value() == p);
        // The whole text, and a token taken from the middle, as tokens of their own.
        pointer q = pointer::parse("/" + pointer::escape(plain) + "/" + pointer::escape(escaped)).value();
        const std::string text = q.to_string();
        q.push_back(q.to_string());
        q.push_back(q.token(1));
        REQUIRE(q.size() == 4);
        CHECK(q.token(2) == text);
        CHECK(q.token(3) == escaped);
    }
}
