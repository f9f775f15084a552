// SPDX-License-Identifier: MIT
// CLI tests of `help`, `--help` on every command, and the generated man page: it renders without
// groff warnings, documents what the help documents, and is the same bytes on every build.
#include <jsonpatch/version.hpp>

#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators.hpp>

#include <cstddef>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include "cli_help.hpp"
#include "cli_runner.hpp"

using cli_test::quoted;
using cli_test::run;
using cli_test::scratch_dir;
using cli_test::slurp;

namespace {

const char* const all_commands[] = {"apply",      "validate", "diff", "merge",
                                    "merge-diff", "get",      "test", "help"};

// The options a help text lists: the "--name" that starts each of its option lines.
std::set<std::string> listed_options(const std::string& help) {
    std::set<std::string> names;
    std::istringstream lines(help.substr(
        help.find("\noptions:\n") == std::string::npos ? help.size() : help.find("\noptions:\n")));
    std::string line;
    while (std::getline(lines, line)) {
        const auto start = line.find("--");
        if (line.rfind("  -", 0) != 0 || start == std::string::npos) {
            continue;
        }
        const auto end = line.find_first_of(" =", start);
        names.insert(line.substr(start, end - start));
    }
    return names;
}

struct rendered_page {
    int exit_code = -1;
    std::string text;
    std::string warnings;
};

// The page as `man` shows it on an 80-column terminal, as plain text, with every groff warning.
rendered_page render(const std::string& page) {
    scratch_dir dir;
    const std::string text = dir.path() + "/page.txt";
    const std::string warnings = dir.path() + "/warnings.txt";
    const std::string command = std::string("'") + JSONPATCH_GROFF + "' -man -Tascii -ww -P-cbou " +
                                quoted(page) + " >" + text + " 2>" + warnings;
    rendered_page r;
    const int status = std::system(command.c_str());
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.text = slurp(text);
    r.warnings = slurp(warnings);
    return r;
}

// Whether the page's OPTIONS section has an entry for `option` ("--indent N", "-h, --help").
bool documents_option(const std::string& page, const std::string& option) {
    const auto section = page.find("\nOPTIONS\n");
    if (section == std::string::npos) {
        return false;
    }
    std::istringstream lines(page.substr(section + 9));
    std::string line;
    // Section headings start in column 0, an entry's tag in column 7, its text in column 14.
    while (std::getline(lines, line) && (line.empty() || line[0] == ' ')) {
        const bool is_tag = line.size() > 7 && line.rfind("       ", 0) == 0 && line[7] != ' ';
        const auto at = line.find(option);
        const auto after = at + option.size();
        if (is_tag && at != std::string::npos &&
            (after == line.size() || line[after] == ' ' || line[after] == '=')) {
            return true;
        }
    }
    return false;
}

bool has_groff() {
    return std::string(JSONPATCH_GROFF).size() > 0;
}

} // namespace

TEST_CASE("help, --help and -h list every command and exit 0", "[cli][help]") {
    const auto args = GENERATE(as<std::string>{}, "help", "--help", "-h");
    CAPTURE(args);
    const auto r = run(args);
    CHECK(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(r.out == run("help").out);
    for (const char* command : all_commands) {
        CHECK(r.out.find("\n  " + std::string(command) + " ") != std::string::npos);
    }
    CHECK(r.out.find(std::string("jsonpatch ") + jsonpatch::version_string) == 0);
    CHECK(r.out.find("exit status:") != std::string::npos);
}

TEST_CASE("help COMMAND and COMMAND --help print the command's help, exit 0", "[cli][help]") {
    const std::string command = GENERATE(as<std::string>{}, "apply", "validate", "diff", "merge",
                                         "merge-diff", "get", "test", "help");
    CAPTURE(command);
    const auto help = run("help " + command);
    CHECK(help.exit_code == 0);
    CHECK(help.err.empty());
    CHECK(help.out.rfind("usage: jsonpatch " + command + " ", 0) == 0);
    // --help wins over anything wrong on the same line.
    for (const char* args : {" --help", " -h", " --bogus --help", " a b c d -h"}) {
        CAPTURE(args);
        const auto r = run(command + args);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
        CHECK(r.out == help.out);
    }
    // After "--", --help is an operand like any other.
    CHECK(run(command + " -- --help --help --help").exit_code == 2);
}

TEST_CASE("the options each help lists are the ones the command accepts", "[cli][help]") {
    struct expectation {
        const char* command;
        std::set<std::string> options;
    };
    const expectation table[] = {
        {"apply",
         {"--patch", "--in-place", "--inverse", "--compact", "--indent", "--errors", "--help"}},
        {"validate", {"--patch", "--errors", "--help"}},
        {"diff",
         {"--test", "--no-move", "--exit-code", "--compact", "--indent", "--errors", "--help"}},
        {"merge", {"--in-place", "--compact", "--indent", "--errors", "--help"}},
        {"merge-diff", {"--compact", "--indent", "--errors", "--help"}},
        {"get", {"--compact", "--indent", "--errors", "--help"}},
        {"test", {"--errors", "--help"}},
        {"help", {"--errors"}},
    };
    for (const auto& [command, options] : table) {
        CAPTURE(command);
        CHECK(listed_options(run("help " + std::string(command)).out) == options);
    }
}

TEST_CASE("help of an unknown command is a usage error", "[cli][help]") {
    const auto r = run("help frobnicate");
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("unknown command 'frobnicate'") != std::string::npos);
}

