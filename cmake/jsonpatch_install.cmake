# Install and export rules: headers, CMake package files under share/ (architecture-neutral), and
# a pkg-config file. Included only when JSONPATCH_INSTALL is ON.
include(CMakePackageConfigHelpers)

set(JSONPATCH_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/cmake/jsonpatch"
    CACHE STRING "Where jsonpatchConfig.cmake is installed, relative to the prefix")

install(DIRECTORY include/jsonpatch DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.hpp")
install(TARGETS jsonpatch EXPORT jsonpatchTargets)
install(EXPORT jsonpatchTargets
    NAMESPACE jsonpatch::
    DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR})
export(EXPORT jsonpatchTargets
    NAMESPACE jsonpatch::
    FILE ${PROJECT_BINARY_DIR}/jsonpatchTargets.cmake)

configure_package_config_file(cmake/jsonpatchConfig.cmake.in
    ${PROJECT_BINARY_DIR}/jsonpatchConfig.cmake
    INSTALL_DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR})
# 0.x: a new minor version may break the API, so only the same minor satisfies a request.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/jsonpatchConfigVersion.cmake
    COMPATIBILITY SameMinorVersion
    ARCH_INDEPENDENT)
install(FILES
    ${PROJECT_BINARY_DIR}/jsonpatchConfig.cmake
    ${PROJECT_BINARY_DIR}/jsonpatchConfigVersion.cmake
    DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR})

configure_file(cmake/jsonpatch.pc.in ${PROJECT_BINARY_DIR}/jsonpatch.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/jsonpatch.pc DESTINATION ${CMAKE_INSTALL_DATADIR}/pkgconfig)
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/jsonpatch)
