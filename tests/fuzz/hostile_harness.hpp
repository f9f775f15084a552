// SPDX-License-Identifier: MIT
// The checks behind the hostile_fuzz target: values far deeper than a stack, and diffs that must
// stay within the default apply limits. Shared with the Catch2 test that replays saved inputs.
#ifndef JSONPATCH_TESTS_FUZZ_HOSTILE_HARNESS_HPP
#define JSONPATCH_TESTS_FUZZ_HOSTILE_HARNESS_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pat/apply_patch.hpp>
#include <jsonpatch/pat/personal_access_token.hpp>
#include <jsonpatch/validate.hpp>

#include <nlohmann/json.hpp>

#include <deep_values.hpp>
#include <fuzz_harness.hpp>
#include <pat_fuzz_harness.hpp>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace jsonpatch_fuzz {

/// Deep enough that any recursion per level (nlohmann's copy, ==, dump) overflows the stack.
inline constexpr std::size_t hostile_depth = jsonpatch_test::overflowing_depth;

/// Options with no bound that a deep document would hit; the node budget still stops copy bombs.
template <class json>
jsonpatch::basic_apply_options<json> deep_options() {
    constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();
    jsonpatch::basic_apply_options<json> options;
    options.limits.max_pointer_length = unbounded;
    options.limits.max_pointer_depth = unbounded;
    options.limits.max_value_depth = unbounded;
    options.limits.max_document_depth = unbounded;
    options.limits.max_added_nodes = 8 * hostile_depth + added_node_budget;
    return options;
}

/// The input's document with a deep member: an object gains "deep" (the chain, with a copy of the
/// document at its bottom), anything else becomes [document, chain]. The deep member is added
/// last: a growing ordered_json object copies its members, recursively.
template <class json>
json deepened(const json& doc) {
    json chain =
        jsonpatch_test::deep_array<json>(hostile_depth, jsonpatch::detail::deep_copy(doc));
    if (doc.is_object() && !doc.contains("deep")) {
        json out = jsonpatch::detail::deep_copy(doc);
        out["deep"] = std::move(chain);
        return out;
    }
    json out = json::array();
    out.push_back(jsonpatch::detail::deep_copy(doc));
    out.push_back(std::move(chain));
    return out;
}

/// Deep documents: apply_with_inverse undoes exactly, validate agrees with apply, diff and
/// merge_patch_diff turn the document into the patched one; nothing recurses on the depth.
template <class json>
void check_deep(const json& doc, const jsonpatch::basic_patch<json>& patch) {
    using jsonpatch::detail::deep_copy;
    using jsonpatch::detail::json_identical;
    const auto options = deep_options<json>();
    const json original = deepened(doc);

    json applied = deep_copy(original);
    const auto outcome = jsonpatch::apply(applied, patch, options);
    const auto problems = jsonpatch::validate(patch, &original, options);
    require(outcome.has_value() == problems.empty(), "deep: validate and apply disagree");
    if (!outcome) {
        require(json_identical(applied, original), "deep: a failed apply changed the document");
        require(problems.front().code == outcome.error().code &&
                    problems.front().op_index == outcome.error().op_index,
                "deep: validate reports a different first failure");
    }

    // One more copy serves the inverse, the diff and the merge patch in turn: each check leaves
    // it as the original, or as the patched document, which the inverse takes back.
    json work = deep_copy(original);
    const auto inverse = jsonpatch::apply_with_inverse(work, patch, options);
    require(inverse.has_value() == outcome.has_value(),
            "deep: apply_with_inverse and apply disagree");
    if (inverse) {
        require(json_identical(work, applied), "deep: apply_with_inverse gives another result");
        require(jsonpatch::apply(work, *inverse, options).has_value(),
                "deep: the inverse does not apply");
    }
    require(json_identical(work, original), "deep: the inverse does not restore the document");

    const json& target = outcome ? applied : original;
    require(jsonpatch::apply(work, jsonpatch::diff(original, target), options).has_value() &&
                jsonpatch::detail::json_equal(work, target),
            "deep: diff does not turn the document into the patched one");
    if (inverse) {
        require(jsonpatch::apply(work, *inverse, options).has_value(), "deep: the inverse fails");
    }
    if (const auto merge_patch = jsonpatch::merge_patch_diff(original, target)) {
        require(jsonpatch::apply_merge_patch(work, *merge_patch, options).has_value() &&
                    jsonpatch::detail::json_equal(work, target),
                "deep: merge_patch_diff does not turn the document into the patched one");
    }
}

