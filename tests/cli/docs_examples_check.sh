#!/usr/bin/env bash
# Runs the ```console examples of a Markdown page and compares what they print.
# In a block, a line "$ COMMAND" is run with bash (standard error merged into standard output,
# standard input empty), and the lines up to the next "$ " line are what it must print; "..."
# in an expected line stands for any text. Lines "> MORE" right after the command continue it,
# as a shell shows a here-document or an open quote. Commands run in a scratch copy of DATA_DIR, with
# `jsonpatch` on PATH meaning CLI. Blocks fenced as anything but console are not run.
# Usage: docs_examples_check.sh PAGE CLI DATA_DIR
set -euo pipefail
export LC_ALL=C
[[ $# -eq 3 && -f $1 && -x $2 && -d $3 ]] || { echo "usage: $0 PAGE CLI DATA_DIR" >&2; exit 2; }
page=$1 cli=$(realpath "$2") data=$3

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/data"
ln -s "$cli" "$work/bin/jsonpatch"
cp -R "$data/." "$work/data/"

failures=0 examples=0
command="" expected=()

# An expected line as a bash pattern: everything literal except "..." (any text).
pattern_of() {
    local line=$1 out="" part
    while [[ $line == *...* ]]; do
        part=${line%%...*}
        out+=$(printf '%q' "$part")'*'
        line=${line#*...}
    done
    [[ -n $line ]] && out+=$(printf '%q' "$line")
    printf '%s' "$out"
}

finish_command() {
    [[ -n $command ]] || return 0
    examples=$((examples + 1))
    local actual=() i ok=1
    mapfile -t actual < <(cd "$work/data" && PATH="$work/bin:$PATH" bash -c "$command" </dev/null 2>&1 || true)
    if [[ ${#actual[@]} -ne ${#expected[@]} ]]; then
        ok=0
    else
        for i in "${!expected[@]}"; do
            # shellcheck disable=SC2053 # the right side is a pattern on purpose
            [[ ${actual[$i]} == $(pattern_of "${expected[$i]}") ]] || ok=0
        done
    fi
    if [[ $ok -eq 0 ]]; then
        failures=$((failures + 1))
        printf 'FAIL: $ %s\n--- expected\n%s\n--- got\n%s\n' "$command" \
            "$(printf '%s\n' "${expected[@]}")" "$(printf '%s\n' "${actual[@]}")"
    fi
    command="" expected=()
}

in_block=0
while IFS= read -r line || [[ -n $line ]]; do
    if [[ $in_block -eq 0 ]]; then
        [[ $line == '```console' ]] && in_block=1
        continue
    fi
    if [[ $line == '```' ]]; then
        finish_command
        in_block=0
    elif [[ $line == '$ '* ]]; then
        finish_command
        command=${line#\$ }
    elif [[ -n $command && ${#expected[@]} -eq 0 && ($line == '> '* || $line == '>') ]]; then
        rest=${line#>}
        command+=$'\n'"${rest# }"
    else
        expected+=("$line")
    fi
done <"$page"

echo "$page: $examples examples, $failures failed"
[[ $examples -gt 0 && $failures -eq 0 ]]
