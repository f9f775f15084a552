#!/usr/bin/env bash
# Measures the PAT service over loopback, before and after: the binary built from a base commit
# (main by default) and the one built from this tree, in the same run, measurements interleaved
# and each repeated, so both see the same machine. Prints markdown tables: requests/s (median of
# the repeats), after/before ratio, p50 and p99, and the service's CPU time per request, for GET
# and PATCH at 1, 8 and 32 kept-alive clients (memory: store), then persisted PATCH/s with GET
# latency meanwhile for SQLite (--data) and PostgreSQL, for stores of 1,000 and 100,000 tokens
# (spread over 1,000 owners), and this disk's fsync rate.
# Usage: scripts/service_bench.sh [seconds per measurement, default 2]
# Env: BENCH_BASE (git ref of "before", default main), BENCH_REPEAT (default 5), BENCH_SIZES
# (default "1000 100000"), JSONPATCH_BUILD_DIR (default build/bench, Release; the base is built
# in $JSONPATCH_BUILD_DIR-base).
# Traffic goes to 127.0.0.1 only; every run is bounded by the seconds given.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-2}
sizes=${BENCH_SIZES:-1000 100000}
repeat=${BENCH_REPEAT:-5}
base=${BENCH_BASE:-main}
build=${JSONPATCH_BUILD_DIR:-$root/build/bench}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJSONPATCH_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target pat_service service_load >/dev/null
after="$build/examples/pat_service/pat_service"
load="$build/tests/service_load"

# The base's own sources, exported (no worktree, nothing checked out), built the same way.
base_sha=$(git -C "$root" rev-parse --verify --quiet "$base^{commit}") ||
    { echo "service_bench: no commit $base (set BENCH_BASE)" >&2; exit 1; }
base_src="$build-base/src-$base_sha"
if [ ! -d "$base_src" ]; then
    rm -rf "$build-base"
    mkdir -p "$base_src"
    git -C "$root" archive "$base_sha" | tar -x -C "$base_src"
fi
cmake -S "$base_src" -B "$build-base/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DJSONPATCH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build-base/build" --target pat_service >/dev/null
before="$build-base/build/examples/pat_service/pat_service"

