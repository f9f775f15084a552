// SPDX-License-Identifier: MIT
// The error value: fields for programs, describe() for logs, JSON for responses, std::error_code.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <system_error>

int main() {
    nlohmann::json doc = nlohmann::json::parse(R"({"a": {"b": 1}})");
    const auto patch = nlohmann::json::parse(R"([{"op": "move", "from": "/a/x", "path": "/c"}])");

    // On a temporary, error() returns the error by value, so `e` does not dangle.
    const jsonpatch::error& e = jsonpatch::apply(doc, patch).error();
    std::cout << "code " << jsonpatch::to_string(e.code) << ", band "
              << static_cast<int>(jsonpatch::band_of(e.code)) << ", op " << *e.op_index
              << ", path " << *e.path << ", from " << *e.from << ", concerns "
              << jsonpatch::to_string(e.concerns) << "\n";
    std::cout << jsonpatch::describe(e) << "\n";
    std::cout << nlohmann::json(e).dump() << "\n";

    // The same code as a std::error_code in the "jsonpatch" category.
    const std::error_code ec = e.code;
    std::cout << ec.category().name() << " " << ec.value() << " " << ec.message() << "\n";

    // The throwing twins throw jsonpatch::patch_error, a std::system_error with the same error.
    std::cout << std::boolalpha;
    try {
        jsonpatch::apply_or_throw(doc, patch);
    } catch (const jsonpatch::patch_error& thrown) {
        std::cout << thrown.what() << " | " << (thrown.error() == e) << " "
                  << (thrown.code() == jsonpatch::errc::from_not_found) << "\n";
    }
}
