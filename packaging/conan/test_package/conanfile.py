# SPDX-License-Identifier: MIT
# Conan test package: builds test_package.cpp against the created jsonpatch package and runs it,
# through jsonpatch::compiled when the package was made with compiled=True.
import os

from conan import ConanFile
from conan.tools.build import can_run
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout


class JsonpatchTestConan(ConanFile):
    settings = "os", "arch", "compiler", "build_type"

    def requirements(self):
        self.requires(self.tested_reference_str)

    def layout(self):
        cmake_layout(self)

    def generate(self):
        tc = CMakeToolchain(self)
        tc.cache_variables["JSONPATCH_TEST_COMPILED"] = self._compiled
        tc.generate()
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def test(self):
        if can_run(self):
            self.run(os.path.join(self.cpp.build.bindir, "test_package"), env="conanrun")

    @property
    def _compiled(self):
        return bool(self.dependencies["jsonpatch"].options.compiled)
