// SPDX-License-Identifier: MIT
// Forward declarations of jsonpatch's public types, for headers that only name them.
#ifndef JSONPATCH_FWD_HPP
#define JSONPATCH_FWD_HPP

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
struct operation;
class patch;
struct apply_limits;
struct apply_options;
struct diff_options;
class op_set;
class policy;

} // namespace jsonpatch

#endif // JSONPATCH_FWD_HPP
