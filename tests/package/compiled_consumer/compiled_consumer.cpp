// SPDX-License-Identifier: MIT
// Built against jsonpatch::compiled: every entry point the library compiles, for both JSON types,
// with real results checked; exits non-zero on a wrong one.
#include <jsonpatch/jsonpatch.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <type_traits>

#ifndef JSONPATCH_COMPILED
#error "jsonpatch::compiled must define JSONPATCH_COMPILED for its users"
#endif

namespace {

int failures = 0;

void check(bool ok, const char* what) {
    if (!ok) {
        std::cerr << "compiled_consumer: " << what << "\n";
        ++failures;
    }
}

// apply (document, parsed, text), parse_patch (document, moved, text) and diff, on one type.
template <class J>
void exercise(const char* type) {
    std::cout << "compiled_consumer: " << type << "\n";
    const J original = J::parse(R"({"zeta":1,"alpha":{"list":[1,2,3]},"name":"ci token"})");
    const J patch_document = J::parse(R"([
        {"op":"replace","path":"/name","value":"deploy token"},
        {"op":"move","from":"/alpha/list/0","path":"/alpha/list/-"},
        {"op":"add","path":"/added","value":true}])");
    const J expected =
        J::parse(R"({"zeta":1,"alpha":{"list":[2,3,1]},"name":"deploy token","added":true})");

    J doc = original;
    check(static_cast<bool>(jsonpatch::apply(doc, patch_document)) && doc == expected,
          "apply(doc, patch document) gave a wrong result");
    doc = original;
    const auto parsed = jsonpatch::parse_patch(patch_document);
    check(parsed && jsonpatch::apply(doc, *parsed) && doc == expected,
          "apply(doc, parse_patch(document)) gave a wrong result");
    doc = original;
    const std::string text = patch_document.dump();
    check(static_cast<bool>(jsonpatch::apply(doc, text)) && doc == expected,
          "apply(doc, text) gave a wrong result");
    const auto from_text = jsonpatch::parse_patch<J>(text);
    check(from_text && from_text->size() == 3, "parse_patch<J>(text) failed");
    const auto moved = jsonpatch::parse_patch(J(patch_document));
    check(moved && moved->size() == 3, "parse_patch(J&&) failed");

    const auto p = jsonpatch::diff(original, expected);
    J round_trip = original;
    check(jsonpatch::apply(round_trip, p) && round_trip == expected, "diff does not round-trip");
    if constexpr (std::is_same_v<J, nlohmann::ordered_json>) {
        check(round_trip.dump() == expected.dump(), "ordered_json lost its member order");
    }

    // A failing patch is reported and rolled back, through the compiled engine.
    J before = doc;
    const auto failed = jsonpatch::apply(doc, J::parse(R"([{"op":"remove","path":"/name"},
        {"op":"test","path":"/zeta","value":2}])"));
    check(!failed && failed.error().code == jsonpatch::errc::test_failed && doc == before,
          "a failing patch was not reported or not rolled back");
}

} // namespace

int main() {
    exercise<nlohmann::json>("nlohmann::json");
    exercise<nlohmann::ordered_json>("nlohmann::ordered_json");
    if (failures == 0) {
        std::cout << "compiled_consumer: jsonpatch " << jsonpatch::version_string << " ok\n";
    }
    return failures == 0 ? 0 : 1;
}
