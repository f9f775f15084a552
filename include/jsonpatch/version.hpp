// SPDX-License-Identifier: MIT
/// \file
/// The library version; CMake's project() version is the source, and a unit test checks they agree.
#ifndef JSONPATCH_VERSION_HPP
#define JSONPATCH_VERSION_HPP

/// The major version, for the preprocessor (0 while the API may still change between minors).
#define JSONPATCH_VERSION_MAJOR 0
/// The minor version, for the preprocessor.
#define JSONPATCH_VERSION_MINOR 3
/// The patch version, for the preprocessor.
#define JSONPATCH_VERSION_PATCH 0

namespace jsonpatch {

/// The library version as "major.minor.patch".
inline constexpr const char* version_string = "0.3.0";
/// The major version (JSONPATCH_VERSION_MAJOR).
inline constexpr int version_major = JSONPATCH_VERSION_MAJOR;
/// The minor version (JSONPATCH_VERSION_MINOR).
inline constexpr int version_minor = JSONPATCH_VERSION_MINOR;
/// The patch version (JSONPATCH_VERSION_PATCH).
inline constexpr int version_patch = JSONPATCH_VERSION_PATCH;

} // namespace jsonpatch

#endif // JSONPATCH_VERSION_HPP
