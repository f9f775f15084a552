#!/usr/bin/env bash
# Makes the source release archive: OUTDIR/jsonpatch-<version>.tar.gz, whose one top folder
# jsonpatch-<version>/ holds the files git tracks at REF (default HEAD; no build trees, nothing
# untracked or uncommitted), and OUTDIR/jsonpatch-<version>.tar.gz.sha256 (sha256sum format).
# <version> is project(VERSION) in REF's CMakeLists.txt.
# Reproducible: the same tree gives the same bytes, whoever runs it, whenever. Entries are sorted
# by name, owned by 0:0, with modes 0644/0755 and one fixed modification time (SOURCE_DATE_EPOCH
# when set, else 2000-01-01 UTC), and gzip -n stores no name or time.
# Usage: scripts/release.sh OUTDIR [REF]
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: scripts/release.sh OUTDIR [REF]" >&2
    exit 2
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
outdir=$1
ref=${2:-HEAD}
mtime=${SOURCE_DATE_EPOCH:-946684800}

tree=$(git -C "$root" rev-parse --verify --quiet "$ref^{tree}") || {
    echo "release: '$ref' is not a commit or tree of $root" >&2
    exit 2
}
version=$(git -C "$root" show "$tree:CMakeLists.txt" |
    sed -n '/^project(jsonpatch/,/)/s/^ *VERSION \([0-9][0-9.]*\).*/\1/p' | head -n 1)
if [ -z "$version" ]; then
    echo "release: no project(jsonpatch VERSION x.y.z) in $ref:CMakeLists.txt" >&2
    exit 1
fi
if [ "$ref" = HEAD ] && [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ]; then
    echo "release: note: uncommitted changes are not in the archive (it holds HEAD)" >&2
fi

name=jsonpatch-$version
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# git archive of a tree (not a commit) writes no commit id; tar then fixes what git archive would
# take from the clock and the umask.
mkdir "$work/$name"
git -C "$root" archive --format=tar "$tree" | tar -x -C "$work/$name"
LC_ALL=C tar --create --format=gnu --sort=name --owner=0 --group=0 --numeric-owner \
    --mtime="@$mtime" --mode='u+rwX,go+rX,go-w' -C "$work" "$name" |
    gzip -9n >"$work/$name.tar.gz"
(cd "$work" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
mv "$work/$name.tar.gz" "$work/$name.tar.gz.sha256" "$outdir/"
echo "$outdir/$name.tar.gz"
