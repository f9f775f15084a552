// SPDX-License-Identifier: MIT
// The jsonpatch::compiled library: the engine, parsers and diff compiled once for nlohmann::json.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/diff.hpp>
#include <jsonpatch/parse.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

// Explicit instantiations of the entry points that the headers declare extern in compiled mode
// (JSONPATCH_COMPILED); everything they call is instantiated with them.
namespace jsonpatch::detail {
using document = nlohmann::json;

template status apply_parsed<document>(document&, const basic_patch<document>&,
                                       const basic_apply_options<document>&);
template status apply_document<document>(document&, const document&,
                                         const basic_apply_options<document>&);
template status apply_text<document>(document&, std::string_view,
                                     const basic_apply_options<document>&);

template result<basic_patch<document>> parse_document<const document>(const document&,
                                                                      const apply_limits&);
template result<basic_patch<document>> parse_document<document>(document&, const apply_limits&);
template result<basic_operation<document>>
parse_operation<const document>(const document&, std::size_t, const apply_limits&);
template result<document> parse_patch_text<document>(std::string_view, const apply_limits&,
                                                     patch_text_kind);

template basic_patch<document> diff_documents<document>(const document&, const document&,
                                                        const diff_options&);
} // namespace jsonpatch::detail
