// SPDX-License-Identifier: MIT
// The checks behind the rebase fuzz target, shared with the Catch2 test that replays saved inputs.
#ifndef JSONPATCH_TESTS_FUZZ_REBASE_FUZZ_HARNESS_HPP
#define JSONPATCH_TESTS_FUZZ_REBASE_FUZZ_HARNESS_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/rebase.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <fuzz_harness.hpp>
#include <optional>
#include <rebase_compare.hpp>
#include <rebase_reference.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace jsonpatch_fuzz {

/// Nodes the reference rebase may build before it gives up: below the library's own copy budget
/// (4096 nodes at least), so where the reference has an opinion the library follows every copy.
inline constexpr std::size_t rebase_reference_budget = 3'000;

/// A rebase input is "<base JSON>\n<accepted patch>\n<patch>", or "<accepted>\n<patch>" for the
/// sample document. Oracles: rebase and rebase_conflicts agree (empty exactly on success, the
/// first error the same); an accepted patch that does not resolve on base is reported as such;
/// when both patches apply to base, only conflicts are reported, a rebased patch applies after
/// accepted, and everything agrees with the reference rebase (conflicting operations, rebased
/// patch, resulting document); with nothing accepted the patch comes back unchanged.
template <class json = nlohmann::json> void check_rebase(std::string_view input) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0; parts.size() < 3;) {
        const std::size_t end = input.find('\n', start);
        parts.push_back(input.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    if (parts.size() < 2) {
        return;
    }
    json base = sample_document<json>();
    if (parts.size() == 3) {
        base = json::parse(parts[0], nullptr, false);
        if (base.is_discarded()) {
            return;
        }
    }
    const auto options = fuzz_options<json>();
    const auto accepted = jsonpatch::parse_patch<json>(parts[parts.size() - 2], options.limits);
    const auto patch = jsonpatch::parse_patch<json>(parts.back(), options.limits);
    if (!accepted || !patch) {
        return; // parsing is check_patch_text's business
    }

    const auto rebased = jsonpatch::rebase(base, *accepted, *patch);
    const auto conflicts = jsonpatch::rebase_conflicts(base, *accepted, *patch);
    require(rebased.has_value() == conflicts.empty(), "rebase and rebase_conflicts disagree");
    for (const jsonpatch::error& e : conflicts) {
        require(!e.op_index || *e.op_index < patch->size(), "an error names no operation");
        require(e.code == jsonpatch::errc::rebase_conflict ||
                    jsonpatch::band_of(e.code) == jsonpatch::errc_band::apply,
                "rebase reports an unexpected code");
    }
    if (!rebased) {
        require(conflicts.front() == rebased.error(), "rebase_conflicts begins elsewhere");
    }

    json after_accepted = base;
    const auto accepted_applies = jsonpatch::apply(after_accepted, *accepted, options);
    if (!accepted_applies) {
        const jsonpatch::error& e = accepted_applies.error();
        // rebase compares no test value and enforces no limit; any other failure is its too.
        if (jsonpatch::band_of(e.code) == jsonpatch::errc_band::apply &&
            e.code != jsonpatch::errc::test_failed) {
            require(!rebased && rebased.error().code == e.code && !rebased.error().op_index,
                    "rebase accepted a patch that does not apply to base");
        }
        return;
    }
    json after_patch = base;
    if (!jsonpatch::apply(after_patch, *patch, options)) {
        return; // not a patch written against base: nothing more is promised
    }
    if (rebased) {
        json merged = after_accepted;
        const auto applied = jsonpatch::apply(merged, *rebased, options);
        require(applied.has_value() ||
                    jsonpatch::band_of(applied.error().code) == jsonpatch::errc_band::limits,
                "a rebased patch does not apply after accepted");
    } else {
        require(rebased.error().code == jsonpatch::errc::rebase_conflict,
                "a patch that applies to base is reported as not applying");
    }
    const auto unchanged = jsonpatch::rebase(base, jsonpatch::basic_patch<json>(), *patch);
    require(unchanged.has_value() && unchanged->to_json() == patch->to_json(),
            "rebasing over nothing changed the patch");

    const auto expected = jsonpatch_reference::rebase(base, accepted->to_json(), patch->to_json(),
                                                      rebase_reference_budget);
    if (!expected.applies) {
        return; // the reference gave up (too many nodes)
    }
    require(expected.conflicts.size() == conflicts.size(), "conflicts differ from the reference");
    for (std::size_t i = 0; i < conflicts.size(); ++i) {
        require(jsonpatch_reference::same_conflict(conflicts[i], expected.conflicts[i]),
                "a conflict differs from the reference");
    }
    if (rebased) {
        require(rebased->to_json() == expected.rebased, "rebased patch differs from the reference");
        json merged = after_accepted;
        if (jsonpatch::apply(merged, *rebased, options)) {
            require(nlohmann::json::parse(merged.dump()) ==
                        nlohmann::json::parse(expected.merged.dump()),
                    "rebased result differs from the reference");
        }
    }
}

} // namespace jsonpatch_fuzz

#endif // JSONPATCH_TESTS_FUZZ_REBASE_FUZZ_HARNESS_HPP
