# CTest script: configures version_request/ with find_package(jsonpatch ${REQUEST}) against the
# installed prefix and checks that it succeeds (EXPECT=found) or is refused as incompatible
# (EXPECT=refused), or, with COMPONENTS=compiled, that the component is refused to a project with
# POINTER_SIZE-byte pointers (EXPECT=refused_pointer_size). A refusal for any other reason fails
# the test.
# cmake -DREQUEST=0.2 -DEXPECT=refused [-DCOMPONENTS=compiled] [-DPOINTER_SIZE=4] -DPREFIX=...
#       -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=... -P ...
cmake_minimum_required(VERSION 3.21...3.31)
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${WORK_DIR}" -G "${GENERATOR}"
        "-DCMAKE_PREFIX_PATH=${PREFIX}" "-DJSONPATCH_REQUEST=${REQUEST}"
        "-DJSONPATCH_COMPONENTS=${COMPONENTS}" "-DJSONPATCH_POINTER_SIZE=${POINTER_SIZE}"
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE result)
set(log "${out}${err}")
get_filename_component(expected_dir "${PREFIX}/share/cmake/jsonpatch" REALPATH)

if(EXPECT STREQUAL "found")
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "find_package(jsonpatch ${REQUEST}) failed:\n${log}")
    endif()
    if(NOT log MATCHES "version_request: found jsonpatch ([0-9.]+) in ([^\n]+)")
        message(FATAL_ERROR "find_package(jsonpatch ${REQUEST}) printed no result:\n${log}")
    endif()
    get_filename_component(found_dir "${CMAKE_MATCH_2}" REALPATH)
    if(NOT found_dir STREQUAL expected_dir)
        message(FATAL_ERROR "found jsonpatch in ${found_dir}, expected ${expected_dir}")
    endif()
elseif(EXPECT STREQUAL "refused")
    if(result EQUAL 0)
        message(FATAL_ERROR "find_package(jsonpatch ${REQUEST}) was accepted:\n${log}")
    endif()
    # CMake lists the installed candidate and its version when it rejects it.
    string(REPLACE "\n" " " flat "${log}")
    if(NOT flat MATCHES "compatible with requested version +\"${REQUEST}\"" OR
       NOT flat MATCHES "jsonpatchConfig\\.cmake, +version: +[0-9]")
        message(FATAL_ERROR "find_package(jsonpatch ${REQUEST}) failed, but not as a version mismatch:\n${log}")
    endif()
elseif(EXPECT STREQUAL "refused_pointer_size")
    string(REPLACE "\n" " " flat "${log}")
    if(result EQUAL 0 OR NOT flat MATCHES "jsonpatch::compiled +was +built +for +[0-9]+-byte +pointers, +this +project +uses +${POINTER_SIZE}")
        message(FATAL_ERROR "find_package(jsonpatch COMPONENTS ${COMPONENTS}) with ${POINTER_SIZE}-byte pointers "
            "was not refused for the pointer size:\n${log}")
    endif()
else()
    message(FATAL_ERROR "EXPECT must be found, refused or refused_pointer_size")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
