#!/usr/bin/env bash
# Prints the directory of the json-patch-tests suite: $JSONPATCH_CONFORMANCE_DIR, else ../shared's
# copy beside the checkout, else the npm package json-patch-test-suite unpacked into build/.
# The suite is data from the json-patch/json-patch-tests project (Apache-2.0); we do not vendor it.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ -n "${JSONPATCH_CONFORMANCE_DIR:-}" ] && [ -f "$JSONPATCH_CONFORMANCE_DIR/tests.json" ]; then
    echo "$JSONPATCH_CONFORMANCE_DIR"
    exit 0
fi
shared="$root/../shared/conformance/json-patch-tests"
if [ -f "$shared/tests.json" ]; then
    (cd "$shared" && pwd)
    exit 0
fi
npm_dir="$root/build/conformance-suite"
if [ ! -f "$npm_dir/package/tests.json" ]; then
    mkdir -p "$npm_dir"
    (cd "$npm_dir" && npm pack json-patch-test-suite --silent >/dev/null 2>&1 && tar xzf json-patch-test-suite-*.tgz) || {
        echo "conformance_dir: could not obtain json-patch-test-suite from npm" >&2
        exit 1
    }
fi
echo "$npm_dir/package"
