#!/usr/bin/env bash
# CTest script (label package): the Conan 2 recipe with the real client. In a throwaway CONAN_HOME
# with no remote, it creates nlohmann_json from this machine's headers (conan_nlohmann_json/),
# then `conan create packaging/conan` header-only, with compiled=True, and with compiled=True and
# shared=True, each running packaging/conan/test_package; and checks the package ids: one
# header-only package serves any build type and standard, a compiled one does not.
# The client is `conan` on PATH or ../shared/tools/conan beside the source tree; without one the
# test is skipped (exit 77).
# Usage: conan_check.sh SOURCE_DIR WORK_DIR VERSION CXX STD GENERATOR NLOHMANN_INCLUDE_DIR NLOHMANN_VERSION
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$here/package_client.sh"
[ $# -eq 8 ] || { echo "usage: $0 SOURCE_DIR WORK_DIR VERSION CXX STD GENERATOR NLOHMANN_INCLUDE_DIR NLOHMANN_VERSION" >&2; exit 2; }
source_dir=$1 work=$2 version=$3 cxx=$4 std=$5 generator=$6 nlohmann_include=$7 nlohmann_version=$8

fresh_work_dir "$work"
# Everything Conan writes goes here, including what `conan --version` sets up on first use; and
# a HOME of its own, so that nothing can end up in the user's.
export CONAN_HOME=$work/conan_home HOME=$work/home
mkdir -p "$HOME"
export CXX=$cxx

conan=""
for candidate in "$(command -v conan || true)" "$source_dir/../shared/tools/conan"; do
    if [ -z "$candidate" ] || [ ! -x "$candidate" ]; then
        continue
    fi
    if ! reported=$("$candidate" --version 2>&1); then
        client_unusable "$candidate does not run (it needs Debian's python3-requests python3-urllib3" \
            "python3-colorama python3-yaml python3-patch-ng python3-fasteners python3-distro" \
            "python3-jinja2 python3-dateutil): ${reported##*$'\n'}"
    fi
    case $reported in
    "Conan version 2."*) conan=$candidate && break ;;
    esac
done
[ -n "$conan" ] || skip "no Conan 2 client: neither conan on PATH nor ../shared/tools/conan beside the source tree"
echo "client: $conan ($reported), CONAN_HOME=$CONAN_HOME"

# shellcheck disable=SC2016 # $0 is expanded by that sh
step "$work/setup.log" "a profile for $cxx, and no remote" \
    sh -c '"$0" profile detect --name default && "$0" remote remove conancenter && "$0" remote list' "$conan"
if [ -n "$("$conan" remote list --format=json | tr -d '[:space:][]')" ]; then
    echo "FAILED: a remote is still configured" >&2
    exit 1
fi

step "$work/nlohmann_json.log" "nlohmann_json/$nlohmann_version from $nlohmann_include" \
    env JSONPATCH_NLOHMANN_INCLUDE_DIR="$nlohmann_include" \
    "$conan" create "$here/conan_nlohmann_json" --version "$nlohmann_version"

# test_package builds in its own folder: a copy, so that the source tree stays clean.
cp -R "$source_dir/packaging/conan/test_package" "$work/test_package"
settings=(-s "compiler.cppstd=$std" -c tools.build:jobs=2)
[ "$generator" = Ninja ] && settings+=(-c tools.cmake.cmaketoolchain:generator=Ninja)
create() {
    step "$work/create_$1.log" "conan create packaging/conan ($1) and its test_package" \
        "$conan" create "$source_dir/packaging/conan" --test-folder "$work/test_package" "${settings[@]}" "${@:2}"
}
create header_only
create compiled_static -o "jsonpatch/*:compiled=True" -o "jsonpatch/*:shared=False"
create compiled_shared -o "jsonpatch/*:compiled=True" -o "jsonpatch/*:shared=True"

# Three binaries, and package_id as intended: the header-only one is found for another build type
# and standard without building; the compiled one is not.
packages=$("$conan" list "jsonpatch/$version:*" --format=json |
    python3 -c 'import json, sys; print(sum(len(rev.get("packages", {})) for ref in json.load(sys.stdin)["Local Cache"].values() for rev in ref["revisions"].values()))')
if [ "$packages" != 3 ]; then
    echo "FAILED: expected 3 binary packages of jsonpatch/$version, the cache has $packages" >&2
    exit 1
fi
mkdir "$work/consumer"
other=(--requires "jsonpatch/$version" -s build_type=Debug -s compiler.cppstd=20 --build=never
    --output-folder "$work/consumer")
step "$work/header_only_id.log" "the header-only package serves Debug and C++20 as it is" \
    "$conan" install "${other[@]}"
if "$conan" install "${other[@]}" -o "jsonpatch/*:compiled=True" >"$work/compiled_id.log" 2>&1 ||
    ! grep -q "Missing prebuilt package for 'jsonpatch/$version'" "$work/compiled_id.log"; then
    echo "FAILED: a package of jsonpatch::compiled was taken for another build type, or the" \
        "install failed for another reason than the missing binary:" >&2
    tail -n 40 "$work/compiled_id.log" >&2
    exit 1
fi
echo "ok: the compiled package is not taken for another build type"
