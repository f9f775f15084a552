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
           "patch without applying it, computes the patch or merge patch between two documents, "
           "prints the value at a JSON Pointer, and runs json-patch-tests suite files. A patch is "
           "applied atomically: when any operation fails, nothing is printed or written, and the "
           "error names the patch and the failing operation. Every command uses the same exit "
           "statuses (EXIT STATUS), so scripts can tell a patch that did not apply (1) from input "
           "that is wrong (2).";
}

const std::vector<option_doc>& all_options() {
    static const std::vector<option_doc> options = {
        {option_id::help, "--help", "-h", "",
         "Print the help of the command (or, before any command, the list of commands) and exit "
         "with status 0."},
        {option_id::version, "--version", "", "",
         "Print the versions of jsonpatch and of nlohmann/json and exit with status 0. Given "
         "only before any command."},
        {option_id::patch, "--patch", "-p", "TEXT",
         "The patch itself, as JSON text on the command line, in place of the PATCH operand; "
         "errors name it --patch."},
        {option_id::in_place, "--in-place", "", "",
         "Write the result back to DOC instead of printing it. The result goes to a new file in "
         "DOC's directory, which is flushed to disk and then renamed over DOC, so DOC is always "
         "either wholly old or wholly new. DOC keeps its permissions (and its owner and group "
         "where the user may set them); when DOC is a symbolic link, the file it points to is "
         "replaced and the link stays. On any failure (an invalid DOC or patch, a failing "
         "operation, a directory that cannot be written) DOC is left as it was. DOC cannot be -."},
        {option_id::inverse, "--inverse", "", "FILE",
         "Also write the patch that undoes the change to FILE, before the result is printed or "
         "written. FILE is replaced the way --in-place replaces DOC; a name under /dev/ (such as "
         "/dev/stderr), a device or a FIFO is written to directly. FILE cannot be -."},
        {option_id::compact, "--compact", "", "", "Print JSON on one line."},
        {option_id::indent, "--indent", "", "N",
         "Indent JSON by N spaces, 0 to 16; the default is 2. Of --compact and --indent, the "
         "last one given wins."},
        {option_id::errors, "--errors", "", "FORMAT",
         "How errors are reported on standard error (and validate's problems on standard "
         "output): text, the default, one line for a person; or json, one JSON object per line "
         "for a program, with the members code, value, file, line, column, op_index, path, "
         "from, member and message (null where they do not apply). Every command takes it, and "
         "it applies to every error, usage errors included."},
        {option_id::test_ops, "--test", "", "",
         "Guard the patch with test operations, so that it applies only to A."},
        {option_id::no_move, "--no-move", "", "",
         "Never emit move operations; a moved value is removed and added instead."},
        {option_id::exit_code, "--exit-code", "", "",
         "Exit with status 1 when A and B differ and 0 when they are equal, as diff(1) does; the "
         "patch is printed either way."},
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
         "Applies PATCH to DOC and prints the patched document; with --patch TEXT (-p TEXT) the "
         "patch is given on the command line and PATCH is left out. Either every operation "
         "applies or none does: when one fails, the error names the patch and the operation (op "
         "N, counting from 0), nothing is printed or written, and the status is 1. A patch that "
         "is not valid JSON or not a patch document (an unknown op, a missing member, a "
         "malformed pointer) is status 2, as is a DOC that is not valid JSON.",
         {o::patch, o::in_place, o::inverse, o::compact, o::indent, o::errors, o::help}},
        {"validate",
         "PATCH [DOC]",
         1,
         2,
         "report every problem in PATCH, against DOC if given",
         "Lists every problem of PATCH on standard output, one per line in the --errors format, "
         "each naming PATCH and the operation. Without DOC it reports what needs no document: "
         "invalid JSON, every operation that is malformed (an unknown op, a missing or mistyped "
         "member, a malformed pointer), a remove of the whole document and a move of a value "
         "into its own child. With DOC every operation is also tried, on a copy, so one run "
         "finds all the operations that would fail. The status is the one apply would give: 0 "
         "for no problem, 2 when PATCH is not a patch document, 1 when it is one but would not "
         "apply. With --patch TEXT (-p TEXT) the patch is given on the command line and PATCH "
         "is left out.",
         {o::patch, o::errors, o::help}},
        {"diff",
         "A B",
         2,
         2,
         "print a JSON Patch that turns A into B",
         "Prints a patch that turns document A into document B. Its operations follow the "
         "order of the documents' members and elements. With --exit-code the status also says "
         "whether the documents differ.",
         {o::test_ops, o::no_move, o::exit_code, o::compact, o::indent, o::errors, o::help}},
        {"merge",
         "DOC MERGE_PATCH",
         2,
         2,
         "apply a JSON Merge Patch (RFC 7396) to DOC and print the result",
         "Applies MERGE_PATCH to DOC and prints the merged document; a member whose value is "
         "null is removed. A MERGE_PATCH that is not valid JSON is status 2; a merge patch "
         "beyond the library's limits is status 1.",
         {o::in_place, o::compact, o::indent, o::errors, o::help}},
        {"merge-diff",
         "A B",
         2,
         2,
         "print the JSON Merge Patch (RFC 7396) that turns A into B",
         "Prints a merge patch that turns document A into document B: members of A that B "
         "lacks become null, objects in both are compared member by member, and any other value "
         "that differs is given whole. A null that B holds where A holds none cannot be "
         "expressed, since a null in a merge patch removes the member: then nothing is printed "
         "and the status is 1.",
         {o::compact, o::indent, o::errors, o::help}},
        {"get",
         "DOC POINTER",
         2,
         2,
         "print the value at a JSON Pointer (RFC 6901) in DOC",
         "Prints the value POINTER refers to in DOC. \"\" is the whole document, /a/0 the first "
         "element of member a, / the member whose name is empty; in a member name ~1 stands for "
         "/ and ~0 for ~. Nothing there (a missing member, an index past the end, a - index, a "
         "number or string in the way) is status 1 and the error says where the pointer stops "
         "resolving; a malformed POINTER (neither empty nor starting with /, or a ~ not "
         "followed by 0 or 1) is status 2.",
         {o::compact, o::indent, o::errors, o::help}},
        {"test",
         "SUITE...",
         1,
         unbounded_operands,
         "run json-patch-tests suite files",
         "Runs every record of each SUITE file (an array of records with doc, patch, and "
         "expected or error), prints a FAIL line for each record that fails and ends with the "
         "line \"P passed, F failed, S skipped\". Records marked \"disabled\": true are skipped "
         "and counted. Exits with status 1 when any record fails, 2 when a SUITE is not an "
         "array of records.",
         {o::errors, o::help}},
        {"help",
         "[COMMAND]",
         0,
         1,
         "show the commands, or the help of COMMAND",
         "Prints the list of commands, or the synopsis, description and options of COMMAND, and "
         "exits with status 0.",
         {o::errors}},
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
         "Errors go to standard error as one line of text starting with 'jsonpatch: ', whether "
         "or not standard error is a terminal. Every error about a file names it: 'cannot read "
         "a.json: No such file or directory'; 'a.json is not valid JSON (line 3, column 8)', "
         "for documents and patches alike; and a patch that fails names the patch and the "
         "operation, its path and from, the reason and the error code: 'jsonpatch: p.json: op 1 "
         "(path \"/b\", from \"/a\"): no member 'a' in the document root [from_not_found]'. "
         "Control characters are shown as \\xHH. With --errors=json each error is one JSON "
         "object on one line instead, e.g. {\"code\": \"from_not_found\", \"value\": 301, "
         "\"file\": \"p.json\", \"op_index\": 1, \"path\": \"/b\", \"from\": \"/a\", \"member\": "
         "\"from\", ...}: code is the error code, value its number for the library's codes "
         "(null for the command's own: usage, cannot_read, cannot_write, not_a_suite, "
         "no_merge_patch), and line and column locate invalid JSON. validate prints its problems "
         "the same way on standard output, without the 'jsonpatch: ' prefix."},
    };
    return list;
}

