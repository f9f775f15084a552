# Test-only overlay port: nlohmann-json from the headers and CMake package installed on this machine
# (Debian's nlohmann-json3-dev), standing in for the registry's port, which downloads the sources.
# The test copies this folder and writes system_nlohmann_json.cmake beside it, setting
# NLOHMANN_JSON_INCLUDE_DIR (holding nlohmann/json.hpp), NLOHMANN_JSON_CMAKE_DIR (holding
# nlohmann_jsonConfig.cmake) and NLOHMANN_JSON_COPYRIGHT (Debian's copyright file, or empty).
include("${CMAKE_CURRENT_LIST_DIR}/system_nlohmann_json.cmake")
set(VCPKG_BUILD_TYPE release)

file(INSTALL "${NLOHMANN_JSON_INCLUDE_DIR}/nlohmann" DESTINATION "${CURRENT_PACKAGES_DIR}/include")
# Debian's package files compute their prefix from their own location; the fixup moves them to
# share/nlohmann_json and adjusts that computation, as the registry's port does for its own build.
file(INSTALL "${NLOHMANN_JSON_CMAKE_DIR}/" DESTINATION "${CURRENT_PACKAGES_DIR}/share/cmake/nlohmann_json")
vcpkg_cmake_config_fixup(PACKAGE_NAME nlohmann_json CONFIG_PATH share/cmake/nlohmann_json)

# jsonpatch.pc requires nlohmann_json; this one is relocatable like ours.
file(WRITE "${CURRENT_PACKAGES_DIR}/share/pkgconfig/nlohmann_json.pc" "prefix=\${pcfiledir}/../..
includedir=\${prefix}/include

Name: nlohmann_json
Description: JSON for Modern C++
Version: ${VERSION}
Cflags: -I\${includedir}
")
if(NLOHMANN_JSON_COPYRIGHT)
    vcpkg_install_copyright(FILE_LIST "${NLOHMANN_JSON_COPYRIGHT}")
else()
    file(WRITE "${CURRENT_PACKAGES_DIR}/share/${PORT}/copyright"
        "nlohmann/json ${VERSION}: MIT License, Copyright (c) 2013-2022 Niels Lohmann\n")
endif()
