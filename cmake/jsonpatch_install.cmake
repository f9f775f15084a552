# Install and export rules: headers, the CMake package under share/ (architecture-neutral), a
# build-tree export and a relocatable pkg-config file. Included only when JSONPATCH_INSTALL is ON.
# Install components, so that packagers can take parts (cmake --install --component, CPack):
#   jsonpatch_development  headers, the header-only CMake package, jsonpatch.pc (Debian: libjsonpatch-dev)
#   jsonpatch_compiled     jsonpatch::compiled: the library, its CMake targets, jsonpatch-compiled.pc
#   jsonpatch_cli          the jsonpatch command; jsonpatch_cli_man its man page (examples/cli)
#   jsonpatch_license      LICENSE in the documentation directory
include(CMakePackageConfigHelpers)

set(JSONPATCH_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/cmake/jsonpatch"
    CACHE STRING "Where jsonpatchConfig.cmake is installed, relative to the prefix")
set(JSONPATCH_PKGCONFIG_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/pkgconfig"
    CACHE STRING "Where jsonpatch.pc is installed, relative to the prefix")

set(_jsonpatch_dev COMPONENT jsonpatch_development)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/jsonpatch DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    ${_jsonpatch_dev} FILES_MATCHING PATTERN "*.hpp")
install(TARGETS jsonpatch EXPORT jsonpatchTargets)
install(EXPORT jsonpatchTargets
    NAMESPACE jsonpatch::
    DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR} ${_jsonpatch_dev})
# jsonpatch::compiled has export files of its own, which jsonpatchConfig.cmake loads when they are
# there: the header-only part stays a complete, architecture-neutral package without them.
if(TARGET jsonpatch_compiled)
    install(TARGETS jsonpatch_compiled EXPORT jsonpatchCompiledTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT jsonpatch_compiled
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT jsonpatch_compiled
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT jsonpatch_compiled)
    install(EXPORT jsonpatchCompiledTargets
        NAMESPACE jsonpatch::
        DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR} COMPONENT jsonpatch_compiled)
endif()

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/jsonpatchConfig.cmake.in
    ${PROJECT_BINARY_DIR}/jsonpatchConfig.cmake
    INSTALL_DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR})
# 0.x: a new minor version may break the API, so only the same minor satisfies a request. The
# package is architecture-neutral; jsonpatchConfig.cmake checks the pointer size of the consumer
# before it offers jsonpatch::compiled, which is not.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/jsonpatchConfigVersion.cmake
    COMPATIBILITY SameMinorVersion
    ARCH_INDEPENDENT)
install(FILES
    ${PROJECT_BINARY_DIR}/jsonpatchConfig.cmake
    ${PROJECT_BINARY_DIR}/jsonpatchConfigVersion.cmake
    DESTINATION ${JSONPATCH_CMAKE_INSTALL_DIR} ${_jsonpatch_dev})

# The build tree is a package too: find_package(jsonpatch) with jsonpatch_DIR=<build dir> uses
# the headers in the source tree. The config file only includes files beside itself, so the one
# generated above serves both trees.
export(EXPORT jsonpatchTargets
    NAMESPACE jsonpatch::
    FILE ${PROJECT_BINARY_DIR}/jsonpatchTargets.cmake)
if(TARGET jsonpatch_compiled)
    export(EXPORT jsonpatchCompiledTargets
        NAMESPACE jsonpatch::
        FILE ${PROJECT_BINARY_DIR}/jsonpatchCompiledTargets.cmake)
endif()

# pkg-config: the prefix is computed from the .pc file's own location, so the installed tree can be
# moved (vcpkg, Conan and `cmake --install --prefix` all install somewhere else than configured).
function(jsonpatch_pc_prefix pc_dir out)
    if(IS_ABSOLUTE "${pc_dir}")
        set(${out} "${CMAKE_INSTALL_PREFIX}" PARENT_SCOPE)
    else()
        file(RELATIVE_PATH up "/root/${pc_dir}" "/root")
        string(REGEX REPLACE "/$" "" up "${up}")
        set(${out} "\${pcfiledir}/${up}" PARENT_SCOPE)
    endif()
endfunction()
jsonpatch_pc_prefix("${JSONPATCH_PKGCONFIG_INSTALL_DIR}" JSONPATCH_PC_PREFIX)
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
    set(JSONPATCH_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
    set(JSONPATCH_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/jsonpatch.pc.in ${PROJECT_BINARY_DIR}/jsonpatch.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/jsonpatch.pc DESTINATION ${JSONPATCH_PKGCONFIG_INSTALL_DIR}
    ${_jsonpatch_dev})

# jsonpatch-compiled.pc goes beside the library, in the architecture-dependent tree, and requires
# jsonpatch.pc for the headers.
if(TARGET jsonpatch_compiled)
    set(_jsonpatch_compiled_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
    jsonpatch_pc_prefix("${_jsonpatch_compiled_pc_dir}" JSONPATCH_PC_PREFIX)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
        set(JSONPATCH_PC_LIBDIR "${CMAKE_INSTALL_LIBDIR}")
    else()
        set(JSONPATCH_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
    endif()
    configure_file(${PROJECT_SOURCE_DIR}/cmake/jsonpatch-compiled.pc.in
        ${PROJECT_BINARY_DIR}/jsonpatch-compiled.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/jsonpatch-compiled.pc DESTINATION ${_jsonpatch_compiled_pc_dir}
        COMPONENT jsonpatch_compiled)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT jsonpatch_license)
