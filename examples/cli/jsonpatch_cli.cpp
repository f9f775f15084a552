// SPDX-License-Identifier: MIT
// The jsonpatch command: apply, validate, diff and merge patches, look values up, or run
// json-patch-tests suites. `jsonpatch help` lists the commands; cli_help.cpp holds all of its
// documentation.
#include <cstddef>
#include <exception>
#include <string>
#include <unistd.h>
#include <vector>

#include "cli_commands.hpp"
#include "cli_help.hpp"
#include "cli_io.hpp"
#include "cli_options.hpp"
#include "cli_problem.hpp"
#include "cli_report.hpp"

namespace jsonpatch_cli {
namespace {

int print_or_fail(const std::string& text, error_format errors) {
    if (const auto failure = write_stdout(text)) {
        report(*failure, errors);
        return failure->exit_status;
    }
    return exit_ok;
}

bool is_option(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-' && arg != "--";
}

const option_doc* find_any_option(const std::string& arg) {
    const std::string name = arg.substr(0, arg.find('='));
    for (const auto& o : all_options()) {
        if (o.name == name || (!o.short_name.empty() && o.short_name == name)) {
            return &o;
        }
    }
    return nullptr;
}

// Where the command's name is: after any options given before it ("jsonpatch --compact apply"),
// which then count as the command's own. "--indent 4" takes the next word as its value.
std::size_t command_position(const std::vector<std::string>& args) {
    std::size_t i = 0;
    while (i < args.size() && is_option(args[i])) {
        const option_doc* o = find_any_option(args[i]);
        const bool value_follows =
            o != nullptr && !o->value.empty() && args[i].find('=') == std::string::npos;
        i += value_follows ? 2 : 1;
    }
    return i;
}

int usage_error(const std::string& message, const command_doc* command, error_format errors) {
    report(usage_problem(message), errors, command);
    return exit_trouble;
}

int run(const std::vector<std::string>& args) {
    const error_format errors = requested_error_format(args);
    if (args.empty()) {
        // The overview is the answer to a usage error here, so it goes to standard error.
        static_cast<void>(write_all(STDERR_FILENO, overview_help()));
        return exit_trouble;
    }
    if (args[0] == "--help" || args[0] == "-h") {
        return print_or_fail(overview_help(), errors);
    }
    if (args[0] == "--version") {
        return print_or_fail(version_text(), errors);
    }
    const std::size_t at = command_position(args);
    if (at >= args.size()) {
        return find_any_option(args[0]) == nullptr
                   ? usage_error("unknown option '" + args[0] + "'", nullptr, errors)
                   : usage_error("no command: options go with a command, as in 'jsonpatch apply "
                                 "--compact DOC PATCH'",
                                 nullptr, errors);
    }
    const command_doc* command = find_command(args[at]);
    if (command == nullptr) {
        return usage_error("unknown command '" + args[at] + "'", nullptr, errors);
    }
    std::vector<std::string> own(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(at));
    own.insert(own.end(), args.begin() + static_cast<std::ptrdiff_t>(at) + 1, args.end());
    const auto parsed = parse_invocation(*command, own);
    if (!parsed.problem.empty()) {
        return usage_error(parsed.problem, command, errors);
    }
    return run_command(parsed.value);
}

} // namespace
} // namespace jsonpatch_cli

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    try {
        return jsonpatch_cli::run(args);
    } catch (const std::exception& e) {
        // Only resource exhaustion reaches here; report it instead of aborting.
        jsonpatch_cli::report(
            jsonpatch_cli::plain_problem("out_of_memory", e.what(), jsonpatch_cli::exit_trouble),
            jsonpatch_cli::requested_error_format(args));
        return jsonpatch_cli::exit_trouble;
    }
}
