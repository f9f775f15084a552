# Compile-fail tests: mixing JSON types, or passing what merely converts to one, must not compile,
# and the compiler must say why in our words. Each case runs the compiler on one preprocessor
# case of mixing_types.cpp and passes when the output holds the expected message; case 0, the
# same calls done right, must compile without a diagnostic.
set(_jsonpatch_cf_source ${CMAKE_CURRENT_LIST_DIR}/mixing_types.cpp)
set(_jsonpatch_cf_includes
    "$<TARGET_PROPERTY:jsonpatch::jsonpatch,INTERFACE_INCLUDE_DIRECTORIES>"
    "$<TARGET_PROPERTY:nlohmann_json::nlohmann_json,INTERFACE_INCLUDE_DIRECTORIES>")
set(_jsonpatch_cf_std 17)
if(CMAKE_CXX_STANDARD)
    set(_jsonpatch_cf_std ${CMAKE_CXX_STANDARD})
endif()

# jsonpatch_compile_fail(<case> <regex the diagnostics must match> [<regex they must not match>])
# compiles a case of mixing_types.cpp; with _jsonpatch_cf_prefix/_jsonpatch_cf_file set, of
# another source (typed_models.cpp below).
set(_jsonpatch_cf_prefix "")
function(jsonpatch_compile_fail case_number expected)
    set(name "compile_fail: ${_jsonpatch_cf_prefix}case ${case_number}")
    add_test(NAME "${name}"
        COMMAND ${CMAKE_CXX_COMPILER} -std=c++${_jsonpatch_cf_std} -fsyntax-only
            -Wall -Wextra -Werror
            "-I$<JOIN:${_jsonpatch_cf_includes},;-I>"
            -DJSONPATCH_CASE=${case_number} ${_jsonpatch_cf_source}
        COMMAND_EXPAND_LISTS)
    if(case_number EQUAL 0)
        set_tests_properties("${name}" PROPERTIES FAIL_REGULAR_EXPRESSION "error|warning")
    else()
        set_tests_properties("${name}" PROPERTIES PASS_REGULAR_EXPRESSION "${expected}")
        if(ARGC GREATER 2)
            set_tests_properties("${name}" PROPERTIES FAIL_REGULAR_EXPRESSION "${ARGV2}")
        endif()
    endif()
    set_tests_properties("${name}" PROPERTIES LABELS compile_fail)
endfunction()

set(_different "the arguments have different JSON types")
jsonpatch_compile_fail(0 "")
jsonpatch_compile_fail(1 "${_different}")
jsonpatch_compile_fail(2 "${_different}")
jsonpatch_compile_fail(3 "${_different}")
jsonpatch_compile_fail(4 "the options were made for another JSON type")
jsonpatch_compile_fail(5 "a patch is a jsonpatch::basic_patch<J>, a patch document")
jsonpatch_compile_fail(6 "parse_patch takes a patch document")
jsonpatch_compile_fail(7 "the document must be modifiable")
jsonpatch_compile_fail(8 "${_different}")
jsonpatch_compile_fail(9 "${_different}")
jsonpatch_compile_fail(10 "${_different}")
jsonpatch_compile_fail(11 "basic_patch<J> converts only to its own JSON type")
jsonpatch_compile_fail(12 "basic_patch<J> is read only from its own JSON type")
jsonpatch_compile_fail(13 "must be nlohmann::basic_json values")
jsonpatch_compile_fail(14 "${_different}")
set(_not_json "must be nlohmann::basic_json values")
set(_cascade "${_different}|no matching function|has no member|no type named|no member named")
jsonpatch_compile_fail(15 "${_not_json}" "${_cascade}")
jsonpatch_compile_fail(16 "${_not_json}" "${_cascade}")
jsonpatch_compile_fail(17 "${_not_json}" "${_cascade}")
jsonpatch_compile_fail(18 "${_not_json}" "${_cascade}")
jsonpatch_compile_fail(19 "basic_operation<J> is read only from its own JSON type" "${_cascade}")

# Typed models: a missing conversion is one error of ours, naming the function, and nothing
# follows it from inside nlohmann; verify() without a T{} says what to call instead.
set(_jsonpatch_cf_source ${CMAKE_CURRENT_LIST_DIR}/typed_models.cpp)
set(_jsonpatch_cf_prefix "typed models ")
set(_no_to_json "has no to_json\\(J&, const T&\\)")
set(_no_from_json "has no from_json\\(const J&, T&\\)")
set(_typed_cascade "${_cascade}|no_conversions\\)' is|nlohmann/detail|type_error|error:.*error:")
jsonpatch_compile_fail(0 "")
jsonpatch_compile_fail(1 "${_no_to_json}" "${_no_from_json}|${_typed_cascade}")
jsonpatch_compile_fail(2 "${_no_from_json}" "${_no_to_json}|${_typed_cascade}")
jsonpatch_compile_fail(3 "${_no_to_json}.*ordered_json" "${_typed_cascade}")
jsonpatch_compile_fail(4 "${_no_to_json}" "${_typed_cascade}")
jsonpatch_compile_fail(5 "${_no_to_json}" "${_typed_cascade}")
jsonpatch_compile_fail(6 "T is not default-constructible.*verify\\(sample\\)" "${_typed_cascade}")
jsonpatch_compile_fail(7 "${_no_to_json}" "${_typed_cascade}")
