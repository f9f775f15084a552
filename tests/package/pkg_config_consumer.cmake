# CTest script: compiles the consumer with the flags `pkg-config --cflags --libs MODULE` gives for
# the installed prefix (no CMake package involved), runs it, and checks the reported version.
# MODULE is jsonpatch (header-only, the default) or jsonpatch-compiled (the compiled mode).
# cmake -DPKG_CONFIG=... -DPREFIX=... -DCXX=... -DSTD=17 -DSOURCE=... -DWORK_DIR=... -DVERSION=...
#       [-DMODULE=...] [-DLIBDIR=lib] -P ...
cmake_minimum_required(VERSION 3.21...3.31)
if(NOT MODULE)
    set(MODULE jsonpatch)
endif()
if(NOT LIBDIR)
    set(LIBDIR lib)
endif()
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/share/pkgconfig:${PREFIX}/${LIBDIR}/pkgconfig")

execute_process(COMMAND "${PKG_CONFIG}" --modversion ${MODULE}
    OUTPUT_VARIABLE modversion OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR NOT modversion STREQUAL VERSION)
    message(FATAL_ERROR "pkg-config --modversion ${MODULE} gave '${modversion}' (${result}), expected ${VERSION}")
endif()

execute_process(COMMAND "${PKG_CONFIG}" --cflags --libs ${MODULE}
    OUTPUT_VARIABLE cflags OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_VARIABLE error RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags --libs ${MODULE} failed: ${error}")
endif()
message(STATUS "pkg-config --cflags --libs ${MODULE}: ${cflags}")
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
    message(FATAL_ERROR "pkg-config --cflags ${MODULE} does not name ${expected_include}")
endif()

file(MAKE_DIRECTORY "${WORK_DIR}")
set(program "${WORK_DIR}/pkg_config_consumer")
# The libraries go after the source, where a static library must be named.
execute_process(COMMAND "${CXX}" -std=c++${STD} -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror
        "-DJSONPATCH_EXPECTED_VERSION=\"${VERSION}\"" "${SOURCE}" ${cflags} -o "${program}"
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "compiling the pkg-config consumer failed (${result})")
endif()
execute_process(COMMAND "${program}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "the pkg-config consumer failed (${result})")
endif()
