# Test area "single_include": the generated single_include/jsonpatch/*.hpp are what
# scripts/amalgamate.sh makes of include/, and the conformance suite builds and passes against
# the single header alone. Included from tests/CMakeLists.txt; every test is named single_include.*.
set(_si_dir ${CMAKE_CURRENT_LIST_DIR})
set(_si_work ${CMAKE_CURRENT_BINARY_DIR}/single_include)
find_program(JSONPATCH_BASH bash)

if(JSONPATCH_BASH)
    # Fails as soon as someone edits include/ without running scripts/amalgamate.sh.
    add_test(NAME single_include.up_to_date
        COMMAND ${JSONPATCH_BASH} ${PROJECT_SOURCE_DIR}/scripts/amalgamate.sh --check)
    # The check itself: on a copy of the tree it passes, and fails once a header changes.
    add_test(NAME single_include.check_detects_a_stale_copy
        COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DWORK_DIR=${_si_work}/stale
            -DBASH=${JSONPATCH_BASH} -P ${_si_dir}/stale_check.cmake)
    set_tests_properties(single_include.up_to_date single_include.check_detects_a_stale_copy
        PROPERTIES LABELS single_include)
else()
    message(WARNING "bash not found: the single_include.* checks are not registered")
endif()

# The conformance test, built by a project of its own whose include path has single_include/ and
# no include/, and a program that includes both single headers in both orders. Stand-ins for the headers the test includes (<jsonpatch/apply.hpp>, ...) include
# the single header and then insist that it defined their guard, so each public header is proven
# to be inside it.
if(JSONPATCH_CONFORMANCE_DIR AND EXISTS "${JSONPATCH_CONFORMANCE_DIR}/tests.json")
    set(_si_stand_ins ${_si_work}/stand_ins)
    file(GLOB _si_public RELATIVE ${PROJECT_SOURCE_DIR}/include
        CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/jsonpatch/*.hpp)
    list(REMOVE_ITEM _si_public jsonpatch/jsonpatch.hpp jsonpatch/pat.hpp)
    foreach(_header IN LISTS _si_public)
        file(STRINGS ${PROJECT_SOURCE_DIR}/include/${_header} _guard REGEX "^#ifndef " LIMIT_COUNT 1)
        string(REGEX REPLACE "^#ifndef[ \t]+" "" _guard "${_guard}")
        file(CONFIGURE OUTPUT ${_si_stand_ins}/${_header} CONTENT
"// Generated stand-in: the single header holds ${_header}.
#include <jsonpatch/jsonpatch.hpp>
#ifndef ${_guard}
#error \"single_include/jsonpatch/jsonpatch.hpp does not contain ${_header}\"
#endif
")
    endforeach()
    # The same compiler, standard and build type as this build.
    if(CMAKE_CXX_STANDARD)
        set(_si_std ${CMAKE_CXX_STANDARD})
    else()
        set(_si_std 17)
    endif()
    if(CMAKE_BUILD_TYPE)
        set(_si_build_type ${CMAKE_BUILD_TYPE})
    else()
        set(_si_build_type Release)
    endif()
    add_test(NAME single_include.conformance
        COMMAND ${CMAKE_CTEST_COMMAND} --build-and-test
            ${_si_dir}/conformance_project ${_si_work}/conformance
            --build-generator ${CMAKE_GENERATOR} --build-makeprogram ${CMAKE_MAKE_PROGRAM}
            --build-options
                -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
                -DCMAKE_CXX_STANDARD=${_si_std}
                -DCMAKE_BUILD_TYPE=${_si_build_type}
                "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Werror"
                -DJSONPATCH_SOURCE_DIR=${PROJECT_SOURCE_DIR}
                -DJSONPATCH_STAND_INS=${_si_stand_ins}
                -DJSONPATCH_CONFORMANCE_DIR=${JSONPATCH_CONFORMANCE_DIR}
            --test-command ${CMAKE_CTEST_COMMAND} --output-on-failure)
    # A build of its own, like the package consumers: "package" keeps it to the builds that run those.
    set_tests_properties(single_include.conformance PROPERTIES LABELS "single_include;package")
endif()
