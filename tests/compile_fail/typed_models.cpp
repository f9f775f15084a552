// SPDX-License-Identifier: MIT
// Each JSONPATCH_CASE is a typed-model mistake that must not compile, and says why in words
// (tests.cmake checks the compiler's output, and that nothing from inside nlohmann follows);
// case 0 is the same code done right and must compile cleanly.
#include <jsonpatch/jsonpatch.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace shapes {

struct complete { // both conversions, for nlohmann::json only (as the macro defines them)
    std::string name;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(complete, name)

struct no_conversions {
    std::string name;
};

struct write_only {
    std::string name;
};
inline void to_json(nlohmann::json& out, const write_only& w) {
    out = nlohmann::json{{"name", w.name}};
}

struct no_default {
    explicit no_default(std::string n) : name(std::move(n)) {}
    std::string name;
};

} // namespace shapes

namespace nlohmann {
template <> struct adl_serializer<shapes::no_default> {
    static void to_json(json& out, const shapes::no_default& v) { out = json{{"name", v.name}}; }
    static shapes::no_default from_json(const json& in) {
        return shapes::no_default(in.at("name").get<std::string>());
    }
};
} // namespace nlohmann

namespace {

[[maybe_unused]] void run() {
    const std::string patch = "[]";
#if JSONPATCH_CASE == 0
    const auto rules = jsonpatch::model<shapes::complete>().member("/name", jsonpatch::may_replace);
    (void)rules.verify();
    (void)jsonpatch::apply_to(shapes::complete{}, patch, rules);
    (void)jsonpatch::apply_merge_to(shapes::complete{}, "{}", rules);
    const auto other =
        jsonpatch::model<shapes::no_default>().member("/name", jsonpatch::may_replace);
    const shapes::no_default value("x");
    (void)other.verify(value);
    (void)jsonpatch::apply_to_outcome(value, patch, other);
#elif JSONPATCH_CASE == 1 // no to_json, no from_json
    const auto rules = jsonpatch::model<shapes::no_conversions>();
    (void)jsonpatch::apply_to(shapes::no_conversions{}, patch, rules);
#elif JSONPATCH_CASE == 2 // a to_json but no from_json
    const auto rules = jsonpatch::model<shapes::write_only>();
    (void)jsonpatch::apply_to(shapes::write_only{}, patch, rules);
#elif JSONPATCH_CASE == 3 // NLOHMANN_DEFINE_TYPE_* converts to nlohmann::json only
    const auto rules = jsonpatch::basic_model<shapes::complete, nlohmann::ordered_json>();
    (void)jsonpatch::apply_to(shapes::complete{}, patch, rules);
#elif JSONPATCH_CASE == 4
    const auto rules = jsonpatch::model<shapes::no_conversions>();
    (void)jsonpatch::apply_merge_to(shapes::no_conversions{}, "{}", rules);
#elif JSONPATCH_CASE == 5
    const auto rules = jsonpatch::model<shapes::no_conversions>();
    (void)rules.verify();
#elif JSONPATCH_CASE == 6 // there is no T{} to verify against
    const auto rules = jsonpatch::model<shapes::no_default>();
    (void)rules.verify();
#elif JSONPATCH_CASE == 7 // without a model too
    (void)jsonpatch::apply_to(shapes::no_conversions{}, patch);
#endif
}

} // namespace
