# Test area "package": how users consume jsonpatch, and builds in nlohmann's other modes.
# Included from tests/CMakeLists.txt; every test is named package.* or modes.*.
set(_pkg_dir ${CMAKE_CURRENT_LIST_DIR})
set(_pkg_work ${CMAKE_CURRENT_BINARY_DIR}/package)
set(_pkg_prefix ${_pkg_work}/prefix)
set(_pkg_strict_flags "-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror")
# Consumers use the same compiler and standard as this build (the ci-* presets set the standard).
if(CMAKE_CXX_STANDARD)
    set(_pkg_std ${CMAKE_CXX_STANDARD})
else()
    set(_pkg_std 17)
endif()
if(CMAKE_BUILD_TYPE)
    set(_pkg_build_type ${CMAKE_BUILD_TYPE})
else()
    set(_pkg_build_type Release)
endif()
set(_pkg_consumer_options
    -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
    -DCMAKE_CXX_STANDARD=${_pkg_std}
    -DCMAKE_BUILD_TYPE=${_pkg_build_type}
    "-DCMAKE_CXX_FLAGS=${_pkg_strict_flags}"
    -DJSONPATCH_EXPECTED_VERSION=${PROJECT_VERSION})

# The version lives in project(VERSION); version.hpp, the vcpkg port, the Conan recipe and the
# CHANGELOG's latest entry repeat it.
add_test(NAME package.versions_agree
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DVERSION=${PROJECT_VERSION}
        -P ${_pkg_dir}/check_versions.cmake)

# The source tree through add_subdirectory: no tests, examples, install rules or flags leak.
add_test(NAME package.add_subdirectory_consumer
    COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test
        ${_pkg_dir}/add_subdirectory_consumer ${_pkg_work}/add_subdirectory_consumer
        --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
        --build-options ${_pkg_consumer_options} -DJSONPATCH_SOURCE_DIR=${PROJECT_SOURCE_DIR}
        --test-command add_subdirectory_consumer)

# ... and builds jsonpatch::compiled when the parent asks for it.
add_test(NAME package.add_subdirectory_compiled_consumer
    COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test
        ${_pkg_dir}/add_subdirectory_consumer ${_pkg_work}/add_subdirectory_compiled_consumer
        --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
        --build-options ${_pkg_consumer_options} -DJSONPATCH_SOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DJSONPATCH_BUILD_COMPILED=ON
        --test-command add_subdirectory_compiled_consumer)

# ... and installs nothing unless the parent sets JSONPATCH_INSTALL=ON.
add_test(NAME package.subproject_install
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
        -DCONSUMER_DIR=${_pkg_dir}/add_subdirectory_consumer -DWORK_DIR=${_pkg_work}/subproject_install
        "-DGENERATOR=${CMAKE_GENERATOR}" -DCXX=${CMAKE_CXX_COMPILER} -P ${_pkg_dir}/subproject_install.cmake)

