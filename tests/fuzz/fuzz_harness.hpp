// SPDX-License-Identifier: MIT
// The checks behind every fuzz target, shared with the Catch2 test that replays saved inputs.
#ifndef JSONPATCH_TESTS_FUZZ_FUZZ_HARNESS_HPP
#define JSONPATCH_TESTS_FUZZ_FUZZ_HARNESS_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/validate.hpp>

#include <nlohmann/json.hpp>

#include <reference_apply.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jsonpatch_fuzz {

/// A broken property. libFuzzer sees it escape as a crash (std::terminate); the replay test
/// reports it as a failed check.
class harness_failure : public std::logic_error {
  public:
    using std::logic_error::logic_error;
};

inline void require(bool holds, const char* what) {
    if (!holds) {
        throw harness_failure(what);
    }
}

/// Node budget shared by the engine (max_added_nodes) and the reference applier, so a copy bomb
/// in the input stops both early instead of exhausting the fuzzer's memory.
inline constexpr std::size_t added_node_budget = 20'000;

template <class json = nlohmann::json>
jsonpatch::basic_apply_options<json> fuzz_options() {
    jsonpatch::basic_apply_options<json> options;
    options.limits.max_added_nodes = added_node_budget;
    return options;
}

/// A small document with objects, arrays, escapes and every scalar type, for pointer lookups and
/// for apply inputs that carry no document of their own.
template <class json = nlohmann::json>
const json& sample_document() {
    static const json doc = json::parse(R"({"a":{"b":[1,2,{"c":null}],"":0},"a/b":1,"m~n":2,
        "arr":[[],{},"s",true,-1,2.5],"0":["x"],"x":"s","n":1.5,"-":{"":[]}})");
    return doc;
}

/// Pointer text: parse -> format -> parse is the identity, the tokens agree with the reference
/// split, rebuilding from tokens gives the same text, and lookups by text and by parsed pointer
/// find the same node.
inline void check_pointer(std::string_view text) {
    const auto parsed = jsonpatch::pointer::parse(text);
    const auto by_text = jsonpatch::find(sample_document(), text);
    const auto reference = jsonpatch_reference::split_pointer(std::string(text));
    require(parsed.has_value() == reference.has_value(), "pointer validity differs from the reference");
    require(parsed.has_value() == by_text.has_value(), "parse and find(text) disagree on validity");
    if (!parsed) {
        require(parsed.error().code == by_text.error().code, "parse and find(text) report different codes");
        require(parsed.error().code == jsonpatch::errc::pointer_missing_slash ||
                    parsed.error().code == jsonpatch::errc::pointer_invalid_escape,
                "unexpected pointer error code");
        return;
    }
    const jsonpatch::pointer& p = *parsed;
    require(p.to_string() == text, "formatting a parsed pointer changed its text");
    require(p.size() == reference->size(), "token count differs from the reference");
    require(p.is_root() == text.empty(), "is_root is wrong");
    jsonpatch::pointer rebuilt;
    for (std::size_t i = 0; i < p.size(); ++i) {
        require(p.token(i) == (*reference)[i], "token differs from the reference");
        rebuilt.push_back(p.token(i));
        const auto kind = p.array_index(i).kind;
        const std::string& token = (*reference)[i];
        if (token == "-") {
            require(kind == jsonpatch::array_token::end, "'-' is not classified as the end");
        } else if (token.size() <= 19) {
            const auto index = jsonpatch_reference::array_index(token);
            require(index.has_value() == (kind == jsonpatch::array_token::index),
                    "array index classification differs from the reference");
            require(!index || p.array_index(i).value == *index, "array index value differs");
        }
        if (i < 16 || i + 1 == p.size()) { // every prefix would make the check quadratic
            const auto prefix = jsonpatch::pointer::parse(p.prefix_text(i));
            require(prefix.has_value() && prefix->size() == i, "prefix_text is not a prefix of i tokens");
            require(prefix->is_prefix_of(p), "prefix_text is not a prefix");
            require(prefix->is_proper_prefix_of(p), "prefix_text is not a proper prefix");
        }
    }
    require(rebuilt == p && rebuilt.to_string() == text, "rebuilding from tokens changed the pointer");
    const auto again = jsonpatch::pointer::parse(p.to_string());
    require(again.has_value() && *again == p && again->size() == p.size(), "re-parse differs");
    if (!p.is_root()) {
        jsonpatch::pointer up = p.parent();
        require(up.size() + 1 == p.size() && up.is_proper_prefix_of(p), "parent is wrong");
        rebuilt.pop_back();
        require(rebuilt == up, "pop_back differs from parent");
    }
    require(jsonpatch::find(sample_document(), p) == *by_text, "find(pointer) and find(text) differ");
}

