# SPDX-License-Identifier: MIT
# Conan 2 recipe for jsonpatch, exported from this checkout: `conan create packaging/conan`.
import os

from conan import ConanFile
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, rmdir

required_conan_version = ">=2.0"


class JsonpatchConan(ConanFile):
    name = "jsonpatch"
    version = "0.2.0"
    description = "Strict, atomic RFC 6902 JSON Patch and RFC 6901 JSON Pointer for nlohmann/json"
    license = "MIT"
    topics = ("json", "json-patch", "rfc6902", "json-pointer", "rfc6901", "header-only")
    package_type = "header-library"
    settings = "os", "arch", "compiler", "build_type"
    no_copy_source = True

    def export_sources(self):
        # Only what installing needs; tests and examples stay behind (they are switched off below).
        root = os.path.join(self.recipe_folder, "..", "..")
        copy(self, "CMakeLists.txt", root, self.export_sources_folder)
        copy(self, "LICENSE", root, self.export_sources_folder)
        copy(self, "cmake/*", root, self.export_sources_folder)
        copy(self, "include/*.hpp", root, self.export_sources_folder)

    def layout(self):
        cmake_layout(self, src_folder=".")

    def requirements(self):
        self.requires("nlohmann_json/[>=3.11 <4]")

    def package_id(self):
        # Header-only: one package serves every compiler, standard and build type.
        self.info.clear()

    def validate(self):
        check_min_cppstd(self, 17)

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["BUILD_TESTING"] = False
        tc.cache_variables["JSONPATCH_BUILD_TESTS"] = False
        tc.cache_variables["JSONPATCH_BUILD_EXAMPLES"] = False
        tc.cache_variables["JSONPATCH_INSTALL"] = True
        tc.generate()
        # Lets our find_package(nlohmann_json 3.11 CONFIG) find Conan's copy.
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()

    def package(self):
        cmake = CMake(self)
        cmake.install()
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        # Conan's generators write the CMake and pkg-config files for consumers from package_info().
        rmdir(self, os.path.join(self.package_folder, "share"))

    def package_info(self):
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
        self.cpp_info.set_property("cmake_file_name", "jsonpatch")
        self.cpp_info.set_property("cmake_target_name", "jsonpatch::jsonpatch")
        self.cpp_info.set_property("pkg_config_name", "jsonpatch")
        self.cpp_info.requires = ["nlohmann_json::nlohmann_json"]
