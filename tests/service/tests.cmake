# End-to-end tests of examples/pat_service: they start the real binary on a loopback port and talk
# HTTP to it with httplib::Client. Under CI=true they must be built; elsewhere a warning says why not.
include(${PROJECT_SOURCE_DIR}/examples/pat_service/pat_service_deps.cmake)

if(TARGET pat_service AND JSONPATCH_SERVICE_DEPS_FOUND)
    add_executable(service_test ${CMAKE_CURRENT_LIST_DIR}/service_test.cpp)
    target_include_directories(service_test PRIVATE ${CMAKE_CURRENT_LIST_DIR})
    target_link_libraries(service_test PRIVATE jsonpatch_test_support jsonpatch_httplib)
    target_compile_definitions(service_test PRIVATE
        JSONPATCH_PAT_SERVICE="$<TARGET_FILE:pat_service>"
        JSONPATCH_PAT_SEED="${PROJECT_SOURCE_DIR}/examples/data/pat_seed.json"
        JSONPATCH_SERVICE_WORK_DIR="${CMAKE_CURRENT_BINARY_DIR}/service_work")
    add_dependencies(service_test pat_service)
    catch_discover_tests(service_test TEST_PREFIX "service: " DISCOVERY_MODE PRE_TEST)
elseif(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "CI=true but the pat_service example is not built (JSONPATCH_BUILD_EXAMPLES "
        "is OFF or cpp-httplib is missing): its end-to-end tests must run in CI")
else()
    message(WARNING "the pat_service example is not built: its end-to-end tests in tests/service/ "
        "do NOT run")
endif()