/// Same operation: kind, pointers and value (RFC 6902 §4.6 equality, plus the same dump).
template <class json>
bool same_operation(const jsonpatch::basic_operation<json>& a,
                    const jsonpatch::basic_operation<json>& b) {
    if (a.op != b.op || a.path != b.path) {
        return false;
    }
    if (jsonpatch::has_from(a.op) && a.from != b.from) {
        return false;
    }
    return !jsonpatch::has_value(a.op) || a.value.dump() == b.value.dump();
}

/// Patch text: parsing never crashes; a parsed patch re-serialises and re-parses to the same
/// patch, the DOM route agrees with the text route, and validate() agrees with parse_patch().
/// `json` is the document type the text is read into.
template <class json = nlohmann::json>
void check_patch_text(std::string_view text) {
    const jsonpatch::apply_limits limits;
    const auto parsed = jsonpatch::parse_patch<json>(text, limits);
    // Without a document, validate() also reports what fails in every document (a remove of the
    // root, a move into its own child), which parse_patch() leaves to apply(): set those aside.
    auto problems = jsonpatch::validate(text, nullptr, jsonpatch::basic_apply_options<json>{});
    problems.erase(std::remove_if(problems.begin(), problems.end(),
                                  [](const jsonpatch::error& p) {
                                      return p.code == jsonpatch::errc::root_not_removable ||
                                             p.code == jsonpatch::errc::move_into_descendant;
                                  }),
                   problems.end());
    require(parsed.has_value() == problems.empty(), "validate and parse_patch disagree");
    // The reference parse: nlohmann's, except that it ends the input at a NUL byte, which JSON
    // text never holds (parse_patch refuses it).
    const json dom = text.find('\0') == std::string_view::npos ? json::parse(text, nullptr, false)
                                                               : json(json::value_t::discarded);
    if (!parsed) {
        const jsonpatch::error& e = parsed.error();
        require(problems.front().code == e.code && problems.front().op_index == e.op_index,
                "validate reports a different first problem");
        require(e.message.size() <= 2 * jsonpatch::detail::max_echo, "error message is unbounded");
        require(!e.path || e.path->size() <= jsonpatch::detail::max_echo, "error path is unbounded");
        require(!e.from || e.from->size() <= jsonpatch::detail::max_echo, "error from is unbounded");
        if (dom.is_discarded()) {
            // The streaming parse reports the first problem it meets, which may precede the
            // syntax error.
            require(e.code == jsonpatch::errc::invalid_json || e.code == jsonpatch::errc::value_too_deep ||
                        e.code == jsonpatch::errc::duplicate_member,
                    "invalid JSON reported as something else");
        } else {
            require(e.code != jsonpatch::errc::invalid_json, "valid JSON reported as invalid");
            if (e.code != jsonpatch::errc::duplicate_member && e.code != jsonpatch::errc::value_too_deep) {
                const auto from_dom = jsonpatch::parse_patch(dom, limits);
                require(!from_dom && from_dom.error().code == e.code &&
                            from_dom.error().op_index == e.op_index,
                        "text and DOM routes report different errors");
            }
        }
        return;
    }
    require(!dom.is_discarded(), "parse_patch accepted invalid JSON");
    const std::string serialised = parsed->to_json().dump();
    const auto again = jsonpatch::parse_patch<json>(serialised, limits);
    require(again.has_value() && again->size() == parsed->size(), "re-serialised patch does not re-parse");
    for (std::size_t i = 0; i < parsed->size(); ++i) {
        require(same_operation((*parsed)[i], (*again)[i]), "re-parsed operation differs");
    }
    require(again->to_json().dump() == serialised, "serialisation is not stable");
    const auto from_dom = jsonpatch::parse_patch(dom, limits);
    require(from_dom.has_value() && from_dom->size() == parsed->size(), "DOM route rejects the patch");
    for (std::size_t i = 0; i < parsed->size(); ++i) {
        require(same_operation((*parsed)[i], (*from_dom)[i]), "DOM route parses a different operation");
    }
}

