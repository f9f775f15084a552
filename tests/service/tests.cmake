# End-to-end tests of examples/pat_service: they start the real binary on a loopback port and talk
# HTTP to it. Under CI=true they must be built; elsewhere a warning says why not.
# CTest labels: service (functional, seconds), service_load (hostile input and load, tens of
# seconds), service_faults (full and read-only disks on a tmpfs: needs root to mount),
# service_pg (two instances on a throwaway PostgreSQL cluster: needs Debian's postgresql).
include(${PROJECT_SOURCE_DIR}/examples/pat_service/pat_service_deps.cmake)

if(TARGET pat_service AND JSONPATCH_SERVICE_DEPS_FOUND)
    function(jsonpatch_service_test name label)
        add_executable(${name} ${ARGN})
        target_include_directories(${name} PRIVATE ${CMAKE_CURRENT_LIST_DIR}
            ${PROJECT_SOURCE_DIR}/examples/pat_service)
        target_link_libraries(${name} PRIVATE jsonpatch_test_support jsonpatch_service_deps)
        target_compile_definitions(${name} PRIVATE
            JSONPATCH_PAT_SERVICE="$<TARGET_FILE:pat_service>"
            JSONPATCH_PAT_SEED="${PROJECT_SOURCE_DIR}/examples/data/pat_seed.json"
            JSONPATCH_PG_CLUSTER="${PROJECT_SOURCE_DIR}/scripts/pg_cluster.sh"
            JSONPATCH_SERVICE_WORK_DIR="${CMAKE_CURRENT_BINARY_DIR}/service_work")
        add_dependencies(${name} pat_service)
        catch_discover_tests(${name} TEST_PREFIX "${label}: " DISCOVERY_MODE PRE_TEST
            PROPERTIES LABELS ${label} TIMEOUT 300)
    endfunction()

    jsonpatch_service_test(service_test service ${CMAKE_CURRENT_LIST_DIR}/service_test.cpp)
    jsonpatch_service_test(service_policy_test service ${CMAKE_CURRENT_LIST_DIR}/policy_test.cpp)
    # The HTTP side's pieces without sockets (issue 25).
    jsonpatch_service_test(service_front_units_test service
        ${CMAKE_CURRENT_LIST_DIR}/front_units_test.cpp)
    target_link_libraries(service_front_units_test PRIVATE pat_service_front)
    jsonpatch_service_test(service_hardening_test service_load
        ${CMAKE_CURRENT_LIST_DIR}/hardening_test.cpp)
    jsonpatch_service_test(service_fault_test service_faults
        ${CMAKE_CURRENT_LIST_DIR}/fault_test.cpp)
    jsonpatch_service_test(service_pg_test service_pg ${CMAKE_CURRENT_LIST_DIR}/pg_test.cpp)
    jsonpatch_service_test(service_front_pg_test service_pg
        ${CMAKE_CURRENT_LIST_DIR}/front_pg_test.cpp)
    # The stores' own rules and faults (issue 25), partly called directly.
    jsonpatch_service_test(service_store_test service ${CMAKE_CURRENT_LIST_DIR}/store_test.cpp)
    target_link_libraries(service_store_test PRIVATE pat_service_store)
    target_link_libraries(service_pg_test PRIVATE pat_service_store)

    # The load client behind scripts/service_bench.sh.
    add_executable(service_load ${CMAKE_CURRENT_LIST_DIR}/tools/service_load.cpp)
    target_include_directories(service_load PRIVATE ${CMAKE_CURRENT_LIST_DIR})
    target_link_libraries(service_load PRIVATE jsonpatch::jsonpatch jsonpatch_dev_flags)
elseif(NOT JSONPATCH_BUILD_SERVICE)
    message(STATUS "JSONPATCH_BUILD_SERVICE is OFF: the pat_service tests are not built")
elseif(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "CI=true but the pat_service example is not built (JSONPATCH_BUILD_EXAMPLES "
        "is OFF or a service dependency is missing): its end-to-end tests must run in CI")
else()
    message(WARNING "the pat_service example is not built: its end-to-end tests in tests/service/ "
        "do NOT run")
endif()
