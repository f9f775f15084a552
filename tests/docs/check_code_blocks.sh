#!/usr/bin/env bash
# Checks that every fenced code block of the documentation is checked by a test, and the links.
#
# Pages: README.md, SECURITY.md, CHANGELOG.md and docs/*.md under ROOT. A fenced block must be
#   - a C++ example: the line before it (blank lines aside) is "<!-- example: NAME -->", the block
#     is fenced ```cpp and holds exactly docs/examples/NAME.cpp (which CTest builds and runs);
#   - an example's output: "<!-- output: NAME -->", fenced ```text, exactly docs/examples/NAME.output
#     (which CTest compares with what the example prints);
#   - a ```console block of a page named with --console (its commands are run by
#     tests/cli/docs_examples_check.sh);
#   - in README.md only, a ```sh block holding just scripts/demo.sh or scripts/test.sh, which CI
#     runs as they are (.ci/run).
# Anything else fails, as does an example without a .output, or one or its output that no page
# shows. Every errc enumerator must be named in docs/errors.md. Relative links must name files that
# exist, and no page may point at the placeholder host example.invalid.
# Usage: check_code_blocks.sh ROOT [--console PAGE]... [--skip-links]
#   PAGE is relative to ROOT, e.g. docs/cli.md; --skip-links leaves the links out (for a copy of
#   the pages without the rest of the tree).
set -euo pipefail
export LC_ALL=C
root=${1:?usage: check_code_blocks.sh ROOT [--console PAGE]...}
shift
console_pages=()
check_links=1
while [[ $# -gt 0 ]]; do
    if [[ $1 == --skip-links ]]; then
        check_links=0
        shift
        continue
    fi
    [[ $1 == --console && $# -ge 2 ]] || { echo "usage: check_code_blocks.sh ROOT [--console PAGE]... [--skip-links]" >&2; exit 2; }
    console_pages+=("$2")
    shift 2
done
examples=$root/docs/examples

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
problems=0
problem() {
    printf 'FAIL: %s\n' "$*"
    problems=$((problems + 1))
}

pages=()
for page in README.md SECURITY.md CHANGELOG.md; do
    [[ -f $root/$page ]] && pages+=("$page")
done
for page in "$root"/docs/*.md; do
    pages+=("docs/${page##*/}")
done

is_console_page() {
    local p
    for p in "${console_pages[@]}"; do [[ $p == "$1" ]] && return 0; done
    return 1
}

blocks=0
for page in "${pages[@]}"; do
    # Splits the page into blocks: $work/b<N>.body holds the text, $work/b<N>.meta one line
    # "LINE<TAB>LANGUAGE<TAB>MARKER", where MARKER is the marker comment before the fence or "-".
    rm -f "$work"/b*.body "$work"/b*.meta
    awk -v dir="$work" '
        function flush_marker() { marker = "-" }
        BEGIN { n = 0; inside = 0; marker = "-" }
        inside && /^```[ \t]*$/ { inside = 0; close(body); next }
        inside { print > body; next }
        /^```/ {
            n++
            language = substr($0, 4)
            sub(/[ \t].*$/, "", language)
            body = dir "/b" n ".body"
            printf "" > body
            printf "%d\t%s\t%s\n", FNR, language, marker > (dir "/b" n ".meta")
            close(dir "/b" n ".meta")
            inside = 1
            flush_marker()
            next
        }
        /^<!-- (example|output): [A-Za-z0-9_]+ -->[ \t]*$/ { marker = $2 " " $3; next }
        /^[ \t]*$/ { next }
        { flush_marker() }
        END { if (inside) { printf "%d\tUNCLOSED\t-\n", FNR > (dir "/b" (n + 1) ".meta") } }
    ' "$root/$page"
    for meta in "$work"/b*.meta; do
        [[ -e $meta ]] || continue
        blocks=$((blocks + 1))
        IFS=$'\t' read -r line language marker <"$meta"
        body=${meta%.meta}.body
        where="$page:$line"
        if [[ $language == UNCLOSED ]]; then
            problem "$page: a fenced block is not closed"
            continue
        fi
        case $marker in
        "example: "*)
            name=${marker#example: }
            if [[ $language != cpp ]]; then
                problem "$where: example $name must be fenced \`\`\`cpp"
            elif [[ ! -f $examples/$name.cpp ]]; then
                problem "$where: docs/examples/$name.cpp does not exist"
            elif ! cmp -s "$body" "$examples/$name.cpp"; then
                problem "$where: the block differs from docs/examples/$name.cpp"
                diff "$examples/$name.cpp" "$body" | head -n 20 || true
            fi
            echo "$name" >>"$work/shown_examples"
            ;;
        "output: "*)
            name=${marker#output: }
            if [[ $language != text ]]; then
                problem "$where: the output of $name must be fenced \`\`\`text"
            elif [[ ! -f $examples/$name.output ]]; then
                problem "$where: docs/examples/$name.output does not exist"
            elif ! cmp -s "$body" "$examples/$name.output"; then
                problem "$where: the block differs from docs/examples/$name.output"
                diff "$examples/$name.output" "$body" | head -n 20 || true
            fi
            echo "$name" >>"$work/shown_outputs"
            ;;
        *)
            if [[ $language == console ]] && is_console_page "$page"; then
                :
            elif [[ $language == sh && $page == README.md ]] &&
                { [[ $(cat "$body") == scripts/demo.sh ]] || [[ $(cat "$body") == scripts/test.sh ]]; }; then
                :
            elif [[ $language == console ]]; then
                problem "$where: no test runs the console examples of $page (tests/docs/tests.cmake registers them; configure again)"
            else
                problem "$where: a \`\`\`$language block that no test checks: make it docs/examples/NAME.cpp with <!-- example: NAME --> before it, its output with <!-- output: NAME -->, or inline code"
            fi
            ;;
        esac
    done
done

# Every example is built and run by CTest; each must have an output and appear, with it, on a page.
touch "$work/shown_examples" "$work/shown_outputs"
example_count=0
for source in "$examples"/*.cpp; do
    [[ -e $source ]] || continue
    example_count=$((example_count + 1))
    name=${source##*/}
    name=${name%.cpp}
    [[ -f $examples/$name.output ]] || problem "docs/examples/$name.cpp has no $name.output"
    grep -qx "$name" "$work/shown_examples" || problem "docs/examples/$name.cpp is shown on no page"
    grep -qx "$name" "$work/shown_outputs" || problem "the output of docs/examples/$name.cpp is shown on no page"
done
for output in "$examples"/*.output; do
    [[ -e $output ]] || continue
    name=${output##*/}
    [[ -f $examples/${name%.output}.cpp ]] || problem "docs/examples/$name has no program"
