// SPDX-License-Identifier: MIT
// Benchmarks jsonpatch against nlohmann's patch() and diff() and hand-written floors, and prints
// markdown tables.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <bench_diff.hpp>
#include <bench_floor.hpp>
#include <bench_memory.hpp>
#include <bench_typed.hpp>
#include <bench_workloads.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <malloc.h>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Counting replacements of the global allocation functions (see bench_memory.hpp). The size is
// taken from malloc_usable_size so that sized and unsized deletes agree.
jsonpatch_bench::memory::counters& jsonpatch_bench::memory::state() noexcept {
    static counters c;
    return c;
}

namespace {

void* counted_new(std::size_t size) {
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    auto& c = jsonpatch_bench::memory::state();
    if (c.enabled) {
        c.live += malloc_usable_size(p);
        c.peak = std::max(c.peak, c.live);
    }
    return p;
}

void counted_delete(void* p) noexcept {
    if (p == nullptr) {
        return;
    }
    auto& c = jsonpatch_bench::memory::state();
    if (c.enabled) {
        const std::size_t size = malloc_usable_size(p);
        c.live = c.live >= size ? c.live - size : 0; // blocks allocated before start() count 0
    }
    std::free(p);
}

} // namespace

void* operator new(std::size_t size) {
    return counted_new(size);
}
void* operator new[](std::size_t size) {
    return counted_new(size);
}
void operator delete(void* p) noexcept {
    counted_delete(p);
}
void operator delete[](void* p) noexcept {
    counted_delete(p);
}
void operator delete(void* p, std::size_t) noexcept {
    counted_delete(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    counted_delete(p);
}

namespace {

using json = nlohmann::json;
namespace floor = jsonpatch_bench::floor;

// One patch in every form a contestant needs, prepared outside the timed region.
struct prepared {
    json patch_json;
    jsonpatch::patch parsed;
    std::vector<floor::op> floor_ops; // points into patch_json

    explicit prepared(json p) : patch_json(std::move(p)) {
        parsed = jsonpatch::parse_patch(patch_json).value();
        floor_ops = floor::compile(patch_json);
    }
};

// A correctness gate step: apply `patch` to the document as the previous step left it.
struct check_step {
    std::unique_ptr<prepared> patch;
    json expected;
    bool succeeds = true;
};

struct workload {
    std::string name;
    std::string description;
    json doc;
    std::vector<std::unique_ptr<prepared>> timed; // applied in turn, one per iteration
    std::vector<check_step> checks;
};

struct contestant {
    std::string name;
    bool atomic;
    bool (*run)(json& doc, const prepared& p);
};

const std::vector<contestant>& contestants() {
    static const std::vector<contestant> all = {
        {"ours one-shot", true,
         [](json& doc, const prepared& p) {
             return static_cast<bool>(jsonpatch::apply(doc, p.patch_json));
         }},
        {"ours pre-parsed", true,
         [](json& doc, const prepared& p) {
             return static_cast<bool>(jsonpatch::apply(doc, p.parsed));
         }},
        {"nlohmann patch()", true,
         [](json& doc, const prepared& p) {
             try {
                 json result = doc.patch(p.patch_json);
                 doc.swap(result); // the old document is destroyed inside the timed region
                 return true;
             } catch (const json::exception&) {
                 return false;
             }
         }},
        {"nlohmann patch_inplace()", false,
         [](json& doc, const prepared& p) {
             try {
                 doc.patch_inplace(p.patch_json);
                 return true;
             } catch (const json::exception&) {
                 return false;
             }
         }},
        {"floor", false,
         [](json& doc, const prepared& p) { return floor::apply_plain(doc, p.floor_ops); }},
        {"floor + journal", true,
         [](json& doc, const prepared& p) { return floor::apply_journaled(doc, p.floor_ops); }},
        {"floor + journal + parsing", true,
         [](json& doc, const prepared& p) { return floor::apply_parsing(doc, p.patch_json); }},
    };
    return all;
}

json reference_patch(const json& doc, const json& patch_json) {
    return doc.patch(patch_json);
}

// Net-zero patch P: the gate applies its first half (a state nlohmann's own patch() computes
// independently), then the second half (back to the original), then all of P; a contestant that
// does nothing fails the first step.
std::vector<check_step> halves_then_whole(const json& doc, const json& patch_json) {
    const auto middle = static_cast<std::ptrdiff_t>(patch_json.size() / 2);
    json first(patch_json.begin(), patch_json.begin() + middle);
    json second(patch_json.begin() + middle, patch_json.end());
    if (first.empty()) {
        first = json::array();
    }
    std::vector<check_step> steps;
    const json mid = reference_patch(doc, first);
    if (reference_patch(mid, second) != doc || reference_patch(doc, patch_json) != doc) {
        std::fprintf(stderr, "bench: generated patch is not net-zero\n");
        std::exit(2);
    }
    steps.push_back({std::make_unique<prepared>(first), mid, true});
    steps.push_back({std::make_unique<prepared>(second), doc, true});
    steps.push_back({std::make_unique<prepared>(patch_json), doc, true});
    return steps;
}

workload one_replace(std::string name, std::size_t bytes) {
    workload w;
    w.name = std::move(name);
    w.description = "one replace 7 levels deep, alternating 4096 and back to 8192";
    w.doc = jsonpatch_bench::make_document(bytes);
    const json there =
        json::array({jsonpatch_bench::op("replace", jsonpatch_bench::deep_path, 4096)});
    const json back =
        json::array({jsonpatch_bench::op("replace", jsonpatch_bench::deep_path, 8192)});
    w.timed.push_back(std::make_unique<prepared>(there));
    w.timed.push_back(std::make_unique<prepared>(back));
    w.checks.push_back({std::make_unique<prepared>(there), reference_patch(w.doc, there), true});
    w.checks.push_back({std::make_unique<prepared>(back), w.doc, true});
    return w;
}

workload net_zero(std::string name, std::string description, json doc, json patch_json) {
    workload w;
    w.name = std::move(name);
    w.description = std::move(description);
    w.doc = std::move(doc);
    w.checks = halves_then_whole(w.doc, patch_json);
    w.timed.push_back(std::make_unique<prepared>(std::move(patch_json)));
    return w;
}

// Workloads whose name contains `only` (all when empty); the profiling mode builds just one.
std::vector<workload> make_workloads(std::string_view only) {
    const auto wanted = [only](std::string_view name) {
        return only.empty() || name.find(only) != std::string_view::npos;
    };
    std::vector<workload> out;
    for (const auto& [name, bytes] : {std::pair<const char*, std::size_t>{"W1 1 KB", 1'000},
                                      {"W1 100 KB", 100'000},
                                      {"W1 10 MB", 10'000'000}}) {
        if (wanted(name)) {
            out.push_back(one_replace(name, bytes));
        }
    }
    const json doc100k = jsonpatch_bench::make_document(100'000);
    const json w2 = jsonpatch_bench::mixed_patch(doc100k, 100, 2);
    if (wanted("W2 100 ops")) {
        out.push_back(net_zero("W2 100 ops", "100 mixed ops on the 100 KB document", doc100k, w2));
    }
    if (wanted("W3 10k ops")) {
        json doc10m = jsonpatch_bench::make_document(10'000'000);
        json w3 = jsonpatch_bench::mixed_patch(doc10m, 10'000, 3);
        out.push_back(net_zero("W3 10k ops", "10,000 mixed ops on the 10 MB document",
                               std::move(doc10m), std::move(w3)));
    }
    if (wanted("W4 array[0]")) {
        const json w4 = json::array({jsonpatch_bench::op("add", "/list/0", {{"id", -1}}),
                                     jsonpatch_bench::op("remove", "/list/0")});
        out.push_back(net_zero("W4 array[0]",
                               "insert at index 0 of a 100,000-element array, then remove it",
                               jsonpatch_bench::make_array_document(100'000), w4));
    }
    if (!wanted("W5 failing")) {
        return out;
    }
    // W5: W2 whose last op is a test that fails, so the whole patch must be rejected.
    workload w5;
    w5.name = "W5 failing";
    w5.description = "W2 with its last op a failing test: rejected, document unchanged";
    w5.doc = doc100k;
    json failing = w2;
    failing.back() = jsonpatch_bench::op("test", jsonpatch_bench::deep_path, "not this");
    w5.checks.push_back({std::make_unique<prepared>(failing), w5.doc, false});
    w5.timed.push_back(std::make_unique<prepared>(std::move(failing)));
    out.push_back(std::move(w5));
    return out;
}

std::string& workload_filter() {
    static std::string filter;
    return filter;
}

std::vector<workload>& workloads() {
    static std::vector<workload> all = make_workloads(workload_filter());
    return all;
}

std::vector<jsonpatch_bench::diff_bench::prepared_set>& diff_sets() {
    static std::vector<jsonpatch_bench::diff_bench::prepared_set> all =
        jsonpatch_bench::diff_bench::prepare(workload_filter());
    return all;
}

// Typed-model workloads, selected by the same --workloads filter (e.g. --workloads=T1).
std::vector<jsonpatch_bench::typed::workload>& typed_workloads() {
    static std::vector<jsonpatch_bench::typed::workload> all = [] {
        std::vector<jsonpatch_bench::typed::workload> chosen;
        for (auto& w : jsonpatch_bench::typed::make_workloads()) {
            if (std::string_view(w.name).find(workload_filter()) != std::string_view::npos) {
                chosen.push_back(std::move(w));
            }
        }
        return chosen;
    }();
    return all;
}

const workload* find_workload(std::string_view name) {
    for (const workload& w : workloads()) {
        if (w.name == name) {
            return &w;
        }
    }
    return nullptr;
}

// The profiling mode's only call into a contestant, kept out of line so that callgrind can
// count exactly this function (--toggle-collect='*profiled_run*').
[[gnu::noinline]] bool profiled_run(const contestant& c, json& doc, const prepared& p) {
    return c.run(doc, p);
}

[[gnu::noinline]] std::size_t profiled_diff(const jsonpatch_bench::diff_bench::contestant& c,
                                            const jsonpatch_bench::diff_bench::prepared_set& s) {
    return c.run(s);
}

// The correctness gate: every contestant must produce the expected document (and success or
// failure) on every check step before anything is timed.
bool run_gate() {
    bool ok = true;
    for (const workload& w : workloads()) {
        for (const contestant& c : contestants()) {
            json doc = w.doc;
            for (std::size_t i = 0; i < w.checks.size(); ++i) {
                const check_step& step = w.checks[i];
                const bool succeeded = c.run(doc, *step.patch);
                const bool doc_ok = (!step.succeeds && !c.atomic) || doc == step.expected;
                if (succeeded != step.succeeds || !doc_ok) {
                    std::fprintf(stderr, "bench: WRONG RESULT: %s on %s, check step %zu (%s)\n",
                                 c.name.c_str(), w.name.c_str(), i,
                                 succeeded != step.succeeds ? "success/failure differs"
                                                            : "document differs");
                    ok = false;
                    break;
                }
                if (!succeeded && !c.atomic) {
                    doc = w.doc;
                }
            }
        }
    }
    return jsonpatch_bench::diff_bench::check(diff_sets()) &&
           jsonpatch_bench::typed::check(typed_workloads()) && ok;
}

void timed(benchmark::State& state, const workload& w, const contestant& c) {
    json doc = w.doc;
    std::size_t next = 0;
    for (auto _ : state) {
        const prepared& p = *w.timed[next];
        next = next + 1 == w.timed.size() ? 0 : next + 1;
        const bool ok = c.run(doc, p);
        benchmark::DoNotOptimize(ok);
        if (!ok && !c.atomic) {
            // W5 leaves non-atomic contestants half-patched: restore outside the timed region.
            state.PauseTiming();
            doc = w.doc;
            state.ResumeTiming();
        }
    }
}

// Collects the median of each benchmark while the console reporter shows progress on stderr.
class table_reporter : public benchmark::ConsoleReporter {
  public:
    table_reporter() : benchmark::ConsoleReporter(OO_None) {}
    void ReportRuns(const std::vector<Run>& runs) override {
        benchmark::ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.run_type == Run::RT_Aggregate && run.aggregate_name == "median") {
                // real time per iteration, in microseconds
                // CPU time of this process: on a shared machine, wall time also counts the
                // moments other processes held the core.
                medians[run.run_name.function_name] =
                    run.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(run.time_unit) *
                    1e6;
            }
        }
    }
    std::map<std::string, double> medians;
};

std::string key(const workload& w, const contestant& c) {
    return w.name + "/" + c.name;
}

// Three significant figures or more, whatever the scale.
std::string format_time(double us) {
    char buffer[64];
    if (us >= 10'000) {
        std::snprintf(buffer, sizeof buffer, "%.1f ms", us / 1000);
    } else if (us >= 1'000) {
        std::snprintf(buffer, sizeof buffer, "%.2f ms", us / 1000);
    } else if (us >= 10) {
        std::snprintf(buffer, sizeof buffer, "%.1f µs", us);
    } else if (us >= 1) {
        std::snprintf(buffer, sizeof buffer, "%.2f µs", us);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.3f µs", us);
    }
    return buffer;
}

struct memory_report {
    std::size_t document = 0;
    std::size_t ours_one_shot = 0;
    std::size_t ours_pre_parsed = 0;
    std::size_t nlohmann_patch = 0;
};

// Peak heap above the document while one W1 apply runs on the 10 MB document (counting allocator).
memory_report measure_memory() {
    memory_report r;
    const workload* found = find_workload("W1 10 MB");
    if (found == nullptr) {
        return r;
    }
    const workload& w = *found;
    const prepared& p = *w.timed[0];
    jsonpatch_bench::memory::start();
    json doc = w.doc;
    r.document = jsonpatch_bench::memory::live();
    jsonpatch_bench::memory::start();
    if (!jsonpatch::apply(doc, p.patch_json)) {
        std::abort();
    }
    r.ours_one_shot = jsonpatch_bench::memory::peak();
    jsonpatch_bench::memory::start();
    if (!jsonpatch::apply(doc, w.timed[1]->parsed)) {
        std::abort();
    }
    r.ours_pre_parsed = jsonpatch_bench::memory::peak();
    jsonpatch_bench::memory::start();
    {
        json result = doc.patch(p.patch_json);
        doc.swap(result);
    }
    r.nlohmann_patch = jsonpatch_bench::memory::peak();
    jsonpatch_bench::memory::stop();
    return r;
}

// The target rows of the tables: a measured ratio against its goal.
void target_row(const std::string& what, double value, double target) {
    if (value < 0) {
        std::printf("| %s | – | ≤ %.1f× | not run |\n", what.c_str(), target);
        return;
    }
    std::printf("| %s | %.2f× | ≤ %.1f× | %s |\n", what.c_str(), value, target,
                value <= target ? "met" : "MISSED");
}

void print_diff_report(const table_reporter& rep) {
    namespace db = jsonpatch_bench::diff_bench;
    if (diff_sets().empty()) {
        return;
    }
    const auto median = [&rep](const db::prepared_set& s, std::size_t c) {
        const auto it = rep.medians.find(db::key(s, db::contestants()[c]));
        return it == rep.medians.end() ? -1.0 : it->second;
    };
    std::printf("\n## Diff: median time per pass over the pairs, operations per pass\n\n");
    std::printf("| pairs | ours | nlohmann json::diff | floor (== walk) | ours / nlohmann | "
                "ours / floor | ops: ours | ops: nlohmann |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const db::prepared_set& s : diff_sets()) {
        const double ours = median(s, 0);
        const double theirs = median(s, 1);
        const double floor_time = median(s, 2);
        std::printf("| %s | %s | %s | %s | %.2f× | %.2f× | %zu | %zu |\n", s.set.name.c_str(),
                    format_time(ours).c_str(), format_time(theirs).c_str(),
                    format_time(floor_time).c_str(), ours / theirs, ours / floor_time, s.ours_ops,
                    s.theirs_ops);
    }
    std::printf("\nPairs:\n\n");
    for (const db::prepared_set& s : diff_sets()) {
        std::printf("- %s: %s\n", s.set.name.c_str(), s.set.description.c_str());
    }
    std::printf("\n## Diff targets\n\n| target | measured | goal | |\n|---|---:|---:|---|\n");
    const auto quotient = [](double a, double b) { return a < 0 || b < 0 ? -1.0 : a / b; };
    for (const db::prepared_set& s : diff_sets()) {
        target_row("ours / nlohmann, " + s.set.name, quotient(median(s, 0), median(s, 1)), 1.0);
    }
    for (const db::prepared_set& s : diff_sets()) {
        if (s.set.nearly_equal) {
            target_row("ours / floor, " + s.set.name, quotient(median(s, 0), median(s, 2)), 2.0);
        }
    }
}

void print_typed_report(const table_reporter& rep) {
    namespace tb = jsonpatch_bench::typed;
    if (typed_workloads().empty()) {
        return;
    }
    const auto median = [&rep](const tb::workload& w, const tb::contestant& c) {
        const auto it = rep.medians.find(tb::key(w, c));
        return it == rep.medians.end() ? -1.0 : it->second;
    };
    const tb::contestant& floor_contestant = tb::contestants().back();
    std::printf("\n## Typed models: median time per patch of a struct (ratio to \"%s\")\n\n"
                "| workload |",
                floor_contestant.name);
    for (const tb::contestant& c : tb::contestants()) {
        std::printf(" %s |", c.name);
    }
    std::printf("\n|---|");
    for (std::size_t i = 0; i < tb::contestants().size(); ++i) {
        std::printf("---:|");
    }
    std::printf("\n");
    for (const tb::workload& w : typed_workloads()) {
        const double base = median(w, floor_contestant);
        std::printf("| %s |", w.name);
        for (const tb::contestant& c : tb::contestants()) {
            const double t = median(w, c);
            if (t < 0 || base < 0) {
                std::printf(" – |");
            } else {
                std::printf(" %s (%.2f×) |", format_time(t).c_str(), t / base);
            }
        }
        std::printf("\n");
    }
    std::printf("\nThe floor has no policy, no value rules, no typed checks and no atomicity (a "
                "failed patch_inplace leaves the document half-patched); apply_to has all of "
                "them, under the model of benchmarks/bench_typed.hpp.\n\nWorkloads:\n\n");
    for (const tb::workload& w : typed_workloads()) {
        std::printf("- %s: %s, on a 10-member profile with a nested struct, an array and a map\n",
                    w.name, w.description);
    }
}

void print_report(const table_reporter& rep, const memory_report& mem) {
    print_diff_report(rep);
    print_typed_report(rep);
    if (workloads().empty()) {
        return;
    }
    const auto median = [&rep](const workload& w, const contestant& c) {
        const auto it = rep.medians.find(key(w, c));
        return it == rep.medians.end() ? -1.0 : it->second;
    };
    const contestant& floor_journal = contestants()[5];
    std::printf("\n## Median time per apply (ratio to \"floor + journal\")\n\n| workload |");
    for (const contestant& c : contestants()) {
        std::printf(" %s |", c.name.c_str());
    }
    std::printf("\n|---|");
    for (std::size_t i = 0; i < contestants().size(); ++i) {
        std::printf("---:|");
    }
    std::printf("\n");
    for (const workload& w : workloads()) {
        const double base = median(w, floor_journal);
        std::printf("| %s |", w.name.c_str());
        for (const contestant& c : contestants()) {
            const double t = median(w, c);
            if (t < 0) {
                std::printf(" – |");
            } else {
                std::printf(" %s (%.2f×) |", format_time(t).c_str(), t / base);
            }
        }
        std::printf("\n");
    }
    std::printf("\nWorkloads:\n\n");
    for (const workload& w : workloads()) {
        std::printf("- %s: %s (document %zu bytes as JSON text)\n", w.name.c_str(),
                    w.description.c_str(), w.doc.dump().size());
    }

    // -1 when either side was not measured (filtered out), so no target reads "met" by accident.
    const auto quotient = [](double a, double b) { return a < 0 || b < 0 ? -1.0 : a / b; };
    const auto ratio = [&](const char* wname, std::size_t a, std::size_t b) {
        const workload* w = find_workload(wname);
        return w == nullptr ? -1.0
                            : quotient(median(*w, contestants()[a]), median(*w, contestants()[b]));
    };
    const auto row = target_row;
    std::printf("\n## Targets\n\n| target | measured | goal | |\n|---|---:|---:|---|\n");
    for (const char* wname : {"W1 1 KB", "W1 10 MB", "W2 100 ops", "W3 10k ops"}) {
        row(std::string("pre-parsed / floor + journal, ") + wname, ratio(wname, 1, 5), 1.3);
    }
    row("pre-parsed / floor + journal, W5 failing", ratio("W5 failing", 1, 5), 2.0);
    for (const char* wname : {"W1 10 MB", "W2 100 ops", "W3 10k ops"}) {
        row(std::string("one-shot / floor + journal + parsing, ") + wname, ratio(wname, 0, 6), 1.3);
    }
    row("pre-parsed / floor + journal, W4 array[0]", ratio("W4 array[0]", 1, 5), 1.1);
    row("pre-parsed / floor (no journal), W4 array[0]", ratio("W4 array[0]", 1, 4), 1.1);
    if (const workload* small = find_workload("W1 1 KB"), *large = find_workload("W1 10 MB");
        small != nullptr && large != nullptr) {
        row("pre-parsed W1 10 MB / W1 1 KB (size independence)",
            quotient(median(*large, contestants()[1]), median(*small, contestants()[1])), 1.1);
    }

    const double mb = 1024.0 * 1024.0;
    std::printf("\n## Peak heap of one W1 apply on the 10 MB document\n\n");
    std::printf(
        "Counting global operator new/delete (malloc_usable_size per block); the peak is the "
        "most heap held at once during the call, above what the document already held.\n\n");
    std::printf("| | extra heap at peak | document + extra | goal |\n|---|---:|---:|---|\n");
    std::printf("| document itself | – | %.1f MiB | |\n", static_cast<double>(mem.document) / mb);
    const auto mem_row = [&](const char* what, std::size_t extra, bool has_goal) {
        std::printf("| %s | %.3f MiB | %.1f MiB | %s |\n", what, static_cast<double>(extra) / mb,
                    static_cast<double>(mem.document + extra) / mb,
                    !has_goal             ? ""
                    : extra <= (1u << 20) ? "≤ document + 1 MiB: met"
                                          : "≤ document + 1 MiB: MISSED");
    };
    mem_row("ours one-shot apply(doc, json)", mem.ours_one_shot, true);
    mem_row("ours apply(doc, patch)", mem.ours_pre_parsed, true);
    mem_row("nlohmann patch()", mem.nlohmann_patch, false);
}

} // namespace

// Flags: --check-only (correctness gate only), --workloads=<name part>, --profile=<contestant> with
// --iterations=<n> (untimed runs for callgrind); anything else goes to Google Benchmark.
int main(int argc, char** argv) {
    bool check_only = false;
    std::vector<char*> args;
    static char repetitions[] = "--benchmark_repetitions=5";
    static char min_time[] = "--benchmark_min_time=0.1";
    static char aggregates[] = "--benchmark_report_aggregates_only=true";
    args.push_back(argv[0]);
    args.push_back(repetitions);
    args.push_back(min_time);
    args.push_back(aggregates);
    std::string profile;
    long iterations = 1000;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--check-only") {
            check_only = true;
        } else if (arg.rfind("--workloads=", 0) == 0) {
            workload_filter() = arg.substr(12);
        } else if (arg.rfind("--profile=", 0) == 0) {
            profile = arg.substr(10);
        } else if (arg.rfind("--iterations=", 0) == 0) {
            iterations = std::atol(argv[i] + 13);
        } else {
            args.push_back(argv[i]);
        }
    }
    std::fprintf(stderr, "bench: generating workloads (seed %llu)\n",
                 static_cast<unsigned long long>(jsonpatch_bench::seed));
    if (!run_gate()) {
        std::fprintf(stderr, "bench: correctness gate failed; nothing was timed\n");
        return 1;
    }
    std::fprintf(stderr,
                 "bench: correctness gate passed for %zu contestants on %zu workloads and %zu "
                 "diff pair sets\n",
                 contestants().size(), workloads().size(), diff_sets().size());
    if (check_only) {
        return 0;
    }
    if (!profile.empty()) {
        // For valgrind --tool=callgrind: run one contestant on the selected workloads, untimed.
        for (const contestant& c : contestants()) {
            if (c.name != profile) {
                continue;
            }
            for (const workload& w : workloads()) {
                json doc = w.doc;
                for (long i = 0; i < iterations; ++i) {
                    const bool ok = profiled_run(
                        c, doc, *w.timed[static_cast<std::size_t>(i) % w.timed.size()]);
                    benchmark::DoNotOptimize(ok);
                }
            }
            return 0;
        }
        for (const auto& c : jsonpatch_bench::diff_bench::contestants()) {
            if (c.name != profile) {
                continue;
            }
            for (const auto& s : diff_sets()) {
                for (long i = 0; i < iterations; ++i) {
                    benchmark::DoNotOptimize(profiled_diff(c, s));
                }
            }
            return 0;
        }
        std::fprintf(stderr, "bench: no contestant named '%s'\n", profile.c_str());
        return 1;
    }
    const memory_report mem = measure_memory();

    int count = static_cast<int>(args.size());
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data())) {
        return 1;
    }
    for (const workload& w : workloads()) {
        for (const contestant& c : contestants()) {
            benchmark::RegisterBenchmark(key(w, c).c_str(), [&w, &c](benchmark::State& state) {
                timed(state, w, c);
            })->Unit(benchmark::kMicrosecond);
        }
    }
    for (const auto& s : diff_sets()) {
        for (const auto& c : jsonpatch_bench::diff_bench::contestants()) {
            benchmark::RegisterBenchmark(jsonpatch_bench::diff_bench::key(s, c).c_str(),
                                         [&s, &c](benchmark::State& state) {
                                             for (auto _ : state) {
                                                 benchmark::DoNotOptimize(c.run(s));
                                             }
                                         })
                ->Unit(benchmark::kMicrosecond);
        }
    }
    for (const auto& w : typed_workloads()) {
        for (const auto& c : jsonpatch_bench::typed::contestants()) {
            benchmark::RegisterBenchmark(
                jsonpatch_bench::typed::key(w, c).c_str(), [&w, &c](benchmark::State& state) {
                    jsonpatch_bench::typed::profile current = jsonpatch_bench::typed::sample();
                    bool there = true;
                    for (auto _ : state) {
                        jsonpatch_bench::typed::profile next;
                        const bool ok = c.run(current, w, there, next);
                        benchmark::DoNotOptimize(ok);
                        current = std::move(next);
                        there = !there;
                    }
                })
                ->Unit(benchmark::kMicrosecond);
        }
    }
    table_reporter reporter;
    reporter.SetOutputStream(&std::cerr);
    reporter.SetErrorStream(&std::cerr);
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    print_report(reporter, mem);
    return 0;
}
