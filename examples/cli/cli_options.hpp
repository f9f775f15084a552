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
    bool exit_code = false;
    /// Spaces per level; -1 prints one line (--compact).
    int indent = 2;
    error_format errors = error_format::text;
    std::optional<std::string> inverse_file;
    /// --patch TEXT: the patch itself, in place of the PATCH operand.
    std::optional<std::string> patch_text;
};

/// An invocation, or the reason the command line is wrong (then `problem` is not empty).
struct parsed_invocation {
    invocation value;
    std::string problem;
};

/// The error format `args` ask for with --errors (json or text; the last one given before "--"
/// wins), so that a usage error found before that option is read is reported in it too.
[[nodiscard]] error_format requested_error_format(const std::vector<std::string>& args);

/// Reads the arguments after the command name. Options and operands may come in any order; "--"
/// ends the options, and "-" is an operand (standard input). "--help" or "-h" anywhere before
/// "--" asks for help and nothing else is checked.
[[nodiscard]] parsed_invocation parse_invocation(const command_doc& command,
                                                 const std::vector<std::string>& args);

} // namespace jsonpatch_cli

#endif // JSONPATCH_CLI_OPTIONS_HPP
