// SPDX-License-Identifier: MIT
// Package smoke test: one real patch; a wrong result or a missed failure exits non-zero.
#include <jsonpatch/jsonpatch.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

int main() {
    nlohmann::json doc = nlohmann::json::parse(R"({"greeting":"hello","tags":["a"]})");
    const jsonpatch::status applied = jsonpatch::apply(doc, nlohmann::json::parse(R"([
        {"op":"replace","path":"/greeting","value":"hi"},
        {"op":"move","from":"/tags/0","path":"/first"}
    ])"));
    if (!applied || doc != nlohmann::json::parse(R"({"greeting":"hi","tags":[],"first":"a"})")) {
        std::cerr << "test_package: wrong result " << doc.dump() << "\n";
        return 1;
    }
    const nlohmann::json before = doc;
    const jsonpatch::status failed = jsonpatch::apply(
        doc, nlohmann::json::parse(R"([{"op":"test","path":"/greeting","value":"bye"}])"));
    if (failed || failed.error().code != jsonpatch::errc::test_failed || doc != before) {
        std::cerr << "test_package: a failing test op was not reported\n";
        return 1;
    }
    std::cout << "jsonpatch " << jsonpatch::version_string << ": " << doc.dump() << "\n";
    return 0;
}
