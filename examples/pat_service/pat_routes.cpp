// SPDX-License-Identifier: MIT
// The PAT service's routes: methods, authentication, authorisation, rate limits, conditional
// requests and the mapping of every outcome to a status and body.
#include "pat_routes.hpp"

#include <jsonpatch/http.hpp>
#include <jsonpatch/http_status.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <utility>

#include "rebase_answer.hpp"
#include "request_target.hpp"

namespace pat_service {

namespace {

namespace http = jsonpatch::http;

constexpr const char* collection_methods = "GET, HEAD, OPTIONS";
constexpr const char* token_methods = "GET, HEAD, PATCH, OPTIONS";
constexpr const char* probe_methods = "GET, HEAD, OPTIONS";
constexpr std::string_view scope_all = "sp:scopes:all";
constexpr std::string_view scope_manage = "sp:my-personal-access-tokens:manage";
constexpr std::string_view scope_read = "sp:my-personal-access-tokens:read";
constexpr std::string_view realm = "Bearer realm=\"personal-access-tokens\"";

[[nodiscard]] bool is_ows(char c) {
    return c == ' ' || c == '\t';
}

// The token of "Authorization: Bearer <token>" (the scheme in any case, RFC 9110 §11.1; one or
// more spaces after it, RFC 6750 §2.1). The value is taken verbatim: nothing is decoded, and a
// NUL or "%00" is simply part of a token that does not verify.
[[nodiscard]] std::optional<std::string_view> bearer_of(std::string_view header) {
    constexpr std::string_view scheme = "bearer";
    if (header.size() <= scheme.size() || !is_ows(header[scheme.size()]) ||
        !std::equal(scheme.begin(), scheme.end(), header.begin(), [](char a, char b) {
            return a == std::tolower(static_cast<unsigned char>(b));
        })) {
        return std::nullopt;
    }
    auto token = header.substr(scheme.size());
    while (!token.empty() && is_ows(token.front())) {
        token.remove_prefix(1);
    }
    if (token.empty()) {
        return std::nullopt;
    }
    return token;
}

[[nodiscard]] bool allows(const credential& grants, bool write) {
    if (!grants.scope) {
        return true; // the seed's "<bearer>": "<identity id>" form: every right
    }
    return std::any_of(grants.scope->begin(), grants.scope->end(), [write](const std::string& s) {
        return s == scope_all || s == scope_manage || (!write && s == scope_read);
    });
}

// The scopes a patch may add to a token for this caller (patch_request::caller_scopes): every
// scope (nullopt) for a credential without a scope list or one holding sp:scopes:all, else its
// list.
[[nodiscard]] std::optional<std::vector<std::string>> scopes_held(const credential& grants) {
    if (!grants.scope ||
        std::find(grants.scope->begin(), grants.scope->end(), scope_all) != grants.scope->end()) {
        return std::nullopt;
    }
    return grants.scope;
}

[[nodiscard]] std::string insufficient_scope(std::string_view needed) {
    std::string value(realm);
    value += ", error=\"insufficient_scope\", scope=\"";
    value += needed;
    value += '"';
    return value;
}

[[nodiscard]] service_response json_response(int status, const nlohmann::json& body) {
    service_response out;
    out.status = status;
    out.body = body.dump(2);
    out.body += '\n';
    return out;
}

[[nodiscard]] service_response with_header(service_response response, std::string name,
                                           std::string value) {
    response.headers.emplace_back(std::move(name), std::move(value));
    return response;
}

[[nodiscard]] service_response not_found(const std::string& tracking_id) {
    // One body for an unknown id, a malformed one and another identity's token, so callers learn
    // nothing about tokens they do not own.
    return error_response(404, "personal access token not found", tracking_id);
}

// `response` with the route, token and identity of `labels` (for the log and metrics); an
// identity the response names already (authenticate's) stays.
[[nodiscard]] service_response labelled(service_response response, const service_response& labels) {
    response.route = labels.route;
    response.token_id = labels.token_id;
    if (response.identity.empty()) {
        response.identity = labels.identity;
    }
    return response;
}

// 204 with Allow, and Accept-Patch on a token.
[[nodiscard]] service_response options_response(const char* allow, bool patchable) {
    service_response out;
    out.status = 204;
    out.content_type.clear();
    out.headers.emplace_back("Allow", allow);
    if (patchable) {
        out.headers.emplace_back("Accept-Patch", std::string(http::json_patch_media_type));
    }
    return out;
}

[[nodiscard]] route_decision answer(service_response response) {
    route_decision out;
    out.response = std::move(response);
    return out;
}

} // namespace

struct pat_routes::admitted {
    const credential* grants = nullptr;
};

pat_routes::pat_routes(token_store& store, const credential_index& credentials,
                       const route_options& options, service_metrics& metrics, access_log& log,
                       std::function<std::string()> render_metrics)
    : store_(store), credentials_(credentials), options_(options), metrics_(metrics), log_(log),
      render_metrics_(std::move(render_metrics)), epoch_(store.epoch()),
      limiter_(options.rate_limit), failures_(options.auth_failure_limit) {
    rules_.options.max_name_length = options.max_name_length;
    rules_.options.scope_check = scope_form_check(options.scopes);
    rules_.check_result = check_name_characters;
}

route_decision pat_routes::route(service_request& request) {
    if (request.path == "*") {
        // OPTIONS * (RFC 9110 §9.3.7): what the server as a whole allows.
        return answer(options_response(token_methods, false));
    }
    const route_match match = match_route(request.path);
    if (match.route == route_id::unmatched) {
        return answer(error_response(404, "request not served", request.tracking_id));
    }
    if (match.route != route_id::collection && match.route != route_id::token) {
        return serve_probe(request, match.route);
    }
    // Every answer names its route, token and (once known) caller, for the log and metrics.
    service_response labels;
    labels.route = match.route;
    labels.token_id = match.token_id.value_or("");
    admitted caller;
    if (auto refused = admit(request, match, labels, caller)) {
        return answer(labelled(std::move(*refused), labels));
    }
    route_decision out;
    out.on_unavailable = labelled(
        unavailable_response("the store is busy; retry later", request.tracking_id), labels);
    out.writes = request.method == "PATCH";
    // The work runs once (http_session::run_store_work), so the request moves out of it.
    out.store_work = [this, header = std::move(request), caller, labels](std::string body) mutable {
        service_request whole = std::move(header);
        whole.body = std::move(body);
        service_response response;
        try {
            if (labels.route == route_id::collection) {
                response = list_tokens(whole, caller);
            } else if (whole.method == "PATCH") {
                response = patch_token(whole, caller, labels.token_id);
            } else {
                response = read_token(whole, caller, labels.token_id);
            }
        } catch (const std::exception& failure) {
            // store_unavailable is handled where the call is made; anything else is a defect
            // or an exhausted resource, and still gets the platform's body.
            log_.event("error", std::string("request failed: ") + failure.what());
            response = error_response(500, "the request failed", whole.tracking_id);
        }
        return labelled(std::move(response), labels);
    };
    return out;
}

std::optional<service_response> pat_routes::admit(const service_request& request,
                                                  const route_match& match,
                                                  service_response& labels, admitted& caller) {
    const bool is_token = match.route == route_id::token;
    const std::string& method = request.method;
    const std::string& tid = request.tracking_id;
    if (method == "OPTIONS") {
        return options_response(is_token ? token_methods : collection_methods, is_token);
    }
    const bool is_read = method == "GET" || method == "HEAD";
    if (!is_read && !(is_token && method == "PATCH")) {
        return with_header(error_response(405, "the method is not allowed on this resource", tid),
                           "Allow", is_token ? token_methods : collection_methods);
    }
    if (auto refused = authenticate(request, !is_read, caller)) {
        return refused;
    }
    labels.identity = caller.grants->identity;
    if (is_token && !match.token_id) {
        return not_found(tid); // never reaches the store
    }
    if (!is_read) {
        if (!request.content_type ||
            http::patch_format_of(*request.content_type) != http::patch_format::json_patch) {
            return with_header(
                error_response(415, "the content type must be application/json-patch+json", tid),
                "Accept-Patch", std::string(http::json_patch_media_type));
        }
        if (options_.require_if_match && !request.if_match) {
            return error_response(428, "this service requires If-Match with the token's ETag", tid);
        }
    }
    return std::nullopt;
}

route_decision pat_routes::serve_probe(const service_request& request, route_id route) {
    const auto tag = [route](service_response response) {
        response.route = route;
        return response;
    };
    if (request.method == "OPTIONS") {
        return answer(tag(options_response(probe_methods, false)));
    }
    if (request.method != "GET" && request.method != "HEAD") {
        return answer(tag(with_header(
            error_response(405, "the method is not allowed on this resource", request.tracking_id),
            "Allow", probe_methods)));
    }
    if (route == route_id::healthz) {
        return answer(tag(json_response(200, {{"status", "up"}})));
    }
    if (route == route_id::metrics) {
        service_response metrics;
        metrics.body = render_metrics_();
        metrics.content_type = "text/plain; version=0.0.4; charset=utf-8";
        return answer(tag(std::move(metrics)));
    }
    const std::string tid = request.tracking_id;
    route_decision out;
    out.on_unavailable = tag(unavailable_response("the store is busy", tid));
    out.store_work = [this, tag, tid](const std::string&) {
        const bool draining = draining_.load();
        const bool ready = !draining && store_.ready();
        if (!ready && !draining) {
            metrics_.count_store_error(store_operation::ready);
        }
        return tag(ready ? json_response(200, {{"status", "ready"}})
                         : unavailable_response(draining ? "the service is shutting down"
                                                         : "the store does not answer",
                                                tid));
    };
    return out;
}

std::optional<service_response> pat_routes::authenticate(const service_request& request, bool write,
                                                         admitted& caller) {
    const std::string& tid = request.tracking_id;
    if (request.authorization_count > 1) {
        return with_header(error_response(400, "give one Authorization field", tid),
                           "WWW-Authenticate", std::string(realm) + ", error=\"invalid_request\"");
    }
    if (const auto wait = failures_.check(request.client_address)) {
        // Before the bearer is looked at: a right guess must not be told apart from wrong ones.
        metrics_.count_auth_throttled();
        return with_header(error_response(429,
                                          "too many failed authentications from this "
                                          "address; retry later",
                                          tid),
                           "Retry-After", std::to_string(*wait));
    }
    static const std::string no_authorization;
    const auto bearer =
        bearer_of(request.authorization ? *request.authorization : no_authorization);
    if (!bearer) {
        return with_header(error_response(401, "a bearer token is required", tid),
                           "WWW-Authenticate", std::string(realm));
    }
    const auto verified = credentials_.verify(*bearer);
    if (!verified) {
        failures_.charge(request.client_address);
        metrics_.count_auth_failure();
        return with_header(
            error_response(401, "the bearer token is not valid", tid), "WWW-Authenticate",
            std::string(realm) + ", error=\"invalid_token\", error_description=\"the "
                                 "bearer token is not valid\"");
    }
    caller.grants = verified->grants;
    const auto identified = [&caller](service_response response) {
        response.identity = caller.grants->identity;
        return response;
    };
    if (const auto wait = limiter_.admit(verified->number)) {
        return identified(with_header(error_response(429, "too many requests; retry later", tid),
                                      "Retry-After", std::to_string(*wait)));
    }
    if (!allows(*caller.grants, write)) {
        return identified(with_header(
            error_response(403,
                           write ? "the bearer's scope does not allow managing personal access "
                                   "tokens"
                                 : "the bearer's scope does not allow reading personal access "
                                   "tokens",
                           tid),
            "WWW-Authenticate", insufficient_scope(write ? scope_manage : scope_read)));
    }
    return std::nullopt;
}

std::string pat_routes::etag_of(const versioned_token& token) const {
    return token_etag(epoch_, token.version);
}

service_response pat_routes::token_response(const versioned_token& token) const {
    service_response out = json_response(200, jsonpatch::pat::to_json(token.token));
    out.headers.emplace_back("ETag", etag_of(token));
    return out;
}

service_response pat_routes::store_failed(store_operation operation, const std::exception& failure,
                                          std::string_view text, const std::string& tracking_id) {
    metrics_.count_store_error(operation);
    log_.event("store_unavailable", failure.what());
    service_response out = unavailable_response(text, tracking_id);
    out.store_failed = true;
    return out;
}

service_response pat_routes::list_tokens(const service_request& request, const admitted& caller) {
    try {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& token : store_.list(caller.grants->identity)) {
            out.push_back(jsonpatch::pat::to_json(token.token));
        }
        return json_response(200, out);
    } catch (const store_unavailable& failure) {
        return store_failed(store_operation::list, failure, "the tokens could not be read",
                            request.tracking_id);
    }
}

