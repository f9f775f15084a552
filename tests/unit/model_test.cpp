// SPDX-License-Identifier: MIT
// Tests of basic_model: grants, value rules, verification against T's JSON form, the fluent
// builder on temporaries.
#include <jsonpatch/apply.hpp>
#include <jsonpatch/apply_to.hpp>
#include <jsonpatch/member_reader.hpp>
#include <jsonpatch/model.hpp>
#include <jsonpatch/problem_details.hpp>
#include <jsonpatch/testing.hpp>

#include <nlohmann/json.hpp>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include <atomic>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

using jsonpatch::errc;
using json = nlohmann::json;

namespace notes {

struct note {
    std::string title;
    std::vector<std::string> tags;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(note, title, tags)

// A type whose to_json counts the default-constructed values it converts (verification's
// samples), and leaves out an empty nickname.
inline std::atomic<int> default_conversions{0};
struct profile {
    std::string name;
    std::optional<std::string> nickname;
    std::vector<std::map<std::string, int>> scores;
    std::optional<std::vector<std::string>> badges;
};
inline void to_json(json& out, const profile& p) {
    if (p.name.empty()) {
        ++default_conversions;
    }
    out = json::object();
    out["name"] = p.name;
    if (p.nickname) {
        out["nickname"] = *p.nickname;
    }
    out["scores"] = p.scores;
    out["badges"] = p.badges ? json(*p.badges) : json(nullptr);
}
inline void from_json(const json& in, profile& p) {
    p.name = in.at("name").get<std::string>();
    p.nickname.reset();
    if (const auto it = in.find("nickname"); it != in.end()) {
        p.nickname = it->get<std::string>();
    }
    p.scores = in.at("scores").get<std::vector<std::map<std::string, int>>>();
    p.badges.reset();
    if (!in.at("badges").is_null()) {
        p.badges = in.at("badges").get<std::vector<std::string>>();
    }
}

// A type with no default constructor: read back through adl_serializer.
struct account {
    explicit account(std::string account_id) : id(std::move(account_id)) {}
    std::string id;
    std::string email;
};

} // namespace notes

namespace nlohmann {
template <> struct adl_serializer<notes::account> {
    static void to_json(json& out, const notes::account& a) {
        out = json{{"id", a.id}, {"email", a.email}};
    }
    static notes::account from_json(const json& in) {
        notes::account a(in.at("id").get<std::string>());
        a.email = in.at("email").get<std::string>();
        return a;
    }
};
} // namespace nlohmann

namespace {

using notes::account;
using notes::note;
using notes::profile;
namespace jt = jsonpatch::testing;

note sample() {
    return note{"groceries", {"home", "todo"}};
}

} // namespace

TEST_CASE("regression #21: may_replace on array elements grants no insertion",
          "[model][grants][regression]") {
    using namespace jsonpatch;
    const auto rules = model<note>()
                           .member("/tags/*", may_replace)
                           .allow_from({op_kind::copy, op_kind::move}, "/title");
    note renamed = sample();
    renamed.tags[1] = "done";
    CHECK(jt::patches_to(sample(), R"([{"op":"replace","path":"/tags/1","value":"done"}])", rules,
                         renamed));
    // add into an array inserts: a replace grant must not let the array grow.
    CHECK(jt::refuses(sample(), R"([{"op":"add","path":"/tags/-","value":"x"}])", rules,
                      errc::operation_not_allowed, 0, "/tags/-"));
    CHECK(jt::refuses(sample(), R"([{"op":"add","path":"/tags/0","value":"x"}])", rules,
                      errc::operation_not_allowed, 0, "/tags/0"));
    // The same for the targets of copy and move.
    CHECK(jt::refuses(sample(), R"([{"op":"copy","from":"/title","path":"/tags/0"}])", rules,
                      errc::operation_not_allowed, 0, "/tags/0"));
    CHECK(jt::refuses(sample(), R"([{"op":"move","from":"/title","path":"/tags/1"}])", rules,
                      errc::operation_not_allowed, 0, "/tags/1"));
    // A grant that does insert (may_edit_items, or may() with add) still does.
    const auto growing = model<note>().member("/tags", may_edit_items);
    note grown = sample();
    grown.tags.insert(grown.tags.begin(), "x");
    CHECK(
        jt::patches_to(sample(), R"([{"op":"add","path":"/tags/0","value":"x"}])", growing, grown));
}

TEST_CASE("regression #21: may_edit_items lets move and copy take the array's own elements",
          "[model][grants][regression]") {
    using namespace jsonpatch;
    const auto rules = model<note>().member("/tags", may_edit_items);
    note moved = sample();
    moved.tags = {"todo", "home"};
    CHECK(jt::patches_to(sample(), R"([{"op":"move","from":"/tags/0","path":"/tags/-"}])", rules,
                         moved));
    note copied = sample();
    copied.tags = {"home", "todo", "home"};
    CHECK(jt::patches_to(sample(), R"([{"op":"copy","from":"/tags/0","path":"/tags/-"}])", rules,
                         copied));
    // Only the elements: not the array itself, nor anything else.
    CHECK(jt::refuses(sample(), R"([{"op":"copy","from":"/title","path":"/tags/-"}])", rules,
                      errc::from_not_allowed, 0, "/tags/-"));
    CHECK(jt::refuses(sample(), R"([{"op":"copy","from":"/tags","path":"/tags/-"}])", rules,
                      errc::from_not_allowed, 0, "/tags/-"));
}

TEST_CASE("regression #21: member() validates its pattern first and adds nothing on failure",
          "[model][regression]") {
    using namespace jsonpatch;
    // Value rules alone: the bad pattern is refused at setup, not on every later apply_to.
    model<note> rules;
    CHECK_THROWS_AS(rules.member("no-slash", non_empty()), patch_error);
    CHECK_THROWS_AS(rules.member("/a~2", may_replace, non_empty()), patch_error);
    CHECK_THROWS_AS(rules.member("/x~*", may_replace), patch_error);
    // Nothing of the failed calls was left behind: the model still works, and grants nothing.
    rules.member("/title", may_replace, non_empty());
    note renamed = sample();
    renamed.title = "errands";
    CHECK(jt::patches_to(sample(), R"([{"op":"replace","path":"/title","value":"errands"}])", rules,
                         renamed));
    CHECK(jt::refuses(sample(), R"([{"op":"replace","path":"/tags/0","value":"x"}])", rules,
                      errc::operation_not_allowed, 0, "/tags/0"));
    CHECK(jt::refuses(sample(), R"([{"op":"replace","path":"/title","value":""}])", rules,
                      errc::validation_failed, std::nullopt, "/title"));
}

TEST_CASE("model: verify() finds a pattern that names nothing in T's JSON form, and names it",
          "[model][verify]") {
    using namespace jsonpatch;
    CHECK(model<note>().member("/title", may_replace, non_empty()).verify());
    const auto check_refused = [](const status& verdict, const std::string& pattern) {
        REQUIRE_FALSE(verdict);
        CHECK(verdict.error().code == errc::invalid_model);
        CHECK_FALSE(verdict.error().op_index.has_value());
        CHECK(verdict.error().message.find(pattern) != std::string::npos);
    };
    check_refused(model<note>().member("/titel", non_empty()).verify(), "/titel");
    check_refused(model<note>().member("/title", may_replace).read_only("/idd").verify(), "/idd");
    check_refused(model<note>().allow_from({op_kind::copy}, "/tagz/*").verify(), "/tagz/*");
    check_refused(model<note>().member("/title/x", may_replace).verify(), "/title/x");
    // A wildcard or index over an existing array names its elements, even when T{} has none.
    CHECK(model<note>().member("/tags/*", may_replace).member("/tags/0", non_empty()).verify());
    CHECK(model<note>().member("/tags/-", may_replace).member("", may_replace).verify());
    check_refused(model<note>().member("/tags/x", may_replace).verify(), "/tags/x");
    check_refused(model<note>().member("/title/*", may_replace).verify(), "/title/*");
}

TEST_CASE("model: a full array or map must hold what the rest of the pattern names",
          "[model][verify]") {
    using namespace jsonpatch;
    profile sample;
    sample.name = "Ada";
    sample.scores = {{{"math", 1}}, {}};
    const auto rules = model<profile>().member("/scores/*/math", may_replace);
    CHECK(rules.verify()); // T{}'s scores are empty
    CHECK(rules.verify(sample));
    const auto typo = model<profile>().member("/scores/*/maths", may_replace);
    CHECK(typo.verify());                     // nothing in T{} to contradict it...
    const auto refused = typo.verify(sample); // ...but a real value does
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("/scores/*/maths") != std::string::npos);
}

