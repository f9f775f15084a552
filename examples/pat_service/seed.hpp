// SPDX-License-Identifier: MIT
// The seed file: the tokens and bearer credentials a new store starts with.
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_SEED_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_SEED_HPP

#include <jsonpatch/pat.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <stdexcept>
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

/// Checks a seed document: every token parses, its name passes normalise_name (and is stored in
/// that form), ids are unique, an owner never has two tokens of the same (normalised) name, and
/// every credential maps a non-empty bearer to a non-empty identity id and, in the object form,
/// to an array of non-empty scope strings.
[[nodiscard]] seed_result parse_seed(const nlohmann::json& document);

/// Reads and checks the seed file at `path`.
[[nodiscard]] seed_result load_seed(const std::string& path);

/// A new store cannot get its seed: none was given, or it cannot be read or is invalid.
class seed_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Produces the seed of a new store. A store calls it at most once, and only when it is new, so
/// an existing store never reads (or keeps) its seed. Throws seed_error.
using seed_source = std::function<seed_data()>;

/// A seed_source that loads the file at `path`; an empty `path` (no --seed given) throws
/// seed_error, as does a seed load_seed refuses.
[[nodiscard]] seed_source seed_file(std::string path);

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_SEED_HPP
