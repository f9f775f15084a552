// SPDX-License-Identifier: MIT
// The check behind the PAT fuzz target, shared with the Catch2 test that replays saved inputs.
#ifndef JSONPATCH_TESTS_FUZZ_PAT_FUZZ_HARNESS_HPP
#define JSONPATCH_TESTS_FUZZ_PAT_FUZZ_HARNESS_HPP

#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/pat/apply_patch.hpp>
#include <jsonpatch/pat/personal_access_token.hpp>

#include <nlohmann/json.hpp>

#include <fuzz_harness.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace jsonpatch_fuzz {

/// Tokens the PAT fuzz input patches: the first byte picks one (so the fuzzer reaches null
/// scopes, managed tokens and unknown members), the rest is the patch text.
inline const nlohmann::json& pat_sample(std::size_t which) {
    static const nlohmann::json samples = nlohmann::json::parse(R"([
      {"id":"t1","name":"ci","scope":["read","write"],
       "owner":{"type":"IDENTITY","id":"u1","name":"ann","extra":{"k":[1]}},
       "created":"2018-06-25T20:22:28.104Z","lastUsed":null,"managed":false,
       "accessTokenValiditySeconds":3600,"expirationDate":"2030-01-01T00:00:00.000Z",
       "userAwareTokenNeverExpires":false},
      {"id":"t2","name":"taken","scope":null,"owner":{"type":"IDENTITY","id":"u2","name":"bo"},
       "created":"2020-02-29T00:00:00.000Z","lastUsed":"2021-01-01T12:00:00.000Z","managed":true},
      {"id":"t3","name":"x","scope":[],"owner":{"type":"IDENTITY","id":"u3","name":"cy"},
       "created":"2019-12-31T23:59:59.999Z"}
    ])");
    return samples[which % samples.size()];
}

/// PAT transaction on the token `original` with `patch_text`: a patch never changes anything but
/// "name" and "scope"; every result is a valid token that survives to_json/parse_token; names the
/// callback calls taken are refused. Values are compared without recursion (tokens may carry
/// deep unknown members).
inline void check_pat_token(const nlohmann::json& original, std::string_view patch_text) {
    const auto current = jsonpatch::pat::parse_token(original);
    require(current.has_value(), "a sample token does not parse");
    std::size_t calls = 0;
    const auto name_taken = [&calls](const jsonpatch::pat::token_owner&, std::string_view name,
                                     std::string_view) {
        ++calls;
        return name == "taken";
    };
    const auto outcome = jsonpatch::pat::apply_patch(*current, patch_text, name_taken);
    require(calls <= 1, "the uniqueness callback ran more than once");
    if (!outcome) {
        require(outcome.error().code != jsonpatch::errc::resource_read_only,
                "refuse_managed is off, yet the token was refused");
        return;
    }
    const nlohmann::json before = jsonpatch::pat::to_json(*current);
    const nlohmann::json after = jsonpatch::pat::to_json(*outcome);
    for (const auto& member : before.items()) {
        if (member.key() == "name" || member.key() == "scope") {
            continue;
        }
        require(after.contains(member.key()) &&
                    jsonpatch::detail::json_identical(after[member.key()], member.value()),
                "a patch changed a field other than name or scope");
    }
    require(after.size() == before.size(), "a patch added or removed a member");
    const auto again = jsonpatch::pat::parse_token(after);
    require(again.has_value() && *again == *outcome, "the patched token does not round-trip");
    require(!outcome->name.empty(), "the patched token has an empty name");
    require(outcome->name == current->name || outcome->name != "taken", "a taken name was accepted");
    require(calls == (outcome->name == current->name ? 0U : 1U),
            "the uniqueness callback ran when the name did not change, or not when it did");
    if (outcome->scope) {
        for (std::size_t i = 0; i < outcome->scope->size(); ++i) {
            require(!(*outcome->scope)[i].empty(), "the patched scope has an empty entry");
            for (std::size_t j = 0; j < i; ++j) {
                require((*outcome->scope)[i] != (*outcome->scope)[j], "the patched scope repeats an entry");
            }
        }
    }
}

/// The PAT fuzz input: the first byte picks a sample token, the rest is the patch text.
inline void check_pat(std::string_view input) {
    if (input.empty()) {
        return;
    }
    check_pat_token(pat_sample(static_cast<unsigned char>(input[0])), input.substr(1));
}

} // namespace jsonpatch_fuzz

#endif // JSONPATCH_TESTS_FUZZ_PAT_FUZZ_HARNESS_HPP
