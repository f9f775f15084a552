# CTest script: `cpack -G DEB` of this build tree makes libjsonpatch-dev and jsonpatch with the
# fields, files and Debian documentation they must have; lintian finds no error in them; both are
# unpacked (dpkg-deb -x) into a throwaway root, where the command runs and a find_package consumer
# builds against libjsonpatch-dev and runs. Nothing is installed; WORK_DIR is removed on success.
# cmake -DBUILD_DIR=... -DWORK_DIR=... -DVERSION=... -DCPACK=... -DDPKG_DEB=... -DPKG_CONFIG=...
#       -DLINTIAN=<empty when absent> -DREQUIRE_LINTIAN=ON|OFF -DCONSUMER_DIR=... -DGENERATOR=...
#       -DMAKE_PROGRAM=... -DCXX=... -DSTD=17 -DBUILD_TYPE=... -DCXX_FLAGS=... -P deb_check.cmake
cmake_minimum_required(VERSION 3.21...3.31)
include(${CMAKE_CURRENT_LIST_DIR}/script_helpers.cmake)
set(problems "")

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
run("${CPACK}" -G DEB --config "${BUILD_DIR}/CPackConfig.cmake" -B "${WORK_DIR}")
# The staging tree is CPack's, not ours to keep.
file(REMOVE_RECURSE "${WORK_DIR}/_CPack_Packages")

# The Debian revision as configured (JSONPATCH_DEB_RELEASE).
include("${BUILD_DIR}/CPackConfig.cmake")
set(deb_version "${VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}")
set(dev_deb "${WORK_DIR}/libjsonpatch-dev_${deb_version}_all.deb")
file(GLOB cli_debs "${WORK_DIR}/jsonpatch_${deb_version}_*.deb")
file(GLOB all_debs "${WORK_DIR}/*.deb")
list(LENGTH cli_debs cli_count)
list(LENGTH all_debs all_count)
if(NOT EXISTS "${dev_deb}" OR NOT cli_count EQUAL 1 OR NOT all_count EQUAL 2)
    message(FATAL_ERROR "cpack -G DEB made ${all_debs}; expected ${dev_deb} and one jsonpatch_${deb_version}_<arch>.deb")
endif()
set(cli_deb "${cli_debs}")

# Control fields.
function(expect_field deb field pattern)
    run("${DPKG_DEB}" --field "${deb}" ${field})
    string(STRIP "${out}" value)
    if(NOT value MATCHES "${pattern}")
        get_filename_component(name "${deb}" NAME)
        set(problems ${problems} "${name}: ${field} is '${value}', expected '${pattern}'" PARENT_SCOPE)
    endif()
endfunction()
string(REPLACE "." "\\." version_pattern "${deb_version}")
expect_field("${dev_deb}" Package "^libjsonpatch-dev$")
expect_field("${dev_deb}" Version "^${version_pattern}$")
expect_field("${dev_deb}" Architecture "^all$")
expect_field("${dev_deb}" Depends "^nlohmann-json3-dev \\(>= 3\\.11\\)$")
expect_field("${dev_deb}" Section "^libdevel$")
expect_field("${cli_deb}" Package "^jsonpatch$")
expect_field("${cli_deb}" Version "^${version_pattern}$")
expect_field("${cli_deb}" Architecture "^[a-z0-9-]+$")
expect_field("${cli_deb}" Depends "libc6 .*libstdc\\+\\+6 ")
expect_field("${cli_deb}" Conflicts "^python3-jsonpatch$") # its /usr/bin/jsonpatch

# Contents: what each package must hold, and what neither may (the compiled library, our own
# LICENSE copy, an uncompressed man page, anything outside /usr).
function(expect_contents deb)
    cmake_parse_arguments(arg "" "" "HAS;HAS_NOT" ${ARGN})
    run("${DPKG_DEB}" --contents "${deb}")
    string(REGEX REPLACE "[^\n]* \\./" "" paths "${out}")
    string(REPLACE "\n" ";" paths "${paths}")
    get_filename_component(name "${deb}" NAME)
    foreach(path IN LISTS arg_HAS)
        if(NOT path IN_LIST paths)
            list(APPEND problems "${name} has no ${path}")
        endif()
    endforeach()
    foreach(pattern IN LISTS arg_HAS_NOT)
        set(matching "${paths}")
        list(FILTER matching INCLUDE REGEX "${pattern}")
        if(matching)
            list(APPEND problems "${name} must not have ${matching}")
        endif()
    endforeach()
    set(problems "${problems}" PARENT_SCOPE)
endfunction()
set(neither "^[^u]" "^usr/lib" "^usr/local" "\\.(a|so)$" "Compiled" "LICENSE" "man1/jsonpatch\\.1$")
set(dev_doc usr/share/doc/libjsonpatch-dev)
set(cli_doc usr/share/doc/jsonpatch)
expect_contents("${dev_deb}"
    HAS usr/include/jsonpatch/jsonpatch.hpp usr/include/jsonpatch/detail/ops.hpp
        usr/share/cmake/jsonpatch/jsonpatchConfig.cmake usr/share/cmake/jsonpatch/jsonpatchConfigVersion.cmake
        usr/share/cmake/jsonpatch/jsonpatchTargets.cmake usr/share/pkgconfig/jsonpatch.pc
        ${dev_doc}/copyright ${dev_doc}/changelog.Debian.gz ${dev_doc}/changelog.gz
    HAS_NOT ${neither} "^usr/bin" "^usr/share/man")
