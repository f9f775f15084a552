#!/usr/bin/env bash
# Sets up (if needed), builds and runs the demo on the bundled sample data in examples/data/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"

build=${JSONPATCH_BUILD_DIR:-$root/build/demo}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DJSONPATCH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target jsonpatch_cli >/dev/null
cli="$build/examples/jsonpatch"
data="$root/examples/data"

section() { printf '\n== %s\n' "$1"; }

section "document (examples/data/order.json)"
cat "$data/order.json"
section "patch (examples/data/order_patch.json)"
cat "$data/order_patch.json"
section "jsonpatch apply order.json order_patch.json"
"$cli" apply "$data/order.json" "$data/order_patch.json"

section "a failing patch (examples/data/order_bad_patch.json): structured error on stderr, exit 1, nothing applied"
cat "$data/order_bad_patch.json"
status=0
"$cli" apply "$data/order.json" "$data/order_bad_patch.json" || status=$?
echo "exit status: $status"

section "jsonpatch validate order_bad_patch.json order.json"
"$cli" validate "$data/order_bad_patch.json" "$data/order.json" || true
