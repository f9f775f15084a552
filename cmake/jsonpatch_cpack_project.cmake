# Read by cpack for each generator (CPACK_PROJECT_CONFIG_FILE, set in jsonpatch_cpack.cmake).
if(CPACK_GENERATOR STREQUAL "DEB")
    # Each Debian package has a synopsis of its own, the first line of its component's
    # description; CPack would put the project's summary in front of both.
    unset(CPACK_PACKAGE_DESCRIPTION_SUMMARY)
endif()
