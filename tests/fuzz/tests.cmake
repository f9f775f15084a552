# Fuzz area: replays the seed corpora and every saved crash input through the same checks the
# libFuzzer targets run, with the normal compilers (no clang or libFuzzer needed).
set(_jsonpatch_fuzz_replays fuzz_replay_test)
if(EXISTS ${PROJECT_SOURCE_DIR}/include/jsonpatch/pat/apply_patch.hpp)
    list(APPEND _jsonpatch_fuzz_replays pat_fuzz_replay_test)
endif()
foreach(name IN LISTS _jsonpatch_fuzz_replays)
    add_executable(${name} ${CMAKE_CURRENT_LIST_DIR}/${name}.cpp)
    target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
    target_link_libraries(${name} PRIVATE jsonpatch_test_support)
    target_compile_definitions(${name} PRIVATE JSONPATCH_FUZZ_DIR="${CMAKE_CURRENT_LIST_DIR}")
    catch_discover_tests(${name} TEST_PREFIX "${name}: " DISCOVERY_MODE PRE_TEST)
endforeach()
# rebase's property test shares its reference rebase with the rebase fuzz target.
if(TARGET rebase_property_test)
    target_include_directories(rebase_property_test PRIVATE ${CMAKE_CURRENT_LIST_DIR})
endif()
