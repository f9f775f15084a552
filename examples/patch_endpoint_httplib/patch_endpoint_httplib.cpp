// SPDX-License-Identifier: MIT
// A PATCH endpoint on cpp-httplib: one article, kept in memory, at /articles/a1.
// jsonpatch::http::handle_patch decides everything about a PATCH (media type, If-Match, the
// model's rules, the problem details); this file routes requests and moves bytes.
//
//   patch_endpoint_httplib --port 8080
//   curl -i http://127.0.0.1:8080/articles/a1
//   curl -i -X PATCH -H 'If-Match: "v1"' -H 'Content-Type: application/merge-patch+json'
//        -d '{"title": "Hi"}' http://127.0.0.1:8080/articles/a1        (one command)
#include <jsonpatch/http.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <httplib.h>

#include <charconv>
#include <cstddef>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct article {
    std::string id;
    std::string title;
    std::vector<std::string> tags;
    int version = 1;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(article, id, title, tags, version)

// What a client may change in an article, and what it must be afterwards.
const jsonpatch::model<article>& article_model() {
    using namespace jsonpatch;
    static const auto model =
        jsonpatch::model<article>()
            .member("/title", may_replace, type_is({json_kind::string}), non_empty(),
                    max_length(200))
            .member("/tags", may_replace, may_edit_items, items_type_is({json_kind::string}),
                    unique_items(), max_items(10))
            .read_only("/id")
            .read_only("/version")
            .limits(small_resource_limits());
    return model;
}

// The article, shared by httplib's worker threads.
struct shared_article {
    std::mutex mutex;
    article value{"a1", "Hello", {"x"}, 1};
};

std::string etag_of(const article& a) {
    return jsonpatch::http::strong_etag("v" + std::to_string(a.version));
}

constexpr std::size_t max_body_bytes = 1 << 20; // above the model's own 64 KiB limit
constexpr const char* allowed_methods = "GET, HEAD, PATCH, OPTIONS";

// A field's value with all its lines joined by ", " (RFC 9110 §5.3); nullopt when absent.
std::optional<std::string> field(const httplib::Request& req, const std::string& name) {
    const std::size_t lines = req.get_header_value_count(name);
    if (lines == 0) {
        return std::nullopt;
    }
    std::string value = req.get_header_value(name);
    for (std::size_t i = 1; i < lines; ++i) {
        value += ", " + req.get_header_value(name, i);
    }
    return value;
}

void send_problem(httplib::Response& res, int status, std::string_view detail) {
    res.status = status;
    res.set_content(jsonpatch::make_problem_details(status, detail).body.dump(),
                    std::string(jsonpatch::problem_json_media_type));
}

void send_article(httplib::Response& res, const article& a) {
    res.set_header("ETag", etag_of(a));
    res.set_content(nlohmann::json(a).dump(), "application/json");
}

void get(const httplib::Request& req, httplib::Response& res, shared_article& shared) {
    const auto if_match = field(req, "If-Match");
    const auto if_none_match = field(req, "If-None-Match");
    const std::lock_guard<std::mutex> lock(shared.mutex);
    const std::string etag = etag_of(shared.value);
    res.set_header("Accept-Patch", jsonpatch::http::accept_patch());
    switch (
        jsonpatch::http::evaluate_preconditions(req.method, if_match, if_none_match, etag, true)) {
    case jsonpatch::http::precondition::not_modified:
        res.status = 304;
        res.set_header("ETag", etag);
        // A 304's Content-Length, if any, is the 200's (RFC 9110 §8.6); httplib would send 0.
        res.set_header("Content-Length",
                       std::to_string(nlohmann::json(shared.value).dump().size()));
        return;
    case jsonpatch::http::precondition::failed:
        return send_problem(res, 412, "a precondition does not hold for the current version");
    default:
        return send_article(res, shared.value);
    }
}

