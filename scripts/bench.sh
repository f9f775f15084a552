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

# Compile cost: the same flags for a TU that includes the umbrella header and applies one patch,
# and one that includes only nlohmann/json and calls patch(); median CPU time (user + sys) of 5
# compiles each, which other processes on a shared machine disturb less than wall time.
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
median_compile() {
    local times=() spent
    "$cxx" "${flags[@]}" "$@" -o /dev/null # fail loudly before timing anything
    for _ in 1 2 3 4 5; do
        spent=$({ TIMEFORMAT='%3U %3S'; time "$cxx" "${flags[@]}" "$@" -o /dev/null; } 2>&1 | tail -n1)
        times+=("$(awk '{ printf "%d", ($1 + $2) * 1000 }' <<<"$spent")")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
theirs=$(median_compile -c "$probe_dir/compile_cost_nlohmann.cpp")
ours=$(median_compile -c "$probe_dir/compile_cost_jsonpatch.cpp")
# Compiled mode: what jsonpatch::compiled's users compile. JSONPATCH_COMPILED, which that target
# passes on, declares the engine's instantiations extern, so the translation unit compiles none of
# them; the library's own two sources are compiled once per build, not per translation unit.
compiled=$(median_compile -DJSONPATCH_COMPILED -c "$probe_dir/compile_cost_jsonpatch.cpp")
echo
echo "## Compile cost (median CPU time of 5 compiles, $(basename "$cxx") -std=c++17 -O2)"
echo
echo "| translation unit | CPU time | ratio | goal |"
echo "|---|---:|---:|---|"
echo "| <nlohmann/json.hpp> + patch() | ${theirs} ms | 1.00× | |"
compile_row() {
    awk -v name="$1" -v a="$2" -v b="$theirs" -v goal="$3" 'BEGIN {
        r = a / b
        printf "| %s | %d ms | %.2f× | ≤ %.1f×: %s |\n", name, a, r, goal, (r <= goal ? "met" : "MISSED")
    }'
}
compile_row "<jsonpatch/jsonpatch.hpp> + apply(), header-only" "$ours" 1.2
compile_row "<jsonpatch/jsonpatch.hpp> + apply(), jsonpatch::compiled" "$compiled" 1.0
