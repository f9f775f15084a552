# Finds what the PAT service needs from Debian: Boost.Beast and Asio (libboost-dev, header-only),
# SQLite (libsqlite3-dev), libpq (libpq-dev), OpenSSL's libcrypto (libssl-dev) and utf8proc
# (libutf8proc-dev, Unicode normalisation of token names), and offers them as the imported targets
# jsonpatch_utf8proc and jsonpatch_service_deps, their include directories SYSTEM so their headers
# cannot trip our -Werror. Sets JSONPATCH_SERVICE_DEPS_FOUND. Under CI=true a missing dependency
# is a configure error, never a skip.
if(TARGET jsonpatch_service_deps)
    set(JSONPATCH_SERVICE_DEPS_FOUND TRUE)
    return()
endif()

set(JSONPATCH_SERVICE_DEPS_FOUND FALSE)
# Included from examples/ and tests/: look (and warn) once per configure run.
get_property(_jsonpatch_service_checked GLOBAL PROPERTY JSONPATCH_SERVICE_DEPS_CHECKED)
if(_jsonpatch_service_checked)
    return()
endif()
set_property(GLOBAL PROPERTY JSONPATCH_SERVICE_DEPS_CHECKED TRUE)

find_package(PkgConfig QUIET)
find_package(Threads QUIET)
# Beast's asynchronous server needs Boost 1.70 or later (basic_stream with timeouts).
find_package(Boost 1.74 QUIET CONFIG)
if(PKG_CONFIG_FOUND AND Threads_FOUND)
    pkg_check_modules(JSONPATCH_SQLITE3 QUIET IMPORTED_TARGET GLOBAL sqlite3)
    pkg_check_modules(JSONPATCH_LIBPQ QUIET IMPORTED_TARGET GLOBAL libpq)
    pkg_check_modules(JSONPATCH_LIBCRYPTO QUIET IMPORTED_TARGET GLOBAL libcrypto)
    pkg_check_modules(JSONPATCH_UTF8PROC QUIET libutf8proc)
endif()
if(JSONPATCH_UTF8PROC_FOUND)
    find_path(JSONPATCH_UTF8PROC_INCLUDE_DIR utf8proc.h HINTS ${JSONPATCH_UTF8PROC_INCLUDE_DIRS})
    find_library(JSONPATCH_UTF8PROC_LIBRARY NAMES utf8proc HINTS ${JSONPATCH_UTF8PROC_LIBRARY_DIRS})
endif()

if(TARGET Boost::headers AND JSONPATCH_SQLITE3_FOUND AND JSONPATCH_LIBPQ_FOUND
   AND JSONPATCH_LIBCRYPTO_FOUND AND JSONPATCH_UTF8PROC_INCLUDE_DIR AND JSONPATCH_UTF8PROC_LIBRARY)
    # utf8proc.pc's -DUTF8PROC_EXPORTS is for building the library itself; only the paths are used.
    add_library(jsonpatch_utf8proc INTERFACE IMPORTED GLOBAL)
    set_target_properties(jsonpatch_utf8proc PROPERTIES
        INTERFACE_INCLUDE_DIRECTORIES "${JSONPATCH_UTF8PROC_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "${JSONPATCH_UTF8PROC_LIBRARY}")
    add_library(jsonpatch_service_deps INTERFACE IMPORTED GLOBAL)
    # An imported target's include directories are SYSTEM by default. BOOST_ASIO_NO_DEPRECATED
    # keeps our code off the interfaces Asio is about to drop.
    set_target_properties(jsonpatch_service_deps PROPERTIES
        INTERFACE_COMPILE_DEFINITIONS "BOOST_ASIO_NO_DEPRECATED"
        INTERFACE_LINK_LIBRARIES
        "Boost::headers;Threads::Threads;PkgConfig::JSONPATCH_SQLITE3;PkgConfig::JSONPATCH_LIBPQ;PkgConfig::JSONPATCH_LIBCRYPTO;jsonpatch_utf8proc")
    set(JSONPATCH_SERVICE_DEPS_FOUND TRUE)
elseif(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "CI=true but a PAT service dependency was not found (need pkg-config and "
        "libboost-dev (1.74 or later), libsqlite3-dev, libpq-dev, libssl-dev, libutf8proc-dev; "
        "scripts/setup.sh installs them): the PAT service and its end-to-end tests must be built "
        "in CI")
else()
    message(WARNING "a PAT service dependency is missing (apt-get install pkg-config "
        "libboost1.81-dev libsqlite3-dev libpq-dev libssl-dev libutf8proc-dev): the pat_service "
        "example and its end-to-end tests are NOT built")
endif()
