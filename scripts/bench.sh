#!/usr/bin/env bash
# Builds the benchmarks in Release and prints markdown tables: times and ratios, peak heap, compile cost.
# Usage: scripts/bench.sh [Google Benchmark flags...]   (build tree: build/bench, or $JSONPATCH_BENCH_DIR)
#        scripts/bench.sh --check-only                   (correctness gate only, no timing)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
if ! have_pkg libbenchmark-dev; then
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    echo "bench: installing libbenchmark-dev" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends libbenchmark-dev >/dev/null
fi

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
# and one that includes only nlohmann/json and calls patch(); median wall time of 5 compiles each.
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
nlohmann_dir=$(sed -n 's/^nlohmann_json_DIR:[A-Z]*=//p' "$build/CMakeCache.txt")
nlohmann_include=$(cd "$nlohmann_dir/../../../include" 2>/dev/null && pwd || echo /usr/include)
probe_dir=$root/benchmarks/compile_cost
median_compile() {
    local source=$1 times=() start end
    for _ in 1 2 3 4 5; do
        start=$(date +%s%N)
        "$cxx" -std=c++17 -O2 -I"$root/include" -isystem "$nlohmann_include" -c "$source" -o /dev/null
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}
ours=$(median_compile "$probe_dir/compile_cost_jsonpatch.cpp")
theirs=$(median_compile "$probe_dir/compile_cost_nlohmann.cpp")
echo
echo "## Compile cost (median of 5, $(basename "$cxx") -std=c++17 -O2)"
echo
echo "| translation unit | wall time | ratio |"
echo "|---|---:|---:|"
echo "| <nlohmann/json.hpp> + patch() | ${theirs} ms | 1.00× |"
awk -v a="$ours" -v b="$theirs" 'BEGIN {
    r = a / b
    printf "| <jsonpatch/jsonpatch.hpp> + apply() | %d ms | %.2f× (goal ≤ 1.3×: %s) |\n", a, r, (r <= 1.3 ? "met" : "MISSED")
}'