if(JSONPATCH_INSTALL)
    # Fixture: this build tree installed into a fresh prefix; the consumers below use that copy.
    add_test(NAME package.install
        COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DPREFIX=${_pkg_prefix}
            -DCONFIG=$<CONFIG> -P ${_pkg_dir}/install_prefix.cmake)
    set_tests_properties(package.install PROPERTIES FIXTURES_SETUP jsonpatch_installed)

    add_test(NAME package.find_package_consumer
        COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test
            ${_pkg_dir}/find_package_consumer ${_pkg_work}/find_package_consumer
            --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
            --build-options ${_pkg_consumer_options}
                -DCMAKE_PREFIX_PATH=${_pkg_prefix}
                -DJSONPATCH_EXPECTED_DIR=${_pkg_prefix}/share/cmake/jsonpatch
            --test-command find_package_consumer)
    set_tests_properties(package.find_package_consumer PROPERTIES FIXTURES_REQUIRED jsonpatch_installed)

    # The build tree exported as a package: jsonpatch_DIR=<this build dir>, headers from the source tree.
    add_test(NAME package.build_tree_consumer
        COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test
            ${_pkg_dir}/find_package_consumer ${_pkg_work}/build_tree_consumer
            --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
            --build-options ${_pkg_consumer_options}
                -Djsonpatch_DIR=${PROJECT_BINARY_DIR} -DJSONPATCH_EXPECTED_DIR=${PROJECT_BINARY_DIR}
            --test-command find_package_consumer)

    # SameMinorVersion while 0.x: for 0.3.0, 0.3 and 0.3.0 are accepted; the previous and the
    # next minor (0.2, 0.4) and the next major (1.0) are refused. Derived from project(VERSION).
    math(EXPR _pkg_previous_minor "${PROJECT_VERSION_MINOR} - 1")
    math(EXPR _pkg_next_minor "${PROJECT_VERSION_MINOR} + 1")
    math(EXPR _pkg_next_major "${PROJECT_VERSION_MAJOR} + 1")
    set(_pkg_same_minor ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
    set(_pkg_requests ${_pkg_same_minor} ${PROJECT_VERSION}
        ${PROJECT_VERSION_MAJOR}.${_pkg_next_minor} ${_pkg_next_major}.0)
    if(_pkg_previous_minor GREATER_EQUAL 0)
        list(APPEND _pkg_requests ${PROJECT_VERSION_MAJOR}.${_pkg_previous_minor})
    endif()
    foreach(_request IN LISTS _pkg_requests)
        if(_request STREQUAL _pkg_same_minor OR _request STREQUAL PROJECT_VERSION)
            set(_expect found)
        else()
            set(_expect refused)
        endif()
        add_test(NAME package.version_request_${_request}_${_expect}
            COMMAND ${CMAKE_COMMAND} -DREQUEST=${_request} -DEXPECT=${_expect} -DPREFIX=${_pkg_prefix}
                -DSOURCE_DIR=${_pkg_dir}/version_request -DWORK_DIR=${_pkg_work}/version_request_${_request}
                "-DGENERATOR=${CMAKE_GENERATOR}" -P ${_pkg_dir}/version_request.cmake)
        set_tests_properties(package.version_request_${_request}_${_expect}
            PROPERTIES FIXTURES_REQUIRED jsonpatch_installed)
    endforeach()

    if(TARGET jsonpatch_compiled)
        # The package is architecture-neutral, jsonpatch::compiled is not: a project with other
        # pointers still finds the headers, and is refused the component.
        math(EXPR _pkg_other_pointer_size "12 - ${CMAKE_SIZEOF_VOID_P}") # 8 <-> 4
        foreach(_case IN ITEMS "${CMAKE_SIZEOF_VOID_P};compiled;found" "${_pkg_other_pointer_size};;found"
                "${_pkg_other_pointer_size};compiled;refused_pointer_size")
            list(GET _case 0 _size)
            list(GET _case 1 _components)
            list(GET _case 2 _expect)
            string(REGEX REPLACE "_pointer_size$" "" _outcome "${_expect}")
            set(_name package.pointer_size_${_size}_${_components}_${_outcome})
            string(REPLACE "__" "_" _name "${_name}")
            add_test(NAME ${_name}
                COMMAND ${CMAKE_COMMAND} -DREQUEST=${_pkg_same_minor} -DEXPECT=${_expect}
                    -DCOMPONENTS=${_components} -DPOINTER_SIZE=${_size} -DPREFIX=${_pkg_prefix}
                    -DSOURCE_DIR=${_pkg_dir}/version_request -DWORK_DIR=${_pkg_work}/${_name}
                    "-DGENERATOR=${CMAKE_GENERATOR}" -P ${_pkg_dir}/version_request.cmake)
            set_tests_properties(${_name} PROPERTIES FIXTURES_REQUIRED jsonpatch_installed)
        endforeach()

        # The compiled mode from the installed copy: find_package(... COMPONENTS compiled).
        add_test(NAME package.compiled_consumer
            COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test
                ${_pkg_dir}/compiled_consumer ${_pkg_work}/compiled_consumer
                --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
                --build-options ${_pkg_consumer_options} -DCMAKE_PREFIX_PATH=${_pkg_prefix}
                --test-command compiled_consumer)
        set_tests_properties(package.compiled_consumer PROPERTIES FIXTURES_REQUIRED jsonpatch_installed)
    endif()

    find_program(JSONPATCH_PKG_CONFIG_EXECUTABLE pkg-config)
    if(JSONPATCH_PKG_CONFIG_EXECUTABLE)
        add_test(NAME package.pkg_config_consumer
            COMMAND ${CMAKE_COMMAND} -DPKG_CONFIG=${JSONPATCH_PKG_CONFIG_EXECUTABLE} -DPREFIX=${_pkg_prefix}
                -DCXX=${CMAKE_CXX_COMPILER} -DSTD=${_pkg_std} -DSOURCE=${_pkg_dir}/consumer/consumer.cpp
                -DWORK_DIR=${_pkg_work}/pkg_config_consumer -DVERSION=${PROJECT_VERSION}
                -P ${_pkg_dir}/pkg_config_consumer.cmake)
        set_tests_properties(package.pkg_config_consumer PROPERTIES FIXTURES_REQUIRED jsonpatch_installed)
        if(TARGET jsonpatch_compiled)
            add_test(NAME package.pkg_config_compiled_consumer
                COMMAND ${CMAKE_COMMAND} -DPKG_CONFIG=${JSONPATCH_PKG_CONFIG_EXECUTABLE}
                    -DPREFIX=${_pkg_prefix} -DMODULE=jsonpatch-compiled -DLIBDIR=${CMAKE_INSTALL_LIBDIR}
                    -DCXX=${CMAKE_CXX_COMPILER} -DSTD=${_pkg_std}
                    -DSOURCE=${_pkg_dir}/compiled_consumer/compiled_consumer.cpp
                    -DWORK_DIR=${_pkg_work}/pkg_config_compiled_consumer -DVERSION=${PROJECT_VERSION}
                    -P ${_pkg_dir}/pkg_config_consumer.cmake)
            set_tests_properties(package.pkg_config_compiled_consumer
                PROPERTIES FIXTURES_REQUIRED jsonpatch_installed)
        endif()
    else()
        message(WARNING "pkg-config not found: package.pkg_config_consumer is not registered")
    endif()
else()
    message(STATUS "JSONPATCH_INSTALL is OFF: the installed-package consumer tests are not registered")
endif()

# The compiled mode (JSONPATCH_BUILD_COMPILED): unit suites that cover every entry point the
# library compiles run again linked with jsonpatch::compiled, so the extern declarations and the
# library's instantiations are what they exercise.
if(TARGET jsonpatch_compiled)
    foreach(_suite IN ITEMS apply_test parse_test diff_test)
        add_executable(compiled_${_suite} ${PROJECT_SOURCE_DIR}/tests/unit/${_suite}.cpp)
        target_link_libraries(compiled_${_suite} PRIVATE jsonpatch_test_support jsonpatch::compiled)
        catch_discover_tests(compiled_${_suite} TEST_PREFIX "compiled.${_suite}: "
            DISCOVERY_MODE PRE_TEST)
    endforeach()
endif()

# nlohmann's other modes (STYLE §5): every public header in one translation unit, plus a test of the
# apply path, per mode. The default mode is what every other test builds with.
file(GLOB_RECURSE _pkg_headers RELATIVE ${PROJECT_SOURCE_DIR}/include
    CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/jsonpatch/*.hpp)
list(FILTER _pkg_headers EXCLUDE REGEX "/detail/")
list(FILTER _pkg_headers EXCLUDE REGEX "/testing_gtest\\.hpp$") # needs GoogleTest
list(SORT _pkg_headers)
set(_pkg_all_headers "// Generated: every public jsonpatch header.\n")
foreach(_header IN LISTS _pkg_headers)
    string(APPEND _pkg_all_headers "#include <${_header}>\n")
endforeach()
file(CONFIGURE OUTPUT ${_pkg_work}/all_public_headers.cpp CONTENT "${_pkg_all_headers}")

foreach(_mode IN ITEMS implicit_conversions_off diagnostics)
    if(_mode STREQUAL "implicit_conversions_off")
        set(_definition JSON_USE_IMPLICIT_CONVERSIONS=0)
    else()
        set(_definition JSON_DIAGNOSTICS=1)
    endif()
    add_executable(nlohmann_modes_${_mode}_test
        ${_pkg_dir}/nlohmann_modes_test.cpp ${_pkg_work}/all_public_headers.cpp)
    target_link_libraries(nlohmann_modes_${_mode}_test PRIVATE jsonpatch_test_support)
    target_compile_definitions(nlohmann_modes_${_mode}_test PRIVATE ${_definition})
    catch_discover_tests(nlohmann_modes_${_mode}_test TEST_PREFIX "modes.${_mode}: "
        DISCOVERY_MODE PRE_TEST)
endforeach()
# GCC 12 at -O3 (ci-gcc-cxx20-release) reports std::map code inlined into nlohmann's JSON_DIAGNOSTICS
# parent tracking as "partly outside array bounds": a bogus -Warray-bounds (GCC meta-bug 56456).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(nlohmann_modes_diagnostics_test PRIVATE
        $<$<NOT:$<CONFIG:Debug>>:-Wno-array-bounds>)
endif()

# Debian packages, the release archive with FetchContent, Conan and vcpkg.
include(${_pkg_dir}/distribution.cmake)

# The consumer builds take most of this area's time: `ctest -L package` runs only them, `-LE package`
# everything else.
get_directory_property(_pkg_tests TESTS)
list(FILTER _pkg_tests INCLUDE REGEX "^package\\.")
set_tests_properties(${_pkg_tests} PROPERTIES LABELS package)
