#!/usr/bin/env bash
# Generates the single-header copies of jsonpatch from include/, for projects that copy one file
# (or paste it into an online compiler):
#   single_include/jsonpatch/jsonpatch.hpp  every public header of the umbrella jsonpatch.hpp,
#                                           plus http_status.hpp
#   single_include/jsonpatch/pat.hpp        the PAT model (pat.hpp) with the engine it uses
# Each header appears once, whole, with its include guard, after every header it includes, so a
# program may include both files, or a file and the headers of include/. Only <nlohmann/...> and
# standard headers remain as includes. The output holds no date or path: the same include/ always
# gives the same bytes.
#
# Usage: scripts/amalgamate.sh            regenerate single_include/
#        scripts/amalgamate.sh --check    exit 1, showing the difference, when single_include/ is
#                                         not what include/ generates (CTest: single_include.*)
#        scripts/amalgamate.sh --output DIR   write DIR/jsonpatch/*.hpp instead
# It refuses (exit 2) a tree it cannot amalgamate faithfully: a missing or duplicate include
# guard, an include of ours inside #if, a quoted or third-party include, an include cycle, or a
# public header that the umbrella header leaves out.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src="$root/include"
die() { printf 'amalgamate: %s\n' "$*" >&2; exit 2; }

# Headers at the top of include/jsonpatch/ that the umbrella header does not include, and why.
#   http_status.hpp: the HTTP mapping, wanted in the single header too (added as a root below);
#   pat.hpp: the PAT model's umbrella, amalgamated into pat.hpp of its own;
#   testing_gtest.hpp: the testing helpers for GoogleTest, which it includes; not amalgamated.
outside_umbrella=(jsonpatch/http_status.hpp jsonpatch/pat.hpp jsonpatch/testing_gtest.hpp)

# Prints "guard NAME" and then "include jsonpatch/X.hpp" for each of our includes, in order;
# fails on anything the amalgamation could not keep faithful.
scan() {
    awk -v file="$1" '
        function fail(why) { printf "amalgamate: %s:%d: %s\n", file, FNR, why > "/dev/stderr"; failed = 1; exit 2 }
        /^[ \t]*#/ {
            line = $0
            sub(/^[ \t]*#[ \t]*/, "", line)
            split(line, word, /[ \t]+/)
            directive = word[1]
            ++directives
            if (directives == 1) {
                if (directive != "ifndef") fail("the first directive is not the include guard'\''s #ifndef")
                guard = word[2]
            } else if (directives == 2 && (directive != "define" || word[2] != guard)) {
                fail("#ifndef " guard " is not followed by #define " guard)
            }
            if (directive ~ /^if/) ++depth
            if (directive == "endif") { --depth; last_endif = FNR }
            if (directive == "include") {
                target = word[2]
                if (target ~ /^<jsonpatch\//) {
                    if (depth != 1) fail("#include " target " inside a conditional")
                    gsub(/[<>]/, "", target)
                    includes[++count] = target
                } else if (target !~ /^<nlohmann\/[a-z_\/]+\.hpp>$/ && target !~ /^<[a-z_]+>$/) {
                    fail("#include " target " is neither ours, nlohmann'\''s nor a standard header")
                }
            }
            last_directive = FNR
        }
        END {
            if (failed) exit 2
            if (guard == "" || depth != 0 || last_endif != last_directive)
                fail("the file does not end with the #endif of its include guard")
            print "guard " guard
            for (i = 1; i <= count; ++i) print "include " includes[i]
        }
    ' "$src/$1"
}

declare -A state guard_owner
order=()

# Depth-first: a header goes into `order` after everything it includes.
visit() {
    local header=$1
    case "${state[$header]:-}" in
    done) return ;;
    visiting) die "include cycle through $header" ;;
    esac
    [[ -f "$src/$header" ]] || die "$header is included but include/$header does not exist"
    state[$header]=visiting
    local scanned kind name
    scanned=$(scan "$header") || exit 2
    while read -r kind name; do
        if [[ $kind == guard ]]; then
            [[ -z "${guard_owner[$name]:-}" ]] || die "$header and ${guard_owner[$name]} share the guard $name"
            guard_owner[$name]=$header
        else
            visit "$name"
        fi
    done <<<"$scanned"
    state[$header]=done
    order+=("$header")
}

