// SPDX-License-Identifier: MIT
// The HTTP face of the PAT service: methods, authentication, authorisation, limits, conditional
// requests and status mapping.
#include "pat_routes.hpp"

#include <jsonpatch/http_status.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "entity_tags.hpp"
#include "raw_response.hpp"

namespace pat_service {

namespace {

constexpr const char* json_type = "application/json";
constexpr std::string_view patch_type = "application/json-patch+json";
constexpr std::string_view collection_path = "/personal-access-tokens";
constexpr const char* collection_methods = "GET, HEAD, OPTIONS";
constexpr const char* token_methods = "GET, HEAD, PATCH, OPTIONS";
constexpr std::string_view scope_all = "sp:scopes:all";
constexpr std::string_view scope_manage = "sp:my-personal-access-tokens:manage";
constexpr std::string_view scope_read = "sp:my-personal-access-tokens:read";

[[nodiscard]] std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
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

void send_error(httplib::Response& response, int status, std::string_view detail,
                std::string_view text, std::string_view tracking_id) {
    send_json(response, status, jsonpatch::make_http_error(status, detail, text, tracking_id).body);
}

void send_unauthorized(httplib::Response& response, std::string_view text) {
    response.set_header("WWW-Authenticate", "Bearer realm=\"personal-access-tokens\"");
    send_json(response, 401, nlohmann::json{{"error", text}});
}

// The bearer token of "Authorization: Bearer <token>" (scheme case-insensitive, RFC 7235 §2.1).
[[nodiscard]] std::optional<std::string_view> bearer_of(std::string_view header) {
    header = trim(header);
    constexpr std::string_view scheme = "bearer";
    if (header.size() <= scheme.size() ||
        !equals_ignoring_case(header.substr(0, scheme.size()), scheme) ||
        (header[scheme.size()] != ' ' && header[scheme.size()] != '\t')) {
        return std::nullopt;
    }
    return trim(header.substr(scheme.size()));
}

// "/personal-access-tokens/{id}" with a non-empty id and no further segment.
[[nodiscard]] bool is_token_path(std::string_view path) {
    return path.size() > collection_path.size() + 1 &&
           path.substr(0, collection_path.size()) == collection_path &&
           path[collection_path.size()] == '/' &&
           path.find('/', collection_path.size() + 1) == std::string_view::npos;
}

[[nodiscard]] bool allows(const credential& grants, bool write) {
    if (!grants.scope) {
        return true; // the seed's "<bearer>": "<identity id>" form: every right
    }
    return std::any_of(grants.scope->begin(), grants.scope->end(), [write](const std::string& s) {
        return s == scope_all || s == scope_manage || (!write && s == scope_read);
    });
}

// Everything one request needs; built per request, on the worker thread.
class exchange {
  public:
    exchange(token_store& store, const credential_index& credentials, const route_options& options,
             tracking_ids& ids, rate_limiter& limiter, const patch_rules& rules,
             const httplib::Request& request, httplib::Response& response)
        : store_(store), credentials_(credentials), options_(options), ids_(ids), limiter_(limiter),
          rules_(rules), request_(request), response_(response) {}

    void serve();

  private:
    [[nodiscard]] const credential* admit(bool write);
    void options_reply(bool token);
    void list(const credential& caller);
    void get(const credential& caller, const std::string& id);
    void patch(const credential& caller, const std::string& id);
    void send_token(const versioned_token& token);
    void not_found() {
        // One body for an unknown id and for another identity's token, so callers learn
        // nothing about tokens they do not own.
        send_error(response_, 404, "404 Not Found", "personal access token not found", ids_.next());
    }
    void unavailable(const store_unavailable& failure, std::string_view text) {
        std::fprintf(stderr, "pat_service: store unavailable: %s\n", failure.what());
        send_error(response_, 500, "500 Internal Server Error", text, ids_.next());
    }

