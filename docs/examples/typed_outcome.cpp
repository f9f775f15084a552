// SPDX-License-Identifier: MIT
// A PATCH handler that bumps the version (and so the ETag) only when the resource changed.
#include <jsonpatch/apply_merge_to.hpp>
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>

struct settings {
    std::string theme = "light";
    int font_size = 12;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(settings, theme, font_size)

struct stored {
    settings value;
    int version = 1;
};

// Either kind of request body; typed_outcome says whether anything changed.
void answer(stored& row, const jsonpatch::result<jsonpatch::typed_outcome<settings>>& outcome) {
    if (!outcome) {
        std::cout << "refused: " << jsonpatch::describe(outcome.error()) << "\n";
        return;
    }
    if (outcome->changed) {
        row.value = outcome->value;
        ++row.version; // a new version, a new ETag
    }
    std::cout << "200 ETag \"v" << row.version << "\"" << (outcome->changed ? "" : " (unchanged)")
              << "\n";
}

int main() {
    using namespace jsonpatch;
    const auto rules = model<settings>()
                           .member("/theme", may_replace, one_of({"light", "dark"}))
                           .member("/font_size", may_replace)
                           .limits(small_resource_limits());
    stored row;
    for (const char* patch : {"[]", R"([{"op": "test", "path": "/theme", "value": "light"}])",
                              R"([{"op": "replace", "path": "/font_size", "value": 12}])",
                              R"([{"op": "replace", "path": "/font_size", "value": 14}])"}) {
        answer(row, apply_to_outcome(row.value, patch, rules));
    }
    for (const char* merge : {R"({"font_size": 14})", R"({"theme": "dark"})"}) {
        answer(row, apply_merge_to_outcome(row.value, merge, rules));
    }
}
