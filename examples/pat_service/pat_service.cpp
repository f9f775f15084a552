// SPDX-License-Identifier: MIT
// pat_service: an HTTP service that lists personal access tokens and patches them with jsonpatch.
#include <csignal>
#include <cstdlib>
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
#include <unistd.h>
#include <vector>

#include "access_log.hpp"
#include "credentials.hpp"
#include "http_server.hpp"
#include "open_store.hpp"
#include "pat_routes.hpp"
#include "resource_limits.hpp"
#include "seed.hpp"
#include "service_config.hpp"
#include "service_metrics.hpp"
#include "store_pool.hpp"
#include "tracking_ids.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

// The signals that stop the service: blocked in every thread (the others inherit the mask), so
// one thread takes them with sigwait and stops the server outside signal-handler context.
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
        pat_service::store_options settings;
        settings.timeout = config.store_timeout;
        settings.rebase_window = config.rebase_window;
        auto store =
            pat_service::open_store(config.store, pat_service::seed_file(config.seed), settings);
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

// Sizes --max-connections to memory when it was not given, and makes sure the descriptor limit
// holds that many sockets besides what the service needs anyway (raising the soft limit when the
// hard one allows); false after printing why not.
bool fit_connections(pat_service::service_config& config) {
    auto& connections = config.server.max_connections;
    if (!config.max_connections_given) {
        connections = pat_service::default_max_connections(config.server.limits);
    }
    const std::size_t reserved =
        pat_service::reserved_descriptors(config.store_threads + config.write_threads);
    const auto limit = pat_service::fit_descriptors(connections + reserved);
    if (limit.soft >= connections + reserved) {
        return true;
    }
    if (config.max_connections_given || limit.soft < reserved + 16) {
        std::cerr << "pat_service: --max-connections " << connections << " needs "
                  << connections + reserved << " file descriptors, but RLIMIT_NOFILE allows "
                  << limit.soft << " (hard limit " << limit.hard
                  << "); raise it (ulimit -n) or lower --max-connections\n";
        return false;
    }
    connections = limit.soft - reserved;
    return true;
}

std::vector<std::string_view> environment() {
    std::vector<std::string_view> out;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        out.emplace_back(*entry);
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << pat_service::usage_text();
        return exit_ok;
    }
    auto config = pat_service::parse_configuration(args, environment());
    if (!config || !fit_connections(*config)) {
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

    pat_service::access_log log;
    pat_service::service_metrics metrics;
    pat_service::tracking_ids ids;
    pat_service::store_pool reads(config->store_threads, config->max_queued, config->store_timeout);
    pat_service::store_pool writes(config->write_threads, config->max_queued,
                                   config->store_timeout);
    pat_service::pat_routes routes(
        *store, *credentials, config->routes, metrics, log, [&metrics, &reads, &writes, &log] {
            return metrics.render({reads.queued(), reads.running(), writes.queued(),
                                   writes.running(), log.dropped()});
        });
    // memory: never waits for I/O, so its calls run where the request was read; every other
    // store's calls run on the store threads, bounded by --store-timeout.
    config->server.store_work_inline = config->store == "memory:";
    pat_service::http_server server(config->server, {routes, reads, writes, metrics, log, ids});
    int port = 0;
    try {
        port = server.listen();
    } catch (const std::system_error& failure) {
        std::cerr << "pat_service: cannot listen on " << config->server.host << ":"
                  << config->server.port << ": " << failure.what() << "\n";
        return exit_failure;
    }
    std::thread stopper([&server, &signals] {
        int received = 0;
        sigwait(&signals, &received);
        server.stop();
    });
    const std::string& host = config->server.host;
    const std::string shown = host.find(':') == std::string::npos ? host : "[" + host + "]";
    log.event("start", "listening on " + shown + ":" + std::to_string(port) + ", at most " +
                           std::to_string(config->server.max_connections) + " connections");
    // The socket already listens, so a client that reads this line can connect at once.
    std::cout << "listening on http://" << shown << ":" << port << std::endl;
    server.run();
    // run() returns only after stop(); the signal thread may still wait if it ever did not.
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
    const bool reads_done = reads.stop_within(server.drain_deadline());
    if (!writes.stop_within(server.drain_deadline()) || !reads_done) {
        // A store call is stuck past every deadline: leave without it (the database rolls back
        // whatever it had begun; every answered change is committed).
        log.event("stop", "drain time over with a store call still running; exiting without it");
        log.flush(std::chrono::milliseconds(500));
        std::_Exit(exit_ok);
    }
    log.event("stop", "drained");
    return exit_ok;
}
