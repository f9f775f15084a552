# Helpers for the package test scripts run with cmake -P (deb_check.cmake, release_check.cmake).

# run(COMMAND...): runs it, fails the test with its output if it fails; its output is in `out`.
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        list(JOIN ARGN " " command)
        message(FATAL_ERROR "${command}\nfailed (${result}):\n${out}")
    endif()
    set(out "${out}" PARENT_SCOPE)
endfunction()

# build_and_run_consumer(PROJECT_DIR BUILD_DIR PROGRAM [-DVAR=VALUE...]): configures the consumer
# project with the compiler, standard, build type and warning flags of the build under test
# (GENERATOR, MAKE_PROGRAM, CXX, STD, BUILD_TYPE, CXX_FLAGS, VERSION, set by the test), builds it,
# and runs PROGRAM, which must exit 0.
function(build_and_run_consumer project_dir build_dir program)
    run("${CMAKE_COMMAND}" -S "${project_dir}" -B "${build_dir}" -G "${GENERATOR}"
        "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_CXX_STANDARD=${STD}"
        "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
        "-DJSONPATCH_EXPECTED_VERSION=${VERSION}" ${ARGN})
    run("${CMAKE_COMMAND}" --build "${build_dir}" --target "${program}")
    run("${build_dir}/${program}")
    message(STATUS "${out}")
endfunction()
