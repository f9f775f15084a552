// SPDX-License-Identifier: MIT
// user_profile_patch PROFILE.json PATCH.json: what a PATCH handler does with apply_to. Prints the
// patched profile (200), or the RFC 9457 problem details a service would answer, with the status.
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/problem_details.hpp>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "user_profile.hpp"

namespace {

std::optional<std::string> read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: user_profile_patch PROFILE.json PATCH.json\n";
        return 2;
    }
    const auto profile_text = read_file(argv[1]);
    const auto patch_text = read_file(argv[2]);
    if (!profile_text || !patch_text) {
        std::cerr << "user_profile_patch: cannot read the input files\n";
        return 2;
    }
    const auto current = nlohmann::json::parse(*profile_text).get<profiles::user_profile>();
    // The request body goes in as text: shape errors, limits, the model's rules, the conversion
    // back and the typed check all come back as one error value.
    const auto patched =
        jsonpatch::apply_to_outcome(current, *patch_text, profiles::profile_model());
    if (!patched) {
        const auto problem = jsonpatch::to_problem_details(patched.error());
        std::cout << "HTTP " << problem.status << " " << jsonpatch::problem_json_media_type << "\n"
                  << problem.body.dump(2) << "\n";
        return 1;
    }
    // A patch that changes nothing keeps the version (and the ETag a service derives from it).
    std::cout << "HTTP 200" << (patched->changed ? "" : " (unchanged: same version)") << "\n"
              << nlohmann::json(patched->value).dump(2) << "\n";
    return 0;
}