    token_store& store_;
    const credential_index& credentials_;
    const route_options& options_;
    tracking_ids& ids_;
    rate_limiter& limiter_;
    const patch_rules& rules_;
    const httplib::Request& request_;
    httplib::Response& response_;
};

void exchange::serve() {
    const std::string_view path = request_.path;
    const bool is_collection = path == collection_path;
    const bool is_token = is_token_path(path);
    if (!is_collection && !is_token) {
        send_error(response_, 404, "404 Not Found", "request not served", ids_.next());
        return;
    }
    const std::string& method = request_.method;
    if (method == "OPTIONS") {
        options_reply(is_token);
        return;
    }
    const bool is_read = method == "GET" || method == "HEAD";
    if (!is_read && !(is_token && method == "PATCH")) {
        response_.set_header("Allow", is_token ? token_methods : collection_methods);
        send_error(response_, 405, "405 Method Not Allowed",
                   "the method is not allowed on this resource", ids_.next());
        return;
    }
    const credential* caller = admit(!is_read);
    if (caller == nullptr) {
        return;
    }
    const std::string id = is_token ? std::string(path.substr(collection_path.size() + 1)) : "";
    if (is_collection) {
        list(*caller);
    } else if (is_read) {
        get(*caller, id);
    } else {
        patch(*caller, id);
    }
}

// Authentication (401), then the bearer's rate (429), then its scopes (403): the credential,
// or nothing after answering.
const credential* exchange::admit(bool write) {
    const std::string authorization = request_.get_header_value("Authorization");
    const auto bearer = bearer_of(authorization);
    if (!bearer) {
        send_unauthorized(response_, "missing bearer token");
        return nullptr;
    }
    const auto caller = credentials_.verify(*bearer);
    if (!caller) {
        send_unauthorized(response_, "invalid bearer token");
        return nullptr;
    }
    if (const auto wait = limiter_.admit(caller->number)) {
        response_.set_header("Retry-After", std::to_string(*wait));
        send_json(response_, 429, nlohmann::json{{"message", "too many requests, retry later"}});
        return nullptr;
    }
    if (!allows(*caller->grants, write)) {
        send_error(response_, 403, "403 Forbidden",
                   write ? "the bearer's scope does not allow managing personal access tokens"
                         : "the bearer's scope does not allow reading personal access tokens",
                   ids_.next());
        return nullptr;
    }
    return caller->grants;
}

void exchange::options_reply(bool token) {
    response_.status = 204;
    response_.set_header("Allow", token ? token_methods : collection_methods);
    if (token) {
        response_.set_header("Accept-Patch", std::string(patch_type));
    }
}

void exchange::send_token(const versioned_token& token) {
    response_.set_header("ETag", entity_tag(store_.epoch(), token.version));
    send_json(response_, 200, jsonpatch::pat::to_json(token.token));
}

void exchange::list(const credential& caller) {
    try {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& token : store_.list(caller.identity)) {
            out.push_back(jsonpatch::pat::to_json(token.token));
        }
        send_json(response_, 200, out);
    } catch (const store_unavailable& failure) {
        unavailable(failure, "the tokens could not be read");
    }
}

void exchange::get(const credential& caller, const std::string& id) {
    try {
        if (const auto token = store_.find(caller.identity, id)) {
            send_token(*token);
        } else {
            not_found();
        }
    } catch (const store_unavailable& failure) {
        unavailable(failure, "the token could not be read");
    }
}

void exchange::patch(const credential& caller, const std::string& id) {
    if (!is_json_patch(request_)) {
        response_.set_header("Accept-Patch", std::string(patch_type));
        send_error(response_, 415, "415 Unsupported Media Type",
                   "the content type must be application/json-patch+json", ids_.next());
        return;
    }
    const bool has_condition = request_.has_header("If-Match");
    if (options_.require_if_match && !has_condition) {
        send_error(response_, 428, "428 Precondition Required",
                   "this service requires If-Match with the token's ETag", ids_.next());
        return;
    }
    patch_request change{caller.identity, id, request_.body, {}, caller.scope};
    if (has_condition) {
        change.precondition =
            [versions = if_match_versions(request_.get_header_value("If-Match"), store_.epoch())](
                const versioned_token& current) {
                // No list: "*", which any existing token matches.
                return !versions || std::find(versions->begin(), versions->end(),
                                              current.version) != versions->end();
            };
    }
    try {
        const patch_outcome outcome = store_.patch(change, rules_);
        switch (outcome.what) {
        case patch_outcome::kind::patched:
        case patch_outcome::kind::unchanged:
            send_token(*outcome.token);
            return;
        case patch_outcome::kind::not_found:
            not_found();
            return;
        case patch_outcome::kind::precondition_failed:
            send_error(response_, 412, "412 Precondition Failed",
                       "the token has changed since the ETag given in If-Match", ids_.next());
            return;
        case patch_outcome::kind::rejected:
        case patch_outcome::kind::forbidden: {
            auto error = jsonpatch::to_http_error(*outcome.error, ids_.next());
            if (outcome.what == patch_outcome::kind::forbidden) {
                error.status = 403;
            }
            send_json(response_, error.status, error.body);
            return;
        }
        }
    } catch (const store_unavailable& failure) {
        unavailable(failure, "the change could not be saved");
    }
}

} // namespace

void install_routes(httplib::Server& server, token_store& store,
                    const credential_index& credentials, const route_options& options,
                    tracking_ids& ids) {
    auto limiter = std::make_shared<rate_limiter>(options.rate_limit);
    auto rules = std::make_shared<patch_rules>();
    rules->options.max_name_length = options.max_name_length;
    rules->options.scope_check = scope_form_check(options.scopes);
    rules->check_result = check_name_characters;

    const auto serve = [&store, &credentials, &options, &ids, limiter,
                        rules](const httplib::Request& request, httplib::Response& response) {
        exchange(store, credentials, options, ids, *limiter, *rules, request, response).serve();
    };
    // Pre-routing runs before httplib reads the body: it answers everything but a PATCH of a
    // token, which goes on to the PATCH route once its (already framed and capped) body is read.
    server.set_pre_routing_handler(
        [serve](const httplib::Request& request, httplib::Response& response) {
            if (request.method == "PATCH" && is_token_path(request.path)) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            serve(request, response);
            return httplib::Server::HandlerResponse::Handled;
        });
    server.Patch(R"(/personal-access-tokens/[^/]+)", serve);

    // Requests httplib itself refuses (a malformed header it cannot parse): add a body.
    server.set_error_handler([&ids](const httplib::Request&, httplib::Response& response) {
        if (response.body.empty()) {
            const std::string detail =
                std::to_string(response.status) + " " + std::string(reason_phrase(response.status));
            send_error(response, response.status, detail, "request not served", ids.next());
        }
    });
    // Never httplib's default, which copies the exception's text into a response header.
    server.set_exception_handler([&ids](const httplib::Request&, httplib::Response& response,
                                        std::exception_ptr) {
        send_error(response, 500, "500 Internal Server Error", "the request failed", ids.next());
    });
}

} // namespace pat_service
