#!/usr/bin/env bash
# Builds the benchmarks in Release and prints markdown tables: times and ratios, peak heap, compile cost.
# Usage: scripts/bench.sh [Google Benchmark flags...]   (build tree: build/bench, or $JSONPATCH_BENCH_DIR)
#        scripts/bench.sh --check-only                   (correctness gate only, no timing)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh" libbenchmark-dev

build=${JSONPATCH_BENCH_DIR:-$root/build/bench}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJSONPATCH_BUILD_BENCHMARKS=ON \
    -DJSONPATCH_BUILD_TESTS=OFF -DJSONPATCH_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" --target jsonpatch_bench >&2

echo "# jsonpatch benchmarks"
echo
echo "Machine: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1), $(nproc) logical CPUs;" \
    "$(${CXX:-c++} --version | head -n1)."
"$build/benchmarks/jsonpatch_bench" "$@"
for arg in "$@"; do
    [ "$arg" = --check-only ] && exit 0
done

# Compile cost: the same flags for a TU that includes the umbrella header and applies one patch
# (header-only, and as a user of jsonpatch::compiled), and one that includes only nlohmann/json
# and calls patch(). CPU time (user + sys), which other processes on a shared machine disturb less
# than wall time; the three compiles run in turn, five rounds, and each ratio is the median of the
# five rounds' ratios, so that a machine whose speed drifts during the run does not skew it.
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
nlohmann_dir=$(sed -n 's/^nlohmann_json_DIR:[A-Z]*=//p' "$build/CMakeCache.txt")
# nlohmann's headers: the compiler finds them itself when they live in /usr/include (naming that
# directory with -isystem would break the standard library's #include_next).
flags=(-std=c++17 -O2 -I"$root/include")
nlohmann_include=$(cd "$nlohmann_dir/../../../include" 2>/dev/null && pwd || true)
if [ -n "$nlohmann_include" ] && [ "$nlohmann_include" != /usr/include ] &&
    [ -f "$nlohmann_include/nlohmann/json.hpp" ]; then
    flags+=(-isystem "$nlohmann_include")
fi
probe_dir=$root/benchmarks/compile_cost
cpu_ms() {
    local spent
    spent=$({ TIMEFORMAT='%3U %3S'; time "$cxx" "${flags[@]}" "$@" -o /dev/null; } 2>&1 | tail -n1)
    awk '{ printf "%d", ($1 + $2) * 1000 }' <<<"$spent"
}
nlohmann_probe=(-c "$probe_dir/compile_cost_nlohmann.cpp")
header_only_probe=(-c "$probe_dir/compile_cost_jsonpatch.cpp")
# JSONPATCH_COMPILED, which jsonpatch::compiled passes on to its users, declares the engine's
# instantiations extern: the translation unit compiles none of them (the library's two sources are
# compiled once per build, not per translation unit).
compiled_probe=(-DJSONPATCH_COMPILED -c "$probe_dir/compile_cost_jsonpatch.cpp")
# Fail loudly before timing anything.
"$cxx" "${flags[@]}" "${nlohmann_probe[@]}" -o /dev/null
"$cxx" "${flags[@]}" "${header_only_probe[@]}" -o /dev/null
"$cxx" "${flags[@]}" "${compiled_probe[@]}" -o /dev/null
theirs_all=() ours_all=() compiled_all=() ours_ratio=() compiled_ratio=()
for _ in 1 2 3 4 5; do
    t=$(cpu_ms "${nlohmann_probe[@]}")
    o=$(cpu_ms "${header_only_probe[@]}")
    c=$(cpu_ms "${compiled_probe[@]}")
    theirs_all+=("$t") ours_all+=("$o") compiled_all+=("$c")
    ours_ratio+=("$(awk -v a="$o" -v b="$t" 'BEGIN { printf "%.4f", a / b }')")
    compiled_ratio+=("$(awk -v a="$c" -v b="$t" 'BEGIN { printf "%.4f", a / b }')")
done
median() { printf '%s\n' "$@" | sort -g | sed -n 3p; }
echo
echo "## Compile cost (CPU time, median of 5 interleaved rounds, $(basename "$cxx") -std=c++17 -O2)"
echo
echo "| translation unit | CPU time | ratio | goal |"
echo "|---|---:|---:|---|"
echo "| <nlohmann/json.hpp> + patch() | $(median "${theirs_all[@]}") ms | 1.00× | |"
compile_row() {
    awk -v name="$1" -v a="$2" -v r="$3" -v goal="$4" 'BEGIN {
        printf "| %s | %d ms | %.2f× | ≤ %.1f×: %s |\n", name, a, r, goal, (r <= goal ? "met" : "MISSED")
    }'
}
compile_row "<jsonpatch/jsonpatch.hpp> + apply(), header-only" "$(median "${ours_all[@]}")" \
    "$(median "${ours_ratio[@]}")" 1.2
compile_row "<jsonpatch/jsonpatch.hpp> + apply(), jsonpatch::compiled" "$(median "${compiled_all[@]}")" \
    "$(median "${compiled_ratio[@]}")" 1.0
