# CTest script: as a subproject jsonpatch installs nothing unless the parent asks with
# JSONPATCH_INSTALL=ON, and then installs the same package as at top level.
# cmake -DSOURCE_DIR=... -DCONSUMER_DIR=... -DWORK_DIR=... -DGENERATOR=... -DCXX=... -P ...
cmake_minimum_required(VERSION 3.21...3.31)

function(configure_and_install name)
    set(build "${WORK_DIR}/${name}/build")
    set(prefix "${WORK_DIR}/${name}/prefix")
    file(REMOVE_RECURSE "${WORK_DIR}/${name}")
    # Only configure and install: the parent's own program has no install rule, so nothing needs building.
    execute_process(COMMAND "${CMAKE_COMMAND}" -S "${CONSUMER_DIR}" -B "${build}" -G "${GENERATOR}"
            "-DCMAKE_CXX_COMPILER=${CXX}" "-DJSONPATCH_SOURCE_DIR=${SOURCE_DIR}" ${ARGN}
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${name}: configuring the parent failed:\n${out}")
    endif()
    execute_process(COMMAND "${CMAKE_COMMAND}" --install "${build}" --prefix "${prefix}"
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${name}: cmake --install failed:\n${out}")
    endif()
    set(prefix "${prefix}" PARENT_SCOPE)
endfunction()

configure_and_install(not_asked)
file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
if(installed)
    message(FATAL_ERROR "as a subproject jsonpatch installed files nobody asked for: ${installed}")
endif()

configure_and_install(asked -DJSONPATCH_INSTALL=ON)
foreach(file IN ITEMS include/jsonpatch/jsonpatch.hpp share/cmake/jsonpatch/jsonpatchConfig.cmake
        share/cmake/jsonpatch/jsonpatchConfigVersion.cmake share/cmake/jsonpatch/jsonpatchTargets.cmake
        share/pkgconfig/jsonpatch.pc)
    if(NOT EXISTS "${prefix}/${file}")
        message(FATAL_ERROR "asked to install as a subproject, jsonpatch did not install ${file}")
    endif()
endforeach()