expect_contents("${cli_deb}"
    HAS usr/bin/jsonpatch usr/share/man/man1/jsonpatch.1.gz
        ${cli_doc}/copyright ${cli_doc}/changelog.Debian.gz ${cli_doc}/changelog.gz
    HAS_NOT ${neither} "^usr/include" "^usr/share/cmake" "pkgconfig")

# Unpacked, to look inside the files and for the consumer.
set(root "${WORK_DIR}/root")
run("${DPKG_DEB}" -x "${dev_deb}" "${root}")
run("${DPKG_DEB}" -x "${cli_deb}" "${root}")

# gzip -9n as policy 12.3 wants it: no file name and no time stamp in the header (flags byte 0,
# MTIME 0), so that the same input makes the same package.
foreach(gz IN ITEMS ${dev_doc}/changelog.Debian.gz ${dev_doc}/changelog.gz ${cli_doc}/changelog.Debian.gz
        ${cli_doc}/changelog.gz usr/share/man/man1/jsonpatch.1.gz)
    file(READ "${root}/${gz}" header LIMIT 8 HEX)
    if(NOT header STREQUAL "1f8b080000000000")
        list(APPEND problems "${gz} is not compressed with gzip -9n (header ${header})")
    endif()
endforeach()

# The Debian changelog names this version, the copyright file is machine-readable.
execute_process(COMMAND gzip -dc "${root}/${dev_doc}/changelog.Debian.gz" OUTPUT_VARIABLE changelog)
if(NOT changelog MATCHES "^jsonpatch \\(${version_pattern}\\) [a-z]+; urgency=[a-z]+\n\n  \\* .*\n -- [^<]+<[^>]+>  [A-Z][a-z][a-z], [0-9][0-9] [A-Z][a-z][a-z] [0-9]+ ")
    list(APPEND problems "changelog.Debian.gz is not a Debian changelog entry for ${deb_version}:\n${changelog}")
endif()
file(READ "${root}/${dev_doc}/copyright" copyright)
if(NOT copyright MATCHES "^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
   OR NOT copyright MATCHES "\nFiles: \\*\nCopyright: [^\n]+\nLicense: Expat\n Permission is hereby granted")
    list(APPEND problems "copyright is not the machine-readable form of LICENSE:\n${copyright}")
endif()

# The command runs, and pkg-config finds the headers in the unpacked tree (the .pc file computes
# its prefix from its own location).
run("${root}/usr/bin/jsonpatch" --version)
string(REPLACE "." "\\." upstream_pattern "${VERSION}")
if(NOT out MATCHES "^jsonpatch ${upstream_pattern} ")
    list(APPEND problems "the packaged jsonpatch --version says '${out}'")
endif()
if(PKG_CONFIG)
    set(ENV{PKG_CONFIG_PATH} "${root}/usr/share/pkgconfig")
    run("${PKG_CONFIG}" --cflags jsonpatch)
    if(NOT out MATCHES "-I${root}/usr/share/pkgconfig/\\.\\./\\.\\./include|-I${root}/usr/include")
        list(APPEND problems "pkg-config --cflags jsonpatch gives '${out}' for the unpacked package")
    endif()
endif()

if(LINTIAN)
    # Errors fail; warnings are printed (docs/packaging.md says which ones remain and why).
    execute_process(COMMAND "${LINTIAN}" --fail-on error --tag-display-limit 0 "${dev_deb}" "${cli_deb}"
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    message(STATUS "lintian:\n${out}")
    if(NOT result EQUAL 0)
        list(APPEND problems "lintian --fail-on error failed (${result})")
    endif()
elseif(REQUIRE_LINTIAN)
    list(APPEND problems "lintian is not installed, and CI=true needs its verdict")
else()
    message(STATUS "lintian is not installed: the packages are not checked by it (apt-get install lintian)")
endif()

if(problems)
    list(JOIN problems "\n  " problems)
    message(FATAL_ERROR "the Debian packages:\n  ${problems}")
endif()
message(STATUS "made and checked ${dev_deb} and ${cli_deb}")

# In a tree where the command is not built, cpack makes libjsonpatch-dev alone and says why
# (jsonpatch_cpack_project.cmake), here told that the command is missing.
set(unbuilt "${WORK_DIR}/unbuilt")
file(WRITE "${unbuilt}/cli_files_.cmake" "set(jsonpatch_cli_files \"${unbuilt}/jsonpatch\")\n")
run("${CPACK}" -G DEB --config "${BUILD_DIR}/CPackConfig.cmake" -B "${unbuilt}"
    -D "CPACK_JSONPATCH_CLI_FILES_LIST=${unbuilt}/cli_files_")
file(GLOB unbuilt_debs RELATIVE "${unbuilt}" "${unbuilt}/*.deb")
string(REPLACE "\n" " " flat "${out}")
if(NOT unbuilt_debs STREQUAL "libjsonpatch-dev_${deb_version}_all.deb" OR NOT flat MATCHES "has +not +been +built: +no +jsonpatch +package")
    message(FATAL_ERROR "cpack without the command built made '${unbuilt_debs}':\n${out}")
endif()

# find_package(jsonpatch) from the unpacked libjsonpatch-dev (nlohmann_json from the system).
build_and_run_consumer("${CONSUMER_DIR}" "${WORK_DIR}/find_package_consumer" find_package_consumer
    "-DCMAKE_PREFIX_PATH=${root}/usr" "-DJSONPATCH_EXPECTED_DIR=${root}/usr/share/cmake/jsonpatch")
file(REMOVE_RECURSE "${WORK_DIR}")
