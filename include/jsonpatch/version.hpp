// SPDX-License-Identifier: MIT
// The library version; CMake's project() version is the source, and a unit test checks they agree.
#ifndef JSONPATCH_VERSION_HPP
#define JSONPATCH_VERSION_HPP

#define JSONPATCH_VERSION_MAJOR 0
#define JSONPATCH_VERSION_MINOR 2
#define JSONPATCH_VERSION_PATCH 0

namespace jsonpatch {

/// The library version as "major.minor.patch".
inline constexpr const char* version_string = "0.2.0";
inline constexpr int version_major = JSONPATCH_VERSION_MAJOR;
inline constexpr int version_minor = JSONPATCH_VERSION_MINOR;
inline constexpr int version_patch = JSONPATCH_VERSION_PATCH;

} // namespace jsonpatch

#endif // JSONPATCH_VERSION_HPP
