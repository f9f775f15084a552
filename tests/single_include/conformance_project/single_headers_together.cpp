// SPDX-License-Identifier: MIT
// Both single headers in one program, included in both orders (see single_pat_side.cpp): the
// engine patches an ordered document and maps an error to HTTP, the PAT model renames a token.
#include <jsonpatch/jsonpatch.hpp>
#include <jsonpatch/pat.hpp>

#include <nlohmann/json.hpp>

#include <iostream>

bool renames_a_token();

int main() {
    auto doc = nlohmann::ordered_json::parse(R"({"z":1,"a":2})");
    const auto applied = jsonpatch::apply(doc, R"([{"op":"add","path":"/m","value":3}])");
    const auto failed = jsonpatch::apply(doc, R"([{"op":"remove","path":"/nope"}])");
    const bool ok = applied && doc.dump() == R"({"z":1,"a":2,"m":3})" && !failed &&
                    jsonpatch::to_http_error(failed.error(), "t").status >= 400 &&
                    renames_a_token();
    std::cout << (ok ? "single headers together: ok\n" : "single headers together: FAILED\n");
    return ok ? 0 : 1;
}
