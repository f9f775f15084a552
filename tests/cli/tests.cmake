# Test area "cli": the jsonpatch command end to end, its man page and its install rule.
# Included from tests/CMakeLists.txt; every test is named "cli: ..." or cli.*.
# A test case name must not begin with "-": Catch would read it as an option ("option --x ...").
if(NOT TARGET jsonpatch_cli)
    return()
endif()
set(_cli_dir ${CMAKE_CURRENT_LIST_DIR})

# groff renders the man page in the tests (Debian: groff-base, which man-db depends on).
find_program(JSONPATCH_GROFF groff)
if(NOT JSONPATCH_GROFF)
    if(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
        message(FATAL_ERROR "CI=true but groff is not installed: the man page tests must run in CI")
    endif()
    message(WARNING "groff not found: the man page tests will be skipped (apt-get install groff-base)")
    set(JSONPATCH_GROFF "")
endif()

# The tests run the command as users get it: installed (by the test cli.install, their fixture),
# or from the build tree when the install rule is off.
if(JSONPATCH_INSTALL_CLI)
    set(_cli_prefix ${CMAKE_CURRENT_BINARY_DIR}/cli_install)
    set(_cli_under_test ${_cli_prefix}/${CMAKE_INSTALL_BINDIR}/jsonpatch)
    set(_cli_fixture FIXTURES_REQUIRED jsonpatch_cli_installed)
else()
    set(_cli_under_test $<TARGET_FILE:jsonpatch_cli>)
    set(_cli_fixture "")
endif()

add_executable(cli_test
    ${_cli_dir}/cli_test.cpp
    ${_cli_dir}/cli_commands_test.cpp
    ${_cli_dir}/cli_errors_test.cpp
    ${_cli_dir}/cli_flags_test.cpp
    ${_cli_dir}/cli_in_place_test.cpp
    ${_cli_dir}/cli_help_test.cpp)
# The man page's examples come from the documentation table itself (cli_help.cpp).
target_link_libraries(cli_test PRIVATE jsonpatch_test_support jsonpatch_cli_doc)
target_include_directories(cli_test PRIVATE ${_cli_dir} ${PROJECT_SOURCE_DIR}/examples/cli)
get_target_property(_cli_man_page jsonpatch_man JSONPATCH_MAN_PAGE)
target_compile_definitions(cli_test PRIVATE
    JSONPATCH_CLI="${_cli_under_test}"
    JSONPATCH_EXAMPLE_DATA="${PROJECT_SOURCE_DIR}/examples/data"
    JSONPATCH_MAN_PAGE="${_cli_man_page}"
    JSONPATCH_MAN_PAGE_GENERATOR="$<TARGET_FILE:jsonpatch_man_page>"
    JSONPATCH_GROFF="${JSONPATCH_GROFF}"
    JSONPATCH_CONFORMANCE_DIR="${JSONPATCH_CONFORMANCE_DIR}")
add_dependencies(cli_test jsonpatch_cli jsonpatch_man)
catch_discover_tests(cli_test TEST_PREFIX "cli: " DISCOVERY_MODE PRE_TEST PROPERTIES ${_cli_fixture})

# The install rule: `cmake --install` of this build puts bin/jsonpatch and its man page in the prefix.
if(JSONPATCH_INSTALL_CLI)
    add_test(NAME cli.install
        COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DPREFIX=${_cli_prefix}
            -DCONFIG=$<CONFIG> -DVERSION=${PROJECT_VERSION} -DBINDIR=${CMAKE_INSTALL_BINDIR}
            -DMANDIR=${CMAKE_INSTALL_MANDIR} -P ${_cli_dir}/cli_install_check.cmake)
    set_tests_properties(cli.install PROPERTIES FIXTURES_SETUP jsonpatch_cli_installed)
endif()
# ... and the option turns it off. It configures the project again, so it carries the "package"
# label of the other configure-a-project tests (.ci/run runs those in two builds only).
add_test(NAME cli.install_option_off
    COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
        -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/cli_install_option_off "-DGENERATOR=${CMAKE_GENERATOR}"
        -DCXX=${CMAKE_CXX_COMPILER} -DINCLUDEDIR=${CMAKE_INSTALL_INCLUDEDIR}
        -DBINDIR=${CMAKE_INSTALL_BINDIR} -DMANDIR=${CMAKE_INSTALL_MANDIR}
        -P ${_cli_dir}/cli_install_option_check.cmake)
set_tests_properties(cli.install_option_off PROPERTIES LABELS package)

# The console examples of docs/cli.md and of the cookbook run on examples/data/ and print what the
# pages say.
find_program(JSONPATCH_BASH bash)
if(JSONPATCH_BASH)
    foreach(_page IN ITEMS cli cli_cookbook)
        add_test(NAME cli.docs_examples.${_page}
            COMMAND ${JSONPATCH_BASH} ${_cli_dir}/docs_examples_check.sh
                ${PROJECT_SOURCE_DIR}/docs/${_page}.md ${_cli_under_test}
                ${PROJECT_SOURCE_DIR}/examples/data)
        if(_cli_fixture)
            set_tests_properties(cli.docs_examples.${_page} PROPERTIES ${_cli_fixture})
        endif()
    endforeach()
endif()
