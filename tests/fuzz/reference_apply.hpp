// SPDX-License-Identifier: MIT
// An independent, deliberately plain RFC 6902 applier used as the fuzzing and property-test oracle.
#ifndef JSONPATCH_TESTS_FUZZ_REFERENCE_APPLY_HPP
#define JSONPATCH_TESTS_FUZZ_REFERENCE_APPLY_HPP

// This file must not include any jsonpatch header: an oracle that shares the engine's code would
// share its bugs. It works on a private copy of the document, favours the obvious over the fast,
// and recurses freely, so callers feed it only small values.

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch_reference {

/// Why the reference applier gave up: the patch is invalid (any RFC reason), or the document grew
/// past the caller's node budget (the oracle then has no opinion).
enum class outcome_kind { applied, failed, over_budget };

/// Everything below works on any nlohmann::basic_json type `json`, so the oracle judges each
/// document type the engine supports in that type's own terms (its number types included).
template <class json>
struct outcome {
    outcome_kind kind = outcome_kind::failed;
    json document; // the patched document when kind == applied
};

/// RFC 6901 §3-4: "" is the whole document; otherwise '/'-separated tokens where "~1" means '/'
/// and "~0" means '~'; any other '~' makes the pointer invalid.
inline std::optional<std::vector<std::string>> split_pointer(const std::string& text) {
    std::vector<std::string> tokens;
    if (text.empty()) {
        return tokens;
    }
    if (text.front() != '/') {
        return std::nullopt;
    }
    std::string current;
    for (std::size_t i = 1; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '/') {
            tokens.push_back(current);
            current.clear();
            continue;
        }
        if (text[i] == '~') {
            if (i + 1 >= text.size()) {
                return std::nullopt;
            }
            if (text[i + 1] == '0') {
                current.push_back('~');
            } else if (text[i + 1] == '1') {
                current.push_back('/');
            } else {
                return std::nullopt;
            }
            ++i;
            continue;
        }
        current.push_back(text[i]);
    }
    return tokens;
}

/// RFC 6901 §4 array-index: "0" or a non-zero digit followed by digits; nothing else (no sign,
/// no leading zero, no '-'). Indices too large for size_t can never be in range.
inline std::optional<std::size_t> array_index(const std::string& token) {
    if (token.empty() || token.size() > 19) {
        return std::nullopt;
    }
    if (token.size() > 1 && token[0] == '0') {
        return std::nullopt;
    }
    std::size_t value = 0;
    for (const char c : token) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
}

/// RFC 6902 §4.6: numbers are equal when their mathematical values are.
template <class json>
bool same_number(const json& a, const json& b) {
    if (a.is_number_float() || b.is_number_float()) {
        if (a.is_number_float() && b.is_number_float()) {
            return a.template get<double>() == b.template get<double>();
        }
        const json& f = a.is_number_float() ? a : b;
        const json& i = a.is_number_float() ? b : a;
        const double d = f.template get<double>();
        if (std::floor(d) != d) {
            return false;
        }
        if (i.is_number_unsigned()) {
            return d >= 0.0 && d < 18446744073709551616.0 &&
                   static_cast<std::uint64_t>(d) == i.template get<std::uint64_t>();
        }
        return d >= -9223372036854775808.0 && d < 9223372036854775808.0 &&
               static_cast<std::int64_t>(d) == i.template get<std::int64_t>();
    }
    const bool a_negative = a.is_number_integer() && !a.is_number_unsigned() && a.template get<std::int64_t>() < 0;
    const bool b_negative = b.is_number_integer() && !b.is_number_unsigned() && b.template get<std::int64_t>() < 0;
    if (a_negative || b_negative) {
        return a_negative && b_negative && a.template get<std::int64_t>() == b.template get<std::int64_t>();
    }
    return a.template get<std::uint64_t>() == b.template get<std::uint64_t>();
}

