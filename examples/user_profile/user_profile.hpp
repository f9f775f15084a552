// SPDX-License-Identifier: MIT
// A service-style resource, a user profile, and its patch model: what a client may change in it.
#ifndef JSONPATCH_EXAMPLES_USER_PROFILE_USER_PROFILE_HPP
#define JSONPATCH_EXAMPLES_USER_PROFILE_USER_PROFILE_HPP

#include <jsonpatch/model.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace profiles {

struct address {
    std::string label;
    std::string city;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(address, label, city)

struct user_profile {
    std::string id;
    std::string display_name;
    std::string language;
    std::vector<address> addresses;
    std::vector<std::string> interests;
    int version = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(user_profile, id, display_name, language, addresses, interests,
                                   version)

/// The rules, read like the resource's schema: clients change their display name, language,
/// the city of any address and their interests; the id and version are the server's. Every
/// pattern names a member of user_profile's JSON form (profile_model().verify() says so; the
/// tests check it), or apply_to would refuse every patch.
inline const jsonpatch::model<user_profile>& profile_model() {
    using namespace jsonpatch;
    static const auto rules =
        model<user_profile>()
            .member("/display_name", may_replace, type_is({json_kind::string}), non_empty(),
                    max_length(40))
            .member("/language", may_replace, one_of({"en", "fr", "de", "ja"}))
            .member("/addresses/*/city", may_replace, non_empty(), max_length(60))
            .member("/interests", may_replace, may_edit_items, items_type_is({json_kind::string}),
                    non_empty_items(), unique_items(), max_items(10))
            .read_only("/id")
            .read_only("/version")
            .other_members_fixed()
            .limits(small_resource_limits())
            .check([](const change<user_profile>& c) -> status {
                // A cross-member rule: a Japanese-language profile keeps at least one address.
                if (c.after.language == "ja" && c.after.addresses.empty()) {
                    return make_error(errc::validation_failed, "/addresses",
                                      "a profile in Japanese needs an address");
                }
                return {};
            });
    return rules;
}

} // namespace profiles

#endif // JSONPATCH_EXAMPLES_USER_PROFILE_USER_PROFILE_HPP
