# shellcheck shell=bash
# Sourced by conan_check.sh and vcpkg_check.sh: skipping, logging and cleaning up.
# A test skips (exit 77, CTest's SKIP_RETURN_CODE) where its client is absent; a client that is
# there but cannot run skips too, except under CI=true, where it fails: CI must run these tests.

skip_code=77

skip() {
    echo "SKIPPED: $*"
    exit "$skip_code"
}

client_unusable() {
    if [ "${CI:-}" = true ]; then
        echo "FAILED: $* (CI=true: this test must run in CI)" >&2
        exit 1
    fi
    skip "$*"
}

# step LOG DESCRIPTION COMMAND...: runs COMMAND with its output in LOG; on failure prints the end
# of the log and fails the test.
step() {
    local log=$1 what=$2 started=$SECONDS
    shift 2
    if ! "$@" >"$log" 2>&1; then
        echo "FAILED: $what; the last lines of $log:" >&2
        tail -n 80 "$log" >&2
        exit 1
    fi
    echo "ok: $what ($((SECONDS - started)) s)"
}

# The work directory is removed at the start, and at the end unless the test failed: then it stays
# for a look (it is under the build tree).
fresh_work_dir() {
    work_dir=$1
    rm -rf "$work_dir"
    mkdir -p "$work_dir"
    trap remove_work_dir_unless_failed EXIT
}

remove_work_dir_unless_failed() {
    local status=$?
    if [ "$status" -eq 0 ] || [ "$status" -eq "$skip_code" ]; then
        rm -rf "$work_dir"
    fi
}
