// SPDX-License-Identifier: MIT
// A resource that keeps its last accepted patches, so that a PATCH whose If-Match names an older
// version is rebased over the patches since (200), refused with its conflicts (409), or, older
// than the window, refused as stale (412).
#include <jsonpatch/apply.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/rebase.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <deque>
#include <iostream>
#include <utility>

namespace {

using nlohmann::json;

struct accepted_patch {
    int version = 0;           // the version this patch made
    jsonpatch::patch forward;  // what the client sent (rebased if it was stale)
    jsonpatch::patch backward; // its inverse, to recover older versions
};

struct resource {
    json doc;
    int version = 1;
    std::deque<accepted_patch> window; // the last `size` accepted patches, oldest first
    std::size_t size = 16;
};

struct response {
    int status = 200;
    json body;
};

response patch_resource(resource& r, int if_match, jsonpatch::patch p) {
    const int oldest = r.version - static_cast<int>(r.window.size());
    if (if_match < oldest || if_match > r.version) {
        return {412, jsonpatch::make_problem_details(412, "version is not current").body};
    }
    if (if_match < r.version) {
        // The version the client read: the current document with the later patches undone.
        json base = r.doc;
        jsonpatch::patch since;
        for (auto it = r.window.rbegin(); it != r.window.rend() && it->version > if_match; ++it) {
            jsonpatch::apply(base, it->backward).value();
        }
        for (const accepted_patch& later : r.window) {
            if (later.version > if_match) {
                for (const auto& op : later.forward) {
                    since.push_back(op);
                }
            }
        }
        auto rebased = jsonpatch::rebase(base, since, p);
        if (!rebased) {
            auto problem = jsonpatch::to_problem_details(rebased.error());
            problem.body["conflicts"] = json::array();
            for (const jsonpatch::error& e : jsonpatch::rebase_conflicts(base, since, p)) {
                problem.body["conflicts"].push_back(e);
            }
            return {problem.status, problem.body};
        }
        p = std::move(*rebased);
    }
    auto backward = jsonpatch::apply_with_inverse(r.doc, p);
    if (!backward) {
        const auto problem = jsonpatch::to_problem_details(backward.error());
        return {problem.status, problem.body};
    }
    r.window.push_back({++r.version, std::move(p), std::move(*backward)});
    if (r.window.size() > r.size) {
        r.window.pop_front();
    }
    return {200, r.doc};
}

jsonpatch::patch patch_of(const char* text) {
    return jsonpatch::parse_patch(json::parse(text)).value();
}

void show(const char* who, const response& out) {
    std::cout << who << ": " << out.status << " " << out.body.dump() << "\n";
}

} // namespace

int main() {
    resource token;
    token.doc = json::parse(R"({"name": "ci", "scope": ["read", "write", "admin"]})");
    token.size = 2;

    // A and B read version 1. A adds a scope; B, still at version 1, removes "admin" by index.
    show("A", patch_resource(
                  token, 1, patch_of(R"([{"op": "add", "path": "/scope/0", "value": "deploy"}])")));
    show("B", patch_resource(token, 1, patch_of(R"([{"op": "remove", "path": "/scope/2"}])")));
    // C read version 2 and replaces "admin", which B's patch (version 3) removed: 409.
    show(
        "C",
        patch_resource(
            token, 2,
            patch_of(
                R"([{"op": "test", "path": "/name", "value": "ci"}, {"op": "replace", "path": "/scope/3", "value": "push"}])")));
    // D renames at version 2 too: no conflict. Then E, at version 1, is older than the window.
    show("D",
         patch_resource(token, 2,
                        patch_of(R"([{"op": "replace", "path": "/name", "value": "deployer"}])")));
    show("E", patch_resource(token, 1, patch_of(R"([{"op": "remove", "path": "/scope/0"}])")));
}
