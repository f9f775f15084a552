// SPDX-License-Identifier: MIT
/// \file
/// Forward declarations of jsonpatch's public types, for headers that only name them.
#ifndef JSONPATCH_FWD_HPP
#define JSONPATCH_FWD_HPP

#include <nlohmann/json_fwd.hpp>

/// JSON Patch (RFC 6902) and JSON Pointer (RFC 6901) for any nlohmann::basic_json: the engine,
/// patches and pointers, options and limits, policies and typed models, errors and their HTTP
/// mappings, diff, inverse patches and JSON Merge Patch (RFC 7396).
namespace jsonpatch {

enum class errc : int;
enum class member : unsigned char;
enum class op_kind : unsigned char;
struct error;
class patch_error;
template <class T>
class result;
class status;
class pointer;
template <class J>
struct basic_operation;
template <class J>
class basic_patch;
struct apply_limits;
template <class J>
struct basic_apply_options;
struct diff_options;
class op_set;
class policy;
template <class J>
struct basic_http_error;

/// The nlohmann::json forms, as in nlohmann's json_fwd.hpp.
using operation = basic_operation<nlohmann::json>;
using patch = basic_patch<nlohmann::json>;
using ordered_patch = basic_patch<nlohmann::ordered_json>;
using apply_options = basic_apply_options<nlohmann::json>;
using ordered_apply_options = basic_apply_options<nlohmann::ordered_json>;
using http_error = basic_http_error<nlohmann::json>;

} // namespace jsonpatch

#endif // JSONPATCH_FWD_HPP
