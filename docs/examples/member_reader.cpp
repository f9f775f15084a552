// SPDX-License-Identifier: MIT
// A from_json that says which member is wrong: errors carry the member's pointer.
#include <jsonpatch/member_reader.hpp>
#include <jsonpatch/result.hpp>

#include <nlohmann/json.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct device {
    std::string id;
    std::string kind;
    std::optional<std::vector<std::string>> labels; // null or missing: nullopt
    bool enabled = true;
    nlohmann::json extra; // members the type does not know, kept verbatim
};

jsonpatch::result<device> read_device(const nlohmann::json& doc) {
    device d;
    jsonpatch::member_reader<nlohmann::json> read(doc);
    read.required("id", d.id)
        .required("kind", d.kind)
        .expect(d.kind == "sensor" || d.kind == "switch", jsonpatch::errc::validation_failed,
                "kind must be sensor or switch")
        .optional("labels", d.labels)
        .optional("enabled", d.enabled)
        .others(d.extra);
    if (!read) {
        return std::move(read).error();
    }
    return d;
}

int main() {
    for (const char* text : {R"({"id": "d1", "kind": "sensor", "labels": null, "room": 4})",
                             R"({"id": "d2", "kind": "lamp"})",
                             R"({"id": "d3", "kind": "switch", "labels": ["a", 7]})",
                             R"({"kind": "switch"})"}) {
        const auto d = read_device(nlohmann::json::parse(text));
        if (d) {
            std::cout << d->id << " " << d->kind << " labels:" << d->labels.has_value()
                      << " extra:" << d->extra.dump() << "\n";
        } else {
            std::cout << jsonpatch::to_string(d.error().code) << " at '" << *d.error().path
                      << "': " << d.error().message << "\n";
        }
    }
}
