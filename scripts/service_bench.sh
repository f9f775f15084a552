#!/usr/bin/env bash
# Measures the PAT service over loopback and prints markdown tables: requests/s, p50 and p99 for
# GET and PATCH at 1, 8 and 32 kept-alive clients (memory: store), persisted PATCH/s and p99 for
# SQLite (--data) and PostgreSQL with GET p50 while those PATCHes run, for stores of 1,000 and
# 100,000 tokens (spread over 1,000 owners), and this disk's fsync rate, all in one run.
# Usage: scripts/service_bench.sh [seconds per measurement, default 3]
# Env: JSONPATCH_BUILD_DIR (default build/bench, Release), BENCH_SIZES (default "1000 100000").
# Traffic goes to 127.0.0.1 only; every run is bounded by the seconds given.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-3}
sizes=${BENCH_SIZES:-1000 100000}
build=${JSONPATCH_BUILD_DIR:-$root/build/bench}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJSONPATCH_BUILD_TESTS=ON >/dev/null
cmake --build "$build" --target pat_service service_load >/dev/null
service="$build/examples/pat_service/pat_service"
load="$build/tests/service_load"

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

# start_service NAME ARGS...: starts pat_service on a free port, sets $port.
start_service() {
    local name=$1
    shift
    "$service" --port 0 --rate-limit 0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pids+=($!)
    port=""
    for _ in $(seq 1 600); do
        port=$(sed -n 's|^listening on http://127.0.0.1:||p' "$work/$name.out")
        [ -n "$port" ] && return 0
        sleep 0.1
    done
    echo "service_bench: $name did not start" >&2
    cat "$work/$name.err" >&2
    exit 1
}
stop_service() {
    kill -TERM "${pids[-1]}"
    wait "${pids[-1]}" || true
    unset 'pids[-1]'
}
field() { sed -n "s/.*\"$1\":\([0-9.e+-]*\).*/\1/p"; }
run() { "$load" run --port "$port" --seconds "$seconds" --tokens "$tokens" --owners 1000 "$@"; }
row() { # label json
    printf '| %s | %.0f | %.2f | %.2f | %s |\n' "$1" "$(field rps <<<"$2")" "$(field p50_ms <<<"$2")" \
        "$(field p99_ms <<<"$2")" "$(field errors <<<"$2")"
}

fsync=$("$load" fsync --dir "$work" --seconds 2 | field fsync_per_s)
echo "fsync rate of this disk (4 KiB pwrite + fdatasync, 2 s): $(printf '%.0f' "$fsync")/s"
echo "machine: $(nproc) cores; $seconds s per measurement; keep-alive connections, 127.0.0.1"
pg_uri=$(PG_CLUSTER_FSYNC=on "$root/scripts/pg_cluster.sh" create "$work/pg" 25999)

for tokens in $sizes; do
    "$load" seed --tokens "$tokens" --owners 1000 --out "$work/seed-$tokens.json"
    echo
    echo "### $tokens tokens, memory: store"
    echo
    echo "| request, clients | requests/s | p50 ms | p99 ms | errors |"
    echo "|---|---|---|---|---|"
    start_service "memory-$tokens" --seed "$work/seed-$tokens.json"
    for mode in get patch; do
        for clients in 1 8 32; do
            row "$mode, $clients" "$(run --mode "$mode" --clients "$clients")"
        done
    done
    stop_service

    echo
    echo "### $tokens tokens, persisted PATCH (8 clients) and GET (1 client) meanwhile"
    echo
    echo "| store | PATCH/s | PATCH p50 ms | PATCH p99 ms | GET p50 ms meanwhile | GET p99 ms |"
    echo "|---|---|---|---|---|---|"
    for store in sqlite postgresql; do
        if [ "$store" = sqlite ]; then
            start_service "sqlite-$tokens" --seed "$work/seed-$tokens.json" --data "$work/s-$tokens.db"
        else
            "$root/scripts/pg_cluster.sh" sql "$work/pg" "DROP TABLE IF EXISTS tokens, credentials, meta"
            start_service "pg-$tokens" --seed "$work/seed-$tokens.json" --store "$pg_uri"
        fi
        run --mode patch --clients 8 >"$work/patch.json" &
        sleep 0.5
        gets=$(run --mode get --clients 1)
        wait $!
        patches=$(cat "$work/patch.json")
        printf '| %s | %.0f | %.2f | %.2f | %.2f | %.2f |\n' "$store" "$(field rps <<<"$patches")" \
            "$(field p50_ms <<<"$patches")" "$(field p99_ms <<<"$patches")" \
            "$(field p50_ms <<<"$gets")" "$(field p99_ms <<<"$gets")"
        stop_service
    done
done
