// SPDX-License-Identifier: MIT
// RFC 9457 problem details with the RFC 5789 status for an error, as a PATCH handler answers.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/problem_details.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

int main() {
    nlohmann::json doc = nlohmann::json::parse(R"({"status": "open", "items": []})");
    const auto done = jsonpatch::apply(doc, R"([
        {"op": "test", "path": "/status", "value": "closed"},
        {"op": "add", "path": "/items/-", "value": 1}
    ])");

    // Default: "type" is about:blank and "title" the status's reason phrase.
    const jsonpatch::problem_details problem = jsonpatch::to_problem_details(done.error());
    std::cout << problem.status << " " << jsonpatch::problem_json_media_type << "\n"
              << problem.body.dump(2) << "\n";

    // With a base URI of the service's own, "type" names the code and "title" the kind of problem.
    const auto typed =
        jsonpatch::to_problem_details(done.error(), "https://api.example.com/problems/");
    std::cout << typed.body["type"].get<std::string>() << " | "
              << typed.body["title"].get<std::string>() << "\n";

    // The service's own failures get the same shape.
    const auto unsupported = jsonpatch::make_problem_details(
        415, "the body must be application/json-patch+json");
    std::cout << unsupported.body.dump() << "\n";
}