service_response pat_routes::read_token(const service_request& request, const admitted& caller,
                                        const std::string& id) {
    std::optional<versioned_token> token;
    try {
        token = store_.find(caller.grants->identity, id);
    } catch (const store_unavailable& failure) {
        return store_failed(store_operation::find, failure, "the token could not be read",
                            request.tracking_id);
    }
    if (!token) {
        return not_found(request.tracking_id);
    }
    const std::string etag = etag_of(*token);
    switch (http::evaluate_preconditions(request.method, request.if_match, request.if_none_match,
                                         etag, true)) {
    case http::precondition::not_modified: {
        service_response out;
        out.status = 304;
        out.content_type.clear();
        out.headers.emplace_back("ETag", etag);
        return out;
    }
    case http::precondition::failed:
    case http::precondition::required:
        return error_response(412, preconditions_failed_message, request.tracking_id);
    case http::precondition::proceed:
        break;
    }
    return token_response(*token);
}

service_response pat_routes::patch_token(const service_request& request, const admitted& caller,
                                         const std::string& id) {
    patch_request change{
        caller.grants->identity, id, request.body, {}, scopes_held(*caller.grants)};
    if (request.if_match || request.if_none_match) {
        change.precondition = [this, &request](const versioned_token& current) {
            return http::evaluate_preconditions(request.method, request.if_match,
                                                request.if_none_match, etag_of(current),
                                                true) == http::precondition::proceed;
        };
    }
    if (request.if_match && !request.if_none_match) {
        // A stale If-Match naming one version the store still has the patches since is
        // rebased over them instead of refused (--rebase-window).
        change.base_version = rebase_base_version(*request.if_match, epoch_);
    }
    patch_outcome outcome;
    try {
        outcome = store_.patch(change, rules_);
    } catch (const store_unavailable& failure) {
        return store_failed(store_operation::patch, failure, "the change could not be saved",
                            request.tracking_id);
    }
    switch (outcome.what) {
    case patch_outcome::kind::patched:
    case patch_outcome::kind::unchanged:
        return token_response(*outcome.token);
    case patch_outcome::kind::not_found:
        return not_found(request.tracking_id);
    case patch_outcome::kind::precondition_failed:
        // ErrorResponseDto, plus "conflicts": the operations a rebase could not carry over.
        return json_response(precondition_failed_status,
                             precondition_failed_body(outcome, request.tracking_id));
    case patch_outcome::kind::rejected:
        return json_response(400,
                             jsonpatch::to_http_error(*outcome.error, request.tracking_id).body);
    case patch_outcome::kind::forbidden: {
        auto body = jsonpatch::to_http_error(*outcome.error, request.tracking_id).body;
        body["detailCode"] = "403 Forbidden";
        service_response out = json_response(403, body);
        if (outcome.error->code == jsonpatch::errc::operation_not_allowed) {
            // A scope the caller lacks, named by the error's path: a bearer with more scopes
            // could make this change (RFC 6750 §3.1). A managed token (resource_read_only) is
            // refused to every bearer, so no challenge names a way around it.
            out.headers.emplace_back("WWW-Authenticate",
                                     std::string(realm) + ", error=\"insufficient_scope\"");
        }
        return out;
    }
    }
    return error_response(500, "the request failed", request.tracking_id);
}

} // namespace pat_service
