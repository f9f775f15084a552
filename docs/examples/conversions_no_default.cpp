// SPDX-License-Identifier: MIT
// A type without a default constructor: converted through adl_serializer, and its model
// verified against a sample at start-up.
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <utility>

struct account {
    explicit account(std::string account_id) : id(std::move(account_id)) {}
    std::string id; // fixed at construction
    std::string email;
};

template <> struct nlohmann::adl_serializer<account> {
    static void to_json(json& out, const account& a) { out = {{"id", a.id}, {"email", a.email}}; }
    static account from_json(const json& in) {
        account a(in.at("id").get<std::string>());
        a.email = in.at("email").get<std::string>();
        return a;
    }
};

int main() {
    using namespace jsonpatch;
    const auto rules = model<account>().member("/email", may_replace, non_empty()).read_only("/id");
    // There is no account{} to verify against (rules.verify() would not compile): verify with a
    // typical value once, at start-up. Unverified, apply_to checks the patterns against each
    // value it patches instead.
    account sample("a-0");
    sample.email = "someone@example.com";
    std::cout << "verified: " << std::boolalpha << static_cast<bool>(rules.verify(sample)) << "\n";

    account ada("a-1");
    ada.email = "ada@example.com";
    const auto patched =
        apply_to(ada, R"([{"op": "replace", "path": "/email", "value": "a@example.org"}])", rules);
    std::cout << patched->id << " " << patched->email << "\n";
}