TEST_CASE("model: optional_member accepts a member T's JSON form leaves out", "[model][verify]") {
    using namespace jsonpatch;
    CHECK_FALSE(model<profile>().member("/nickname", may_replace).verify());
    CHECK(model<profile>().optional_member("/nickname", may_replace, non_empty()).verify());
    // Below a null parent (badges is null in T{}).
    CHECK_FALSE(model<profile>().member("/badges/*", may_replace).verify());
    CHECK(model<profile>().optional_member("/badges/*", may_replace).verify());
    // The parent must still exist: a typo there is caught.
    const auto typo = model<profile>().optional_member("/nicknam/x", may_replace).verify();
    REQUIRE_FALSE(typo);
    CHECK(typo.error().message.find("/nicknam/x") != std::string::npos);
    // An optional member is patched like any other.
    profile named;
    named.name = "Ada";
    profile expected = named;
    expected.nickname = "A";
    CHECK(jt::patches_to(named, R"([{"op":"add","path":"/nickname","value":"A"}])",
                         model<profile>().optional_member("/nickname", may_replace, non_empty()),
                         expected));
}

TEST_CASE("model: apply_to fails closed on a model that does not verify, whatever the patch",
          "[model][verify][apply_to]") {
    using namespace jsonpatch;
    const auto typo = model<note>().member("/titel", may_replace, non_empty());
    for (const char* patch : {"[]", R"([{"op":"test","path":"/title","value":"groceries"}])",
                              R"([{"op":"replace","path":"/title","value":""}])", "not json"}) {
        INFO(patch);
        const auto refused = apply_to(sample(), patch, typo);
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == errc::invalid_model);
        CHECK(to_problem_details(refused.error()).status == 500);
        CHECK_FALSE(apply_to_outcome(sample(), patch, typo));
    }
    CHECK(http_status_of(errc::invalid_model) == 500);
}

