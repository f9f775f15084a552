# Finds Debian's cpp-httplib (libcpp-httplib-dev) and offers it as the imported target
# jsonpatch_httplib, with its include directory marked SYSTEM so httplib.h cannot trip our -Werror.
# Sets JSONPATCH_HTTPLIB_FOUND. Under CI=true a missing httplib is a configure error, never a skip.
if(TARGET jsonpatch_httplib)
    set(JSONPATCH_HTTPLIB_FOUND TRUE)
    return()
endif()

set(JSONPATCH_HTTPLIB_FOUND FALSE)
# Included from examples/ and tests/: look (and warn) once per configure run.
get_property(_jsonpatch_httplib_checked GLOBAL PROPERTY JSONPATCH_HTTPLIB_CHECKED)
if(_jsonpatch_httplib_checked)
    return()
endif()
set_property(GLOBAL PROPERTY JSONPATCH_HTTPLIB_CHECKED TRUE)

find_package(PkgConfig QUIET)
find_package(Threads QUIET)
if(PKG_CONFIG_FOUND AND Threads_FOUND)
    # pkg-config is the only source of the library's compile definitions (OpenSSL, zlib, brotli
    # support); they change the layout of httplib's classes, so they must match the shared library.
    pkg_check_modules(JSONPATCH_CPP_HTTPLIB QUIET cpp-httplib)
endif()

if(JSONPATCH_CPP_HTTPLIB_FOUND)
    find_path(JSONPATCH_HTTPLIB_INCLUDE_DIR httplib.h HINTS ${JSONPATCH_CPP_HTTPLIB_INCLUDE_DIRS})
    find_library(JSONPATCH_HTTPLIB_LIBRARY NAMES cpp-httplib
        HINTS ${JSONPATCH_CPP_HTTPLIB_LIBRARY_DIRS})
endif()

if(JSONPATCH_HTTPLIB_INCLUDE_DIR AND JSONPATCH_HTTPLIB_LIBRARY)
    add_library(jsonpatch_httplib INTERFACE IMPORTED GLOBAL)
    # An imported target's include directories are SYSTEM by default.
    set_target_properties(jsonpatch_httplib PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${JSONPATCH_HTTPLIB_INCLUDE_DIR}"
        INTERFACE_COMPILE_OPTIONS "${JSONPATCH_CPP_HTTPLIB_CFLAGS_OTHER}"
        INTERFACE_LINK_LIBRARIES "${JSONPATCH_HTTPLIB_LIBRARY};Threads::Threads")
    set(JSONPATCH_HTTPLIB_FOUND TRUE)
elseif(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "CI=true but cpp-httplib was not found (need pkg-config, the cpp-httplib.pc "
        "file, /usr/include/httplib.h and libcpp-httplib.so; scripts/setup.sh installs "
        "libcpp-httplib-dev): the PAT service and its end-to-end tests must be built in CI")
else()
    message(WARNING "cpp-httplib not found (apt-get install libcpp-httplib-dev pkg-config): "
        "the pat_service example and its end-to-end tests are NOT built")
endif()