/// An apply input is "<document JSON>\n<patch text>", or just patch text for the sample document.
/// Oracles: success => the result equals the reference applier's, patched() equals apply() in
/// place, and a second run gives the same bytes; failure => the document is byte-identical and
/// (outside the limits band) the reference applier fails too; validate() reports the same first
/// failure; a read-only "/a" under an allow-all policy never changes.
template <class json = nlohmann::json>
void check_apply(std::string_view input) {
    json doc = sample_document<json>();
    std::string_view patch_text = input;
    if (const auto newline = input.find('\n'); newline != std::string_view::npos) {
        doc = json::parse(input.substr(0, newline), nullptr, false);
        if (doc.is_discarded()) {
            return;
        }
        patch_text = input.substr(newline + 1);
    }
    const auto options = fuzz_options<json>();
    const auto parsed = jsonpatch::parse_patch<json>(patch_text, options.limits);
    if (!parsed) {
        return; // parsing is check_patch_text's business
    }
    const json patch_document = json::parse(patch_text);
    const std::string before = doc.dump();

    json in_place = doc;
    const auto outcome = jsonpatch::apply(in_place, *parsed, options);
    const auto copied = jsonpatch::patched(doc, *parsed, options);
    require(doc.dump() == before, "patched() changed its input");
    require(outcome.has_value() == copied.has_value(), "patched() and apply() disagree");
    const auto reference =
        jsonpatch_reference::apply(doc, patch_document, added_node_budget);
    const auto problems = jsonpatch::validate(patch_text, &doc, options);
    require(outcome.has_value() == problems.empty(), "validate and apply disagree");

    if (outcome) {
        const std::string after = in_place.dump();
        require(reference.kind == jsonpatch_reference::outcome_kind::applied,
                "apply succeeded where the reference failed");
        require(reference.document.dump() == after, "result differs from the reference");
        require(copied->dump() == after, "patched() result differs from apply() in place");
        json second = doc;
        require(jsonpatch::apply(second, *parsed, options).has_value() && second.dump() == after,
                "apply is not deterministic");
    } else {
        const jsonpatch::error& e = outcome.error();
        require(in_place.dump() == before, "a failed apply changed the document");
        require(copied.error().code == e.code && copied.error().op_index == e.op_index,
                "patched() reports a different error");
        require(problems.front().code == e.code && problems.front().op_index == e.op_index,
                "validate reports a different first failure");
        require(e.op_index.has_value() && *e.op_index < parsed->size(), "failure names no operation");
        const auto& op = (*parsed)[*e.op_index];
        require(e.path == op.path.to_string().substr(0, jsonpatch::detail::max_echo),
                "error path is not the operation's path");
        if (jsonpatch::band_of(e.code) != jsonpatch::errc_band::limits) {
            require(reference.kind == jsonpatch_reference::outcome_kind::failed,
                    "apply failed where the reference succeeded");
        }
    }

    jsonpatch::policy guard = jsonpatch::policy::allow_all();
    guard.read_only("/a");
    auto guarded = options;
    guarded.policy = &guard;
    json protected_doc = doc;
    const auto* const a_before = jsonpatch::find(doc, jsonpatch::pointer::parse("/a").value());
    if (jsonpatch::apply(protected_doc, *parsed, guarded)) {
        const auto* const a_after = jsonpatch::find(protected_doc, jsonpatch::pointer::parse("/a").value());
        require((a_before == nullptr) == (a_after == nullptr) &&
                    (a_before == nullptr || a_before->dump() == a_after->dump()),
                "a read-only value changed");
    } else {
        require(protected_doc.dump() == before, "a policy-denied apply changed the document");
    }
}

} // namespace jsonpatch_fuzz

#endif // JSONPATCH_TESTS_FUZZ_FUZZ_HARNESS_HPP
