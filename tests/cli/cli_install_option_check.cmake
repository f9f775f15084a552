# CTest script: with JSONPATCH_INSTALL_CLI=OFF the package installs neither the command nor its
# man page (while the headers still install). Only configures: nothing needs building, because
# nothing compiled is installed then.
# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=... -DCXX=... -DINCLUDEDIR=... -DBINDIR=...
#       -DMANDIR=... -P cli_install_option_check.cmake   (the project's CMAKE_INSTALL_*DIR)
cmake_minimum_required(VERSION 3.21...3.31)
set(build "${WORK_DIR}/build")
set(prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${build}" -G "${GENERATOR}"
        "-DCMAKE_CXX_COMPILER=${CXX}" -DJSONPATCH_BUILD_TESTS=OFF -DJSONPATCH_INSTALL_CLI=OFF
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "configuring with JSONPATCH_INSTALL_CLI=OFF failed:\n${out}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${build}" --prefix "${prefix}"
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed:\n${out}")
endif()
if(NOT EXISTS "${prefix}/${INCLUDEDIR}/jsonpatch/jsonpatch.hpp")
    message(FATAL_ERROR "the install has no headers: the check below would prove nothing")
endif()
file(GLOB_RECURSE unwanted "${prefix}/${BINDIR}/*" "${prefix}/${MANDIR}/*")
if(unwanted)
    message(FATAL_ERROR "JSONPATCH_INSTALL_CLI=OFF still installed: ${unwanted}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