TEST_CASE("model: verification runs once per model, and survives copies and moves",
          "[model][verify]") {
    using namespace jsonpatch;
    const auto rules = model<profile>().member("/name", may_replace, non_empty());
    profile ada;
    ada.name = "Ada";
    notes::default_conversions = 0;
    for (int i = 0; i < 5; ++i) {
        REQUIRE(apply_to(ada, R"([{"op":"replace","path":"/name","value":"Grace"}])", rules));
    }
    CHECK(notes::default_conversions == 1);
    // A copy holds the same rules and the same verdict.
    const auto copy = rules;
    REQUIRE(apply_to(ada, "[]", copy));
    CHECK(notes::default_conversions == 1);
    // A copy that gains a pattern is verified again, on its own; the original is unaffected.
    auto grown = rules;
    grown.read_only("/nickame");
    CHECK_FALSE(apply_to(ada, "[]", grown));
    CHECK(apply_to(ada, "[]", rules));
    // Moved, the model keeps its verdict; the moved-from one is still safe to use.
    auto moved = std::move(grown);
    CHECK(apply_to(ada, "[]", moved).error().code == errc::invalid_model);
    const auto refreshed = std::move(moved).read_only("/name");
    CHECK(apply_to(ada, "[]", refreshed).error().code == errc::invalid_model);
}

