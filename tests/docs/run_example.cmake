# CTest script: runs one documentation example and compares what it prints on standard output
# with docs/examples/NAME.output, byte for byte. The example must exit 0 and print nothing on
# standard error.
# cmake -DPROGRAM=... -DEXPECTED=... -P run_example.cmake
cmake_minimum_required(VERSION 3.21...3.31)
execute_process(COMMAND "${PROGRAM}" RESULT_VARIABLE result OUTPUT_VARIABLE actual
    ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} exited with ${result}:\n${actual}${errors}")
endif()
if(NOT errors STREQUAL "")
    message(FATAL_ERROR "${PROGRAM} wrote to standard error:\n${errors}")
endif()
file(READ "${EXPECTED}" expected)
if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "${PROGRAM} printed something else than ${EXPECTED}.\n"
        "--- expected\n${expected}--- printed\n${actual}---\n"
        "If the new output is right, update the .output file and the page that shows it.")
endif()
