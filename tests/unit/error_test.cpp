// SPDX-License-Identifier: MIT
#include <jsonpatch/error.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_test_macros.hpp>

#include <string>
#include <system_error>

using jsonpatch::errc;

TEST_CASE("error: converts to a JSON object with stable fields", "[error]") {
    jsonpatch::error e;
    e.code = errc::from_not_found;
    e.op_index = 3;
    e.path = "/a";
    e.from = "";
    e.concerns = jsonpatch::member::from;
    e.message = "no member 'x' in the document root";
    const nlohmann::json j = e;
    CHECK(j == nlohmann::json::parse(R"({"code":"from_not_found","value":301,"op_index":3,
        "path":"/a","from":"","member":"from","message":"no member 'x' in the document root"})"));

    jsonpatch::error doc_level;
    doc_level.code = errc::patch_not_array;
    doc_level.message = "m";
    const nlohmann::json k = doc_level;
    CHECK(k["op_index"].is_null());
    CHECK(k["path"].is_null());
    CHECK(k["from"].is_null());
    CHECK(k["member"].is_null());
}

TEST_CASE("error: describe names the operation and its pointers", "[error]") {
    jsonpatch::error e;
    e.code = errc::path_not_found;
    e.op_index = 2;
    e.path = "/x";
    e.message = "no member 'x' in the document root";
    CHECK(jsonpatch::describe(e) == "op 2 (path '/x'): no member 'x' in the document root");
    e.from = "/y";
    CHECK(jsonpatch::describe(e) == "op 2 (path '/x', from '/y'): no member 'x' in the document root");
    e.op_index.reset();
    e.path.reset();
    CHECK(jsonpatch::describe(e) == "no member 'x' in the document root");
}

TEST_CASE("error: patch_error is a system_error carrying the error", "[error]") {
    jsonpatch::error e;
    e.code = errc::test_failed;
    e.op_index = 0;
    e.path = "/a";
    e.message = "differs";
    const jsonpatch::patch_error ex(e);
    CHECK(ex.error() == e);
    CHECK(ex.code() == std::error_code(errc::test_failed));
    CHECK(std::string(ex.what()).find("op 0 (path '/a')") != std::string::npos);
    jsonpatch::error other = e;
    other.op_index = 1;
    CHECK(other != e);
}

TEST_CASE("error: clip bounds echoed input", "[error]") {
    const std::string huge(5000, 'a');
    CHECK(jsonpatch::detail::clip(huge).size() == jsonpatch::detail::max_echo);
    CHECK(jsonpatch::detail::clip("short") == "short");
}
