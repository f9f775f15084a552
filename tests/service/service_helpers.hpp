// SPDX-License-Identifier: MIT
// Shared fixtures of the hardening, fault and PostgreSQL service tests: seed data, requests.
#ifndef JSONPATCH_TESTS_SERVICE_SERVICE_HELPERS_HPP
#define JSONPATCH_TESTS_SERVICE_SERVICE_HELPERS_HPP

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "raw_http.hpp"
#include "service_process.hpp"

namespace service_test {

// Credentials and tokens of examples/data/pat_seed.json.
inline const std::string alice_bearer = "alice-demo-bearer";
inline const std::string alice_read_bearer = "alice-read-bearer";       // ...:read only
inline const std::string alice_manage_bearer = "alice-manage-bearer";   // ...:manage only
inline const std::string alice_billing_bearer = "alice-billing-bearer"; // another scope
inline const std::string bob_bearer = "bob-demo-bearer";
inline const std::string ci_token = "5a8e4c1b-0b7e-4d2a-9f3c-1e2d3c4b5a61";     // alice
inline const std::string laptop_token = "7c2f9e30-4d1a-4b8e-a6c5-2f3e4d5c6b72"; // alice
inline const std::string bob_token = "b3e6d7f8-1a2b-4c3d-8e4f-5a6b7c8d9e04";    // bob
inline const std::string token_path = "/personal-access-tokens/";

[[nodiscard]] inline std::string auth(const std::string& bearer) {
    return "Authorization: Bearer " + bearer + "\r\n";
}

[[nodiscard]] inline std::string rename_body(const std::string& name) {
    return nlohmann::json::array({{{"op", "replace"}, {"path", "/name"}, {"value", name}}}).dump();
}

/// One request on a fresh connection; nothing when no response came.
[[nodiscard]] inline std::optional<raw_response> request_once(int port, const std::string& bytes) {
    raw_connection connection(port);
    if (!connection.is_open() || !connection.send(bytes)) {
        return std::nullopt;
    }
    return connection.receive();
}

[[nodiscard]] inline std::string get_request(const std::string& id, const std::string& bearer,
                                             const std::string& extra = "") {
    return http_request("GET", token_path + id, auth(bearer) + extra);
}

[[nodiscard]] inline std::string patch_request(const std::string& id, const std::string& bearer,
                                               const std::string& body,
                                               const std::string& extra = "") {
    return http_request("PATCH", token_path + id,
                        auth(bearer) + "Content-Type: application/json-patch+json\r\n" + extra,
                        body);
}

/// The token's JSON as the service returns it (GET must answer 200).
[[nodiscard]] inline nlohmann::json fetch_token(int port, const std::string& id,
                                                const std::string& bearer = alice_bearer) {
    const auto answer = request_once(port, get_request(id, bearer));
    if (!answer || answer->status != 200) {
        return nullptr;
    }
    return nlohmann::json::parse(answer->body, nullptr, false);
}

/// True for the ErrorResponseDto shape with detailCode starting with `status`.
[[nodiscard]] inline bool is_error_body(const raw_response& answer, int status) {
    const auto body = nlohmann::json::parse(answer.body, nullptr, false);
    return answer.status == status && body.is_object() && body.contains("detailCode") &&
           body["detailCode"].is_string() &&
           body["detailCode"].get<std::string>().rfind(std::to_string(status), 0) == 0 &&
           body.contains("trackingId") && body.contains("messages") && body.contains("causes");
}

/// Token ids that are malformed once percent-decoded (a NUL, not UTF-8, overlong, a surrogate,
/// bad or %u escapes, dot segments, a control character, too long) or that would alias a real
/// one: each must be 404 on every backend, without reaching the store.
[[nodiscard]] inline std::vector<std::string> malformed_token_ids() {
    return {ci_token + "%00anything",
            ci_token + "%00",
            "%C3%28",
            "%ff",
            "%ED%A0%80",
            "%C0%AF",
            "\xff\xfe",
            "\xc3\x28",
            "%zz",
            "%4",
            "%u0035" + ci_token.substr(1),
            ci_token.substr(0, 35) + "%u0031",
            "%2e%2e",
            "%0a" + ci_token,
            std::string(300, 'x')};
}

/// True when both a GET and a PATCH of `id` by alice answer 404 with the platform's body.
[[nodiscard]] inline bool is_not_found_both_ways(int port, const std::string& id) {
    const auto read = request_once(port, get_request(id, alice_bearer));
    const auto write = request_once(port, patch_request(id, alice_bearer, rename_body("x")));
    return read && write && is_error_body(*read, 404) && is_error_body(*write, 404);
}

/// The p-th percentile (0..100) of `samples`, in milliseconds.
[[nodiscard]] inline double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) {
        return 0;
    }
    std::sort(samples.begin(), samples.end());
    const auto index =
        static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size() - 1));
    return samples[index];
}

[[nodiscard]] inline double elapsed_ms(std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
        .count();
}

} // namespace service_test

#endif // JSONPATCH_TESTS_SERVICE_SERVICE_HELPERS_HPP
