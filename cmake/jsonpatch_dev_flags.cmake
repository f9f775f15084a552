# jsonpatch_dev_flags: warnings, -Werror and sanitizers for our own tests, examples and tools.
# Never linked by the library target, so consumers see none of it.
include(CheckCXXCompilerFlag)

add_library(jsonpatch_dev_flags INTERFACE)

set(_jsonpatch_warning_candidates
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
    -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-qual -Wformat=2 -Wundef
    -Wimplicit-fallthrough -Wextra-semi)
foreach(flag IN LISTS _jsonpatch_warning_candidates)
    string(MAKE_C_IDENTIFIER "JSONPATCH_HAS${flag}" var)
    check_cxx_compiler_flag(${flag} ${var})
    if(${var})
        target_compile_options(jsonpatch_dev_flags INTERFACE ${flag})
    endif()
endforeach()

if(JSONPATCH_WERROR)
    target_compile_options(jsonpatch_dev_flags INTERFACE -Werror)
endif()

if(JSONPATCH_SANITIZE)
    list(JOIN JSONPATCH_SANITIZE "," _jsonpatch_sanitizers)
    target_compile_options(jsonpatch_dev_flags INTERFACE
        -fsanitize=${_jsonpatch_sanitizers} -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(jsonpatch_dev_flags INTERFACE -fsanitize=${_jsonpatch_sanitizers})
endif()