TEST_CASE("the man page renders without groff warnings", "[cli][man]") {
    if (!has_groff()) {
        SKIP("groff is not installed");
    }
    const auto page = render(JSONPATCH_MAN_PAGE);
    CHECK(page.exit_code == 0);
    CHECK(page.warnings.empty());
    CHECK(page.text.find("JSONPATCH(1)") == 0);
}

TEST_CASE("the man page documents every command, option and exit status", "[cli][man]") {
    if (!has_groff()) {
        SKIP("groff is not installed");
    }
    const auto page = render(JSONPATCH_MAN_PAGE);
    for (const char* command : all_commands) {
        CAPTURE(command);
        const auto help = run("help " + std::string(command)).out;
        const auto synopsis = help.substr(7, help.find('\n') - 7); // after "usage: "
        CHECK(page.text.find("\n       " + synopsis + "\n") != std::string::npos);
        for (const auto& option : listed_options(help)) {
            CAPTURE(option);
            CHECK(documents_option(page.text, option));
        }
    }
    CHECK(documents_option(page.text, "--version"));
    CHECK_FALSE(documents_option(page.text, "--frobnicate"));
    const auto exit_status = page.text.find("\nEXIT STATUS\n");
    REQUIRE(exit_status != std::string::npos);
    for (const char* code : {"\n       0      ", "\n       1      ", "\n       2      "}) {
        CHECK(page.text.find(code, exit_status) != std::string::npos);
    }
    CHECK(page.text.find(std::string("jsonpatch ") + jsonpatch::version_string) !=
          std::string::npos);
}

TEST_CASE("the man page is the same bytes on every build", "[cli][man]") {
    scratch_dir dir;
    const std::string first = dir.path() + "/first.1";
    const std::string second = dir.path() + "/second.1";
    const std::string generator = std::string("'") + JSONPATCH_MAN_PAGE_GENERATOR + "' ";
    REQUIRE(std::system((generator + quoted(first)).c_str()) == 0);
    REQUIRE(std::system(("cd / && " + generator + quoted(second)).c_str()) == 0);
    CHECK(slurp(first) == slurp(second));
    CHECK(slurp(first) == slurp(JSONPATCH_MAN_PAGE));
    CHECK(slurp(first).find(std::string("\"jsonpatch ") + jsonpatch::version_string + "\"") !=
          std::string::npos);
}

TEST_CASE("every example of the man page and help runs, with its documented status",
          "[cli][man][examples]") {
    // Each runs in a fresh copy of examples/data/, with the command under test on PATH.
    for (const auto& example : jsonpatch_cli::examples()) {
        CAPTURE(example.command);
        scratch_dir dir;
        const std::string cli = cli_test::cli_path();
        const std::string bin = dir.path() + "/bin";
        const std::string data = dir.path() + "/data";
        const std::string setup = "mkdir " + quoted(bin) + " " + quoted(data) + " && ln -s " +
                                  quoted(cli) + " " + quoted(bin + "/jsonpatch") + " && cp -R " +
                                  quoted(std::string(JSONPATCH_EXAMPLE_DATA) + "/.") + " " +
                                  quoted(data);
        REQUIRE(std::system(setup.c_str()) == 0);
        const std::string script = dir.path() + "/example.sh";
        dir.file("example.sh", "set -o pipefail\n" + std::string(example.command) + "\n");
        const std::string command =
            "cd " + quoted(data) + " && PATH=" + quoted(bin) + ":\"$PATH\" bash " + quoted(script) +
            " >" + quoted(dir.path() + "/out") + " 2>" + quoted(dir.path() + "/err");
        const int status = std::system(command.c_str());
        INFO(slurp(dir.path() + "/out") << slurp(dir.path() + "/err"));
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == example.status);
    }
}
