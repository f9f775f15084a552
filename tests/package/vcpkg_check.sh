#!/usr/bin/env bash
# CTest script (label package): the vcpkg port with the real client, offline. A copy of the vcpkg
# root VCPKG_ROOT (../shared/tools/vcpkg beside the source tree; read-only there, and vcpkg locks
# files in its root) installs, in classic mode, `jsonpatch` and then `jsonpatch[compiled]` from
# packaging/vcpkg, with nlohmann-json from this machine's headers (vcpkg_nlohmann_json/), and
# checks the installed layout; then the manifest-mode project vcpkg_manifest_consumer/ (vcpkg.json
# and vcpkg's toolchain file) is configured, built and run. Where the root or its vcpkg binary is
# absent, the test is skipped (exit 77).
# Usage: vcpkg_check.sh SOURCE_DIR WORK_DIR VERSION VCPKG_ROOT CXX STD GENERATOR BUILD_TYPE CXX_FLAGS
#        NLOHMANN_INCLUDE_DIR NLOHMANN_CMAKE_DIR NLOHMANN_VERSION
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$here/package_client.sh"
[ $# -eq 12 ] || { echo "usage: $0 SOURCE_DIR WORK_DIR VERSION VCPKG_ROOT CXX STD GENERATOR BUILD_TYPE CXX_FLAGS NLOHMANN_INCLUDE_DIR NLOHMANN_CMAKE_DIR NLOHMANN_VERSION" >&2; exit 2; }
source_dir=$1 work=$2 version=$3 shared_root=$4 cxx=$5 std=$6 generator=$7 build_type=$8 cxx_flags=$9
nlohmann_include=${10} nlohmann_cmake=${11} nlohmann_version=${12}

if [ ! -x "$shared_root/vcpkg" ] || [ ! -f "$shared_root/scripts/buildsystems/vcpkg.cmake" ]; then
    skip "no vcpkg client: $shared_root holds no vcpkg root with a vcpkg binary"
fi
# vcpkg runs patchelf after each Linux build, and would download one if none is on PATH.
command -v patchelf >/dev/null || client_unusable "vcpkg needs patchelf (apt-get install patchelf)"

fresh_work_dir "$work"
# Offline and self-contained: system cmake and ninja, no metrics, any download fails at once, and
# binaries are cached only in this work directory (so that manifest mode reuses what classic mode
# built). vcpkg writes a user id under $HOME even so: a HOME of its own.
export HOME=$work/home
export XDG_CACHE_HOME=$work/home/.cache
export VCPKG_FORCE_SYSTEM_BINARIES=1 VCPKG_DISABLE_METRICS=1
export X_VCPKG_ASSET_SOURCES='clear;x-block-origin'
export VCPKG_BINARY_SOURCES="clear;files,$work/archives,readwrite"
export CXX=$cxx
unset VCPKG_ROOT VCPKG_DEFAULT_TRIPLET VCPKG_FEATURE_FLAGS
mkdir -p "$HOME" "$work/archives"

root=$work/vcpkg
cp -R "$shared_root" "$root"
chmod -R u+w "$root"
"$root/vcpkg" version >/dev/null 2>&1 || client_unusable "$shared_root/vcpkg does not run"

# The nlohmann-json overlay port, pointed at this machine's copy.
ports=$work/ports
mkdir -p "$ports/nlohmann-json"
cp "$here/vcpkg_nlohmann_json/portfile.cmake" "$ports/nlohmann-json/"
sed "s/@NLOHMANN_JSON_VERSION@/$nlohmann_version/" "$here/vcpkg_nlohmann_json/vcpkg.json.in" \
    >"$ports/nlohmann-json/vcpkg.json"
copyright=/usr/share/doc/nlohmann-json3-dev/copyright
[ -f "$copyright" ] || copyright=""
cat >"$ports/nlohmann-json/system_nlohmann_json.cmake" <<EOF
set(NLOHMANN_JSON_INCLUDE_DIR "$nlohmann_include")
set(NLOHMANN_JSON_CMAKE_DIR "$nlohmann_cmake")
set(NLOHMANN_JSON_COPYRIGHT "$copyright")
EOF
overlays=("--overlay-ports=$ports" "--overlay-ports=$source_dir/packaging/vcpkg")
installed=$work/installed
classic=(--classic "${overlays[@]}" "--x-install-root=$installed" "--x-buildtrees-root=$work/buildtrees"
    "--x-packages-root=$work/packages" "--downloads-root=$work/downloads")

# expect_files DESCRIPTION PATH... (relative to the triplet's tree); a leading ! means absent.
triplet_dir() { find "$installed" -mindepth 1 -maxdepth 1 -type d ! -name vcpkg | head -n 1; }
expect_files() {
    local what=$1 tree path
    shift
    tree=$(triplet_dir)
    for path in "$@"; do
        if [[ $path == !* ]]; then
            [ ! -e "$tree/${path#!}" ] || { echo "FAILED: $what: ${path#!} should not be installed" >&2; exit 1; }
        else
            [ -e "$tree/$path" ] || { echo "FAILED: $what: $tree/$path is missing" >&2; exit 1; }
        fi
    done
    echo "ok: $what: the installed layout"
}

step "$work/classic.log" "vcpkg install jsonpatch (classic mode)" "$root/vcpkg" install jsonpatch "${classic[@]}"
expect_files "jsonpatch" include/jsonpatch/jsonpatch.hpp include/nlohmann/json.hpp \
    share/jsonpatch/jsonpatchConfig.cmake share/jsonpatch/jsonpatchConfigVersion.cmake \
    share/jsonpatch/jsonpatchTargets.cmake share/jsonpatch/copyright share/jsonpatch/usage \
    share/pkgconfig/jsonpatch.pc share/nlohmann_json/nlohmann_jsonConfig.cmake \
    '!share/doc/jsonpatch' '!share/cmake/jsonpatch' '!lib/libjsonpatch-compiled.a' '!debug'

# Adding a feature rebuilds the installed port (--recurse allows that).
step "$work/classic_compiled.log" "vcpkg install jsonpatch[compiled] (classic mode)" \
    "$root/vcpkg" install "jsonpatch[compiled]" --recurse "${classic[@]}"
expect_files "jsonpatch[compiled]" include/jsonpatch/jsonpatch.hpp share/jsonpatch/jsonpatchConfig.cmake \
    share/jsonpatch/jsonpatchCompiledTargets.cmake lib/libjsonpatch-compiled.a \
    debug/lib/libjsonpatch-compiled.a lib/pkgconfig/jsonpatch-compiled.pc share/pkgconfig/jsonpatch.pc \
    '!debug/include' '!debug/share' '!share/doc/jsonpatch'

# Manifest mode: the consumer's vcpkg.json and the toolchain file, as a user's project does it.
# The project is copied with the sources it uses: vcpkg may write beside its vcpkg.json.
mkdir "$work/projects"
cp -R "$here/vcpkg_manifest_consumer" "$here/consumer" "$here/compiled_consumer" "$work/projects/"
consumer=$work/manifest_build
step "$work/manifest_configure.log" "a manifest-mode project: configure (vcpkg installs jsonpatch[compiled])" \
    cmake -S "$work/projects/vcpkg_manifest_consumer" -B "$consumer" -G "$generator" \
    "-DCMAKE_TOOLCHAIN_FILE=$root/scripts/buildsystems/vcpkg.cmake" \
    "-DVCPKG_OVERLAY_PORTS=$ports;$source_dir/packaging/vcpkg" \
    "-DVCPKG_INSTALL_OPTIONS=--x-buildtrees-root=$work/buildtrees;--x-packages-root=$work/packages;--downloads-root=$work/downloads" \
    "-DCMAKE_CXX_COMPILER=$cxx" "-DCMAKE_CXX_STANDARD=$std" "-DCMAKE_BUILD_TYPE=$build_type" \
    "-DCMAKE_CXX_FLAGS=$cxx_flags" "-DJSONPATCH_EXPECTED_VERSION=$version"
step "$work/manifest_build.log" "a manifest-mode project: build" cmake --build "$consumer" -j 2
# shellcheck disable=SC2016 # $0 is expanded by that sh
step "$work/manifest_run.log" "a manifest-mode project: run" \
    sh -c '"$0/vcpkg_consumer" && "$0/vcpkg_compiled_consumer"' "$consumer"
