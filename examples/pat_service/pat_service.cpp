// SPDX-License-Identifier: MIT
// pat_service: an HTTP service that lists personal access tokens and patches them with jsonpatch.
#include <httplib.h>

#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <pthread.h>
#include <signal.h>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

#include "atomic_file.hpp"
#include "pat_routes.hpp"
#include "pat_store.hpp"

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

constexpr const char* usage_text =
    "usage: pat_service --port N --seed FILE [--host 127.0.0.1] [--data FILE]\n"
    "  --port N     port to listen on; 0 picks a free one\n"
    "  --seed FILE  {\"tokens\": [...], \"credentials\": {\"<bearer>\": \"<identity id>\"}}\n"
    "  --host H     address to bind (default 127.0.0.1)\n"
    "  --data FILE  load from FILE if it exists (else from the seed) and save every change to it\n"
    "Prints 'listening on http://HOST:PORT' once it accepts connections; SIGINT or SIGTERM stop "
    "it.\n"
    "Exit status: 0 stopped by a signal, 1 cannot listen, 2 bad arguments, seed or data file.\n";

struct arguments {
    int port = -1;
    std::string seed;
    std::string host = "127.0.0.1";
    std::optional<std::string> data;
};

[[nodiscard]] std::optional<int> parse_port(std::string_view text) {
    int port = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size() || port < 0 || port > 65535) {
        return std::nullopt;
    }
    return port;
}

// The parsed command line, or nothing after printing why.
[[nodiscard]] std::optional<arguments> parse_arguments(const std::vector<std::string_view>& args) {
    arguments parsed;
    for (std::size_t i = 0; i < args.size(); i += 2) {
        const std::string_view option = args[i];
        if (i + 1 >= args.size()) {
            std::cerr << "pat_service: " << option << " needs a value\n" << usage_text;
            return std::nullopt;
        }
        const std::string_view value = args[i + 1];
        if (option == "--port") {
            const auto port = parse_port(value);
            if (!port) {
                std::cerr << "pat_service: --port takes a number from 0 to 65535\n";
                return std::nullopt;
            }
            parsed.port = *port;
        } else if (option == "--seed") {
            parsed.seed = value;
        } else if (option == "--host") {
            parsed.host = value;
        } else if (option == "--data") {
            parsed.data = std::string(value);
        } else {
            std::cerr << "pat_service: unknown option " << option << "\n" << usage_text;
            return std::nullopt;
        }
    }
    if (parsed.port < 0 || parsed.seed.empty() || parsed.host.empty() ||
        (parsed.data && parsed.data->empty())) {
        std::cerr << "pat_service: --port and --seed are required\n" << usage_text;
        return std::nullopt;
    }
    return parsed;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::cout << usage_text;
        return exit_ok;
    }
    const auto parsed = parse_arguments(args);
    if (!parsed) {
        return exit_usage;
    }

    // The seed is always checked, so a broken seed is noticed even while a data file exists.
    auto seed = pat_service::load_state(parsed->seed);
    if (!seed.state) {
        std::cerr << "pat_service: invalid seed: " << seed.problem << "\n";
        return exit_usage;
    }
    pat_service::store_state initial = std::move(*seed.state);
    if (parsed->data && pat_service::file_exists(*parsed->data)) {
        auto data = pat_service::load_state(*parsed->data);
        if (!data.state) {
            std::cerr << "pat_service: invalid data file: " << data.problem << "\n";
            return exit_usage;
        }
        initial = std::move(*data.state);
    }
    pat_service::token_store store(std::move(initial), parsed->data);
    // Writing at once proves the data file is writable before any request is acknowledged.
    if (auto failed = store.save()) {
        std::cerr << "pat_service: cannot write the data file: " << *failed << "\n";
        return exit_usage;
    }

    // Block SIGINT and SIGTERM in every thread (httplib's workers inherit this mask); one thread
    // waits for them with sigwait and stops the server outside signal-handler context.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    // A client that goes away mid-response must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);

    httplib::Server server;
    server.set_payload_max_length(1024 * 1024);
    pat_service::install_routes(server, store);

    const int port = parsed->port == 0
                         ? server.bind_to_any_port(parsed->host)
                         : (server.bind_to_port(parsed->host, parsed->port) ? parsed->port : -1);
    if (port < 0) {
        std::cerr << "pat_service: cannot listen on " << parsed->host << ":" << parsed->port
                  << "\n";
        return exit_failure;
    }

    std::thread stopper([&server, &stop_signals] {
        int received = 0;
        sigwait(&stop_signals, &received);
        // stop() does nothing before listen_after_bind has started; give it a moment to start.
        for (int i = 0; i < 200 && !server.is_running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        server.stop();
    });

    // The socket already listens, so a client that reads this line can connect at once.
    std::cout << "listening on http://" << parsed->host << ":" << port << std::endl;
    const bool served = server.listen_after_bind();

    // listen_after_bind returns after stop(), or on a fatal accept error: then wake the stopper
    // with a process-directed signal (still blocked everywhere, so only sigwait can take it).
    if (!served) {
        ::kill(::getpid(), SIGTERM);
    }
    stopper.join();
    return served ? exit_ok : exit_failure;
}
