// SPDX-License-Identifier: MIT
// Every refusal of handle_patch is RFC 9457 problem details with the RFC 5789 status.
#include <jsonpatch/errc.hpp>
#include <jsonpatch/http.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <string>
#include <string_view>

struct profile {
    std::string id;
    std::string name;
    std::string email;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(profile, id, name, email)

int main() {
    using namespace jsonpatch;
    const auto rules = model<profile>()
                           .member("/name", may_replace, non_empty(), max_length(40))
                           .member("/email", may_replace, non_empty())
                           .read_only("/id")
                           .limits(small_resource_limits()); // 64 KiB, 100 operations, depth 32
    const profile ada{"p1", "Ada", "ada@example.com"};
    // A per-call check: the email must not belong to someone else (a lookup in a real service).
    const auto email_free = [](const change<profile>& c) -> status {
        if (c.after.email != c.before.email && c.after.email == "grace@example.com") {
            return make_error(errc::conflict, "/email", "another profile has this email");
        }
        return {};
    };

    const std::string large =
        R"([{"op": "test", "path": "/name", "value": ")" + std::string(70'000, 'a') + "\"}]";
    const std::string_view jp = http::json_patch_media_type;
    const std::string_view mp = http::merge_patch_media_type;
    for (const auto& [type, body] : {
             std::pair{jp, std::string_view(R"([{"op": "replace", "path": "/name"}])")},
             std::pair{jp, std::string_view("[{\"op\": \"replace\", \"path\": \"/name\", "
                                            "\"value\": \"\xff\"}]")},
             std::pair{jp,
                       std::string_view(R"([{"op": "replace", "path": "/id", "value": "p2"}])")},
             std::pair{mp, std::string_view(R"({"id": "p2"})")},
             std::pair{jp,
                       std::string_view(R"([{"op": "test", "path": "/name", "value": "Grace"}])")},
             std::pair{mp, std::string_view(R"({"email": "grace@example.com"})")},
             std::pair{mp, std::string_view(R"({"name": ""})")},
             std::pair{jp, std::string_view(large)},
         }) {
        http::patch_request request;
        request.content_type = type;
        request.body = body;
        const auto response = http::handle_patch(request, ada, "\"v1\"", rules, email_free);
        std::cout << response.status << " " << response.body << "\n";
    }

    // A model that names a member its type does not have fails closed: 500, nothing applied.
    const auto typo = model<profile>().member("/nmae", may_replace);
    http::patch_request request;
    request.content_type = http::merge_patch_media_type;
    request.body = "{}";
    std::cout << http::handle_patch(request, ada, "\"v1\"", typo).body << "\n";
}
