# Install and export rules: headers, the CMake package under share/ (architecture-neutral), a
# build-tree export and a relocatable pkg-config file. Included only when JSONPATCH_INSTALL is ON.
include(CMakePackageConfigHelpers)

set(JSONPATCH_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/cmake/jsonpatch"
    CACHE STRING "Where jsonpatchConfig.cmake is installed, relative to the prefix")
set(JSONPATCH_PKGCONFIG_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/pkgconfig"
    CACHE STRING "Where jsonpatch.pc is installed, relative to the prefix")

install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/jsonpatch DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.hpp")
install(TARGETS jsonpatch EXPORT jsonpatchTargets)
install(EXPORT jsonpatchTargets
    NAMESPACE jsonpatch::
    DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/jsonpatchConfig.cmake.in
    ${PROJECT_BINARY_DIR}/jsonpatchConfig.cmake
    INSTALL_DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR})
# 0.x: a new minor version may break the API, so only the same minor satisfies a request.
# Nothing is compiled, so the pointer size of the consumer does not matter.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/jsonpatchConfigVersion.cmake
    COMPATIBILITY SameMinorVersion
    ARCH_INDEPENDENT)
install(FILES
    ${PROJECT_BINARY_DIR}/jsonpatchConfig.cmake
    ${PROJECT_BINARY_DIR}/jsonpatchConfigVersion.cmake
    DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR})

# The build tree is a package too: find_package(jsonpatch) with jsonpatch_DIR=<build dir> uses
# the headers in the source tree. The config file only includes files beside itself, so the one
# generated above serves both trees.
export(EXPORT jsonpatchTargets
    NAMESPACE jsonpatch::
    FILE ${PROJECT_BINARY_DIR}/jsonpatchTargets.cmake)

# pkg-config: the prefix is computed from the .pc file's own location, so the installed tree can be
# moved (vcpkg, Conan and `cmake --install --prefix` all install somewhere else than configured).
if(IS_ABSOLUTE "${JSONPATCH_PKGCONFIG_INSTALL_DIR}")
    set(JSONPATCH_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
    file(RELATIVE_PATH _jsonpatch_pc_up "/root/${JSONPATCH_PKGCONFIG_INSTALL_DIR}" "/root")
    string(REGEX REPLACE "/$" "" _jsonpatch_pc_up "${_jsonpatch_pc_up}")
    set(JSONPATCH_PC_PREFIX "\${pcfiledir}/${_jsonpatch_pc_up}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(JSONPATCH_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
    set(JSONPATCH_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/jsonpatch.pc.in ${PROJECT_BINARY_DIR}/jsonpatch.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/jsonpatch.pc DESTINATION ${JSONPATCH_PKGCONFIG_INSTALL_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR})