/// RFC 6902 §4.6 equality, written recursively.
template <class json>
bool same_value(const json& a, const json& b) {
    if (a.is_number() && b.is_number()) {
        return same_number(a, b);
    }
    if (a.type() != b.type()) {
        return false;
    }
    if (a.is_object()) {
        if (a.size() != b.size()) {
            return false;
        }
        for (auto it = a.begin(); it != a.end(); ++it) {
            const auto other = b.find(it.key());
            if (other == b.end() || !same_value(it.value(), *other)) {
                return false;
            }
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) {
            return false;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!same_value(a[i], b[i])) {
                return false;
            }
        }
        return true;
    }
    return a == b; // null, boolean, string: nlohmann compares these exactly
}

/// Nodes in a value (scalars, arrays and objects count one each).
template <class json>
std::size_t count_nodes(const json& value) {
    std::size_t n = 1;
    if (value.is_structured()) {
        for (const json& child : value) {
            n += count_nodes(child);
        }
    }
    return n;
}

template <class json>
class applier {
  public:
    explicit applier(std::size_t node_budget) : budget_(node_budget) {}

    /// Applies `patch` (an RFC 6902 document) to a copy of `doc`.
    outcome<json> run(const json& doc, const json& patch) {
        outcome<json> out;
        if (!patch.is_array()) {
            return out;
        }
        json work = doc;
        for (const json& op : patch) {
            const auto step = apply_one(work, op);
            if (step != outcome_kind::applied) {
                out.kind = step;
                return out;
            }
        }
        out.kind = outcome_kind::applied;
        out.document = std::move(work);
        return out;
    }

  private:
    // Finds the value at `tokens` in `doc`, or nullptr.
    static json* resolve(json& doc, const std::vector<std::string>& tokens) {
        json* node = &doc;
        for (const std::string& token : tokens) {
            if (node->is_object()) {
                auto it = node->find(token);
                if (it == node->end()) {
                    return nullptr;
                }
                node = &*it;
            } else if (node->is_array()) {
                const auto index = array_index(token);
                if (!index || *index >= node->size()) {
                    return nullptr;
                }
                node = &(*node)[*index];
            } else {
                return nullptr;
            }
        }
        return node;
    }

    static bool get_string(const json& op, const char* name, std::string& out) {
        const auto it = op.find(name);
        if (it == op.end() || !it->is_string()) {
            return false;
        }
        out = it->template get<std::string>();
        return true;
    }

    bool spend(const json& value) {
        const std::size_t n = count_nodes(value);
        if (n > budget_) {
            return false;
        }
        budget_ -= n;
        return true;
    }

    // RFC 6902 §4.1.
    static bool add_at(json& doc, const std::vector<std::string>& tokens, json value) {
        if (tokens.empty()) {
            doc = std::move(value);
            return true;
        }
        std::vector<std::string> parent_tokens(tokens.begin(), tokens.end() - 1);
        json* parent = resolve(doc, parent_tokens);
        if (parent == nullptr) {
            return false;
        }
        const std::string& last = tokens.back();
        if (parent->is_object()) {
            (*parent)[last] = std::move(value);
            return true;
        }
        if (parent->is_array()) {
            std::size_t position = parent->size();
            if (last != "-") {
                const auto index = array_index(last);
                if (!index || *index > parent->size()) {
                    return false;
                }
                position = *index;
            }
            auto& elements = parent->template get_ref<typename json::array_t&>();
            elements.insert(elements.begin() + static_cast<std::ptrdiff_t>(position), std::move(value));
            return true;
        }
        return false;
    }