work=$(mktemp -d)
chmod 0755 "$work" # the postgres user creates its cluster inside
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    "$root/scripts/pg_cluster.sh" destroy "$work/pg" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# start_service SIDE NAME ARGS...: starts SIDE's binary on a free port; sets port[SIDE] and
# pid[SIDE].
declare -A port pid
start_service() {
    local side=$1 name=$2
    shift 2
    "${!side}" --port 0 --rate-limit 0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pid[$side]=$!
    pids+=("$!")
    port[$side]=""
    for _ in $(seq 1 600); do
        # The background shell may not have created the file yet.
        port[$side]=$(sed -n 's|^listening on http://127.0.0.1:||p' "$work/$name.out" 2>/dev/null || true)
        [ -n "${port[$side]}" ] && return 0
        sleep 0.1
    done
    echo "service_bench: $name did not start" >&2
    cat "$work/$name.err" >&2
    exit 1
}
stop_services() {
    for side in before after; do
        kill -TERM "${pid[$side]}"
        wait "${pid[$side]}" || true
    done
    pids=()
}
field() { sed -n "s/.*\"$1\":\([0-9.e+-]*\).*/\1/p"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

# measure SIDE ARGS...: one load run against SIDE's service; prints "rps p50 p99
# cpu_us_per_request errors".
measure() {
    local side=$1 c0 c1 out
    shift
    c0=$(cpu_ticks "${pid[$side]}")
    out=$("$load" run --port "${port[$side]}" --seconds "$seconds" --tokens "$tokens" --owners 1000 "$@")
    c1=$(cpu_ticks "${pid[$side]}")
    awk -v rps="$(field rps <<<"$out")" -v p50="$(field p50_ms <<<"$out")" \
        -v p99="$(field p99_ms <<<"$out")" -v n="$(field requests <<<"$out")" \
        -v err="$(field errors <<<"$out")" -v t="$((c1 - c0))" -v hz="$ticks_per_second" \
        'BEGIN { printf "%.0f %.2f %.2f %.1f %d\n", rps, p50, p99, (n > 0 ? t / hz * 1e6 / n : 0), err }'
}
# median FILE COLUMN: the median of a column.
median() { awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
sum() { awk -v c="$2" '{ s += $c } END { print s + 0 }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (a > 0 ? b / a : 0) }'; }

fsync=$("$load" fsync --dir "$work" --seconds 2 | field fsync_per_s)
echo "fsync rate of this disk (4 KiB pwrite + fdatasync, 2 s): $(printf '%.0f' "$fsync")/s"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $seconds s per" \
    "measurement, median of $repeat, before and after interleaved; keep-alive connections," \
    "127.0.0.1"
echo "before: $base ($(git -C "$root" rev-parse --short "$base_sha")); after: this tree" \
    "($(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD || echo ', modified'))"
pg_uri=$(PG_CLUSTER_FSYNC=on "$root/scripts/pg_cluster.sh" create "$work/pg" 25999)

for tokens in $sizes; do
    "$load" seed --tokens "$tokens" --owners 1000 --out "$work/seed-$tokens.json"
    echo
    echo "### $tokens tokens, memory: store"
    echo
    echo "| request, clients | before req/s | after req/s | after/before | before p50 / p99 ms |" \
        "after p50 / p99 ms | before / after CPU µs per request | errors |"
    echo "|---|---|---|---|---|---|---|---|"
    # Both run all along; only the one measured has load.
    for side in before after; do
        start_service "$side" "memory-$side-$tokens" --seed "$work/seed-$tokens.json"
    done
    for mode in get patch; do
        for clients in 1 8 32; do
            : >"$work/before.txt"
            : >"$work/after.txt"
            for _ in $(seq 1 "$repeat"); do
                for side in before after; do
                    measure "$side" --mode "$mode" --clients "$clients" >>"$work/$side.txt"
                done
            done
            b=$(median "$work/before.txt" 1)
            a=$(median "$work/after.txt" 1)
            printf '| %s, %s | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s |\n' \
                "$mode" "$clients" "$b" "$a" "$(ratio "$b" "$a")" \
                "$(median "$work/before.txt" 2)" "$(median "$work/before.txt" 3)" \
                "$(median "$work/after.txt" 2)" "$(median "$work/after.txt" 3)" \
                "$(median "$work/before.txt" 4)" "$(median "$work/after.txt" 4)" \
                "$(($(sum "$work/before.txt" 5) + $(sum "$work/after.txt" 5)))"
        done
    done
    stop_services

    echo
    echo "### $tokens tokens, persisted PATCH (8 clients) and GET (1 client) meanwhile"
    echo
    echo "| store | before PATCH/s | after PATCH/s | after/before | before / after PATCH p99 ms |" \
        "before / after GET p50 ms meanwhile |"
    echo "|---|---|---|---|---|---|"
    for store in sqlite postgresql; do
        # One database per side: each binary creates, migrates and seeds its own.
        for side in before after; do
            if [ "$store" = sqlite ]; then
                start_service "$side" "sqlite-$side-$tokens" --seed "$work/seed-$tokens.json" \
                    --data "$work/$side-$tokens.db"
            else
                "$root/scripts/pg_cluster.sh" sql "$work/pg" "CREATE DATABASE ${side}_$tokens"
                start_service "$side" "pg-$side-$tokens" --seed "$work/seed-$tokens.json" \
                    --store "${pg_uri%/*}/${side}_$tokens"
            fi
        done
        : >"$work/before.txt"
        : >"$work/after.txt"
        for _ in $(seq 1 "$repeat"); do
            for side in before after; do
                measure "$side" --mode patch --clients 8 >"$work/patch.txt" &
                sleep 0.5
                gets=$("$load" run --port "${port[$side]}" \
                    --seconds "$((seconds > 1 ? seconds - 1 : 1))" --tokens "$tokens" \
                    --owners 1000 --mode get --clients 1)
                wait $!
                printf '%s %.2f\n' "$(cat "$work/patch.txt")" "$(field p50_ms <<<"$gets")" \
                    >>"$work/$side.txt"
            done
        done
        stop_services
        b=$(median "$work/before.txt" 1)
        a=$(median "$work/after.txt" 1)
        printf '| %s | %s | %s | %s | %s / %s | %s / %s |\n' "$store" "$b" "$a" "$(ratio "$b" "$a")" \
            "$(median "$work/before.txt" 3)" "$(median "$work/after.txt" 3)" \
            "$(median "$work/before.txt" 6)" "$(median "$work/after.txt" 6)"
    done
done
