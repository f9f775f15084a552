# Test area "testing_gtest": <jsonpatch/testing_gtest.hpp> with the system's GoogleTest (Debian:
# libgtest-dev, which scripts/setup.sh installs). Included from tests/CMakeLists.txt.
#   testing_gtest.helpers          the helpers hold and fail as they should, and a failing
#                                  EXPECT_TRUE carries the explanation (gtest-spi.h, in process);
#   testing_gtest.failure_output   the intentionally failing tests print the explanations GoogleTest
#                                  users see (failure_output_check.sh, failure_output.expected).
find_package(GTest QUIET)
if(NOT GTest_FOUND)
    if(DEFINED ENV{CI} AND "$ENV{CI}" STREQUAL "true")
        message(FATAL_ERROR "CI=true but GoogleTest is not installed: the testing_gtest tests must "
            "run in CI (apt-get install libgtest-dev)")
    endif()
    message(WARNING "GoogleTest not found: the testing_gtest tests are not built "
        "(apt-get install libgtest-dev)")
    return()
endif()
set(_gtest_dir ${CMAKE_CURRENT_LIST_DIR})

# The test's first include is the header, which so compiles on its own (tests/CMakeLists.txt's
# header check leaves it out, since it needs GoogleTest).
add_executable(testing_gtest_test ${_gtest_dir}/testing_gtest_test.cpp)
target_link_libraries(testing_gtest_test PRIVATE
    jsonpatch::jsonpatch jsonpatch_dev_flags GTest::gtest_main)
target_compile_definitions(testing_gtest_test PRIVATE
    JSONPATCH_TEST_SUITE_FILE="${PROJECT_SOURCE_DIR}/examples/data/testing_suite.json")

add_test(NAME testing_gtest.helpers COMMAND testing_gtest_test --gtest_color=no)
find_program(JSONPATCH_BASH bash)
if(JSONPATCH_BASH)
    add_test(NAME testing_gtest.failure_output
        COMMAND ${JSONPATCH_BASH} ${_gtest_dir}/failure_output_check.sh
            $<TARGET_FILE:testing_gtest_test> ${_gtest_dir}/failure_output.expected)
    set_tests_properties(testing_gtest.failure_output PROPERTIES LABELS unit)
endif()
set_tests_properties(testing_gtest.helpers PROPERTIES LABELS unit)
