// SPDX-License-Identifier: MIT
// handle_patch answers a PATCH request for any HTTP library: here, for hand-made requests.
#include <jsonpatch/http.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/value_rules.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct article {
    std::string id;
    std::string title;
    std::vector<std::string> tags;
    int version = 1;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(article, id, title, tags, version)

int main() {
    using namespace jsonpatch;
    const auto rules =
        model<article>()
            .member("/title", may_replace, type_is({json_kind::string}), non_empty(),
                    max_length(200))
            .member("/tags", may_replace, may_edit_items, items_type_is({json_kind::string}),
                    unique_items(), max_items(10))
            .read_only("/id")
            .read_only("/version")
            .limits(small_resource_limits());
    article stored{"a1", "Hello", {"x"}, 1};

    // What an HTTP library hands over: the fields and the body of a PATCH /articles/a1.
    const auto patch = [&](std::string_view content_type, std::optional<std::string_view> if_match,
                           std::string_view body) {
        http::patch_request request;
        request.content_type = content_type;
        request.if_match = if_match;
        request.body = body;
        request.require_if_match = true; // no If-Match, no write: 428
        const std::string etag = http::strong_etag("v" + std::to_string(stored.version));

        auto response = http::handle_patch(request, stored, etag, rules);

        std::cout << "> " << content_type << " If-Match: " << if_match.value_or("(none)") << "\n"
                  << response.status << "\n";
        for (const auto& [name, value] : response.headers) {
            std::cout << name << ": " << value << "\n";
        }
        if (response.updated) { // 200: store the value, with a new version only if it changed
            if (response.changed) {
                response.updated->version = stored.version + 1;
                stored = *response.updated;
            }
            std::cout << "ETag: " << http::strong_etag("v" + std::to_string(stored.version)) << "\n"
                      << nlohmann::json(stored).dump() << "\n\n";
        } else {
            std::cout << response.body << "\n\n"; // the problem details
        }
    };

    patch(http::merge_patch_media_type, "\"v1\"", R"({"title": "Hi"})");
    patch(http::json_patch_media_type, "\"v2\"",
          R"([{"op": "test", "path": "/title", "value": "Hi"}])");
    patch(http::merge_patch_media_type, std::nullopt, R"({"title": "Hey"})");
    patch(http::merge_patch_media_type, "\"v1\"", R"({"title": "Hey"})");
    patch("application/json", "\"v2\"", R"({"title": "Hey"})");
    patch(http::json_patch_media_type, "\"v2\"",
          R"([{"op": "add", "path": "/tags/-", "value": "x"}])");
}
