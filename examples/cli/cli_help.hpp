// SPDX-License-Identifier: MIT
// The jsonpatch command's documentation as data: one table read by the option parser, by `help`
// and by the man page generator, so the three cannot drift apart.
#ifndef JSONPATCH_CLI_HELP_HPP
#define JSONPATCH_CLI_HELP_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jsonpatch_cli {

/// Every option any command takes; the parser switches on these.
/// `version` is the program's own (`jsonpatch --version`); no command takes it.
enum class option_id {
    help,
    version,
    patch,
    in_place,
    inverse,
    compact,
    indent,
    errors,
    test_ops,
    no_move,
    exit_code
};

/// One option: its spelling (and one-letter spelling, if any), the placeholder of its value
/// (empty for a switch) and what it does.
struct option_doc {
    option_id id;
    std::string_view name;
    std::string_view short_name;
    std::string_view value;
    std::string_view text;
};

/// One command: how it is called, what it does and which options it takes.
struct command_doc {
    std::string_view name;
    std::string_view operands; ///< as shown in synopses, e.g. "DOC PATCH"
    std::size_t min_operands;
    std::size_t max_operands; ///< unbounded_operands for "FILE..."
    std::string_view summary; ///< one line, for the command list
    std::string_view description;
    std::vector<option_id> options;
};

inline constexpr std::size_t unbounded_operands = static_cast<std::size_t>(-1);

/// A titled section of prose (input, member order, errors) shown by `help` and the man page.
struct section_doc {
    std::string_view title;
    std::string_view text;
};

struct exit_code_doc {
    int code;
    std::string_view meaning;
};

/// One example of the man page: a shell command run in examples/data/ (the CLI tests run each
/// one there), what it shows, and the exit status it ends with.
struct example_doc {
    std::string_view command;
    std::string_view text;
    int status = 0;
};

[[nodiscard]] std::string_view program_name();
[[nodiscard]] std::string_view program_summary();
[[nodiscard]] std::string_view program_description();
[[nodiscard]] const std::vector<option_doc>& all_options();
[[nodiscard]] const option_doc& option(option_id id);
[[nodiscard]] const std::vector<command_doc>& all_commands();
/// The command called `name`, or null.
[[nodiscard]] const command_doc* find_command(std::string_view name);
[[nodiscard]] const std::vector<section_doc>& sections();
[[nodiscard]] const std::vector<exit_code_doc>& exit_codes();
[[nodiscard]] const std::vector<example_doc>& examples();
/// "--indent N", "--errors=FORMAT", "-p, --patch TEXT": an option as its help shows it.
[[nodiscard]] std::string option_label(const option_doc& o);

/// `jsonpatch help`: the commands, how to get more, the exit codes.
[[nodiscard]] std::string overview_help();
/// `jsonpatch help COMMAND` and `jsonpatch COMMAND --help`.
[[nodiscard]] std::string command_help(const command_doc& c);
/// `jsonpatch --version`.
[[nodiscard]] std::string version_text();

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_HELP_HPP
