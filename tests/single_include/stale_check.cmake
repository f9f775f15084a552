# CTest script: scripts/amalgamate.sh --check passes on a copy of the tree as it is, and fails
# once a header in the copy changes, so single_include.up_to_date can catch a stale single header.
# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DBASH=... -P stale_check.cmake
cmake_minimum_required(VERSION 3.21...3.31)
file(REMOVE_RECURSE "${WORK_DIR}")
file(COPY "${SOURCE_DIR}/include" "${SOURCE_DIR}/single_include" DESTINATION "${WORK_DIR}")
file(COPY "${SOURCE_DIR}/scripts/amalgamate.sh" DESTINATION "${WORK_DIR}/scripts")

function(run_check expect_failure)
    execute_process(COMMAND "${BASH}" "${WORK_DIR}/scripts/amalgamate.sh" --check
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(expect_failure AND NOT result EQUAL 1)
        message(FATAL_ERROR "--check exited ${result} on an edited include/, expected 1:\n${out}")
    elseif(NOT expect_failure AND NOT result EQUAL 0)
        message(FATAL_ERROR "--check exited ${result} on an unchanged copy, expected 0:\n${out}")
    endif()
    set(check_output "${out}" PARENT_SCOPE)
endfunction()

run_check(FALSE)
file(APPEND "${WORK_DIR}/include/jsonpatch/detail/utf8.hpp" "// an edit nobody amalgamated\n")
run_check(TRUE)
if(NOT check_output MATCHES "single_include/jsonpatch/jsonpatch.hpp is not what include/ generates"
   OR NOT check_output MATCHES "an edit nobody amalgamated")
    message(FATAL_ERROR "--check failed without naming the stale file and the change:\n${check_output}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
