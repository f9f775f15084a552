// SPDX-License-Identifier: MIT
// Umbrella header: every public jsonpatch header. Library code includes only what it uses.
#ifndef JSONPATCH_JSONPATCH_HPP
#define JSONPATCH_JSONPATCH_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/fwd.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/result.hpp>
#include <jsonpatch/testing.hpp>
#include <jsonpatch/validate.hpp>
#include <jsonpatch/version.hpp>

#endif // JSONPATCH_JSONPATCH_HPP
