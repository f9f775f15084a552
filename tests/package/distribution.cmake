# Test area "package", continued: the distribution routes with the real tools. Debian packages
# (CPack, dpkg-deb, lintian), the source release archive through FetchContent, and the Conan 2 and
# vcpkg clients. Included from tests.cmake (which labels every package.* test); uses its _pkg_*
# variables. Nothing is installed on the system or in $HOME: every test works under
# ${_pkg_work}/<name> and removes it when it passes.
set(_pkg_in_ci FALSE)
if(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
    set(_pkg_in_ci TRUE)
endif()
# A route that cannot be tested here: a warning, or in CI an error (CI must test every route).
function(jsonpatch_package_route_missing what)
    if(_pkg_in_ci)
        message(FATAL_ERROR "CI=true, but ${what}")
    endif()
    message(WARNING "${what}")
endfunction()

# What the scripts pass on to the consumer projects they build (script_helpers.cmake).
set(_pkg_script_consumer_options "-DGENERATOR=${CMAKE_GENERATOR}" -DMAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}
    -DCXX=${CMAKE_CXX_COMPILER} -DSTD=${_pkg_std} -DBUILD_TYPE=${_pkg_build_type}
    "-DCXX_FLAGS=${_pkg_strict_flags}" -DVERSION=${PROJECT_VERSION})

# nlohmann/json as found by this build: Conan and vcpkg package the same copy.
get_target_property(_pkg_nlohmann_include nlohmann_json::nlohmann_json INTERFACE_INCLUDE_DIRECTORIES)
list(GET _pkg_nlohmann_include 0 _pkg_nlohmann_include)

# Debian packages: cpack -G DEB, checked, unpacked, and a find_package consumer built against the
# unpacked libjsonpatch-dev.
find_program(JSONPATCH_DPKG_DEB dpkg-deb)
find_program(JSONPATCH_DPKG_SHLIBDEPS dpkg-shlibdeps)
find_program(JSONPATCH_LINTIAN lintian)
if(NOT JSONPATCH_INSTALL OR NOT JSONPATCH_INSTALL_CLI)
    message(STATUS "JSONPATCH_INSTALL or JSONPATCH_INSTALL_CLI is OFF: package.deb is not registered")
elseif(NOT JSONPATCH_DPKG_DEB OR NOT JSONPATCH_DPKG_SHLIBDEPS)
    jsonpatch_package_route_missing(
        "dpkg-deb or dpkg-shlibdeps is missing: package.deb is not registered (apt-get install dpkg-dev)")
else()
    if(NOT JSONPATCH_LINTIAN)
        jsonpatch_package_route_missing("lintian is missing: package.deb cannot check the packages with it")
        set(JSONPATCH_LINTIAN "")
    endif()
    add_test(NAME package.deb
        COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DWORK_DIR=${_pkg_work}/deb
            -DVERSION=${PROJECT_VERSION} -DCPACK=${CMAKE_CPACK_COMMAND} -DDPKG_DEB=${JSONPATCH_DPKG_DEB}
            -DPKG_CONFIG=${JSONPATCH_PKG_CONFIG_EXECUTABLE} -DLINTIAN=${JSONPATCH_LINTIAN}
            -DREQUIRE_LINTIAN=${_pkg_in_ci} -DCONSUMER_DIR=${_pkg_dir}/find_package_consumer
            ${_pkg_script_consumer_options} -P ${_pkg_dir}/deb_check.cmake)
endif()

# The source release archive (scripts/release.sh) and a FetchContent consumer of it; the archive
# is made from git, so this needs a git checkout.
find_package(Git QUIET)
set(_pkg_git_checkout FALSE)
if(GIT_EXECUTABLE)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${PROJECT_SOURCE_DIR} rev-parse --is-inside-work-tree
        OUTPUT_VARIABLE _pkg_git_checkout OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(_pkg_git_checkout STREQUAL "true")
    add_test(NAME package.release_archive
        COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DWORK_DIR=${_pkg_work}/release_archive
            -DGIT=${GIT_EXECUTABLE} ${_pkg_script_consumer_options} -P ${_pkg_dir}/release_check.cmake)
else()
    # Not an error in CI either: a tree made from a release archive is no git checkout.
    message(WARNING "${PROJECT_SOURCE_DIR} is not a git checkout (or git is missing): "
        "package.release_archive is not registered")
endif()

# Conan 2 and vcpkg: skipped (exit 77) where the client is absent.
add_test(NAME package.conan
    COMMAND ${_pkg_dir}/conan_check.sh ${PROJECT_SOURCE_DIR} ${_pkg_work}/conan ${PROJECT_VERSION}
        ${CMAKE_CXX_COMPILER} ${_pkg_std} "${CMAKE_GENERATOR}" ${_pkg_nlohmann_include}
        ${nlohmann_json_VERSION})
get_filename_component(_pkg_vcpkg_default ${PROJECT_SOURCE_DIR}/../shared/tools/vcpkg ABSOLUTE)
set(JSONPATCH_VCPKG_ROOT ${_pkg_vcpkg_default} CACHE PATH
    "vcpkg root (with its vcpkg binary) that package.vcpkg copies and uses")
add_test(NAME package.vcpkg
    COMMAND ${_pkg_dir}/vcpkg_check.sh ${PROJECT_SOURCE_DIR} ${_pkg_work}/vcpkg ${PROJECT_VERSION}
        ${JSONPATCH_VCPKG_ROOT} ${CMAKE_CXX_COMPILER} ${_pkg_std} "${CMAKE_GENERATOR}" ${_pkg_build_type}
        "${_pkg_strict_flags}" ${_pkg_nlohmann_include} ${nlohmann_json_DIR} ${nlohmann_json_VERSION})
set_tests_properties(package.conan package.vcpkg PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1200)
