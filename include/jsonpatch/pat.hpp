// SPDX-License-Identifier: MIT
/// \file
/// Umbrella header for the Personal Access Token model, its patch policy and the HTTP mapping.
#ifndef JSONPATCH_PAT_HPP
#define JSONPATCH_PAT_HPP

#include <jsonpatch/http_status.hpp>
#include <jsonpatch/pat/apply_patch.hpp>
#include <jsonpatch/pat/date_time.hpp>
#include <jsonpatch/pat/patch_policy.hpp>
#include <jsonpatch/pat/personal_access_token.hpp>

#endif // JSONPATCH_PAT_HPP