TEST_CASE("model: verification is safe from many threads at once", "[model][verify][threads]") {
    using namespace jsonpatch;
    const auto rules = model<note>().member("/title", may_replace, non_empty());
    std::atomic<int> successes{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&rules, &successes] {
            for (int i = 0; i < 20; ++i) {
                if (apply_to(sample(), R"([{"op":"replace","path":"/title","value":"x"}])",
                             rules)) {
                    ++successes;
                }
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    CHECK(successes == 80);
}

TEST_CASE("model: verify(sample) verifies what T{} cannot show", "[model][verify]") {
    using namespace jsonpatch;
    const auto rules = model<profile>().member("/nickname", may_replace, non_empty());
    profile ada;
    ada.name = "Ada";
    ada.nickname = "A";
    CHECK_FALSE(apply_to(ada, "[]", rules)); // T{} has no nickname: not verified yet
    CHECK_FALSE(rules.verify(profile{}));    // a failed sample changes nothing
    CHECK_FALSE(apply_to(ada, "[]", rules));
    REQUIRE(rules.verify(ada));
    CHECK(apply_to(ada, R"([{"op":"replace","path":"/nickname","value":"Ad"}])", rules)->nickname ==
          "Ad");
    CHECK_FALSE(rules.verify()); // verify() itself still answers for T{}
}

TEST_CASE("model: a type that is not default-constructible is verified against a sample or the "
          "current value",
          "[model][verify]") {
    using namespace jsonpatch;
    static_assert(!std::is_default_constructible_v<account>);
    account current("a-1");
    current.email = "ada@example.com";
    // Never verified with a sample: each apply_to checks the patterns against `current`.
    const auto rules = model<account>().member("/email", may_replace, non_empty()).read_only("/id");
    const auto changed =
        apply_to(current, R"([{"op":"replace","path":"/email","value":"a@b.c"}])", rules);
    REQUIRE(changed);
    CHECK(changed->email == "a@b.c");
    const auto typo = model<account>().member("/emial", may_replace);
    CHECK(apply_to(current, "[]", typo).error().code == errc::invalid_model);
    CHECK_FALSE(typo.verify(current));
    CHECK(rules.verify(current));
}

TEST_CASE("model: builder calls on a temporary return the model by value", "[model][builder]") {
    using namespace jsonpatch;
    static_assert(!std::is_reference_v<decltype(model<note>().member("/title", may_replace))>);
    static_assert(!std::is_reference_v<decltype(model<note>().read_only("/title"))>);
    static_assert(!std::is_reference_v<decltype(model<note>().check({}))>);
    static_assert(!std::is_reference_v<decltype(model<note>().limits({}))>);
    static_assert(!std::is_reference_v<decltype(policy().allow({op_kind::add}, "/a"))>);
    static_assert(!std::is_reference_v<decltype(policy().read_only("/a"))>);
    static_assert(std::is_lvalue_reference_v<decltype(std::declval<model<note>&>().member(
                      "/title", may_replace))>);
    // Bound to a reference, the chain's result lives as long as the reference (ASan checks).
    const auto& rules = model<note>()
                            .member("/title", may_replace, non_empty())
                            .read_only("/tags")
                            .other_members_fixed()
                            .limits(small_resource_limits());
    note expected = sample();
    expected.title = "errands";
    CHECK(jt::patches_to(sample(), R"([{"op":"replace","path":"/title","value":"errands"}])", rules,
                         expected));
    CHECK(jt::refuses(sample(), R"([{"op":"add","path":"/tags/-","value":"x"}])", rules,
                      errc::operation_not_allowed, 0, "/tags/-"));
    const auto& open = policy().allow({op_kind::replace}, "/a").read_only("/b");
    nlohmann::json doc = {{"a", 1}, {"b", 2}};
    apply_options options;
    options.policy = &open;
    CHECK(apply(doc, R"([{"op":"replace","path":"/a","value":3}])", options));
    CHECK_FALSE(apply(doc, R"([{"op":"replace","path":"/b","value":3}])", options));
}

TEST_CASE("model: limits() sets the model's limits; small_resource_limits suits small resources",
          "[model][limits]") {
    using namespace jsonpatch;
    const apply_limits small = small_resource_limits();
    CHECK(small.max_operations == 100);
    CHECK(small.max_patch_bytes == 64u * 1024u);
    CHECK(small.max_document_depth == 32);
    const auto rules = model<note>().member("/tags", may_edit_items).limits(small);
    CHECK(rules.options().limits.max_operations == 100);
    std::string many = "[";
    for (int i = 0; i < 101; ++i) {
        many +=
            std::string(i == 0 ? "" : ",") + R"({"op":"test","path":"/title","value":"groceries"})";
    }
    many += "]";
    CHECK(jt::refuses(sample(), many, rules, errc::too_many_operations));
}

// ---------------------------------------------------------------------------------------------
// Property: under a verified model, every patch that succeeds stays within the grants and leaves
// every rule holding, and every patch the grants allow whose result obeys the rules succeeds.
// The oracle below is written from the model's description, independently of its code.

namespace orders {

struct item {
    std::string sku;
    int qty = 0;
};

struct order {
    std::string id;
    std::string note;
    int priority = 0;
    std::vector<std::string> tags;
    std::vector<item> items;
    std::map<std::string, int> meta;
};

template <class J> void to_json(J& out, const item& i) {
    out = J::object();
    out["sku"] = i.sku;
    out["qty"] = i.qty;
}
template <class J> void from_json(const J& in, item& i) {
    jsonpatch::member_reader<J> read(in);
    read.required("sku", i.sku).required("qty", i.qty);
    if (!read) {
        throw jsonpatch::patch_error(std::move(read).error());
    }
}
template <class J> void to_json(J& out, const order& o) {
    out = J::object();
    out["id"] = o.id;
    out["note"] = o.note;
    out["priority"] = o.priority;
    out["tags"] = o.tags;
    out["items"] = J::array();
    for (const item& i : o.items) {
        out["items"].push_back(J(i));
    }
    out["meta"] = J::object();
    for (const auto& [key, value] : o.meta) {
        out["meta"][key] = value;
    }
}
template <class J> void from_json(const J& in, order& o) {
    jsonpatch::member_reader<J> read(in);
    read.required("id", o.id)
        .required("note", o.note)
        .required("priority", o.priority)
        .required("tags", o.tags)
        .required("meta", o.meta);
    if (!read) {
        throw jsonpatch::patch_error(std::move(read).error());
    }
    o.items = in.at("items").template get<std::vector<item>>();
}

template <class J> jsonpatch::basic_model<order, J> order_model() {
    using namespace jsonpatch;
    return basic_model<order, J>()
        .member("/note", may_replace, type_is({json_kind::string}), non_empty(), max_length(8))
        .member("/priority", may_replace)
        .member("/tags", may_edit_items, unique_items(), max_items(4), items_max_length(6))
        .member("/items/*/qty", may_replace)
        .member("/meta/*", may_replace, may_remove)
        .read_only("/id")
        .other_members_fixed();
}

order sample_order() {
    return order{"o-1", "rush", 2, {"a", "bb"}, {{"s1", 1}, {"s2", 5}}, {{"k", 1}}};
}

// The oracle's grants, from the model's description: which (op, path, from) it allows.
bool is_index_of(const std::string& token) {
    return token == "-" ||
           (!token.empty() && token.find_first_not_of("0123456789") == std::string::npos);
}
std::vector<std::string> tokens_of(const std::string& path) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < path.size();) {
        const std::size_t next = path.find('/', at + 1);
        out.push_back(
            path.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1));
        at = next == std::string::npos ? path.size() : next;
    }
    return out;
}
// A pointer the model lets an operation write, and whether it may insert there.
bool writable(const std::string& path, bool& may_insert) {
    const auto t = tokens_of(path);
    may_insert = false;
    if (t.size() == 1 && (t[0] == "note" || t[0] == "priority")) {
        return true;
    }
    if (t.size() >= 2 && t[0] == "tags") {
        may_insert = true; // may_edit_items: anything below /tags
        return true;
    }
    if (t.size() == 3 && t[0] == "items" && t[2] == "qty") {
        return true;
    }
    return t.size() == 2 && t[0] == "meta";
}
bool takeable(const std::string& from) { // a source move and copy may use
    const auto t = tokens_of(from);
    return t.size() >= 2 && t[0] == "tags";
}

