// SPDX-License-Identifier: MIT
// The jsonpatch command: apply, validate, diff and merge patches, or run json-patch-tests suites.
// `jsonpatch help` lists the commands; cli_help.cpp holds all of its documentation.
#include <exception>
#include <string>
#include <unistd.h>
#include <vector>

#include "cli_commands.hpp"
#include "cli_help.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_report.hpp"

namespace jsonpatch_cli {
namespace {

int print_or_fail(const std::string& text) {
    if (const auto failure = write_stdout(text)) {
        report_failure(*failure);
        return exit_usage_or_io;
    }
    return exit_ok;
}

int run(const std::vector<std::string>& args) {
    if (args.empty()) {
        // The overview is the answer to a usage error here, so it goes to standard error.
        static_cast<void>(write_all(STDERR_FILENO, overview_help()));
        return exit_usage_or_io;
    }
    const std::string& first = args[0];
    if (first == "--help" || first == "-h") {
        return print_or_fail(overview_help());
    }
    if (first == "--version") {
        return print_or_fail(version_text());
    }
    const command_doc* command = find_command(first);
    if (command == nullptr) {
        const bool looks_like_option = first.size() > 1 && first[0] == '-';
        report_usage((looks_like_option ? "unknown option '" : "unknown command '") + first + "'",
                     nullptr);
        return exit_usage_or_io;
    }
    const auto parsed = parse_invocation(*command, {args.begin() + 1, args.end()});
    if (!parsed.problem.empty()) {
        report_usage(parsed.problem, command);
        return exit_usage_or_io;
    }
    return run_command(parsed.value);
}

} // namespace
} // namespace jsonpatch_cli

int main(int argc, char** argv) {
    try {
        return jsonpatch_cli::run(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const std::exception& e) {
        // Only resource exhaustion reaches here; report it instead of aborting.
        jsonpatch_cli::report_failure(e.what());
        return jsonpatch_cli::exit_usage_or_io;
    }
}
