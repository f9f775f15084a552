# Included by the consumer projects: jsonpatch_add_consumer(NAME) builds consumer.cpp as NAME
# against jsonpatch::jsonpatch, which must report JSONPATCH_EXPECTED_VERSION.
function(jsonpatch_add_consumer name)
    add_executable(${name} ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/consumer.cpp)
    target_link_libraries(${name} PRIVATE jsonpatch::jsonpatch)
    target_compile_definitions(${name} PRIVATE JSONPATCH_EXPECTED_VERSION="${JSONPATCH_EXPECTED_VERSION}")
endfunction()
