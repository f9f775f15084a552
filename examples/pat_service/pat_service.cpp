// SPDX-License-Identifier: MIT
// pat_service: an HTTP service that lists personal access tokens and patches them with jsonpatch.
#include <csignal>
#include <iostream>
#include <malloc.h>
#include <memory>
#include <pthread.h>
#include <signal.h>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <thread>
#include <vector>

#include "buffer_stream.hpp"
#include "credentials.hpp"
#include "http_front.hpp"
#include "open_store.hpp"
#include "pat_routes.hpp"
#include "routed_server.hpp"
#include "seed.hpp"
#include "service_config.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

// The signals that stop the service: blocked in every thread (the workers inherit the mask), so
// one thread takes them with sigwait and stops the front end outside signal-handler context.
sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

// The store named by the configuration, or nothing after printing why. The seed is read only
// when the store is new.
std::unique_ptr<pat_service::token_store>
open_configured_store(const pat_service::service_config& config) {
    try {
        auto store = pat_service::open_store(config.store, pat_service::seed_file(config.seed),
                                             config.store_settings);
        // The parsed seed is gone; give its pages back instead of keeping them for life.
        ::malloc_trim(0);
        return store;
    } catch (const pat_service::seed_error& failure) {
        std::cerr << "pat_service: invalid seed: " << failure.what() << "\n";
    } catch (const pat_service::store_unavailable& failure) {
        std::cerr << "pat_service: cannot open the store: " << failure.what() << "\n";
    }
    return nullptr;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << pat_service::usage_text();
        return exit_ok;
    }
    const auto config = pat_service::parse_command_line(args);
    if (!config) {
        return exit_usage;
    }
    // Every file the service creates (the database and its -wal/-shm) is for its owner only.
    ::umask(S_IRWXG | S_IRWXO);
    auto store = open_configured_store(*config);
    if (!store) {
        return exit_usage;
    }
    std::unique_ptr<pat_service::credential_index> credentials;
    try {
        credentials = std::make_unique<pat_service::credential_index>(store->lookup_key(),
                                                                      store->credentials());
    } catch (const std::exception& failure) {
        std::cerr << "pat_service: cannot read the credentials: " << failure.what() << "\n";
        return exit_usage;
    }

    const sigset_t signals = stop_signals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN); // a client that goes away mid-response must not kill us

    pat_service::tracking_ids ids;
    pat_service::routed_server server;
    // httplib's Keep-Alive header then tells clients what the front end really does.
    server.set_keep_alive_timeout(config->front.idle_timeout.count() / 1000);
    server.set_keep_alive_max_count(config->front.max_requests_per_connection);
    pat_service::install_routes(server, *store, *credentials, config->routes, ids);
    pat_service::http_front front(
        config->front,
        [&server](std::string_view request, const pat_service::endpoints& ends, bool close,
                  std::string& response, bool& closed) {
            pat_service::buffer_stream stream(request, response, ends);
            closed = !server.serve(stream, close, closed) || closed;
        },
        ids);

    int port = 0;
    try {
        port = front.listen();
    } catch (const std::system_error& failure) {
        std::cerr << "pat_service: cannot listen on " << config->front.host << ":"
                  << config->front.port << ": " << failure.what() << "\n";
        return exit_failure;
    }
    std::thread stopper([&front, &signals] {
        int received = 0;
        sigwait(&signals, &received);
        front.stop();
    });
    // The socket already listens, so a client that reads this line can connect at once.
    std::cout << "listening on http://" << config->front.host << ":" << port << std::endl;
    front.run();
    stopper.join();
    return exit_ok;
}
