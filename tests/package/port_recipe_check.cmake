# CTest script standing in for `vcpkg install` and `conan create`, whose clients are not available
# in CI: it configures a copy of the files the Conan recipe exports with the options the portfile and
# the recipe pass, builds, installs, checks the installed layout, and then builds and runs the
# Conan test_package against the port's result; then the same for the port's "compiled" feature
# (the recipe's compiled=True passes the same option).
# cmake -DSOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=... -DMAKE_PROGRAM=... -DCXX=... -DSTD=17 -P ...
cmake_minimum_required(VERSION 3.21...3.31)
set(portfile "${SOURCE_DIR}/packaging/vcpkg/jsonpatch/portfile.cmake")
set(usage "${SOURCE_DIR}/packaging/vcpkg/jsonpatch/usage")
set(recipe "${SOURCE_DIR}/packaging/conan/conanfile.py")
set(test_package "${SOURCE_DIR}/packaging/conan/test_package")

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT result EQUAL 0)
        list(JOIN ARGN " " command)
        message(FATAL_ERROR "${command}\nfailed (${result}):\n${out}")
    endif()
endfunction()

# The options each one passes, read from the files themselves so this test follows them.
file(READ "${portfile}" text)
string(REGEX MATCHALL "-D[A-Z_]+=[A-Za-z0-9]+" port_options "${text}")
file(READ "${recipe}" text)
string(REGEX MATCHALL "cache_variables\\[\"[A-Z_]+\"\\] = (True|False)" assignments "${text}")
set(recipe_options "")
foreach(assignment IN LISTS assignments)
    string(REGEX MATCH "\\[\"([A-Z_]+)\"\\] = (True|False)" _ "${assignment}")
    if(CMAKE_MATCH_2 STREQUAL "True")
        list(APPEND recipe_options "-D${CMAKE_MATCH_1}=ON")
    else()
        list(APPEND recipe_options "-D${CMAKE_MATCH_1}=OFF")
    endif()
endforeach()
foreach(required IN ITEMS -DJSONPATCH_BUILD_TESTS=OFF -DJSONPATCH_BUILD_EXAMPLES=OFF)
    if(NOT required IN_LIST port_options OR NOT required IN_LIST recipe_options)
        message(FATAL_ERROR "portfile (${port_options}) and recipe (${recipe_options}) must both pass ${required}")
    endif()
endforeach()

# Both map their compiled-mode switch to JSONPATCH_BUILD_COMPILED, off by default.
file(READ "${portfile}" text)
if(NOT text MATCHES "FEATURES compiled JSONPATCH_BUILD_COMPILED")
    message(FATAL_ERROR "the portfile does not map the feature 'compiled' to JSONPATCH_BUILD_COMPILED")
endif()
file(READ "${recipe}" text)
if(NOT text MATCHES "cache_variables\\[\"JSONPATCH_BUILD_COMPILED\"\\] = bool\\(self.options.compiled\\)" OR
   NOT text MATCHES "\"compiled\": False" OR
   NOT text MATCHES "\"cmake_target_name\", \"jsonpatch::compiled\"")
    message(FATAL_ERROR "conanfile.py does not pass its compiled option (default False) or name jsonpatch::compiled")
endif()

# Both must name the package and target as our install does.
file(READ "${recipe}" text)
if(NOT text MATCHES "\"cmake_file_name\", \"jsonpatch\"" OR
   NOT text MATCHES "\"cmake_target_name\", \"jsonpatch::jsonpatch\"" OR
   NOT text MATCHES "\"pkg_config_name\", \"jsonpatch\"")
    message(FATAL_ERROR "conanfile.py's cmake_file_name/cmake_target_name/pkg_config_name do not match ours")
endif()
file(READ "${usage}" usage_text)
file(READ "${test_package}/CMakeLists.txt" test_package_text)
foreach(line IN ITEMS "find_package(jsonpatch CONFIG REQUIRED)" "jsonpatch::jsonpatch")
    string(FIND "${usage_text}" "${line}" in_usage)
    string(FIND "${test_package_text}" "${line}" in_test_package)
    if(in_usage EQUAL -1 OR in_test_package EQUAL -1)
        message(FATAL_ERROR "the vcpkg usage file and test_package/CMakeLists.txt must both say '${line}'")
    endif()
