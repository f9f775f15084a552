// SPDX-License-Identifier: MIT
// Built by every consumer project: applies a real patch, exits non-zero on a wrong result.
#include <jsonpatch/jsonpatch.hpp>

#include <nlohmann/json.hpp>

#include <cstring>
#include <iostream>

int main() {
    using nlohmann::json;
    json doc = json::parse(R"({"name":"ci token","scope":["read"],"owner":{"id":"u1"}})");
    const json patch = json::parse(R"([
        {"op":"test","path":"/owner/id","value":"u1"},
        {"op":"replace","path":"/name","value":"deploy token"},
        {"op":"add","path":"/scope/-","value":"write"},
        {"op":"copy","from":"/scope/0","path":"/first_scope"}
    ])");
    const jsonpatch::status applied = jsonpatch::apply(doc, patch);
    if (!applied) {
        std::cerr << "consumer: patch failed: " << jsonpatch::describe(applied.error()) << "\n";
        return 1;
    }
    const json expected = json::parse(
        R"({"name":"deploy token","scope":["read","write"],"owner":{"id":"u1"},"first_scope":"read"})");
    if (doc != expected) {
        std::cerr << "consumer: wrong result " << doc.dump() << "\n";
        return 1;
    }

    // A failing patch reports the operation and leaves the document as it was.
    const json before = doc;
    const jsonpatch::status failed = jsonpatch::apply(
        doc, json::parse(R"([{"op":"remove","path":"/name"},{"op":"remove","path":"/missing"}])"));
    if (failed || doc != before || failed.error().code != jsonpatch::errc::path_not_found ||
        failed.error().op_index != 1) {
        std::cerr << "consumer: the failing patch was not reported or not rolled back\n";
        return 1;
    }

#ifdef JSONPATCH_EXPECTED_VERSION
    if (std::strcmp(jsonpatch::version_string, JSONPATCH_EXPECTED_VERSION) != 0) {
        std::cerr << "consumer: built against jsonpatch " << jsonpatch::version_string
                  << ", expected " << JSONPATCH_EXPECTED_VERSION << "\n";
        return 1;
    }
#endif
    std::cout << "consumer: jsonpatch " << jsonpatch::version_string << " ok: " << doc.dump()
              << "\n";
    return 0;
}
