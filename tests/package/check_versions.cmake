# CTest script: the version lives in project(VERSION); every other place that repeats it must agree.
# cmake -DSOURCE_DIR=... -DVERSION=... -P check_versions.cmake
cmake_minimum_required(VERSION 3.21...3.31)
set(problems "")
macro(expect what actual)
    if(NOT "${actual}" STREQUAL "${VERSION}")
        list(APPEND problems "${what} says '${actual}'")
    endif()
endmacro()

file(READ "${SOURCE_DIR}/include/jsonpatch/version.hpp" text)
string(REGEX MATCH "JSONPATCH_VERSION_MAJOR ([0-9]+)" _ "${text}")
set(major "${CMAKE_MATCH_1}")
string(REGEX MATCH "JSONPATCH_VERSION_MINOR ([0-9]+)" _ "${text}")
set(minor "${CMAKE_MATCH_1}")
string(REGEX MATCH "JSONPATCH_VERSION_PATCH ([0-9]+)" _ "${text}")
expect("version.hpp's macros" "${major}.${minor}.${CMAKE_MATCH_1}")
string(REGEX MATCH "version_string = \"([^\"]*)\"" _ "${text}")
expect("version.hpp's version_string" "${CMAKE_MATCH_1}")

file(READ "${SOURCE_DIR}/packaging/vcpkg/jsonpatch/vcpkg.json" text)
string(JSON vcpkg_version ERROR_VARIABLE error GET "${text}" version)
expect("packaging/vcpkg/jsonpatch/vcpkg.json" "${vcpkg_version}")

file(READ "${SOURCE_DIR}/packaging/conan/conanfile.py" text)
string(REGEX MATCH "\n    version = \"([^\"]*)\"" _ "${text}")
expect("packaging/conan/conanfile.py" "${CMAKE_MATCH_1}")

# Keep a Changelog: the first "## [x.y.z]" heading that is not [Unreleased] is the latest release.
file(STRINGS "${SOURCE_DIR}/CHANGELOG.md" headings REGEX "^## \\[[0-9]")
if(headings)
    list(GET headings 0 latest)
    string(REGEX MATCH "^## \\[([^]]*)\\]" _ "${latest}")
    expect("CHANGELOG.md's latest entry" "${CMAKE_MATCH_1}")
else()
    list(APPEND problems "CHANGELOG.md has no release entry")
endif()

if(problems)
    list(JOIN problems "\n  " problems)
    message(FATAL_ERROR "project(VERSION ${VERSION}), but:\n  ${problems}")
endif()
message(STATUS "every place says ${VERSION}")
