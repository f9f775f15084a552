// SPDX-License-Identifier: MIT
// The HTTP face of the PAT service: authentication, content negotiation and status mapping.
#include "pat_routes.hpp"

#include <jsonpatch/http_status.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace pat_service {

namespace {

constexpr const char* json_type = "application/json";
constexpr std::string_view patch_type = "application/json-patch+json";

// UUID-shaped ids: a random part fixed per process and a per-request counter, so no id repeats
// within a process (a random UUID per request would only make repeats unlikely).
class tracking_ids {
  public:
    tracking_ids() {
        std::random_device device;
        prefix_ = (std::uint64_t{device()} << 32U) ^ std::uint64_t{device()};
    }

    [[nodiscard]] std::string next() {
        const std::uint64_t count = counter_.fetch_add(1, std::memory_order_relaxed);
        char text[40];
        std::snprintf(text, sizeof text,
                      "%08" PRIx64 "-%04" PRIx64 "-4%03" PRIx64 "-a%03" PRIx64 "-%012" PRIx64,
                      (prefix_ >> 32U) & 0xffffffffU, (prefix_ >> 16U) & 0xffffU,
                      (prefix_ >> 4U) & 0xfffU, (count >> 48U) & 0xfffU, count & 0xffffffffffffU);
        return text;
    }

  private:
    std::uint64_t prefix_ = 0;
    std::atomic<std::uint64_t> counter_{0};
};

[[nodiscard]] std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

[[nodiscard]] bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The media type without parameters: "application/json-patch+json; charset=utf-8" qualifies.
[[nodiscard]] bool is_json_patch(const httplib::Request& request) {
    if (!request.has_header("Content-Type")) {
        return false;
    }
    const std::string value = request.get_header_value("Content-Type");
    const std::string_view media = trim(std::string_view(value).substr(0, value.find(';')));
    return equals_ignoring_case(media, patch_type);
}

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
    response.status = status;
    response.set_content(body.dump(2) + "\n", json_type);
}

void send_error(httplib::Response& response, const jsonpatch::http_error& error) {
    send_json(response, error.status, error.body);
}

void send_unauthorized(httplib::Response& response, std::string_view text) {
    response.set_header("WWW-Authenticate", "Bearer realm=\"personal-access-tokens\"");
    send_json(response, 401, nlohmann::json{{"error", text}});
}

// The identity behind "Authorization: Bearer <token>" (scheme case-insensitive, RFC 7235 §2.1),
// or nothing after answering 401.
[[nodiscard]] std::optional<std::string> authenticate(const token_store& store,
                                                      const httplib::Request& request,
                                                      httplib::Response& response) {
    if (!request.has_header("Authorization")) {
        send_unauthorized(response, "missing bearer token");
        return std::nullopt;
    }
    const std::string value = request.get_header_value("Authorization");
    const std::string_view header = trim(value);
    constexpr std::string_view scheme = "bearer";
    if (header.size() <= scheme.size() ||
        !equals_ignoring_case(header.substr(0, scheme.size()), scheme) ||
        (header[scheme.size()] != ' ' && header[scheme.size()] != '\t')) {
        send_unauthorized(response, "missing bearer token");
        return std::nullopt;
    }
    auto identity = store.identity_for(trim(header.substr(scheme.size())));
    if (!identity) {
        send_unauthorized(response, "invalid bearer token");
    }
    return identity;
}

// One body for an unknown id and for another identity's token, so callers learn nothing about
// tokens they do not own.
void send_token_not_found(httplib::Response& response, std::string_view tracking_id) {
    send_error(response, jsonpatch::make_http_error(
                             404, "404 Not Found", "personal access token not found", tracking_id));
}

} // namespace

void install_routes(httplib::Server& server, token_store& store) {
    // Shared by every handler; lives as long as the routes that capture it.
    auto ids = std::make_shared<tracking_ids>();

    server.Get("/personal-access-tokens",
               [&store](const httplib::Request& request, httplib::Response& response) {
                   if (const auto identity = authenticate(store, request, response)) {
                       send_json(response, 200, store.list(*identity));
                   }
               });

    server.Get(R"(/personal-access-tokens/([^/]+))",
               [&store, ids](const httplib::Request& request, httplib::Response& response) {
                   const auto identity = authenticate(store, request, response);
                   if (!identity) {
                       return;
                   }
                   if (auto token = store.find(*identity, request.matches[1].str())) {
                       send_json(response, 200, *token);
                   } else {
                       send_token_not_found(response, ids->next());
                   }
               });

    server.Patch(R"(/personal-access-tokens/([^/]+))", [&store,
                                                        ids](const httplib::Request& request,
                                                             httplib::Response& response) {
        const auto identity = authenticate(store, request, response);
        if (!identity) {
            return;
        }
        const std::string tracking_id = ids->next();
        if (!is_json_patch(request)) {
            send_error(response,
                       jsonpatch::make_http_error(
                           415, "415 Unsupported Media Type",
                           "the content type must be application/json-patch+json", tracking_id));
            return;
        }
        auto outcome = store.patch(*identity, request.matches[1].str(), request.body);
        switch (outcome.what) {
        case patch_outcome::kind::patched:
            send_json(response, 200, outcome.token);
            return;
        case patch_outcome::kind::not_found:
            send_token_not_found(response, tracking_id);
            return;
        case patch_outcome::kind::rejected:
            send_error(response, jsonpatch::to_http_error(*outcome.error, tracking_id));
            return;
        case patch_outcome::kind::not_saved:
            std::fprintf(stderr, "pat_service: change not saved: %s\n", outcome.problem.c_str());
            send_error(response,
                       jsonpatch::make_http_error(500, "500 Internal Server Error",
                                                  "the change could not be saved", tracking_id));
            return;
        }
    });

    // Unknown routes, wrong methods, oversized bodies: httplib sets the status, we add a body.
    server.set_error_handler([ids](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty()) {
            return;
        }
        const int status = response.status;
        const std::string detail = status == 404   ? "404 Not Found"
                                   : status == 413 ? "413 Payload Too Large"
                                   : status == 400 ? "400 Bad Request"
                                                   : std::to_string(status) + " Request Not Served";
        send_error(response,
                   jsonpatch::make_http_error(status, detail, "request not served", ids->next()));
    });
}

} // namespace pat_service