// Whether the rules hold on a patched document, read as JSON without the library.
template <class J> bool rules_hold(const J& before, const J& after) {
    if (!after.is_object() || after.size() != before.size() ||
        after.value("id", J()) != before["id"]) {
        return false;
    }
    for (const auto& [name, value] : after.items()) {
        if (!before.contains(name)) {
            return false;
        }
    }
    const J& note = after["note"];
    if (!note.is_string() || note.template get<std::string>().empty() ||
        jsonpatch::count_code_points(note.template get<std::string>()) > 8) {
        return false;
    }
    const J& tags = after["tags"];
    if (tags.is_array()) {
        if (tags.size() > 4) {
            return false;
        }
        for (std::size_t i = 0; i < tags.size(); ++i) {
            if (tags[i].is_string() && tags[i].template get<std::string>().size() > 6) {
                return false;
            }
            for (std::size_t j = 0; j < i; ++j) {
                if (tags[i] == tags[j]) {
                    return false;
                }
            }
        }
    }
    const J& items = after["items"];
    if (!items.is_array() || items.size() != before["items"].size()) {
        return false;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].is_object() || items[i].size() != 2 ||
            items[i].value("sku", J()) != before["items"][i]["sku"]) {
            return false;
        }
    }
    return true;
}

// Whether `doc` converts to an order, with types exactly right.
template <class J> bool converts(const J& doc) {
    const auto is_int = [](const J& v) {
        return v.is_number_integer() && v.template get<long long>() >= -2147483648LL &&
               v.template get<long long>() <= 2147483647LL;
    };
    if (!is_int(doc["priority"]) || !doc["tags"].is_array() || !doc["meta"].is_object()) {
        return false;
    }
    for (const J& tag : doc["tags"]) {
        if (!tag.is_string()) {
            return false;
        }
    }
    for (const J& i : doc["items"]) {
        if (!i.contains("qty") || !i["sku"].is_string() || !is_int(i["qty"])) {
            return false;
        }
    }
    for (const auto& [key, value] : doc["meta"].items()) {
        if (!is_int(value)) {
            return false;
        }
    }
    return true;
}

} // namespace orders

