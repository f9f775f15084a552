// SPDX-License-Identifier: MIT
// Reading a command's options and operands, checked against the documentation table.
#include "cli_options.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli_help.hpp"

namespace jsonpatch_cli {
namespace {

constexpr int max_indent = 16;

bool is_option(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-';
}

// Help wins over every other problem on the line, so `jsonpatch apply --bogus --help` still
// shows what apply takes.
bool asks_for_help(const std::vector<std::string>& args) {
    for (const auto& arg : args) {
        if (arg == "--") {
            return false;
        }
        if (arg == "--help" || arg == "-h") {
            return true;
        }
    }
    return false;
}

const option_doc* find_option(const command_doc& command, std::string_view name) {
    for (const option_id id : command.options) {
        const option_doc& o = option(id);
        if (o.name == name || (!o.short_name.empty() && o.short_name == name)) {
            return &o;
        }
    }
    return nullptr;
}

std::optional<int> parse_indent(const std::string& text) {
    if (text.empty() || text.size() > 2 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const int n = std::stoi(text);
    return n <= max_indent ? std::optional<int>(n) : std::nullopt;
}

std::optional<error_format> parse_error_format(const std::string& text) {
    if (text == "text") {
        return error_format::text;
    }
    if (text == "json") {
        return error_format::json;
    }
    return std::nullopt;
}

// Records option `o` with `value`; returns why the value is wrong, or "".
std::string set_option(invocation& inv, const option_doc& o, const std::string& value) {
    switch (o.id) {
    case option_id::help:
        inv.help = true;
        break;
    case option_id::version:
        break; // only before a command, never in a command's list
    case option_id::patch:
        inv.patch_text = value;
        break;
    case option_id::exit_code:
        inv.exit_code = true;
        break;
    case option_id::in_place:
        inv.in_place = true;
        break;
    case option_id::inverse:
        inv.inverse_file = value;
        break;
    case option_id::compact:
        inv.indent = -1;
        break;
    case option_id::test_ops:
        inv.test_ops = true;
        break;
    case option_id::no_move:
        inv.no_move = true;
        break;
    case option_id::indent: {
        const auto n = parse_indent(value);
        if (!n) {
            return "--indent takes a number from 0 to " + std::to_string(max_indent) + ", not '" +
                   value + "'";
        }
        inv.indent = *n;
        break;
    }
    case option_id::errors: {
        const auto format = parse_error_format(value);
        if (!format) {
            return "--errors takes text or json, not '" + value + "'";
        }
        inv.errors = *format;
        break;
    }
    }
    return {};
}

// Reads the option at args[i], as "--name", "--name=value" or "--name value" (then `i` moves past
// the value); returns why it is wrong, or "".
std::string read_option(invocation& inv, const std::vector<std::string>& args, std::size_t& i) {
    const std::string& arg = args[i];
    const std::size_t equals = arg.find('=');
    const std::string name = arg.substr(0, equals);
    const option_doc* o = find_option(*inv.command, name);
    if (o == nullptr) {
        return "unknown option '" + name + "' for '" + std::string(inv.command->name) + "'";
    }
    if (o->value.empty()) {
        return equals == std::string::npos ? set_option(inv, *o, {})
                                           : "option " + name + " takes no value";
    }
    if (equals != std::string::npos) {
        return set_option(inv, *o, arg.substr(equals + 1));
    }
    if (i + 1 == args.size()) {
        return "option " + name + " needs a value (" + std::string(o->value) + ")";
    }
    ++i;
    return set_option(inv, *o, args[i]);
}

// The operands `inv` needs: the command's, less PATCH when --patch gives the patch (apply and
// validate, whose operands start with PATCH or hold it second).
std::string count_operands(const invocation& inv) {
    const command_doc& c = *inv.command;
    const std::size_t n = inv.operands.size();
    const std::size_t less = inv.patch_text ? 1 : 0;
    const std::size_t min = c.min_operands > less ? c.min_operands - less : 0;
    if (n >= min && n <= c.max_operands - less) {
        return {};
    }
    std::string wrong = "wrong number of operands for '" + std::string(c.name) + "': expected " +
                        std::string(c.operands);
    if (std::find(c.options.begin(), c.options.end(), option_id::patch) != c.options.end()) {
        wrong += inv.patch_text ? ", without PATCH since --patch gives the patch"
                                : " (or --patch TEXT in place of PATCH)";
    }
    return wrong;
}

// The rules that concern operands: how many, standard input read once, where output may go.
std::string check_operands(const invocation& inv) {
    if (auto wrong = count_operands(inv); !wrong.empty()) {
        return wrong;
    }
    // Every operand names a file, but get's POINTER.
    const auto files_end = inv.command->name == "get" && !inv.operands.empty()
                               ? inv.operands.begin() + 1
                               : inv.operands.end();
    if (std::count(inv.operands.begin(), files_end, "-") > 1) {
        return "standard input can be read only once: give - for at most one operand";
    }
    if (inv.in_place && inv.operands[0] == "-") {
        return "--in-place writes DOC back, so DOC must be a file, not -";
    }
    if (inv.inverse_file && *inv.inverse_file == "-") {
        return "--inverse writes a file, not standard output (-)";
    }
    return {};
}

} // namespace

error_format requested_error_format(const std::vector<std::string>& args) {
    error_format format = error_format::text;
    for (std::size_t i = 0; i < args.size() && args[i] != "--"; ++i) {
        std::optional<error_format> asked;
        if (args[i].rfind("--errors=", 0) == 0) {
            asked = parse_error_format(args[i].substr(9));
        } else if (args[i] == "--errors" && i + 1 < args.size()) {
            asked = parse_error_format(args[++i]);
        }
        format = asked.value_or(format);
    }
    return format;
}

parsed_invocation parse_invocation(const command_doc& command,
                                   const std::vector<std::string>& args) {
    parsed_invocation parsed;
    invocation& inv = parsed.value;
    inv.command = &command;
    if (asks_for_help(args)) {
        inv.help = true;
        return parsed;
    }
    bool options_ended = false;
    for (std::size_t i = 0; i < args.size() && parsed.problem.empty(); ++i) {
        if (!options_ended && args[i] == "--") {
            options_ended = true;
        } else if (!options_ended && is_option(args[i])) {
            parsed.problem = read_option(inv, args, i);
        } else {
            inv.operands.push_back(args[i]);
        }
    }
    if (parsed.problem.empty()) {
        parsed.problem = check_operands(inv);
    }
    return parsed;
}

} // namespace jsonpatch_cli
