// SPDX-License-Identifier: MIT
// The jsonpatch command: apply, validate, diff and merge patches, or run json-patch-tests suites.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/testing.hpp>
#include <jsonpatch/validate.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int exit_ok = 0;
constexpr int exit_patch_error = 1;
constexpr int exit_usage_or_io = 2;

constexpr const char* usage_text =
    "usage:\n"
    "  jsonpatch apply DOC PATCH        print DOC with PATCH applied (RFC 6902)\n"
    "  jsonpatch apply --inverse FILE DOC PATCH\n"
    "                                   as apply, and write the patch that undoes it to FILE\n"
    "  jsonpatch validate PATCH [DOC]   report every problem in PATCH, one JSON error per line\n"
    "  jsonpatch test SUITE.json...     run json-patch-tests files\n"
    "  jsonpatch diff [--test] [--no-move] A B\n"
    "                                   print a patch that turns A into B (RFC 6902); --test\n"
    "                                   guards it with test ops, --no-move never emits move\n"
    "  jsonpatch merge DOC MERGE_PATCH  print DOC with the merge patch applied (RFC 7396)\n"
    "A file name of - reads standard input.\n"
    "Exit status: 0 success, 1 patch error or failed test, 2 usage, unreadable file or invalid DOC.\n";

std::optional<std::string> read_input(const std::string& name) {
    std::ostringstream text;
    if (name == "-") {
        text << std::cin.rdbuf();
        return std::cin.bad() ? std::nullopt : std::optional<std::string>(text.str());
    }
    std::ifstream file(name, std::ios::binary);
    if (!file) {
        return std::nullopt;
    }
    text << file.rdbuf();
    if (file.bad()) {
        return std::nullopt;
    }
    return text.str();
}

// Reads and parses a JSON document (not a patch); prints why on failure. nlohmann's parser is
// iterative, but printing and copying recurse, so documents nested deeper than the engine's
// document-depth limit are refused here rather than risking the stack later.
std::optional<nlohmann::json> read_document(const std::string& name) {
    const auto text = read_input(name);
    if (!text) {
        std::cerr << "jsonpatch: cannot read " << name << "\n";
        return std::nullopt;
    }
    nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
    if (doc.is_discarded()) {
        std::cerr << "jsonpatch: " << name << " is not valid JSON\n";
        return std::nullopt;
    }
    const std::size_t max_depth = jsonpatch::apply_limits{}.max_document_depth;
    if (jsonpatch::detail::measure(doc, max_depth, static_cast<std::size_t>(-1)).depth > max_depth) {
        std::cerr << "jsonpatch: " << name << " nests deeper than " << max_depth << " levels\n";
        return std::nullopt;
    }
    return doc;
}

