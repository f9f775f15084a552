# Overlay port: builds the checkout this file lives in (packaging/vcpkg/jsonpatch/ -> ../../..).
# Use with `vcpkg install jsonpatch --overlay-ports=<checkout>/packaging/vcpkg`, or
# `jsonpatch[compiled]` for the jsonpatch::compiled library as well.
vcpkg_check_features(OUT_FEATURE_OPTIONS feature_options FEATURES compiled JSONPATCH_BUILD_COMPILED)
if(NOT "compiled" IN_LIST FEATURES)
    # Header-only: nothing is compiled, so one (release) configuration is enough.
    set(VCPKG_BUILD_TYPE release)
endif()

get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DBUILD_TESTING=OFF
        -DJSONPATCH_BUILD_TESTS=OFF
        -DJSONPATCH_BUILD_EXAMPLES=OFF
        -DJSONPATCH_INSTALL=ON
        ${feature_options}
)
vcpkg_cmake_install()

# Our package files are installed to share/cmake/jsonpatch; vcpkg wants them in share/jsonpatch.
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/jsonpatch)
vcpkg_fixup_pkgconfig()

# The licence goes to share/jsonpatch/copyright instead of our share/doc/jsonpatch.
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/share/doc")
if("compiled" IN_LIST FEATURES)
    file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
endif()
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
