# Hardening area: wiring for the limits, property and exception-safety tests in tests/unit.
# The property tests use the reference applier that also serves as the apply fuzz oracle.
if(TARGET apply_property_test)
    target_include_directories(apply_property_test PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz)
endif()
# The allocation hook names the frames under it (to spare nlohmann's allocating destructor).
if(TARGET exception_safety_test)
    target_link_options(exception_safety_test PRIVATE -rdynamic)
endif()
