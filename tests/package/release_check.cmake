# CTest script: scripts/release.sh makes jsonpatch-<version>.tar.gz and its .sha256; the archive
# holds exactly the files git tracks at HEAD under one top folder, the same tree gives the same
# bytes (a second run with another umask and time zone), and a FetchContent consumer builds
# against it (URL file://... with URL_HASH) and runs.
# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DVERSION=... -DGIT=... -DGENERATOR=... -DMAKE_PROGRAM=...
#       -DCXX=... -DSTD=17 -DBUILD_TYPE=... -DCXX_FLAGS=... -P release_check.cmake
cmake_minimum_required(VERSION 3.21...3.31)

include(${CMAKE_CURRENT_LIST_DIR}/script_helpers.cmake)

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
unset(ENV{SOURCE_DATE_EPOCH})
set(name "jsonpatch-${VERSION}")
set(archive "${WORK_DIR}/first/${name}.tar.gz")
run("${SOURCE_DIR}/scripts/release.sh" "${WORK_DIR}/first")
run(sh -c "umask 077 && TZ=Pacific/Kiritimati exec \"$0\" \"$1\"" "${SOURCE_DIR}/scripts/release.sh"
    "${WORK_DIR}/second")

file(READ "${archive}" first HEX)
file(READ "${WORK_DIR}/second/${name}.tar.gz" second HEX)
if(NOT first STREQUAL second)
    message(FATAL_ERROR "two runs of scripts/release.sh on the same tree made different archives")
endif()

file(SHA256 "${archive}" sha256)
file(READ "${archive}.sha256" sha256_line)
if(NOT sha256_line STREQUAL "${sha256}  ${name}.tar.gz\n")
    message(FATAL_ERROR "${name}.tar.gz.sha256 says '${sha256_line}', the archive's SHA-256 is ${sha256}")
endif()

# Exactly what git tracks at HEAD, under ${name}/ (no build tree, nothing untracked).
run("${GIT}" -C "${SOURCE_DIR}" -c core.quotePath=false ls-tree -r --name-only HEAD)
string(REGEX REPLACE "\n$" "" tracked "${out}")
string(REPLACE "\n" ";" tracked "${tracked}")
list(TRANSFORM tracked PREPEND "${name}/")
run("${CMAKE_COMMAND}" -E tar tzf "${archive}")
string(REGEX REPLACE "\n$" "" entries "${out}")
string(REPLACE "\n" ";" entries "${entries}")
set(outside "${entries}")
list(FILTER outside EXCLUDE REGEX "^${name}/")
set(files "${entries}")
list(FILTER files EXCLUDE REGEX "/$")
list(SORT files)
list(SORT tracked)
if(outside OR NOT files STREQUAL tracked)
    set(extra "${files}")
    list(REMOVE_ITEM extra ${tracked})
    set(missing "${tracked}")
    list(REMOVE_ITEM missing ${files})
    message(FATAL_ERROR "the archive is not HEAD's tree under ${name}/:\n"
        "  outside ${name}/: ${outside}\n  not tracked: ${extra}\n  missing: ${missing}")
endif()
list(LENGTH files count)
message(STATUS "${archive}: ${count} files, SHA-256 ${sha256}")

# The FetchContent consumer, built in the work directory and run.
build_and_run_consumer("${SOURCE_DIR}/tests/package/fetchcontent_consumer" "${WORK_DIR}/fetchcontent_consumer"
    fetchcontent_consumer "-DJSONPATCH_ARCHIVE=${archive}" "-DJSONPATCH_ARCHIVE_SHA256=${sha256}")
file(REMOVE_RECURSE "${WORK_DIR}")
