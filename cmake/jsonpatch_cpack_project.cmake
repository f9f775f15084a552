# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE, set in jsonpatch_cpack.cmake).
if(CPACK_GENERATOR STREQUAL "DEB")
    # Each Debian package has a synopsis of its own, the first line of its component's
    # description; CPack would put the project's summary in front of both.
    unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)

    # cpack builds nothing. Where the command or its man page has not been built, it makes
    # libjsonpatch-dev alone and says why, rather than fail on both packages.
    # (cpack reads this file without the project's policies: no IN_LIST.)
    list(FIND CPACK_COMPONENTS_ALL jsonpatch_cli _cli_index)
    if(CPACK_JSONPATCH_CLI_FILES_LIST AND _cli_index GREATER -1)
        file(GLOB _lists "${CPACK_JSONPATCH_CLI_FILES_LIST}${CPACK_BUILD_CONFIG}*.cmake")
        list(GET _lists 0 _list)
        include("${_list}")
        foreach(_file IN LISTS jsonpatch_cli_files)
            if(NOT EXISTS "${_file}")
                list(REMOVE_ITEM CPACK_COMPONENTS_ALL jsonpatch_cli)
                message(WARNING "${_file} has not been built: no jsonpatch package, only "
                    "libjsonpatch-dev (build the targets jsonpatch_cli and jsonpatch_man first)")
                break()
            endif()
        endforeach()
    endif()
endif()
