#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan+UBSan) and runs each target in turn.
# Usage: scripts/fuzz.sh [seconds-per-target] [extra libFuzzer flags...]
#   JSONPATCH_FUZZ_TARGETS="apply_fuzz" scripts/fuzz.sh 600 -runs=10000000
# The seed corpora in tests/fuzz/corpus/<target>/ are read only; new inputs go to
# build/fuzz/corpus/<target>/ and crashes to build/fuzz/artifacts/<target>/. Exits non-zero when any
# target finds a crash (copy the input to tests/fuzz/regressions/<target>/ once it is fixed).
set -euo pipefail

seconds="${1:-60}"
shift || true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${JSONPATCH_FUZZ_BUILD_DIR:-${root}/build/fuzz}"
cxx="${CXX_FUZZ:-clang++}"

cmake -S "${root}" -B "${build}" -G Ninja \
    -DCMAKE_CXX_COMPILER="${cxx}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DJSONPATCH_BUILD_FUZZERS=ON -DJSONPATCH_SANITIZE="address;undefined" \
    -DJSONPATCH_BUILD_TESTS=OFF -DJSONPATCH_BUILD_EXAMPLES=OFF -DJSONPATCH_WERROR=ON >/dev/null
cmake --build "${build}" --parallel "${JSONPATCH_FUZZ_BUILD_JOBS:-2}"

targets="${JSONPATCH_FUZZ_TARGETS:-}"
if [[ -z "${targets}" ]]; then
    for exe in "${build}"/tests/fuzz/*_fuzz; do
        [[ -x "${exe}" ]] && targets+=" $(basename "${exe}")"
    done
fi

# libFuzzer's -jobs mode writes fuzz-<job>.log into the working directory.
cd "${build}"
status=0
for target in ${targets}; do
    corpus="${build}/corpus/${target}"
    artifacts="${build}/artifacts/${target}"
    mkdir -p "${corpus}" "${artifacts}"
    echo "== ${target}: ${seconds} s"
    # One process, one job: CI machines are shared.
    if ! "${build}/tests/fuzz/${target}" "${corpus}" "${root}/tests/fuzz/corpus/${target}" \
        -dict="${root}/tests/fuzz/jsonpatch.dict" -max_total_time="${seconds}" \
        -max_len=2048 -timeout=10 -rss_limit_mb=2048 -jobs=1 -workers=1 \
        -artifact_prefix="${artifacts}/" -print_final_stats=1 "$@" 2>"${build}/${target}.log"; then
        echo "!! ${target} failed; see ${build}/${target}.log and ${artifacts}/"
        tail -n 40 "${build}/${target}.log"
        status=1
    fi
    if [[ -f fuzz-0.log ]]; then
        mv fuzz-0.log "${build}/${target}.job.log"
    fi
    grep -hE '^stat::(number_of_executed_units|peak_rss_mb)|^Done' "${build}/${target}.log" "${build}/${target}.job.log" 2>/dev/null || true
    echo "   corpus: $(find "${corpus}" -type f | wc -l) files"
done
exit "${status}"
