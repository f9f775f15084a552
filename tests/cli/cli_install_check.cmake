# CTest script: the install puts the jsonpatch command in bin/ and its man page in share/man/man1
# (components jsonpatch_cli and jsonpatch_cli_man), and the installed command runs and reports this build's version. It is
# the setup of the other CLI tests, which run the command installed here.
# cmake -DBUILD_DIR=... -DPREFIX=... -DCONFIG=... -DVERSION=... -DBINDIR=... -DMANDIR=...
#       -P cli_install_check.cmake   (BINDIR, MANDIR: the project's CMAKE_INSTALL_BINDIR/MANDIR)
cmake_minimum_required(VERSION 3.21...3.31)
file(REMOVE_RECURSE "${PREFIX}")
foreach(component IN ITEMS jsonpatch_cli jsonpatch_cli_man)
    execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
            --config "${CONFIG}" --component ${component}
        RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "cmake --install --component ${component} failed (${result}):\n${out}")
    endif()
endforeach()

set(cli "${PREFIX}/${BINDIR}/jsonpatch")
set(page "${PREFIX}/${MANDIR}/man1/jsonpatch.1")
foreach(file IN ITEMS "${cli}" "${page}")
    if(NOT EXISTS "${file}")
        message(FATAL_ERROR "the install has no ${file}")
    endif()
endforeach()
execute_process(COMMAND "${cli}" --version
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 0 OR NOT out MATCHES "^jsonpatch ${VERSION} ")
    message(FATAL_ERROR "the installed jsonpatch --version exited ${result} with '${out}${err}', "
        "expected 'jsonpatch ${VERSION} ...'")
endif()
file(READ "${page}" text)
if(NOT text MATCHES "\n\\.TH JSONPATCH 1 \"\" \"jsonpatch ${VERSION}\"")
    message(FATAL_ERROR "the installed man page is not the one of jsonpatch ${VERSION}")
endif()
