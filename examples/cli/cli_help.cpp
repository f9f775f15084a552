// SPDX-License-Identifier: MIT
// The jsonpatch command's documentation table and its plain-text rendering for `help`.
#include "cli_help.hpp"

#include <jsonpatch/version.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jsonpatch_cli {

std::string_view program_name() {
    return "jsonpatch";
}

std::string_view program_summary() {
    return "apply, check and compute JSON Patch (RFC 6902) and JSON Merge Patch (RFC 7396)";
}

std::string_view program_description() {
    return "jsonpatch applies a JSON Patch or a JSON Merge Patch to a JSON document, checks a "
           "patch "
           "without applying it, computes the patch between two documents, and runs "
           "json-patch-tests suite files. A patch is applied atomically: when any operation "
           "fails, nothing is printed or written, and the error names the failing operation.";
}

const std::vector<option_doc>& all_options() {
    static const std::vector<option_doc> options = {
        {option_id::help, "--help", "",
         "Print the help of the command (or, before any command, the list of commands) and exit "
         "with status 0."},
        {option_id::version, "--version", "",
         "Print the versions of jsonpatch and of nlohmann/json and exit with status 0. Given "
         "only before any command."},
        {option_id::in_place, "--in-place", "",
         "Write the result back to DOC instead of printing it. The result goes to a new file in "
         "DOC's directory, which is flushed to disk and then renamed over DOC, so DOC is always "
         "either wholly old or wholly new. DOC keeps its permissions (and its owner and group "
         "where the user may set them); when DOC is a symbolic link, the file it points to is "
         "replaced and the link stays. On any failure (an invalid DOC or patch, a failing "
         "operation, a directory that cannot be written) DOC is left as it was. DOC cannot be -."},
        {option_id::inverse, "--inverse", "FILE",
         "Also write the patch that undoes the change to FILE, before the result is printed or "
         "written. FILE is replaced the way --in-place replaces DOC; a name under /dev/ (such as "
         "/dev/stderr), a device or a FIFO is written to directly. FILE cannot be -."},
        {option_id::compact, "--compact", "", "Print JSON on one line."},
        {option_id::indent, "--indent", "N",
         "Indent JSON by N spaces, 0 to 16; the default is 2. Of --compact and --indent, the "
         "last one given wins."},
        {option_id::errors, "--errors", "FORMAT",
         "How errors from the patch are reported: text (one line for a person) or json (one "
         "JSON object per error, with the members code, value, op_index, path, from, member and "
         "message). The default is text when errors go to a terminal and json otherwise."},
        {option_id::test_ops, "--test", "",
         "Guard the patch with test operations, so that it applies only to A."},
        {option_id::no_move, "--no-move", "",
         "Never emit move operations; a moved value is removed and added instead."},
    };
    return options;
}

const option_doc& option(option_id id) {
    const auto& options = all_options();
    return *std::find_if(options.begin(), options.end(),
                         [id](const option_doc& o) { return o.id == id; });
}

