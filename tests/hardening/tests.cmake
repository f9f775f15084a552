# Hardening area: wiring for the limits, property and exception-safety tests in tests/unit.
# The property tests use the reference applier that also serves as the apply fuzz oracle.
# The hostile-value properties (deep documents, diffs within the limits, the PAT model) use the
# hostile fuzz target's checks.
foreach(_property IN ITEMS apply_property_test pat_apply_patch_property_test)
    if(TARGET ${_property})
        target_include_directories(${_property} PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz)
    endif()
endforeach()
# The allocation hook names the frames under it (to spare nlohmann's allocating destructor).
if(TARGET exception_safety_test)
    target_link_options(exception_safety_test PRIVATE -rdynamic)
endif()
