// SPDX-License-Identifier: MIT
// <jsonpatch/testing.hpp>: checks for any test framework; each result explains a failure.
#include <jsonpatch/model.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <optional>
#include <string>

struct note {
    std::string id;
    std::string text;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(note, id, text)

int main() {
    namespace jt = jsonpatch::testing;
    using jsonpatch::errc;
    const auto doc = nlohmann::json::parse(R"({"a": [1, 2]})");

    // Catch2: CHECK(r);  GoogleTest: EXPECT_TRUE(r) << r;  here: print it.
    std::cout << jt::turns_into(doc, R"([{"op": "add", "path": "/a/-", "value": 3}])",
                                nlohmann::json::parse(R"({"a": [1, 2, 3]})"))
              << "\n";
    std::cout << jt::turns_into(doc, R"([{"op": "add", "path": "/a/0", "value": 3}])",
                                nlohmann::json::parse(R"({"a": [1, 2, 3]})"))
              << "\n";
    std::cout << jt::fails_with(doc, R"([{"op": "remove", "path": "/a/2"}])",
                                errc::array_index_out_of_range, 0)
              << "\n";

    // Typed models: patches_to compares the JSON of the result, refuses the error's place.
    const auto rules = jsonpatch::model<note>().member("/text", jsonpatch::may_replace,
                                                        jsonpatch::max_length(5));
    const note n{"n1", "hi"};
    std::cout << jt::patches_to(n, R"([{"op": "replace", "path": "/text", "value": "hello"}])",
                                rules, note{"n1", "hello"})
              << "\n";
    std::cout << jt::refuses(n, R"([{"op": "replace", "path": "/text", "value": "goodbye"}])",
                             rules, errc::validation_failed, std::nullopt, "/text")
              << "\n";

    // A json-patch-tests suite: records with "expected", "error" or "disabled".
    const auto suite = nlohmann::json::parse(R"([
        {"comment": "add", "doc": {}, "patch": [{"op": "add", "path": "/x", "value": 1}],
         "expected": {"x": 1}},
        {"comment": "bad index", "doc": [], "patch": [{"op": "add", "path": "/01", "value": 1}],
         "error": "leading zero"},
        {"comment": "wrong", "doc": {}, "patch": [], "expected": {"y": 2}},
        {"comment": "later", "doc": {}, "patch": [], "disabled": true}
    ])");
    const jt::suite_report report = jt::run_suite(suite);
    std::cout << report.summary() << "\n";
    for (const jt::suite_failure& f : report.failures) {
        std::cout << "record " << f.index << " (" << f.comment << "): " << f.explanation << "\n";
    }
}
