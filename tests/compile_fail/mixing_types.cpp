// SPDX-License-Identifier: MIT
// Each JSONPATCH_CASE is a mistake that must not compile, and says why in words (tests.cmake
// checks the compiler's output); case 0 is the same code done right and must compile cleanly.
#include <jsonpatch/jsonpatch.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace {

[[maybe_unused]] void run() {
    nlohmann::json doc = nlohmann::json::object();
    nlohmann::ordered_json ordered_doc = nlohmann::ordered_json::object();
    const nlohmann::json patch_document = nlohmann::json::array();
    const nlohmann::ordered_json ordered_patch_document = nlohmann::ordered_json::array();
    const jsonpatch::patch parsed;
#if JSONPATCH_CASE == 0
    (void)jsonpatch::apply(doc, parsed);
    (void)jsonpatch::apply(ordered_doc, ordered_patch_document, jsonpatch::ordered_apply_options{});
    (void)jsonpatch::diff(ordered_doc, ordered_patch_document);
    (void)jsonpatch::validate(ordered_patch_document, &ordered_doc);
    const nlohmann::json as_json = parsed;
    (void)as_json.get<jsonpatch::patch>();
#elif JSONPATCH_CASE == 1 // an ordered_json document with a nlohmann::json patch
    (void)jsonpatch::apply(ordered_doc, parsed);
#elif JSONPATCH_CASE == 2 // a nlohmann::json document with an ordered_json patch document
    (void)jsonpatch::apply(doc, ordered_patch_document);
#elif JSONPATCH_CASE == 3
    (void)jsonpatch::diff(ordered_doc, doc);
#elif JSONPATCH_CASE == 4 // options for nlohmann::json on an ordered_json document
    (void)jsonpatch::apply(ordered_doc, ordered_patch_document, jsonpatch::apply_options{});
#elif JSONPATCH_CASE == 5 // something that merely converts to a JSON value
    (void)jsonpatch::apply(doc, std::map<std::string, int>{});
#elif JSONPATCH_CASE == 6
    (void)jsonpatch::parse_patch(42);
#elif JSONPATCH_CASE == 7 // a const document cannot be patched in place
    const nlohmann::json fixed = doc;
    (void)jsonpatch::apply(fixed, parsed);
#elif JSONPATCH_CASE == 8
    (void)jsonpatch::merge_patch_diff(doc, ordered_doc);
#elif JSONPATCH_CASE == 9
    (void)jsonpatch::validate(ordered_patch_document, &doc);
#elif JSONPATCH_CASE == 10
    (void)jsonpatch::apply_with_inverse(ordered_doc, patch_document);
#elif JSONPATCH_CASE == 11 // converting a patch to another JSON type through ADL
    const nlohmann::ordered_json converted = parsed;
    (void)converted;
#elif JSONPATCH_CASE == 12 // and back
    (void)ordered_patch_document.get<jsonpatch::patch>();
#elif JSONPATCH_CASE == 13
    std::string not_json;
    (void)jsonpatch::find(not_json, jsonpatch::pointer());
#elif JSONPATCH_CASE == 14
    (void)jsonpatch::apply_merge_patch(ordered_doc, doc);
// Cases 15 to 19: a wrong argument gets the one message that names it, and nothing compiles past
// it (no cascade from the engine, no second, misleading message).
#elif JSONPATCH_CASE == 15
    const std::string text = "{}";
    (void)jsonpatch::diff(doc, text);
#elif JSONPATCH_CASE == 16
    const std::string text = "{}";
    (void)jsonpatch::merge_patch_diff(doc, text);
#elif JSONPATCH_CASE == 17
    const std::string not_json = "{}";
    (void)jsonpatch::patched(not_json, "[]");
#elif JSONPATCH_CASE == 18
    std::string not_json = "{}";
    (void)jsonpatch::apply(not_json, "[]");
#elif JSONPATCH_CASE == 19
    (void)ordered_patch_document.at(0).get<jsonpatch::operation>();
#endif
}

} // namespace
