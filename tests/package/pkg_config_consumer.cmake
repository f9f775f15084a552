# CTest script: compiles the consumer with the flags `pkg-config --cflags jsonpatch` gives for the
# installed prefix (no CMake package involved), runs it, and checks the reported version.
# cmake -DPKG_CONFIG=... -DPREFIX=... -DCXX=... -DSTD=17 -DSOURCE=... -DWORK_DIR=... -DVERSION=... -P ...
cmake_minimum_required(VERSION 3.21...3.31)
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/share/pkgconfig")

execute_process(COMMAND "${PKG_CONFIG}" --modversion jsonpatch
    OUTPUT_VARIABLE modversion OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR NOT modversion STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config --modversion jsonpatch gave '${modversion}' (${result}), expected ${VERSION}")
endif()

execute_process(COMMAND "${PKG_CONFIG}" --cflags jsonpatch
    OUTPUT_VARIABLE cflags OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_VARIABLE error RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags jsonpatch failed: ${error}")
endif()
message(STATUS "pkg-config --cflags jsonpatch: ${cflags}")
separate_arguments(cflags UNIX_COMMAND "${cflags}")

# One of the -I directories must be the installed include directory.
get_filename_component(expected_include "${PREFIX}/include" REALPATH)
set(found_include FALSE)
foreach(flag IN LISTS cflags)
    if(flag MATCHES "^-I(.+)$")
        get_filename_component(dir "${CMAKE_MATCH_1}" REALPATH)
        if(dir STREQUAL expected_include)
            set(found_include TRUE)
        endif()
    endif()
endforeach()
if(NOT found_include)
    message(FATAL_ERROR "pkg-config --cflags jsonpatch does not name ${expected_include}")
endif()

file(MAKE_DIRECTORY "${WORK_DIR}")
set(program "${WORK_DIR}/pkg_config_consumer")
execute_process(COMMAND "${CXX}" -std=c++${STD} -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror
        ${cflags} "-DJSONPATCH_EXPECTED_VERSION=\"${VERSION}\"" "${SOURCE}" -o "${program}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "compiling the pkg-config consumer failed (${result})")
endif()
execute_process(COMMAND "${program}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "the pkg-config consumer failed (${result})")
endif()