done

# Every error code is explained on the errors page.
if [[ -f $root/docs/errors.md ]]; then
    while read -r code; do
        grep -q "\`$code\`" "$root/docs/errors.md" || problem "docs/errors.md does not explain errc::$code"
    done < <(awk '/^enum class errc /{inside = 1; next} inside && /^};/{exit}
                  inside && match($0, /^[ \t]*[a-z_]+ = [0-9]+,/) {
                      name = $1; print name }' "$root/include/jsonpatch/errc.hpp")
else
    problem "docs/errors.md is missing"
fi

# Links: relative targets exist; no placeholder host.
links=0
for page in "${pages[@]}"; do
    [[ $check_links -eq 1 ]] || break
    dir=$(dirname "$root/$page")
    if grep -n 'example\.invalid' "$root/$page" >/dev/null; then
        problem "$page: points at the placeholder host example.invalid"
    fi
    # Inline links [text](target) outside code spans, and reference definitions [label]: target.
    # shellcheck disable=SC2016 # the backticks are Markdown code spans, not command substitution
    while IFS= read -r target; do
        links=$((links + 1))
        case $target in
        http://* | https://* | mailto:* | '#'*) continue ;;
        esac
        file=${target%%#*}
        [[ -e $dir/$file ]] || problem "$page: the link to $target names no file"
    done < <(sed -e 's/`[^`]*`//g' "$root/$page" |
        grep -o -e '\](\([^) ]*\))' -e '^\[[^]]*\]: [^ ]*' |
        sed -e 's/^\](\(.*\))$/\1/' -e 's/^\[[^]]*\]: //')
done

echo "${#pages[@]} pages, $blocks fenced blocks, $example_count examples, $links links, $problems problems"
[[ $problems -eq 0 ]]
