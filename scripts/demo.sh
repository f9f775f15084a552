#!/usr/bin/env bash
# Sets up (if needed), builds (Release) and runs the demo on the bundled sample data in examples/data/:
# (a) the jsonpatch CLI patching an order, (b) the PAT service patching personal access tokens over HTTP.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"

build=${JSONPATCH_BUILD_DIR:-$root/build/demo}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJSONPATCH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target jsonpatch_cli pat_service >/dev/null
cli="$build/examples/jsonpatch"
service="$build/examples/pat_service/pat_service"
data="$root/examples/data"

section() { printf '\n== %s\n' "$1"; }
title() { printf '\n#### %s\n' "$1"; }

title "(a) the jsonpatch CLI on examples/data/order.json"
section "document (order.json)"
cat "$data/order.json"
section "patch (order_patch.json)"
cat "$data/order_patch.json"
section "jsonpatch apply order.json order_patch.json"
"$cli" apply "$data/order.json" "$data/order_patch.json"
section "a failing patch (order_bad_patch.json): an error on stderr naming the file and the operation, exit 1, nothing applied"
cat "$data/order_bad_patch.json"
status=0
"$cli" apply "$data/order.json" "$data/order_bad_patch.json" || status=$?
echo "exit status: $status"

title "(b) the PAT service on examples/data/pat_seed.json"
work=$(mktemp -d)
service_pid=""
stop_service() {
    if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
        kill -TERM "$service_pid" 2>/dev/null || true
        wait "$service_pid" 2>/dev/null || true
    fi
    service_pid=""
}
cleanup() {
    stop_service
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$service" --port 0 --seed "$data/pat_seed.json" >"$work/stdout" 2>"$work/stderr" &
service_pid=$!
base=""
for _ in $(seq 1 100); do
    # The background shell may not have created the file yet.
    base=$(sed -n 's|^listening on \(http://.*\)$|\1|p' "$work/stdout" 2>/dev/null || true)
    [ -n "$base" ] && break
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$base" ]; then
    echo "demo: pat_service did not start:" >&2
    cat "$work/stderr" >&2
    exit 1
fi
section "pat_service --port 0 --seed examples/data/pat_seed.json"
cat "$work/stdout"

token=5a8e4c1b-0b7e-4d2a-9f3c-1e2d3c4b5a61 # alice's "ci-pipeline" token
bearer=alice-demo-bearer

# request EXPECTED_STATUS METHOD PATH [PATCH_FILE]: shows the curl command, the body and the status,
# and stops the demo if the status is not the expected one.
request() {
    local expected=$1 method=$2 path=$3 file=${4:-}
    local args=(-sS -X "$method" -H "Authorization: Bearer $bearer" -o "$work/body" -w '%{http_code}')
    local shown="curl -X $method -H 'Authorization: Bearer $bearer'"
    if [ -n "$file" ]; then
        args+=(-H 'Content-Type: application/json-patch+json' --data-binary "@$file")
        shown+=" -H 'Content-Type: application/json-patch+json' --data-binary @examples/data/${file##*/}"
    fi
    echo "\$ $shown $base$path"
    local code
    code=$(curl "${args[@]}" "$base$path")
    cat "$work/body"
    echo "HTTP $code"
    if [ "$code" != "$expected" ]; then
        echo "demo: expected HTTP $expected" >&2
        exit 1
    fi
}

section "the token before"
request 200 GET "/personal-access-tokens/$token"

section "an allowed patch: rename and scope edit (examples/data/pat_rename_patch.json)"
cat "$data/pat_rename_patch.json"
request 200 PATCH "/personal-access-tokens/$token" "$data/pat_rename_patch.json"

section "the token after"
request 200 GET "/personal-access-tokens/$token"

section "a rejected patch: it touches /owner/id (examples/data/pat_owner_patch.json); nothing changes"
cat "$data/pat_owner_patch.json"
request 400 PATCH "/personal-access-tokens/$token" "$data/pat_owner_patch.json"

section "a rejected patch: alice already has a token named laptop-cli (examples/data/pat_duplicate_name_patch.json)"
cat "$data/pat_duplicate_name_patch.json"
request 400 PATCH "/personal-access-tokens/$token" "$data/pat_duplicate_name_patch.json"

section "stopping the service (SIGTERM)"
pid=$service_pid
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
service_pid=""
echo "pat_service exited with status $status"
[ "$status" -eq 0 ]