const std::vector<command_doc>& all_commands() {
    using o = option_id;
    static const std::vector<command_doc> commands = {
        {"apply",
         "DOC PATCH",
         2,
         2,
         "apply a JSON Patch (RFC 6902) to DOC and print the result",
         "Applies PATCH to DOC and prints the patched document. Either every operation applies "
         "or none does: on failure the error names the operation, and exit status 1 means "
         "nothing was printed or written. Invalid patch text is a patch error too (status 1); "
         "an invalid DOC is status 2.",
         {o::in_place, o::inverse, o::compact, o::indent, o::errors, o::help}},
        {"validate",
         "PATCH [DOC]",
         1,
         2,
         "report every problem in PATCH, against DOC if given",
         "Lists every problem PATCH has, one per line on standard output in the --errors format "
         "(text when standard output is a terminal, json otherwise), and exits with status 1 "
         "when there is any. Without DOC the patch's shape is checked; with DOC every operation "
         "is also tried, on a copy, so one run finds all the operations that would fail.",
         {o::errors, o::help}},
        {"diff",
         "A B",
         2,
         2,
         "print a JSON Patch that turns A into B",
         "Prints a patch that turns document A into document B. Its operations follow the "
         "order of the documents' members and elements.",
         {o::test_ops, o::no_move, o::compact, o::indent, o::help}},
        {"merge",
         "DOC MERGE_PATCH",
         2,
         2,
         "apply a JSON Merge Patch (RFC 7396) to DOC and print the result",
         "Applies MERGE_PATCH to DOC and prints the merged document; a member whose value is "
         "null is removed. An invalid MERGE_PATCH is status 2; a merge patch beyond the "
         "library's limits is a patch error (status 1).",
         {o::in_place, o::compact, o::indent, o::errors, o::help}},
        {"test",
         "SUITE...",
         1,
         unbounded_operands,
         "run json-patch-tests suite files",
         "Runs every record of each SUITE file (an array of records with doc, patch, and "
         "expected or error), prints a FAIL line for each record that fails and ends with the "
         "line \"P passed, F failed, S skipped\". Records marked \"disabled\": true are skipped "
         "and counted. Exits with status 1 when any record fails.",
         {o::help}},
        {"help",
         "[COMMAND]",
         0,
         1,
         "show the commands, or the help of COMMAND",
         "Prints the list of commands, or the synopsis, description and options of COMMAND, and "
         "exits with status 0.",
         {}},
    };
    return commands;
}

const command_doc* find_command(std::string_view name) {
    const auto& commands = all_commands();
    const auto found = std::find_if(commands.begin(), commands.end(),
                                    [name](const command_doc& c) { return c.name == name; });
    return found == commands.end() ? nullptr : &*found;
}

const std::vector<section_doc>& sections() {
    static const std::vector<section_doc> list = {
        {"INPUT AND OUTPUT",
         "Operands name files; a file name of - reads standard input, and at most one operand "
         "may be -. Results are printed on standard output, indented by 2 spaces unless "
         "--compact or --indent says otherwise, and end with a newline. The library's default "
         "limits apply to every document and patch (for example, documents nested more than "
         "512 levels deep are refused)."},
        {"MEMBER ORDER",
         "Objects keep their members in the order they were read: apply, merge and diff print "
         "DOC's members in DOC's order, and members that a patch adds go after them, in the "
         "patch's order."},
        {"ERRORS",
         "A patch that cannot be applied is reported on standard error in the --errors format. "
         "As text, one line names the operation by its index, its path and from, the reason and "
         "the error code, e.g. 'jsonpatch: op 1 (path \"/b\", from \"/a\"): ... "
         "[from_not_found]' (validate prints its problems on standard output, without the "
         "'jsonpatch: ' prefix). As "
         "json, one object per error, e.g. {\"code\": \"from_not_found\", \"value\": 301, "
         "\"op_index\": 1, \"path\": \"/b\", \"from\": \"/a\", \"member\": \"from\", "
         "\"message\": ...}, printed on one line. "
         "Other problems (usage, a file that cannot be read or written, invalid input) are one "
         "line of text starting with 'jsonpatch:' and, for files, naming the reason, e.g. "
         "'jsonpatch: cannot read a.json: No such file or directory'."},
    };
    return list;
}

const std::vector<exit_code_doc>& exit_codes() {
    static const std::vector<exit_code_doc> codes = {
        {0, "Success: the patch applied, the patch is valid, every suite record passed, or help "
            "or the version was printed."},
        {1, "The patch or merge patch failed or is invalid, validate found a problem, or a suite "
            "record failed. Nothing was printed or written."},
        {2, "Usage error; a file that cannot be read or written; DOC, A, B, MERGE_PATCH or a "
            "suite that is not valid JSON or is nested too deeply; or out of memory. With "
            "--in-place, DOC is unchanged."},
    };
    return codes;
}

