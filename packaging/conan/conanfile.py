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
    version = "0.3.0"
    description = "Strict, atomic RFC 6902 JSON Patch and RFC 6901 JSON Pointer for nlohmann/json"
    license = "MIT"
    topics = ("json", "json-patch", "rfc6902", "json-pointer", "rfc6901", "header-only")
    # Header-only by default; compiled=True also builds jsonpatch::compiled (the engine compiled
    # once for nlohmann::json and ordered_json), a static or shared library.
    package_type = "library"
    settings = "os", "arch", "compiler", "build_type"
    options = {"compiled": [True, False], "shared": [True, False], "fPIC": [True, False]}
    default_options = {"compiled": False, "shared": False, "fPIC": True}
    no_copy_source = True

    def export_sources(self):
        # Only what installing needs; tests and examples stay behind (they are switched off below).
        root = os.path.join(self.recipe_folder, "..", "..")
        copy(self, "CMakeLists.txt", root, self.export_sources_folder)
        copy(self, "LICENSE", root, self.export_sources_folder)
        copy(self, "cmake/*", root, self.export_sources_folder)
        copy(self, "include/*.hpp", root, self.export_sources_folder)
        copy(self, "src/*.cpp", root, self.export_sources_folder)

    def config_options(self):
        if self.settings.os == "Windows":
            self.options.rm_safe("fPIC")

    def configure(self):
        if not self.options.compiled:
            self.options.rm_safe("shared")
            self.options.rm_safe("fPIC")
            self.package_type = "header-library"
        elif self.options.shared:
            self.options.rm_safe("fPIC")

    def layout(self):
        cmake_layout(self, src_folder=".")

    def requirements(self):
        # Our public headers include nlohmann's, so its headers reach our users in every mode.
        self.requires("nlohmann_json/[>=3.11 <4]", transitive_headers=True)

    def package_id(self):
        # Header-only: one package serves every compiler, standard and build type.
        if not self.info.options.compiled:
            self.info.clear()

    def validate(self):
        check_min_cppstd(self, 17)

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["BUILD_TESTING"] = False
        tc.cache_variables["JSONPATCH_BUILD_TESTS"] = False
        tc.cache_variables["JSONPATCH_BUILD_EXAMPLES"] = False
        tc.cache_variables["JSONPATCH_INSTALL"] = True
        tc.cache_variables["JSONPATCH_BUILD_COMPILED"] = bool(self.options.compiled)
        tc.generate()
        # Lets our find_package(nlohmann_json 3.11 CONFIG) find Conan's copy.
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        if self.options.compiled:
            cmake.build()

    def package(self):
        cmake = CMake(self)
        cmake.install()
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        # Conan's generators write the CMake and pkg-config files for consumers from package_info().
        rmdir(self, os.path.join(self.package_folder, "share"))
        rmdir(self, os.path.join(self.package_folder, "lib", "pkgconfig"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "jsonpatch")
        headers = self.cpp_info.components["jsonpatch"]
        headers.set_property("cmake_target_name", "jsonpatch::jsonpatch")
        headers.set_property("pkg_config_name", "jsonpatch")
        headers.bindirs = []
        headers.libdirs = []
        headers.requires = ["nlohmann_json::nlohmann_json"]
        if self.options.compiled:
            compiled = self.cpp_info.components["compiled"]
            compiled.set_property("cmake_target_name", "jsonpatch::compiled")
            compiled.set_property("pkg_config_name", "jsonpatch-compiled")
            compiled.libs = ["jsonpatch-compiled"]
            compiled.defines = ["JSONPATCH_COMPILED"]
            compiled.requires = ["jsonpatch"]
