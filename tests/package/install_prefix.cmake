# CTest fixture script: installs the build tree into a fresh prefix.
# cmake -DBUILD_DIR=... -DPREFIX=... -DCONFIG=... -P install_prefix.cmake
cmake_minimum_required(VERSION 3.21...3.31)
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" --config "${CONFIG}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${result})")
endif()
foreach(file IN ITEMS include/jsonpatch/jsonpatch.hpp include/jsonpatch/detail/ops.hpp
        share/cmake/jsonpatch/jsonpatchConfig.cmake share/cmake/jsonpatch/jsonpatchConfigVersion.cmake
        share/cmake/jsonpatch/jsonpatchTargets.cmake share/pkgconfig/jsonpatch.pc)
    if(NOT EXISTS "${PREFIX}/${file}")
        message(FATAL_ERROR "the install has no ${file}")
    endif()
endforeach()