const std::vector<exit_code_doc>& exit_codes() {
    static const std::vector<exit_code_doc> codes = {
        {0, "Success: the patch applied, validate found no problem, get found the value, diff "
            "--exit-code found the documents equal, every suite record passed, or help or the "
            "version was printed."},
        {1, "A well-formed patch did not apply (a failed test, a missing path, a limit), or "
            "validate found that it would not; diff --exit-code found the documents different; "
            "get found nothing at POINTER; merge-diff found no merge patch; a suite record "
            "failed. Nothing was written."},
        {2, "A usage error; a file that cannot be read or written; input that is not valid "
            "JSON, nests too deeply, or is not a patch document (an unknown op, a missing "
            "member, a malformed pointer) or a suite; a malformed POINTER; out of memory. "
            "Nothing was written; with --in-place, DOC is unchanged."},
    };
    return codes;
}

const std::vector<example_doc>& examples() {
    static const std::vector<example_doc> list = {
        {"jsonpatch apply order.json order_patch.json", "Print order.json with the patch applied."},
        {"jsonpatch apply --in-place order.json -p '[{\"op\": \"remove\", \"path\": \"/tags\"}]'",
         "Remove a member from order.json in place, with the patch on the command line."},
        {"jsonpatch apply --in-place --inverse undo.json order.json order_patch.json",
         "Patch order.json in place and keep the patch that undoes it in undo.json."},
        {"jsonpatch apply order.json order_patch.json | jsonpatch diff --compact order.json -",
         "Show what a patch changes: the patch from the document to the result, read from "
         "standard input."},
        {"jsonpatch diff --exit-code order.json order.json > /dev/null && echo same",
         "Tell whether two documents are equal, as diff(1) does."},
        {"jsonpatch apply order.json order_patch.json | jsonpatch merge-diff order.json -",
         "The same change as a merge patch."},
        {"jsonpatch get order.json /items/0/sku", "Print one value of a document."},
        {"jsonpatch validate --errors=json order_bad_patch.json order.json",
         "List every problem of a patch against a document, as JSON lines; the status is 1, "
         "the patch would not apply.",
         1},
    };
    return list;
}

std::string option_label(const option_doc& o) {
    std::string label;
    if (!o.short_name.empty()) {
        label += o.short_name;
        label += ", ";
    }
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
        append_entry(out, "  " + std::string(c.name), 14, c.summary);
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
                   "A file name of - reads standard input. Exit status: 0 success; 1 the patch "
                   "did not apply, the documents differ (diff --exit-code) or nothing is at "
                   "POINTER; 2 a usage error, a file that cannot be read or written, or input "
                   "that is not valid JSON or not a patch.",
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