bool write_output(const std::string& name, const std::string& text) {
    std::ofstream file(name, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    return static_cast<bool>(file);
}

int run_apply(std::vector<std::string> args) {
    std::optional<std::string> inverse_file;
    if (!args.empty() && args[0] == "--inverse") {
        if (args.size() < 2) {
            std::cerr << usage_text;
            return exit_usage_or_io;
        }
        inverse_file = args[1];
        args.erase(args.begin(), args.begin() + 2);
    }
    if (args.size() != 2) {
        std::cerr << usage_text;
        return exit_usage_or_io;
    }
    auto doc = read_document(args[0]);
    if (!doc) {
        return exit_usage_or_io;
    }
    const auto patch_text = read_input(args[1]);
    if (!patch_text) {
        std::cerr << "jsonpatch: cannot read " << args[1] << "\n";
        return exit_usage_or_io;
    }
    auto patch = jsonpatch::parse_patch(*patch_text);
    if (inverse_file) {
        auto inverse = patch ? jsonpatch::apply_with_inverse(*doc, *patch)
                             : jsonpatch::result<jsonpatch::patch>(std::move(patch).error());
        if (!inverse) {
            std::cerr << nlohmann::json(inverse.error()).dump() << "\n";
            return exit_patch_error;
        }
        if (!write_output(*inverse_file, inverse->to_json().dump(2) + "\n")) {
            std::cerr << "jsonpatch: cannot write " << *inverse_file << "\n";
            return exit_usage_or_io;
        }
        std::cout << doc->dump(2) << "\n";
        return exit_ok;
    }
    const jsonpatch::status outcome =
        patch ? jsonpatch::apply(*doc, *patch) : jsonpatch::status(std::move(patch).error());
    if (!outcome) {
        std::cerr << nlohmann::json(outcome.error()).dump() << "\n";
        return exit_patch_error;
    }
    std::cout << doc->dump(2) << "\n";
    return exit_ok;
}

int run_diff(const std::vector<std::string>& args) {
    jsonpatch::diff_options options;
    std::vector<std::string> files;
    for (const auto& arg : args) {
        if (arg == "--test") {
            options.emit_test = true;
        } else if (arg == "--no-move") {
            options.allow_move = false;
        } else {
            files.push_back(arg);
        }
    }
    if (files.size() != 2) {
        std::cerr << usage_text;
        return exit_usage_or_io;
    }
    const auto a = read_document(files[0]);
    if (!a) {
        return exit_usage_or_io;
    }
    const auto b = read_document(files[1]);
    if (!b) {
        return exit_usage_or_io;
    }
    std::cout << jsonpatch::diff(*a, *b, options).to_json().dump(2) << "\n";
    return exit_ok;
}

int run_merge(const std::vector<std::string>& args) {
    if (args.size() != 2) {
        std::cerr << usage_text;
        return exit_usage_or_io;
    }
    auto doc = read_document(args[0]);
    if (!doc) {
        return exit_usage_or_io;
    }
    const auto merge_patch = read_document(args[1]);
    if (!merge_patch) {
        return exit_usage_or_io;
    }
    const jsonpatch::status outcome = jsonpatch::apply_merge_patch(*doc, *merge_patch);
    if (!outcome) {
        std::cerr << nlohmann::json(outcome.error()).dump() << "\n";
        return exit_patch_error;
    }
    std::cout << doc->dump(2) << "\n";
    return exit_ok;
}

int run_validate(const std::vector<std::string>& args) {
    if (args.empty() || args.size() > 2) {
        std::cerr << usage_text;
        return exit_usage_or_io;
    }
    const auto patch_text = read_input(args[0]);
    if (!patch_text) {
        std::cerr << "jsonpatch: cannot read " << args[0] << "\n";
        return exit_usage_or_io;
    }
    std::optional<nlohmann::json> doc;
    if (args.size() == 2) {
        doc = read_document(args[1]);
        if (!doc) {
            return exit_usage_or_io;
        }
    }
    const auto problems = jsonpatch::validate(std::string_view(*patch_text), doc ? &*doc : nullptr);
    for (const auto& e : problems) {
        std::cout << nlohmann::json(e).dump() << "\n";
    }
    return problems.empty() ? exit_ok : exit_patch_error;
}

int run_test(const std::vector<std::string>& args) {
    if (args.empty()) {
        std::cerr << usage_text;
        return exit_usage_or_io;
    }
    jsonpatch::testing::suite_report total;
    for (const auto& name : args) {
        auto suite = read_document(name);
        if (!suite) {
            return exit_usage_or_io;
        }
        const auto report = jsonpatch::testing::run_suite(*suite);
        for (const auto& failure : report.failures) {
            std::cout << "FAIL " << name << " #" << failure.index << " \""
                      << (failure.comment.empty() ? "(no comment)" : failure.comment)
                      << "\": " << failure.explanation << "\n";
        }
        total += report;
    }
    std::cout << total.summary() << "\n";
    return total.failed == 0 ? exit_ok : exit_patch_error;
}

} // namespace

int main(int argc, char** argv) {
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        if (args.empty() || args[0] == "-h" || args[0] == "--help") {
            std::cout << usage_text;
            return args.empty() ? exit_usage_or_io : exit_ok;
        }
        const std::string command = args[0];
        args.erase(args.begin());
        if (command == "apply") {
            return run_apply(args);
        }
        if (command == "validate") {
            return run_validate(args);
        }
        if (command == "test") {
            return run_test(args);
        }
        if (command == "diff") {
            return run_diff(args);
        }
        if (command == "merge") {
            return run_merge(args);
        }
        std::cerr << "jsonpatch: unknown command '" << command << "'\n" << usage_text;
        return exit_usage_or_io;
    } catch (const std::exception& e) {
        // Only resource exhaustion reaches here; report it instead of aborting.
        std::cerr << "jsonpatch: " << e.what() << "\n";
        return exit_usage_or_io;
    }
}
