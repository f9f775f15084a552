# CPack: `cpack -G DEB` in a configured and built tree makes two Debian packages,
#   libjsonpatch-dev  the headers, the CMake package and jsonpatch.pc (Architecture: all), from the
#                     install component jsonpatch_development;
#   jsonpatch         the command and its man page, from jsonpatch_cli (when the CLI is installed);
# each with its copyright, changelog.Debian.gz and the upstream changelog.gz in
# /usr/share/doc/<package>, as Debian policy (12.5, 12.7) wants them. jsonpatch::compiled is in
# neither: it is for vcpkg, Conan and `cmake --install`. Included by the top-level project only.
if(NOT EXISTS ${PROJECT_SOURCE_DIR}/CHANGELOG.md)
    # The subset of the tree that the Conan recipe exports: it has no use for Debian packages.
    message(STATUS "no CHANGELOG.md in the source tree: cpack is not set up")
    return()
endif()

set(JSONPATCH_DEB_MAINTAINER "jsonpatch maintainers <maintainers@jsonpatch.invalid>"
    CACHE STRING "Maintainer field and changelog signature of the Debian packages")
set(JSONPATCH_DEB_RELEASE 1 CACHE STRING "Debian revision of the packages: <version>-<revision>")

set(_jsonpatch_deb_dev_name libjsonpatch-dev)
set(_jsonpatch_deb_cli_name jsonpatch)
set(_jsonpatch_deb_components jsonpatch_development)
if(JSONPATCH_INSTALL_CLI AND TARGET jsonpatch_man)
    list(APPEND _jsonpatch_deb_components jsonpatch_cli)
endif()

# The Debian documentation exists only in those packages: its install rules are EXCLUDE_FROM_ALL,
# so a plain `cmake --install` does not put it beside our own.
set(_jsonpatch_deb_dir ${PROJECT_BINARY_DIR}/debian)
find_program(JSONPATCH_GZIP_EXECUTABLE gzip)

