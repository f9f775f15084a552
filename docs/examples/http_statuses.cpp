// SPDX-License-Identifier: MIT
// The HTTP status to_problem_details gives for every error code (jsonpatch::http_status_of).
#include <jsonpatch/errc.hpp>
#include <jsonpatch/problem_details.hpp>

#include <iostream>

int main() {
    for (int value = 100; value < 600; ++value) {
        const auto code = static_cast<jsonpatch::errc>(value);
        if (jsonpatch::to_string(code) == "unknown") {
            continue; // not an error code
        }
        const int status = jsonpatch::http_status_of(code);
        std::cout << value << " " << jsonpatch::to_string(code) << " -> " << status << " "
                  << jsonpatch::http_reason_phrase(status) << "\n";
    }
}