    // RFC 6902 §4.2; the removed value is handed back. The whole document cannot be removed.
    static std::optional<json> remove_at(json& doc, const std::vector<std::string>& tokens) {
        if (tokens.empty()) {
            return std::nullopt;
        }
        std::vector<std::string> parent_tokens(tokens.begin(), tokens.end() - 1);
        json* parent = resolve(doc, parent_tokens);
        if (parent == nullptr) {
            return std::nullopt;
        }
        const std::string& last = tokens.back();
        if (parent->is_object()) {
            auto it = parent->find(last);
            if (it == parent->end()) {
                return std::nullopt;
            }
            json taken = std::move(*it);
            parent->erase(it);
            return taken;
        }
        if (parent->is_array()) {
            const auto index = array_index(last);
            if (!index || *index >= parent->size()) {
                return std::nullopt;
            }
            json taken = std::move((*parent)[*index]);
            auto& elements = parent->template get_ref<typename json::array_t&>();
            elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(*index));
            return taken;
        }
        return std::nullopt;
    }

    static bool is_proper_prefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
        if (a.size() >= b.size()) {
            return false;
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    outcome_kind apply_one(json& doc, const json& op) {
        if (!op.is_object()) {
            return outcome_kind::failed;
        }
        std::string name;
        std::string path_text;
        if (!get_string(op, "op", name) || !get_string(op, "path", path_text)) {
            return outcome_kind::failed;
        }
        const auto path = split_pointer(path_text);
        if (!path) {
            return outcome_kind::failed;
        }
        const bool takes_from = name == "move" || name == "copy";
        const bool takes_value = name == "add" || name == "replace" || name == "test";
        if (!takes_from && !takes_value && name != "remove") {
            return outcome_kind::failed;
        }
        std::optional<std::vector<std::string>> from;
        if (takes_from) {
            std::string from_text;
            if (!get_string(op, "from", from_text)) {
                return outcome_kind::failed;
            }
            from = split_pointer(from_text);
            if (!from) {
                return outcome_kind::failed;
            }
        }
        const json* value = nullptr;
        if (takes_value) {
            const auto it = op.find("value");
            if (it == op.end()) {
                return outcome_kind::failed;
            }
            value = &*it;
        }

        if (name == "add") {
            if (!spend(*value)) {
                return outcome_kind::over_budget;
            }
            return add_at(doc, *path, *value) ? outcome_kind::applied : outcome_kind::failed;
        }
        if (name == "remove") {
            return remove_at(doc, *path) ? outcome_kind::applied : outcome_kind::failed;
        }
        if (name == "replace") {
            json* target = resolve(doc, *path);
            if (target == nullptr) {
                return outcome_kind::failed;
            }
            if (!spend(*value)) {
                return outcome_kind::over_budget;
            }
            *target = *value;
            return outcome_kind::applied;
        }
        if (name == "test") {
            const json* target = resolve(doc, *path);
            return target != nullptr && same_value(*target, *value) ? outcome_kind::applied
                                                                   : outcome_kind::failed;
        }
        if (name == "copy") {
            const json* source = resolve(doc, *from);
            if (source == nullptr) {
                return outcome_kind::failed;
            }
            if (!spend(*source)) {
                return outcome_kind::over_budget;
            }
            json duplicate = *source;
            return add_at(doc, *path, std::move(duplicate)) ? outcome_kind::applied : outcome_kind::failed;
        }
        // move, RFC 6902 §4.4: the source must exist and must not be a proper prefix of the target.
        if (resolve(doc, *from) == nullptr || is_proper_prefix(*from, *path)) {
            return outcome_kind::failed;
        }
        if (from->empty() && path->empty()) {
            return outcome_kind::applied; // the root onto itself: the one move with nothing to remove
        }
        // Literally a remove and then an add, even onto itself: in an ordered object that puts
        // the member last (nlohmann's patch() does the same); anywhere else it changes nothing.
        auto taken = remove_at(doc, *from);
        if (!taken) {
            return outcome_kind::failed;
        }
        return add_at(doc, *path, std::move(*taken)) ? outcome_kind::applied : outcome_kind::failed;
    }

    std::size_t budget_;
};

/// Applies `patch` to a copy of `doc` with at most `node_budget` nodes added in all.
template <class json>
outcome<json> apply(const json& doc, const json& patch, std::size_t node_budget = 100'000) {
    return applier<json>(node_budget).run(doc, patch);
}

} // namespace jsonpatch_reference

#endif // JSONPATCH_TESTS_FUZZ_REFERENCE_APPLY_HPP
