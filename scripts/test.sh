#!/usr/bin/env bash
# Sets up (if needed), builds and runs every test: unit, conformance, CLI and examples.
# Usage: scripts/test.sh [extra cmake -D options...]   (build tree: build/test, or $JSONPATCH_BUILD_DIR)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"

suite=$("$root/scripts/conformance_dir.sh")
build=${JSONPATCH_BUILD_DIR:-$root/build/test}
jobs=$(nproc 2>/dev/null || echo 2)

# Debug with the standard library's assertions: out-of-range element access aborts instead of
# silently reading garbage.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DJSONPATCH_WERROR=ON \
    -DCMAKE_CXX_FLAGS=-D_GLIBCXX_ASSERTIONS -DJSONPATCH_CONFORMANCE_DIR="$suite" "$@" >/dev/null
cmake --build "$build" -j "$jobs"
ctest --test-dir "$build" --output-on-failure -j "$jobs"
