// SPDX-License-Identifier: MIT
// The seed file: the tokens and bearer credentials a new store starts with.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SEED_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SEED_HPP

#include <jsonpatch/pat.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "credentials.hpp"

namespace pat_service {

/// A checked seed. The file format:
/// `{"tokens": [<token JSON>, ...], "credentials": {"<bearer>": <grant>, ...}}` where a grant is
/// either `"<identity id>"` (every right) or `{"identity": "<identity id>", "scope": ["...",
/// ...]}`.
struct seed_data {
    std::vector<jsonpatch::pat::personal_access_token> tokens;
    std::vector<std::pair<std::string, credential>> credentials; ///< bearer, what it grants
};

/// A seed, or why it cannot be used.
struct seed_result {
    std::optional<seed_data> seed;
    std::string problem;
};

/// Checks a seed document: every token parses, ids are unique, an owner never has two tokens of
/// the same name, and every credential maps a non-empty bearer to a non-empty identity id and, in
/// the object form, to an array of non-empty scope strings.
[[nodiscard]] seed_result parse_seed(const nlohmann::json& document);

/// Reads and checks the seed file at `path`.
[[nodiscard]] seed_result load_seed(const std::string& path);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SEED_HPP
