#!/usr/bin/env bash
# The documentation's two generated parts.
#
# scripts/docs.sh [--output DIR]
#     Builds the API reference with Doxygen (installed from Debian if missing) from the public
#     headers' /// comments, into DIR/html (default build/api/html). The configuration is
#     docs/Doxyfile: a public declaration without documentation is a warning, and any warning
#     fails the script (exit 1) after all of them are printed.
# scripts/docs.sh --update-pages
#     Rewrites, in README.md, SECURITY.md and docs/*.md, the fenced block after each
#     "<!-- example: NAME -->" with docs/examples/NAME.cpp and after each "<!-- output: NAME -->"
#     with docs/examples/NAME.output (inserting the block when there is none). The .output files
#     are what the programs print: ctest -L docs says which differ. Nothing else changes.
set -euo pipefail
export LC_ALL=C
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

update_pages() {
    local page tmp
    for page in "$root/README.md" "$root/SECURITY.md" "$root"/docs/*.md; do
        [[ -f $page ]] || continue
        tmp=$(mktemp)
        awk -v examples="$root/docs/examples" '
            function emit(file, language,   line) {
                print "```" language
                while ((getline line < file) > 0) print line
                close(file)
                print "```"
            }
            skipping && /^```[ \t]*$/ { skipping = 0; pending = ""; next }
            skipping { next }                                   # the old block: dropped
            pending != "" && /^```/ { skipping = 1; next }
            pending != "" && /^[ \t]*$/ { next }                # blank lines before the block
            pending != "" { pending = ""; print "" }            # there was no block: inserted
            /^<!-- (example|output): [A-Za-z0-9_]+ -->[ \t]*$/ {
                print
                name = $3
                if ($2 == "example:") emit(examples "/" name ".cpp", "cpp")
                else emit(examples "/" name ".output", "text")
                pending = name
                next
            }
            { print }
        ' "$page" >"$tmp"
        if cmp -s "$tmp" "$page"; then
            rm -f "$tmp"
        else
            cat "$tmp" >"$page"
            rm -f "$tmp"
            echo "docs: updated ${page#"$root"/}"
        fi
    done
}

if [[ ${1:-} == --update-pages ]]; then
    update_pages
    exit 0
fi

output=$root/build/api
if [[ ${1:-} == --output && $# -eq 2 ]]; then
    output=$2
elif [[ $# -ne 0 ]]; then
    echo "usage: scripts/docs.sh [--output DIR] | --update-pages" >&2
    exit 2
fi

if ! command -v doxygen >/dev/null 2>&1; then
    echo "docs: installing doxygen"
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends doxygen >/dev/null
fi

mkdir -p "$output"
warnings=$output/warnings.log
cd "$root"
# The version comes from version.hpp, so the reference says which release it documents.
version=$(sed -n 's/.*version_string = "\([^"]*\)".*/\1/p' include/jsonpatch/version.hpp)
status=0
{
    cat docs/Doxyfile
    echo "OUTPUT_DIRECTORY = \"$output\""
    echo "PROJECT_NUMBER = \"$version\""
    echo "WARN_LOGFILE = \"$warnings\""
} | doxygen - >/dev/null || status=$?
if [[ -s $warnings ]]; then
    # Doxygen may report a problem twice (once per place that lists the member): print it once.
    awk '!seen[$0]++' "$warnings" >&2
    echo "docs: $(grep -E ': (warning|error): ' "$warnings" | sort -u | wc -l) warnings; every public declaration needs a /// comment" >&2
    exit 1
fi
if [[ $status -ne 0 ]]; then
    echo "docs: doxygen failed ($status)" >&2
    exit 1
fi
echo "docs: API reference in ${output#"$root"/}/html/index.html (0 warnings)"
