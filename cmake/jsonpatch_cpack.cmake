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
function(jsonpatch_deb_write_copyright file)
    file(STRINGS ${PROJECT_SOURCE_DIR}/LICENSE holder REGEX "^Copyright")
    string(REGEX REPLACE "^Copyright (\\([cC]\\) )?" "" holder "${holder}")
    file(READ ${PROJECT_SOURCE_DIR}/LICENSE text)
    string(REGEX REPLACE "^.*Copyright[^\n]*\n\n" "" text "${text}")
    string(STRIP "${text}" text)
    string(REGEX REPLACE "\n\n" "\n.\n" text "${text}")
    string(REGEX REPLACE "\n" "\n " text "${text}")
    file(CONFIGURE OUTPUT ${file} CONTENT "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: jsonpatch
Upstream-Contact: ${JSONPATCH_DEB_MAINTAINER}

Files: *
Copyright: ${holder}
License: Expat
 ${text}
")
endfunction()

# The RFC 5322 date (as a Debian changelog wants it) of the CHANGELOG.md release of this version,
# or of the newest release when this version has none yet: the packages do not depend on the day
# they are built.
function(jsonpatch_deb_release_date out)
    file(STRINGS ${PROJECT_SOURCE_DIR}/CHANGELOG.md releases
        REGEX "^## \\[[0-9]+\\.[0-9]+\\.[0-9]+\\] - [0-9]+-[0-9]+-[0-9]+")
    set(date "")
    foreach(release IN LISTS releases)
        string(REGEX MATCH "^## \\[([^]]+)\\] - ([0-9]+)-([0-9]+)-([0-9]+)" _ "${release}")
        if(NOT date OR CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
            set(date ${CMAKE_MATCH_2} ${CMAKE_MATCH_3} ${CMAKE_MATCH_4})
        endif()
    endforeach()
    if(NOT date)
        message(FATAL_ERROR "CHANGELOG.md has no release heading '## [x.y.z] - yyyy-mm-dd' to date the Debian changelog")
    endif()
    list(GET date 0 y)
    list(GET date 1 m)
    list(GET date 2 d)
    math(EXPR m "${m} + 0")
    math(EXPR d "${d} + 0")
    # The day of the week, by Sakamoto's method.
    set(month_offsets 0 3 2 5 0 3 5 1 4 6 2 4)
    set(weekdays Sun Mon Tue Wed Thu Fri Sat)
    set(months Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec)
    math(EXPR month_index "${m} - 1")
    list(GET month_offsets ${month_index} offset)
    set(yy ${y})
    if(m LESS 3)
        math(EXPR yy "${y} - 1")
    endif()
    math(EXPR weekday "(${yy} + ${yy} / 4 - ${yy} / 100 + ${yy} / 400 + ${offset} + ${d}) % 7")
    list(GET weekdays ${weekday} weekday)
    list(GET months ${month_index} month)
    string(REGEX REPLACE "^([0-9])$" "0\\1" d "${d}")
    set(${out} "${weekday}, ${d} ${month} ${y} 00:00:00 +0000" PARENT_SCOPE)
endfunction()

jsonpatch_deb_write_copyright(${_jsonpatch_deb_dir}/copyright)
jsonpatch_deb_release_date(_jsonpatch_deb_date)
file(CONFIGURE OUTPUT ${_jsonpatch_deb_dir}/changelog.Debian CONTENT
"jsonpatch (${PROJECT_VERSION}-${JSONPATCH_DEB_RELEASE}) unstable; urgency=medium

  * jsonpatch ${PROJECT_VERSION}, packaged with CPack from the project's own install rules.
    The upstream changes are in changelog.gz.

 -- ${JSONPATCH_DEB_MAINTAINER}  ${_jsonpatch_deb_date}
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