# Installs SOURCE, compressed with gzip -9n (best compression, no name or time stamp in the
# header, so the same input gives the same bytes: Debian policy 12.3), as DESTINATION/NAME. The
# compression runs at install time, since the man page is only made by the build.
function(jsonpatch_deb_install_gzipped component source destination name)
    if(NOT JSONPATCH_GZIP_EXECUTABLE)
        message(WARNING "gzip not found: the Debian packages will lack ${destination}/${name}")
        return()
    endif()
    set(staged ${_jsonpatch_deb_dir}/${component}/${name})
    install(CODE "
        file(MAKE_DIRECTORY \"${_jsonpatch_deb_dir}/${component}\")
        execute_process(COMMAND \"${JSONPATCH_GZIP_EXECUTABLE}\" -9nc \"${source}\"
            OUTPUT_FILE \"${staged}\" RESULT_VARIABLE result)
        if(NOT result EQUAL 0)
            message(FATAL_ERROR \"gzip -9n ${source} failed: \${result}\")
        endif()
        file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${destination}\" TYPE FILE
            PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ FILES \"${staged}\")"
        COMPONENT ${component} EXCLUDE_FROM_ALL)
endfunction()

# debian/copyright in the machine-readable format, made from LICENSE (Debian calls it Expat).
file(STRINGS ${PROJECT_SOURCE_DIR}/LICENSE _jsonpatch_copyright_line REGEX "^Copyright")
string(REGEX REPLACE "^Copyright (\\([cC]\\) )?" "" _jsonpatch_copyright_holder "${_jsonpatch_copyright_line}")
file(READ ${PROJECT_SOURCE_DIR}/LICENSE _jsonpatch_license_text)
string(REGEX REPLACE "^.*Copyright[^\n]*\n\n" "" _jsonpatch_license_text "${_jsonpatch_license_text}")
string(STRIP "${_jsonpatch_license_text}" _jsonpatch_license_text)
string(REGEX REPLACE "\n\n" "\n.\n" _jsonpatch_license_text "${_jsonpatch_license_text}")
string(REGEX REPLACE "\n" "\n " _jsonpatch_license_text "${_jsonpatch_license_text}")
file(CONFIGURE OUTPUT ${_jsonpatch_deb_dir}/copyright CONTENT
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: jsonpatch
Upstream-Contact: ${JSONPATCH_DEB_MAINTAINER}

Files: *
Copyright: ${_jsonpatch_copyright_holder}
License: Expat
 ${_jsonpatch_license_text}
")

# debian/changelog: one entry for this version, dated like the CHANGELOG.md release it packages
# (the newest one when this version has none yet), so the packages do not depend on the build date.
file(STRINGS ${PROJECT_SOURCE_DIR}/CHANGELOG.md _jsonpatch_releases
    REGEX "^## \\[[0-9]+\\.[0-9]+\\.[0-9]+\\] - [0-9]+-[0-9]+-[0-9]+")
set(_jsonpatch_release_date "")
foreach(_release IN LISTS _jsonpatch_releases)
    string(REGEX MATCH "^## \\[([^]]+)\\] - ([0-9]+)-([0-9]+)-([0-9]+)" _ "${_release}")
    if(NOT _jsonpatch_release_date OR CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
        set(_jsonpatch_release_date ${CMAKE_MATCH_2} ${CMAKE_MATCH_3} ${CMAKE_MATCH_4})
    endif()
endforeach()
if(NOT _jsonpatch_release_date)
    message(FATAL_ERROR "CHANGELOG.md has no release heading '## [x.y.z] - yyyy-mm-dd' to date the Debian changelog")
endif()
# RFC 5322 date, which needs the day of the week (Sakamoto's method).
list(GET _jsonpatch_release_date 0 _y)
list(GET _jsonpatch_release_date 1 _m)
list(GET _jsonpatch_release_date 2 _d)
math(EXPR _m "${_m} + 0")
math(EXPR _d "${_d} + 0")
set(_jsonpatch_month_offsets 0 3 2 5 0 3 5 1 4 6 2 4)
set(_jsonpatch_weekdays Sun Mon Tue Wed Thu Fri Sat)
set(_jsonpatch_months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
math(EXPR _month_index "${_m} - 1")
list(GET _jsonpatch_month_offsets ${_month_index} _offset)
set(_yy ${_y})
if(_m LESS 3)
    math(EXPR _yy "${_y} - 1")
endif()
math(EXPR _weekday "(${_yy} + ${_yy} / 4 - ${_yy} / 100 + ${_yy} / 400 + ${_offset} + ${_d}) % 7")
list(GET _jsonpatch_weekdays ${_weekday} _weekday)
list(GET _jsonpatch_months ${_month_index} _month)
string(REGEX REPLACE "^([0-9])$" "0\\1" _d "${_d}")
set(_jsonpatch_deb_version ${PROJECT_VERSION}-${JSONPATCH_DEB_RELEASE})
file(CONFIGURE OUTPUT ${_jsonpatch_deb_dir}/changelog.Debian CONTENT
"jsonpatch (${_jsonpatch_deb_version}) unstable; urgency=medium

  * jsonpatch ${PROJECT_VERSION}, packaged with CPack from the project's own install rules.
    The upstream changes are in changelog.gz.

 -- ${JSONPATCH_DEB_MAINTAINER}  ${_weekday}, ${_d} ${_month} ${_y} 00:00:00 +0000
")

foreach(_component IN LISTS _jsonpatch_deb_components)
    if(_component STREQUAL "jsonpatch_cli")
        set(_doc_dir ${CMAKE_INSTALL_DATAROOTDIR}/doc/${_jsonpatch_deb_cli_name})
    else()
        set(_doc_dir ${CMAKE_INSTALL_DATAROOTDIR}/doc/${_jsonpatch_deb_dev_name})
    endif()
    install(FILES ${_jsonpatch_deb_dir}/copyright DESTINATION ${_doc_dir}
        COMPONENT ${_component} EXCLUDE_FROM_ALL)
    jsonpatch_deb_install_gzipped(${_component} ${_jsonpatch_deb_dir}/changelog.Debian ${_doc_dir}
        changelog.Debian.gz)
    jsonpatch_deb_install_gzipped(${_component} ${PROJECT_SOURCE_DIR}/CHANGELOG.md ${_doc_dir}
        changelog.gz)
endforeach()
if(jsonpatch_cli IN_LIST _jsonpatch_deb_components)
    get_target_property(_jsonpatch_man_page jsonpatch_man JSONPATCH_MAN_PAGE)
    jsonpatch_deb_install_gzipped(jsonpatch_cli ${_jsonpatch_man_page} ${CMAKE_INSTALL_MANDIR}/man1
        jsonpatch.1.gz)
    # What the jsonpatch package needs built, per configuration, for jsonpatch_cpack_project.cmake:
    # libjsonpatch-dev needs no build at all, so cpack in a tree that is only configured still
    # makes it.
    file(GENERATE OUTPUT ${_jsonpatch_deb_dir}/cli_files_$<CONFIG>.cmake
        CONTENT "set(jsonpatch_cli_files \"$<TARGET_FILE:jsonpatch_cli>\" \"${_jsonpatch_man_page}\")\n")
    set(CPACK_JSONPATCH_CLI_FILES_LIST ${_jsonpatch_deb_dir}/cli_files_)
endif()

set(CPACK_PACKAGE_NAME jsonpatch)
set(CPACK_PACKAGE_VENDOR "The jsonpatch authors")
set(CPACK_PACKAGE_CONTACT "${JSONPATCH_DEB_MAINTAINER}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_COMPONENTS_ALL ${_jsonpatch_deb_components})
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/cmake/jsonpatch_cpack_project.cmake)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${JSONPATCH_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SOURCE jsonpatch)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_JSONPATCH_DEVELOPMENT_PACKAGE_NAME ${_jsonpatch_deb_dev_name})
set(CPACK_DEBIAN_JSONPATCH_DEVELOPMENT_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_JSONPATCH_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_JSONPATCH_DEVELOPMENT_PACKAGE_DEPENDS "nlohmann-json3-dev (>= 3.11)")
set(CPACK_COMPONENT_JSONPATCH_DEVELOPMENT_DESCRIPTION
"JSON Patch (RFC 6902) and JSON Pointer (RFC 6901) for nlohmann/json
jsonpatch is a header-only C++17 library that applies JSON Patch documents
atomically to any nlohmann::basic_json, with typed models, RFC 9457 problem
details, diff, inverse and JSON Merge Patch.

This package contains the headers, the CMake package (find_package(jsonpatch),
target jsonpatch::jsonpatch) and the pkg-config file jsonpatch.pc.")

set(CPACK_DEBIAN_JSONPATCH_CLI_PACKAGE_NAME ${_jsonpatch_deb_cli_name})
set(CPACK_DEBIAN_JSONPATCH_CLI_PACKAGE_SECTION utils)
# Depends on the C and C++ runtime libraries, as dpkg-shlibdeps finds them.
set(CPACK_DEBIAN_JSONPATCH_CLI_PACKAGE_SHLIBDEPS ON)
# Debian's python3-jsonpatch installs a /usr/bin/jsonpatch of its own (policy 7.4: packages that
# ship the same file conflict).
set(CPACK_DEBIAN_JSONPATCH_CLI_PACKAGE_CONFLICTS python3-jsonpatch)
set(CPACK_COMPONENT_JSONPATCH_CLI_DESCRIPTION
"command-line tool to apply, check and compute JSON Patch documents
The jsonpatch command applies a JSON Patch (RFC 6902) or a JSON Merge Patch
(RFC 7396) to a JSON document atomically, reports every problem in a patch,
prints the patch that turns one document into another, and runs
json-patch-tests suite files. Errors carry stable codes and exit statuses.")

include(CPack)
