# SPDX-License-Identifier: MIT
# Test-only Conan 2 recipe: nlohmann_json packaged from an installed copy of its headers (Debian's
# nlohmann-json3-dev), standing in for ConanCenter's recipe where no remote can be reached.
# conan create <this folder> --version 3.11.2, with JSONPATCH_NLOHMANN_INCLUDE_DIR naming the
# directory that holds nlohmann/json.hpp (default /usr/include).
import os
import re

from conan import ConanFile
from conan.errors import ConanInvalidConfiguration
from conan.tools.files import copy, load

required_conan_version = ">=2.0"


class SystemNlohmannJsonConan(ConanFile):
    name = "nlohmann_json"
    description = "JSON for Modern C++, packaged from the headers installed on this machine"
    license = "MIT"
    package_type = "header-library"
    no_copy_source = True

    @property
    def _include_dir(self):
        return os.environ.get("JSONPATCH_NLOHMANN_INCLUDE_DIR", "/usr/include")

    def package_id(self):
        self.info.clear()

    def validate(self):
        # Fail closed: the version asked for must be the version of the headers we copy.
        header = os.path.join(self._include_dir, "nlohmann", "detail", "abi_macros.hpp")
        if not os.path.isfile(header):
            header = os.path.join(self._include_dir, "nlohmann", "json.hpp")
        if not os.path.isfile(header):
            raise ConanInvalidConfiguration(f"no nlohmann/json.hpp under {self._include_dir}")
        text = load(self, header)
        parts = [re.search(rf"#define NLOHMANN_JSON_VERSION_{part}\s+(\d+)", text) for part in
                 ("MAJOR", "MINOR", "PATCH")]
        found = ".".join(match.group(1) for match in parts if match)
        if found != str(self.version):
            raise ConanInvalidConfiguration(f"{header} is nlohmann/json {found}, not {self.version}")

    def package(self):
        copy(self, "nlohmann/*.hpp", self._include_dir, os.path.join(self.package_folder, "include"))

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "nlohmann_json")
        self.cpp_info.set_property("cmake_target_name", "nlohmann_json::nlohmann_json")
        self.cpp_info.set_property("pkg_config_name", "nlohmann_json")
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
