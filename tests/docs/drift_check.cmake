# CTest script: the code block check passes on a copy of the documentation as it is, and fails when
# a page's block and its example file differ, or when an example's expected output changes.
# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DBASH=... -DCONSOLE_ARGS=... -P drift_check.cmake
cmake_minimum_required(VERSION 3.21...3.31)
file(REMOVE_RECURSE "${WORK_DIR}")
file(COPY "${SOURCE_DIR}/docs" DESTINATION "${WORK_DIR}")
file(COPY "${SOURCE_DIR}/include/jsonpatch/errc.hpp" DESTINATION "${WORK_DIR}/include/jsonpatch")
foreach(page README.md SECURITY.md CHANGELOG.md)
    if(EXISTS "${SOURCE_DIR}/${page}")
        file(COPY "${SOURCE_DIR}/${page}" DESTINATION "${WORK_DIR}")
    endif()
endforeach()
separate_arguments(_console UNIX_COMMAND "${CONSOLE_ARGS}")

function(run_check expect_failure what)
    execute_process(COMMAND "${BASH}" "${SOURCE_DIR}/tests/docs/check_code_blocks.sh" "${WORK_DIR}" ${_console} --skip-links
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(expect_failure AND result EQUAL 0)
        message(FATAL_ERROR "the check passed ${what}:\n${out}")
    elseif(NOT expect_failure AND NOT result EQUAL 0)
        message(FATAL_ERROR "the check failed on an unchanged copy:\n${out}")
    endif()
    set(check_output "${out}" PARENT_SCOPE)
endfunction()

run_check(FALSE "")
file(GLOB _examples "${WORK_DIR}/docs/examples/*.cpp")
list(GET _examples 0 _example)
get_filename_component(_name "${_example}" NAME_WE)

# An example edited without its page.
file(READ "${_example}" _source)
file(APPEND "${_example}" "// an edit the page does not show\n")
run_check(TRUE "after docs/examples/${_name}.cpp changed")
if(NOT check_output MATCHES "differs from docs/examples/${_name}.cpp")
    message(FATAL_ERROR "the check failed without naming the example:\n${check_output}")
endif()
file(WRITE "${_example}" "${_source}")

# An expected output changed (as when the program's output changes and the file is updated).
file(APPEND "${WORK_DIR}/docs/examples/${_name}.output" "one more line\n")
run_check(TRUE "after docs/examples/${_name}.output changed")
if(NOT check_output MATCHES "differs from docs/examples/${_name}.output")
    message(FATAL_ERROR "the check failed without naming the output:\n${check_output}")
endif()
file(COPY "${SOURCE_DIR}/docs/examples/${_name}.output" DESTINATION "${WORK_DIR}/docs/examples")

# A code block that no test checks.
file(APPEND "${WORK_DIR}/docs/index.md" "\n```cpp\nint main() {}\n```\n")
run_check(TRUE "with an unchecked block")
if(NOT check_output MATCHES "no test checks")
    message(FATAL_ERROR "the check failed without naming the unchecked block:\n${check_output}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