/// Requires apply(a, diff(a, b)) with `limits` (the defaults unless given) to give exactly b,
/// whenever b itself is within the limits on values (diff's patch holds parts of b).
template <class json>
void require_diff_within(const json& a, const json& b,
                         const jsonpatch::apply_limits& limits = {}) {
    const auto shape =
        jsonpatch::detail::measure(b, limits.max_document_depth, limits.max_added_nodes);
    if (shape.depth > limits.max_document_depth || shape.nodes > limits.max_added_nodes ||
        shape.widest_array > limits.max_array_size) {
        return;
    }
    jsonpatch::diff_options diff_options;
    diff_options.limits = limits;
    for (const bool emit_test : {false, true}) {
        diff_options.emit_test = emit_test;
        const auto p = jsonpatch::diff(a, b, diff_options);
        jsonpatch::basic_apply_options<json> options;
        options.limits = limits;
        json doc = jsonpatch::detail::deep_copy(a);
        require(jsonpatch::apply(doc, p, options).has_value(), "diff: its patch breaks the limits");
        // With ordered_json, b's members come in a's order where both have them (see diff()).
        const bool same = jsonpatch::detail::keeps_member_order<json>
                              ? jsonpatch::detail::json_equal(doc, b)
                              : jsonpatch::detail::json_identical(doc, b);
        require(same, "diff: its patch does not give b");
    }
}

/// Diffs that would break apply()'s default limits unless diff keeps within them: the pair under
/// member names that make long pointers, and many copies of the pair (more operations than
/// max_operations; the count is scaled down with the limit to keep the input small).
template <class json>
void check_diff_limits(const json& a, const json& b, unsigned char mode) {
    require_diff_within(a, b);
    const std::size_t name_length = 3'900 + 50 * (mode % 8U);
    const auto wrapped = [name_length](const json& v) {
        json out = json::object();
        out[std::string(name_length, 'n')] = jsonpatch::detail::deep_copy(v);
        return out;
    };
    require_diff_within(wrapped(a), wrapped(b));
    jsonpatch::apply_limits few;
    few.max_operations = 2 + mode % 16U; // a root replace and its test always fit
    const auto copies = [](const json& v) {
        json out = json::array();
        for (int i = 0; i < 20; ++i) {
            json element = json::object();
            element["pad"] = json::array({0, 1, 2, 3, 4, 5, 6, 7});
            element["v"] = jsonpatch::detail::deep_copy(v);
            out.push_back(std::move(element));
        }
        return out;
    };
    require_diff_within(copies(a), copies(b), few);
}

/// The PAT model with a deep unknown member: check_pat's properties hold, and the member is kept.
inline void check_hostile_pat(std::string_view input) {
    if (input.empty()) {
        return;
    }
    const auto which = static_cast<unsigned char>(input[0]);
    nlohmann::json token = jsonpatch::detail::deep_copy(pat_sample(which));
    token["deepUnknown"] =
        jsonpatch_test::deep_array<nlohmann::json>(hostile_depth, nlohmann::json("leaf"));
    check_pat_token(token, input.substr(1));
}

/// A hostile input is "<mode byte><document JSON>\n<patch text>", or "<mode byte><patch text>" for
/// the sample document; a mode byte of 128 or more makes it a PAT input (check_hostile_pat). Inputs
/// that do not parse are left to the other targets.
template <class json = nlohmann::json>
void check_hostile(std::string_view input) {
    if (input.empty()) {
        return;
    }
    const auto mode = static_cast<unsigned char>(input[0]);
    if (mode >= 128U) {
        if constexpr (std::is_same_v<json, nlohmann::json>) { // the PAT model's own type
            check_hostile_pat(input);
        }
        return;
    }
    json doc;
    std::string_view patch_text;
    if (!split_input(input.substr(1), doc, patch_text)) {
        return;
    }
    const auto options = fuzz_options<json>();
    const auto patch = jsonpatch::parse_patch<json>(patch_text, options.limits);
    if (!patch) {
        return;
    }
    check_deep(doc, *patch);
    json after = jsonpatch::detail::deep_copy(doc);
    if (jsonpatch::apply(after, *patch, options)) {
        check_diff_limits(doc, after, mode);
    }
}

} // namespace jsonpatch_fuzz

#endif // JSONPATCH_TESTS_FUZZ_HOSTILE_HARNESS_HPP
