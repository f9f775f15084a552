# jsonpatch::compiled (JSONPATCH_BUILD_COMPILED): the entry points of the engine, the parsers and
# diff instantiated once for nlohmann::json and nlohmann::ordered_json. Linking it defines
# JSONPATCH_COMPILED, which makes the headers declare those instantiations extern, so a
# translation unit that calls apply() compiles none of the engine. Static or shared as
# BUILD_SHARED_LIBS says.
add_library(jsonpatch_compiled
    ${PROJECT_SOURCE_DIR}/src/compiled_json.cpp
    ${PROJECT_SOURCE_DIR}/src/compiled_ordered_json.cpp)
add_library(jsonpatch::compiled ALIAS jsonpatch_compiled)
set_target_properties(jsonpatch_compiled PROPERTIES
    EXPORT_NAME compiled
    OUTPUT_NAME jsonpatch-compiled
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
target_link_libraries(jsonpatch_compiled PUBLIC jsonpatch::jsonpatch)
target_compile_definitions(jsonpatch_compiled PUBLIC JSONPATCH_COMPILED)
target_compile_features(jsonpatch_compiled PUBLIC cxx_std_17)
if(TARGET jsonpatch_dev_flags)
    # Our warnings and sanitizers while we build it, never part of what users link. Copied, not
    # linked: a static library's private links are exported, and jsonpatch_dev_flags is not.
    target_compile_options(jsonpatch_compiled PRIVATE
        $<TARGET_PROPERTY:jsonpatch_dev_flags,INTERFACE_COMPILE_OPTIONS>)
endif()