void patch(const httplib::Request& req, httplib::Response& res, shared_article& shared) {
    const std::string content_type = field(req, "Content-Type").value_or("");
    const auto if_match = field(req, "If-Match");
    const auto if_none_match = field(req, "If-None-Match");
    jsonpatch::http::patch_request request;
    request.content_type = content_type; // views: the strings above outlive the call
    request.if_match = if_match;
    request.if_none_match = if_none_match;
    request.body = req.body;
    request.require_if_match = true;

    const std::lock_guard<std::mutex> lock(shared.mutex); // read, patch and store as one step
    auto answer = jsonpatch::http::handle_patch(request, shared.value, etag_of(shared.value),
                                                article_model());
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers) {
        res.set_header(name, value);
    }
    if (!answer.updated) {
        res.body = std::move(answer.body); // problem details; Content-Type is among the headers
        return;
    }
    if (answer.changed) { // a patch that changed nothing keeps the version and the ETag
        answer.updated->version = shared.value.version + 1;
        shared.value = std::move(*answer.updated);
    }
    send_article(res, shared.value);
}

std::optional<int> port_of(std::string_view text) {
    int port = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size() || port < 0 || port > 65535) {
        return std::nullopt;
    }
    return port;
}

} // namespace

int main(int argc, char** argv) {
    std::optional<int> port = 8080;
    if (argc == 3 && std::string_view(argv[1]) == "--port") {
        port = port_of(argv[2]);
    }
    if ((argc != 1 && argc != 3) || !port) {
        std::cerr << "usage: patch_endpoint_httplib [--port N]   (0: any free port)\n";
        return 2;
    }
    if (const auto verified = article_model().verify(); !verified) {
        std::cerr << jsonpatch::describe(verified.error()) << "\n"; // a bug in the model above
        return 1;
    }

    shared_article shared;
    httplib::Server server;
    server.set_payload_max_length(max_body_bytes); // larger bodies: 413, never read into memory
    const std::string a1 = "/articles/a1";
    server.Get(a1, [&shared](const httplib::Request& req, httplib::Response& res) {
        get(req, res, shared); // HEAD too: httplib drops the body
    });
    server.Patch(a1, [&shared](const httplib::Request& req, httplib::Response& res) {
        patch(req, res, shared);
    });
    server.Options(a1, [](const httplib::Request&, httplib::Response& res) {
        res.status = 204;
        res.set_header("Allow", allowed_methods);
        res.set_header("Accept-Patch", jsonpatch::http::accept_patch());
    });
    const auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Allow", allowed_methods);
        send_problem(res, 405, "the article can be read and patched, not replaced or deleted");
    };
    server.Put(a1, not_allowed).Post(a1, not_allowed).Delete(a1, not_allowed);
    // cpp-httplib decodes a gzip or brotli body with no bound on the decoded size (a 3 KB body
    // can decode to 3 MB): refuse every content coding, before the body is read (RFC 9110
    // §15.5.16).
    server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        const auto coding = field(req, "Content-Encoding");
        if (!coding || *coding == "identity") {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        res.set_header("Accept-Encoding", "identity");
        res.set_header("Connection", "close"); // the content is left unread
        send_problem(res, 415, "content codings are not accepted: send the content as it is");
        return httplib::Server::HandlerResponse::Handled;
    });
    // httplib's own errors (404 for any other path, 413 for a body over the limit, 400) get a
    // problem details body too.
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled; // one of ours, complete
            }
            send_problem(res, res.status,
                         res.status == 404   ? "no resource at this path"
                         : res.status == 413 ? "the request content is larger than 1 MiB"
                                             : "the request cannot be served");
            return httplib::Server::HandlerResponse::Handled;
        }));

    const int bound = *port == 0 ? server.bind_to_any_port("127.0.0.1")
                                 : (server.bind_to_port("127.0.0.1", *port) ? *port : -1);
    if (bound < 0) {
        std::cerr << "patch_endpoint_httplib: cannot listen on 127.0.0.1:" << *port << "\n";
        return 1;
    }
    std::cout << "listening on http://127.0.0.1:" << bound << std::endl;
    return server.listen_after_bind() ? 0 : 1;
}