const std::vector<example_doc>& examples() {
    static const std::vector<example_doc> list = {
        {"jsonpatch apply order.json order_patch.json", "Print order.json with the patch applied."},
        {"jsonpatch apply --in-place --inverse undo.json order.json order_patch.json",
         "Patch order.json in place and keep the patch that undoes it."},
        {"jsonpatch diff a.json b.json | jsonpatch apply --compact a.json -",
         "Apply a patch read from standard input and print the result on one line."},
        {"jsonpatch diff --test old.json new.json > change.json",
         "Record the change between two documents as a guarded patch."},
        {"jsonpatch validate --errors=json patch.json doc.json",
         "List every problem of a patch against a document, as JSON lines."},
    };
    return list;
}

std::string option_label(const option_doc& o) {
    std::string label = o.id == option_id::help ? "-h, " : "";
    label += o.name;
    if (!o.value.empty()) {
        label += o.id == option_id::errors ? "=" : " ";
        label += o.value;
    }
    return label;
}

namespace {

constexpr std::size_t line_width = 80;

// Appends `text` wrapped at line_width. `out` already holds `column` characters of the current
// line; continuation lines are indented by `indent` spaces.
void append_wrapped(std::string& out, std::string_view text, std::size_t indent,
                    std::size_t column) {
    bool line_empty = true;
    while (!text.empty()) {
        const std::size_t space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        text = space == std::string_view::npos ? std::string_view() : text.substr(space + 1);
        if (!line_empty && column + 1 + word.size() > line_width) {
            out += '\n';
            out.append(indent, ' ');
            column = indent;
            line_empty = true;
        }
        if (!line_empty) {
            out += ' ';
            ++column;
        }
        out += word;
        column += word.size();
        line_empty = false;
    }
    out += '\n';
}

// `label` padded to `width` columns (on a line of its own when it is longer), then `text` wrapped
// under that column.
void append_entry(std::string& out, const std::string& label, std::size_t width,
                  std::string_view text) {
    out += label;
    if (label.size() + 2 > width) {
        out += '\n';
        out.append(width, ' ');
    } else {
        out.append(width - label.size(), ' ');
    }
    append_wrapped(out, text, width, width);
}

std::string synopsis(const command_doc& c) {
    std::string line = std::string(program_name()) + " " + std::string(c.name);
    if (!c.options.empty()) {
        line += " [OPTIONS]";
    }
    return line + " " + std::string(c.operands);
}

} // namespace

std::string overview_help() {
    std::string out;
    append_wrapped(out,
                   std::string(program_name()) + " " + jsonpatch::version_string + " - " +
                       std::string(program_summary()),
                   2, 0);
    out += "\nusage: jsonpatch COMMAND [OPTIONS] OPERANDS...\n"
           "       jsonpatch --version | --help\n\ncommands:\n";
    for (const auto& c : all_commands()) {
        append_entry(out, "  " + std::string(c.name), 12, c.summary);
    }
    out += "\n";
    append_wrapped(out,
                   "Run 'jsonpatch help COMMAND' for the options of a command. A file name of - "
                   "reads standard input.",
                   0, 0);
    out += "\nexit status:\n";
    for (const auto& e : exit_codes()) {
        append_entry(out, "  " + std::to_string(e.code), 5, e.meaning);
    }
    return out;
}

std::string command_help(const command_doc& c) {
    std::string out = "usage: " + synopsis(c) + "\n\n";
    append_wrapped(out, c.description, 0, 0);
    if (!c.options.empty()) {
        out += "\noptions:\n";
        for (const option_id id : c.options) {
            append_entry(out, "  " + option_label(option(id)), 22, option(id).text);
        }
    }
    out += "\n";
    append_wrapped(out,
                   "A file name of - reads standard input. Exit status: 0 success, 1 patch error "
                   "or failed test, 2 usage error or unreadable, unwritable or invalid input.",
                   0, 0);
    return out;
}

std::string version_text() {
    return std::string(program_name()) + " " + jsonpatch::version_string + " (nlohmann/json " +
           std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
           std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
           std::to_string(NLOHMANN_JSON_VERSION_PATCH) + ")\n";
}

} // namespace jsonpatch_cli
