#!/usr/bin/env bash
# Runs the intentionally failing tests of a GoogleTest program and checks what it prints: every
# line of EXPECTED must appear in the output, in order (a line ending in "..." matches any line
# that starts with the rest). The program must fail.
# Usage: failure_output_check.sh PROGRAM EXPECTED
set -euo pipefail
[[ $# -eq 2 && -x $1 && -f $2 ]] || { echo "usage: $0 PROGRAM EXPECTED" >&2; exit 2; }
program=$1 expected_file=$2

status=0
output=$("$program" --gtest_also_run_disabled_tests --gtest_filter='DISABLED_IntentionallyFailing.*' \
    --gtest_color=no 2>&1) || status=$?
if [[ $status -eq 0 ]]; then
    printf 'failure_output_check: %s passed, but its tests must fail\n%s\n' "$program" "$output"
    exit 1
fi

mapfile -t actual <<<"$output"
mapfile -t wanted <"$expected_file"
at=0
for line in "${wanted[@]}"; do
    found=0
    while [[ $at -lt ${#actual[@]} ]]; do
        candidate=${actual[$at]}
        at=$((at + 1))
        if [[ $candidate == "$line" || ($line == *... && $candidate == "${line%...}"*) ]]; then
            found=1
            break
        fi
    done
    if [[ $found -eq 0 ]]; then
        printf 'failure_output_check: this line is missing (or out of order):\n%s\n--- output\n%s\n' \
            "$line" "$output"
        exit 1
    fi
done
echo "failure_output_check: all ${#wanted[@]} expected lines printed"