# Every public header (top level and pat/) must be reachable, so that nothing public is missing.
check_complete() {
    local header known
    for header in $(cd "$src" && ls jsonpatch/*.hpp jsonpatch/pat/*.hpp 2>/dev/null); do
        [[ -n "${state[$header]:-}" ]] && continue
        for known in "${outside_umbrella[@]}"; do
            [[ $header == "$known" ]] && continue 2
        done
        die "$header is a public header, but jsonpatch/jsonpatch.hpp (or pat.hpp, for pat/) does not include it"
    done
}

version() {
    sed -n 's/.*version_string = "\([0-9][0-9.]*\)".*/\1/p' "$src/jsonpatch/version.hpp" | head -n 1
}

# Writes the headers in `order` to $1; our include lines stay as comments, to show where they were.
emit() {
    local out=$1 what=$2 v header
    v=$(version)
    [[ -n $v ]] || die "no version_string in include/jsonpatch/version.hpp"
    {
        printf '// SPDX-License-Identifier: MIT\n'
        printf '// jsonpatch %s as a single header.\n// Contents: %s.\n' "$v" "$what"
        printf '// GENERATED by scripts/amalgamate.sh from include/: do not edit. Edit include/ and run\n'
        printf '// scripts/amalgamate.sh. Needs nlohmann/json 3.11 or later on the include path.\n'
        for header in "${order[@]}"; do
            printf '\n// begin file %s\n' "$header"
            sed -E 's@^([ \t]*#[ \t]*include[ \t]+<jsonpatch/)@// \1@' "$src/$header"
            printf '// end file %s\n' "$header"
        done
    } >"$out"
}

amalgamate() {
    local out=$1 what=$2
    shift 2
    state=() guard_owner=() order=()
    local root_header
    for root_header in "$@"; do
        visit "$root_header"
    done
    emit "$out" "$what"
}

generate() {
    local dir=$1
    mkdir -p "$dir/jsonpatch"
    amalgamate "$dir/jsonpatch/jsonpatch.hpp" \
        "jsonpatch/jsonpatch.hpp (every public header) and jsonpatch/http_status.hpp" \
        jsonpatch/jsonpatch.hpp jsonpatch/http_status.hpp
    local engine=("${!state[@]}")
    amalgamate "$dir/jsonpatch/pat.hpp" \
        "jsonpatch/pat.hpp (the PAT model) and the engine headers it uses" jsonpatch/pat.hpp
    for header in "${engine[@]}"; do state[$header]=done; done
    check_complete
}

# Compares a fresh generation with single_include/; shows the start of any difference.
check() {
    local status=0
    fresh=$(mktemp -d) # global: the EXIT trap runs after this function has returned
    trap 'rm -rf "$fresh"' EXIT
    generate "$fresh"
    for file in jsonpatch/jsonpatch.hpp jsonpatch/pat.hpp; do
        if ! cmp -s "$fresh/$file" "$root/single_include/$file"; then
            printf 'amalgamate: single_include/%s is not what include/ generates:\n' "$file" >&2
            diff -u "$root/single_include/$file" "$fresh/$file" 2>&1 | head -n 40 >&2 || true
            status=1
        fi
    done
    [[ $status -eq 0 ]] || printf 'amalgamate: run scripts/amalgamate.sh and commit single_include/\n' >&2
    return $status
}

case "${1:-}" in
"") generate "$root/single_include" ;;
--check) check ;;
--output)
    [[ -n "${2:-}" ]] || die "--output needs a directory"
    generate "$2"
    ;;
*) die "usage: scripts/amalgamate.sh [--check | --output DIR]" ;;
esac
