// SPDX-License-Identifier: MIT
// A PATCH endpoint on Boost.Beast: one article, kept in memory, at /articles/a1.
// jsonpatch::http::handle_patch decides everything about a PATCH (media type, If-Match, the
// model's rules, the problem details); this file is a small asynchronous Beast server that
// routes requests and moves bytes.
//
//   patch_endpoint_beast --port 8080
//   curl -i http://127.0.0.1:8080/articles/a1
//   curl -i -X PATCH -H 'If-Match: "v1"' -H 'Content-Type: application/merge-patch+json'
//        -d '{"title": "Hi"}' http://127.0.0.1:8080/articles/a1        (one command)
#include <jsonpatch/http.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <exception>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

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

// The article, shared by the threads that run the io_context.
struct shared_article {
    std::mutex mutex;
    article value{"a1", "Hello", {"x"}, 1};
};

std::string etag_of(const article& a) {
    return jsonpatch::http::strong_etag("v" + std::to_string(a.version));
}

constexpr std::size_t max_body_bytes = 1 << 20; // above the model's own 64 KiB limit
constexpr auto idle_timeout = std::chrono::seconds(30);
constexpr const char* allowed_methods = "GET, HEAD, PATCH, OPTIONS";

using request = http::request<http::string_body>;
using response = http::response<http::string_body>;

// A field's value with all its lines joined by ", " (RFC 9110 §5.3); nullopt when absent.
std::optional<std::string> field(const request& req, http::field name) {
    std::optional<std::string> value;
    for (auto [line, end] = req.equal_range(name); line != end; ++line) {
        value = value ? *value + ", " : std::string();
        value->append(line->value().data(), line->value().size());
    }
    return value;
}

void set_problem(response& res, int status, std::string_view detail) {
    res.result(static_cast<unsigned>(status));
    res.set(http::field::content_type, jsonpatch::problem_json_media_type);
    res.body() = jsonpatch::make_problem_details(status, detail).body.dump();
}

void set_article(response& res, const article& a) {
    res.set(http::field::etag, etag_of(a));
    res.set(http::field::content_type, "application/json");
    res.body() = nlohmann::json(a).dump();
}

void get(const request& req, response& res, shared_article& shared) {
    const std::string method(req.method_string().data(), req.method_string().size());
    const auto if_match = field(req, http::field::if_match);
    const auto if_none_match = field(req, http::field::if_none_match);
    const std::lock_guard<std::mutex> lock(shared.mutex);
    const std::string etag = etag_of(shared.value);
    res.set("Accept-Patch", jsonpatch::http::accept_patch());
    switch (jsonpatch::http::evaluate_preconditions(method, if_match, if_none_match, etag, true)) {
    case jsonpatch::http::precondition::not_modified:
        res.result(http::status::not_modified);
        res.set(http::field::etag, etag);
        return;
    case jsonpatch::http::precondition::failed:
        return set_problem(res, 412, "a precondition does not hold for the current version");
    default:
        return set_article(res, shared.value);
    }
}

void patch(const request& req, response& res, shared_article& shared) {
    const std::string content_type = field(req, http::field::content_type).value_or("");
    const auto if_match = field(req, http::field::if_match);
    const auto if_none_match = field(req, http::field::if_none_match);
    jsonpatch::http::patch_request patch_request;
    patch_request.content_type = content_type; // views: the strings above outlive the call
    patch_request.if_match = if_match;
    patch_request.if_none_match = if_none_match;
    patch_request.body = req.body();
    patch_request.require_if_match = true;

    const std::lock_guard<std::mutex> lock(shared.mutex); // read, patch and store as one step
    auto answer = jsonpatch::http::handle_patch(patch_request, shared.value, etag_of(shared.value),
                                                article_model());
    res.result(static_cast<unsigned>(answer.status));
    for (const auto& [name, value] : answer.headers) {
        res.set(name, value);
    }
    if (!answer.updated) {
        res.body() = std::move(answer.body); // problem details; Content-Type is among the headers
        return;
    }
    if (answer.changed) { // a patch that changed nothing keeps the version and the ETag
        answer.updated->version = shared.value.version + 1;
        shared.value = std::move(*answer.updated);
    }
    set_article(res, shared.value);
}

