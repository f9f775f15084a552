# Test area "docs": every code block of the documentation is checked (label "docs").
# Included from tests/CMakeLists.txt; every test is named docs.*.
#   docs.build_examples builds docs/examples/*.cpp with the warning flags of our own code (-Werror
#                       with JSONPATCH_WERROR), as target docs_examples;
#   docs.example.NAME   docs/examples/NAME.cpp runs and prints exactly docs/examples/NAME.output;
#   docs.code_blocks    every fenced block of README.md, SECURITY.md and docs/*.md is one of those
#                       files or their output verbatim, or a console example that a test runs;
#                       links resolve; every errc is explained (tests/docs/check_code_blocks.sh);
#   docs.code_blocks_detect_drift   that check fails when a block and its file differ;
#   docs.console.PAGE   the console examples of a page other than docs/cli.md and
#                       docs/cli_cookbook.md (cli.docs_examples.* runs those with the installed
#                       command), run with the jsonpatch command on examples/data/;
#   docs.api_reference  scripts/docs.sh: the Doxygen reference builds without a warning.
set(_docs_dir ${CMAKE_CURRENT_LIST_DIR})
find_program(JSONPATCH_BASH bash)

# The examples are not part of the default build: docs.build_examples builds them (about 8 s of
# CPU per example in a Debug build) when the docs label runs, so `ctest -LE docs` costs nothing.
file(GLOB _docs_examples CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/examples/*.cpp)
add_custom_target(docs_examples)
foreach(_source IN LISTS _docs_examples)
    get_filename_component(_name ${_source} NAME_WE)
    add_executable(docs_example_${_name} EXCLUDE_FROM_ALL ${_source})
    target_link_libraries(docs_example_${_name} PRIVATE jsonpatch::jsonpatch jsonpatch_dev_flags)
    add_dependencies(docs_examples docs_example_${_name})
    add_test(NAME docs.example.${_name}
        COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:docs_example_${_name}>
            -DEXPECTED=${PROJECT_SOURCE_DIR}/docs/examples/${_name}.output
            -P ${_docs_dir}/run_example.cmake)
    set_tests_properties(docs.example.${_name} PROPERTIES LABELS docs FIXTURES_REQUIRED docs_examples)
endforeach()
add_test(NAME docs.build_examples
    COMMAND ${CMAKE_COMMAND} --build ${PROJECT_BINARY_DIR} --config $<CONFIG> --target docs_examples)
set_tests_properties(docs.build_examples PROPERTIES LABELS docs FIXTURES_SETUP docs_examples)

# Pages with console examples, found when configuring; a page edited to hold one reconfigures.
file(GLOB _docs_pages CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
set(_docs_console_args "")
foreach(_page IN LISTS _docs_pages ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/SECURITY.md)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_page})
    file(STRINGS ${_page} _console_fences REGEX "^```console")
    if(NOT _console_fences)
        continue()
    endif()
    file(RELATIVE_PATH _relative ${PROJECT_SOURCE_DIR} ${_page})
    list(APPEND _docs_console_args --console ${_relative})
    get_filename_component(_page_name ${_page} NAME_WE)
    if(_relative MATCHES "^docs/cli(_cookbook)?\\.md$" OR NOT JSONPATCH_BASH OR NOT TARGET jsonpatch_cli)
        continue() # tests/cli/tests.cmake runs them as cli.docs_examples.*
    endif()
    add_test(NAME docs.console.${_page_name}
        COMMAND ${JSONPATCH_BASH} ${PROJECT_SOURCE_DIR}/tests/cli/docs_examples_check.sh ${_page}
            $<TARGET_FILE:jsonpatch_cli> ${PROJECT_SOURCE_DIR}/examples/data)
    set_tests_properties(docs.console.${_page_name} PROPERTIES LABELS docs)
endforeach()

if(NOT TARGET jsonpatch_cli)
    message(STATUS "docs.code_blocks is not registered: the console examples need the jsonpatch "
        "command (JSONPATCH_BUILD_EXAMPLES=ON)")
elseif(JSONPATCH_BASH)
    add_test(NAME docs.code_blocks
        COMMAND ${JSONPATCH_BASH} ${_docs_dir}/check_code_blocks.sh ${PROJECT_SOURCE_DIR}
            ${_docs_console_args})
    list(JOIN _docs_console_args " " _docs_console_text)
    add_test(NAME docs.code_blocks_detect_drift
        COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/docs_drift -DBASH=${JSONPATCH_BASH}
            "-DCONSOLE_ARGS=${_docs_console_text}" -P ${_docs_dir}/drift_check.cmake)
    set_tests_properties(docs.code_blocks docs.code_blocks_detect_drift PROPERTIES LABELS docs)
else()
    message(WARNING "bash not found: the docs.code_blocks checks are not registered")
endif()

# The API reference: scripts/docs.sh runs Doxygen (under a second) and fails on any warning,
# an undocumented public declaration included.
find_program(JSONPATCH_DOXYGEN doxygen)
if(JSONPATCH_DOXYGEN AND JSONPATCH_BASH)
    add_test(NAME docs.api_reference
        COMMAND ${JSONPATCH_BASH} ${PROJECT_SOURCE_DIR}/scripts/docs.sh
            --output ${CMAKE_CURRENT_BINARY_DIR}/api_reference)
    set_tests_properties(docs.api_reference PROPERTIES LABELS docs)
elseif(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "CI=true but doxygen is not installed: docs.api_reference must run in CI "
        "(apt-get install doxygen)")
else()
    message(WARNING "doxygen not found: docs.api_reference is not registered (apt-get install doxygen)")
endif()
