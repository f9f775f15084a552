// SPDX-License-Identifier: MIT
/// \file
/// Umbrella header: every public jsonpatch header. Library code includes only what it uses.
#ifndef JSONPATCH_JSONPATCH_HPP
#define JSONPATCH_JSONPATCH_HPP

#include <jsonpatch/apply.hpp>
#include <jsonpatch/apply_merge_to.hpp>
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/errc.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/fwd.hpp>
#include <jsonpatch/http.hpp>
#include <jsonpatch/inverse.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/lookup.hpp>
#include <jsonpatch/member_reader.hpp>
#include <jsonpatch/merge_patch.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/parse.hpp>
#include <jsonpatch/path_pattern.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/policy.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/rebase.hpp>
#include <jsonpatch/result.hpp>
#include <jsonpatch/testing.hpp>
#include <jsonpatch/validate.hpp>
#include <jsonpatch/value_rules.hpp>
#include <jsonpatch/version.hpp>

#endif // JSONPATCH_JSONPATCH_HPP