// The answer to one request: the routes of the example.
response answer(const request& req, shared_article& shared) {
    response res{http::status::ok, req.version()};
    res.keep_alive(req.keep_alive());
    if (req.target() != "/articles/a1") {
        set_problem(res, 404, "no resource at this path");
    } else if (req.method() == http::verb::get || req.method() == http::verb::head) {
        get(req, res, shared);
    } else if (req.method() == http::verb::patch && req.count(http::field::content_encoding) != 0 &&
               req[http::field::content_encoding] != "identity") {
        res.set(http::field::accept_encoding, "identity"); // this server decodes no content coding
        set_problem(res, 415, "content codings are not accepted: send the content as it is");
    } else if (req.method() == http::verb::patch) {
        patch(req, res, shared);
    } else if (req.method() == http::verb::options) {
        res.result(http::status::no_content);
        res.set(http::field::allow, allowed_methods);
        res.set("Accept-Patch", jsonpatch::http::accept_patch());
    } else {
        res.set(http::field::allow, allowed_methods);
        set_problem(res, 405, "the article can be read and patched, not replaced or deleted");
    }
    res.prepare_payload();
    if (res.result() == http::status::not_modified) {
        res.erase(http::field::content_length); // or the 200's, never 0 (RFC 9110 §8.6)
    }
    if (req.method() == http::verb::head) {
        res.body().clear(); // HEAD: the GET answer's fields, Content-Length included, no content
    }
    return res;
}

// One connection: read a request, answer it, and again while the client keeps it alive.
class session : public std::enable_shared_from_this<session> {
  public:
    session(tcp::socket socket, shared_article& shared)
        : stream_(std::move(socket)), shared_(shared) {}

    void run() {
        // The socket came with a strand of its own: start there, so that handlers never run
        // concurrently on this connection.
        net::dispatch(stream_.get_executor(),
                      beast::bind_front_handler(&session::read, shared_from_this()));
    }

  private:
    void read() {
        parser_.emplace(); // a fresh parser per request, with its limits
        parser_->body_limit(max_body_bytes);
        stream_.expires_after(idle_timeout); // a client that stalls is dropped
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) {
            // Answered before the content is read (curl waits for it on Expect: 100-continue);
            // the rest of the request is never read, so the connection closes.
            response_ = response{http::status::payload_too_large, parser_->get().version()};
            set_problem(response_, 413, "the request content is larger than 1 MiB");
            response_.keep_alive(false);
            response_.prepare_payload();
            return write();
        }
        if (ec) {
            return close(); // the client left, timed out or sent no HTTP
        }
        response_ = answer(parser_->get(), shared_);
        write();
    }

    void write() {
        http::async_write(stream_, response_,
                          beast::bind_front_handler(&session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec || !response_.keep_alive()) {
            return close();
        }
        read();
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    response response_;
    shared_article& shared_;
};

// Accepts connections and starts a session for each, on a strand of its own.
class listener : public std::enable_shared_from_this<listener> {
  public:
    listener(net::io_context& ioc, tcp::acceptor acceptor, shared_article& shared)
        : ioc_(ioc), acceptor_(std::move(acceptor)), shared_(shared) {}

    void accept() {
        acceptor_.async_accept(net::make_strand(ioc_),
                               beast::bind_front_handler(&listener::on_accept, shared_from_this()));
    }

  private:
    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (!ec) {
            std::make_shared<session>(std::move(socket), shared_)->run();
        }
        accept();
    }

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    shared_article& shared_;
};

std::optional<unsigned short> port_of(std::string_view text) {
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size() || port > 65535) {
        return std::nullopt;
    }
    return static_cast<unsigned short>(port);
}

} // namespace

int main(int argc, char** argv) {
    std::optional<unsigned short> port = 8080;
    if (argc == 3 && std::string_view(argv[1]) == "--port") {
        port = port_of(argv[2]);
    }
    if ((argc != 1 && argc != 3) || !port) {
        std::cerr << "usage: patch_endpoint_beast [--port N]   (0: any free port)\n";
        return 2;
    }
    if (const auto verified = article_model().verify(); !verified) {
        std::cerr << jsonpatch::describe(verified.error()) << "\n"; // a bug in the model above
        return 1;
    }

    shared_article shared;
    const unsigned threads = std::max(2U, std::thread::hardware_concurrency());
    net::io_context ioc(static_cast<int>(threads));
    tcp::acceptor acceptor(ioc);
    try {
        acceptor = tcp::acceptor(ioc, {net::ip::make_address("127.0.0.1"), *port});
    } catch (const std::exception& e) {
        std::cerr << "patch_endpoint_beast: cannot listen on 127.0.0.1:" << *port << ": "
                  << e.what() << "\n";
        return 1;
    }
    std::cout << "listening on http://127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
    std::make_shared<listener>(ioc, std::move(acceptor), shared)->accept();

    // SIGINT and SIGTERM stop the server: every thread returns from run().
    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&ioc](beast::error_code, int) { ioc.stop(); });

    std::vector<std::thread> pool;
    for (unsigned i = 1; i < threads; ++i) {
        pool.emplace_back([&ioc] { ioc.run(); });
    }
    ioc.run();
    for (std::thread& t : pool) {
        t.join();
    }
    return 0;
}
