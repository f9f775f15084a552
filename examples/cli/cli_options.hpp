// SPDX-License-Identifier: MIT
// The jsonpatch command line, read into what one command is asked to do.
#ifndef JSONPATCH_CLI_OPTIONS_HPP
#define JSONPATCH_CLI_OPTIONS_HPP

#include <optional>
#include <string>
#include <vector>

#include "cli_help.hpp"

namespace jsonpatch_cli {

enum class error_format { text, json };

/// What one command line asks for, once its options are read.
struct invocation {
    const command_doc* command = nullptr;
    std::vector<std::string> operands;
    bool help = false;
    bool in_place = false;
    bool test_ops = false;
    bool no_move = false;
    /// Spaces per level; -1 prints one line (--compact).
    int indent = 2;
    /// Unset: text when the errors go to a terminal, json otherwise.
    std::optional<error_format> errors;
    std::optional<std::string> inverse_file;
};

/// An invocation, or the reason the command line is wrong (then `problem` is not empty).
struct parsed_invocation {
    invocation value;
    std::string problem;
};

/// Reads the arguments after the command name. Options and operands may come in any order; "--"
/// ends the options, and "-" is an operand (standard input). "--help" or "-h" anywhere before
/// "--" asks for help and nothing else is checked.
[[nodiscard]] parsed_invocation parse_invocation(const command_doc& command,
                                                 const std::vector<std::string>& args);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_OPTIONS_HPP