endforeach()

foreach(client IN ITEMS vcpkg conan vcpkg-compiled)
    if(client STREQUAL "vcpkg")
        set(options ${port_options})
    elseif(client STREQUAL "conan")
        set(options ${recipe_options})
    else()
        set(options ${port_options} -DJSONPATCH_BUILD_COMPILED=ON) # as vcpkg_check_features passes it
    endif()
    set(work "${WORK_DIR}/${client}")
    file(REMOVE_RECURSE "${work}")

    # The sources the recipe exports (export_sources()); the overlay port reads the whole checkout,
    # so the smaller set is the one to prove sufficient.
    file(COPY "${SOURCE_DIR}/CMakeLists.txt" "${SOURCE_DIR}/LICENSE" "${SOURCE_DIR}/cmake"
        DESTINATION "${work}/src")
    file(COPY "${SOURCE_DIR}/include" DESTINATION "${work}/src" FILES_MATCHING PATTERN "*.hpp")
    file(COPY "${SOURCE_DIR}/src" DESTINATION "${work}/src" FILES_MATCHING PATTERN "*.cpp")

    message(STATUS "${client}: configuring with ${options}")
    run("${CMAKE_COMMAND}" -S "${work}/src" -B "${work}/build" -G "${GENERATOR}"
        "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_CXX_COMPILER=${CXX}"
        -DCMAKE_BUILD_TYPE=Release "-DCMAKE_INSTALL_PREFIX=${work}/configured-prefix" ${options})
    run("${CMAKE_COMMAND}" --build "${work}/build")
    # Both clients install somewhere else than the configured prefix.
    run("${CMAKE_COMMAND}" --install "${work}/build" --prefix "${work}/package")

    set(package "${work}/package")
    foreach(file IN ITEMS include/jsonpatch/jsonpatch.hpp share/cmake/jsonpatch/jsonpatchConfig.cmake
            share/cmake/jsonpatch/jsonpatchConfigVersion.cmake share/cmake/jsonpatch/jsonpatchTargets.cmake
            share/pkgconfig/jsonpatch.pc share/doc/jsonpatch/LICENSE)
        if(NOT EXISTS "${package}/${file}")
            message(FATAL_ERROR "${client}: the package has no ${file}")
        endif()
    endforeach()
    if(client STREQUAL "vcpkg-compiled")
        file(GLOB libraries "${package}/lib*/libjsonpatch-compiled.*" "${package}/lib*/pkgconfig/jsonpatch-compiled.pc")
        list(LENGTH libraries found)
        if(NOT found EQUAL 2)
            message(FATAL_ERROR "${client}: expected the library and jsonpatch-compiled.pc, found '${libraries}'")
        endif()
    else()
        foreach(dir IN ITEMS lib lib64 bin)
            if(EXISTS "${package}/${dir}")
                message(FATAL_ERROR "${client}: a header-only package installed ${dir}/")
            endif()
        endforeach()
    endif()
    file(GLOB_RECURSE sources RELATIVE "${package}" "${package}/*.cpp")
    if(sources)
        message(FATAL_ERROR "${client}: sources were installed: ${sources}")
    endif()

    # Conan's recipe drops share/ and lets its generators describe the package, so building against
    # our CMake package files is what the vcpkg port offers; one build of test_package covers it.
    if(client STREQUAL "conan")
        continue()
    endif()
    set(compiled OFF)
    if(client STREQUAL "vcpkg-compiled")
        set(compiled ON)
    endif()
    message(STATUS "${client}: building test_package against ${package}")
    run("${CMAKE_COMMAND}" -S "${test_package}" -B "${work}/test_package" -G "${GENERATOR}"
        "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}" "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_CXX_STANDARD=${STD}"
        -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${package}" -DJSONPATCH_TEST_COMPILED=${compiled}
        "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic -Wconversion -Wshadow -Werror")
    run("${CMAKE_COMMAND}" --build "${work}/test_package")
    run("${work}/test_package/test_package")
    if(compiled)
        run("${work}/test_package/test_package_compiled")
    endif()
endforeach()