TEMPLATE_TEST_CASE("model property: a verified model's grants and rules hold for random patches",
                   "[model][property]", nlohmann::json, nlohmann::ordered_json) {
    using J = TestType;
    using namespace orders;
    const auto rules = order_model<J>();
    REQUIRE(rules.verify());
    REQUIRE(rules.verify(sample_order()));
    const J before = sample_order();

    const std::vector<std::string> paths = {
        "",        "/id",     "/note",     "/priority", "/tags",        "/tags/0",      "/tags/1",
        "/tags/2", "/tags/-", "/items",    "/items/0",  "/items/1/qty", "/items/0/sku", "/items/-",
        "/meta",   "/meta/k", "/meta/new", "/other"};
    const std::vector<J> values = {J("x"),
                                   J(""),
                                   J("abcdefghi"),
                                   J("a"),
                                   J("bb"),
                                   J(7),
                                   J(2.5),
                                   J(nullptr),
                                   J(true),
                                   J::array(),
                                   J::parse(R"(["t"])"),
                                   J::parse(R"({"sku":"s9","qty":3})"),
                                   J(3000000000LL)};
    // Most rounds stay on granted members, with values of their types, so that enough
    // patches pass to test the "allowed ⇒ accepted" half too.
    const std::vector<std::string> granted_paths = {"/note",   "/priority", "/tags/0",
                                                    "/tags/1", "/tags/-",   "/items/0/qty",
                                                    "/meta/k", "/meta/new"};
    const std::vector<J> granted_values = {J("x"), J("ccc"), J(7), J(0)};
    const std::vector<std::string> ops = {"add", "remove", "replace", "move", "copy", "test"};
    std::mt19937 random(20240521u);
    const auto pick = [&random](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    int accepted = 0;
    for (int round = 0; round < 1500; ++round) {
        J patch = J::array();
        bool all_granted = true;
        const bool tame = round % 4 != 0;
        const std::size_t count = 1 + pick(tame ? 2 : 3);
        const auto& path_pool = tame ? granted_paths : paths;
        const auto& value_pool = tame ? granted_values : values;
        for (std::size_t k = 0; k < count; ++k) {
            const std::string op = ops[pick(ops.size())];
            J operation = J::object();
            operation["op"] = op;
            operation["path"] = path_pool[pick(path_pool.size())];
            if (op == "move" || op == "copy") {
                operation["from"] = path_pool[pick(path_pool.size())];
            }
            if (op == "add" || op == "replace" || op == "test") {
                operation["value"] = value_pool[pick(value_pool.size())];
            }
            bool may_insert = false;
            const std::string path = operation["path"].template get<std::string>();
            const bool target = op == "test" || writable(path, may_insert);
            const bool source = (op != "move" && op != "copy") ||
                                takeable(operation["from"].template get<std::string>());
            all_granted = all_granted && target && source && (op != "remove" || path != "/note") &&
                          (op != "remove" || path != "/priority") &&
                          (op != "remove" || tokens_of(path).size() != 3);
            patch.push_back(std::move(operation));
        }
        INFO(patch.dump());
        const auto outcome = jsonpatch::apply_to_outcome(sample_order(), patch, rules);
        // The same patch with no rules at all: the reference result.
        J plain = before;
        const bool applies = static_cast<bool>(jsonpatch::apply(plain, patch));
        if (outcome) {
            ++accepted;
            const J after = outcome->value;
            CHECK(all_granted);
            CHECK(applies);
            CHECK(rules_hold(before, after));
            CHECK(jsonpatch::detail::json_equal(after, plain));
            CHECK(outcome->changed == !jsonpatch::detail::json_identical(after, before));
        } else {
            const auto code = outcome.error().code;
            INFO(jsonpatch::describe(outcome.error()));
            CHECK(code != errc::invalid_model);
            // Refused only for a reason: a grant, an operation that fails, a rule, a type.
            const bool explained =
                !all_granted || !applies || !rules_hold(before, plain) || !converts(plain);
            CHECK(explained);
        }
    }
    CHECK(accepted > 150); // the generator reaches the interesting cases (about 230 of 1500)
}
