// SPDX-License-Identifier: MIT
// The hand-written floor: the same lookups and mutations as a patch, as plain code on nlohmann containers.
#ifndef JSONPATCH_BENCHMARKS_BENCH_FLOOR_HPP
#define JSONPATCH_BENCHMARKS_BENCH_FLOOR_HPP

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch_bench::floor {

using json = nlohmann::json;

// The floor knows nothing of limits, error reports or leniencies: it is what a programmer who
// already knows the patch is well formed would write, so it bounds what any engine can reach.

struct token {
    std::string_view key;
    std::size_t index = 0;
    bool is_end = false; // "-"
};

// Splits pointer text into tokens; tokens with escapes are unescaped into `scratch`, whose
// capacity is reserved up front by the caller so the views stay valid.
inline void split(std::string_view text, std::vector<token>& out, std::string& scratch) {
    out.clear();
    std::size_t start = 1;
    while (start <= text.size() && !text.empty()) {
        std::size_t end = text.find('/', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view raw = text.substr(start, end - start);
        if (raw.find('~') != std::string_view::npos) {
            const std::size_t first = scratch.size();
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '~') {
                    scratch += raw[++i] == '1' ? '/' : '~';
                } else {
                    scratch += raw[i];
                }
            }
            raw = std::string_view(scratch).substr(first);
        }
        token t;
        t.key = raw;
        t.is_end = raw == "-";
        for (const char c : raw) {
            t.index = t.index * 10 + static_cast<std::size_t>(c - '0');
        }
        out.push_back(t);
        start = end + 1;
    }
}

enum class kind : unsigned char { add, remove, replace, move, copy, test };

struct op {
    kind what = kind::test;
    std::string path_text;
    std::string from_text;
    std::string scratch;
    std::vector<token> path;
    std::vector<token> from;
    const json* value = nullptr;
};

inline kind kind_of(std::string_view name) {
    if (name == "add") {
        return kind::add;
    }
    if (name == "remove") {
        return kind::remove;
    }
    if (name == "replace") {
        return kind::replace;
    }
    if (name == "move") {
        return kind::move;
    }
    if (name == "copy") {
        return kind::copy;
    }
    return kind::test;
}

/// Pre-tokenised operations; values stay in (and point into) `patch_json`.
inline std::vector<op> compile(const json& patch_json) {
    std::vector<op> out(patch_json.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        const json& o = patch_json[i];
        op& x = out[i];
        x.what = kind_of(o["op"].get_ref<const std::string&>());
        x.path_text = o["path"].get<std::string>();
        if (o.contains("from")) {
            x.from_text = o["from"].get<std::string>();
        }
        x.scratch.reserve(x.path_text.size() + x.from_text.size());
        split(x.path_text, x.path, x.scratch);
        split(x.from_text, x.from, x.scratch);
        if (const auto it = o.find("value"); it != o.end()) {
            x.value = &*it;
        }
    }
    return out;
}

// One undo step. The location is kept as pointer text and re-resolved at undo time, because array
// elements move; a move's removal takes its value back from the undone insertion (`from_carry`),
// so moving never copies.
struct undo {
    enum class action : unsigned char { erase_member, erase_element, restore, reinsert_member,
                                        reinsert_element };
    action what = action::restore;
    bool from_carry = false;
    std::string_view where;
    std::size_t index = 0;
    json old;
};

inline json* resolve(json& root, const std::vector<token>& where, std::size_t count) {
    json* node = &root;
    for (std::size_t i = 0; i < count; ++i) {
        if (node->is_object()) {
            auto& members = node->get_ref<json::object_t&>();
            const auto it = members.find(where[i].key);
            if (it == members.end()) {
                return nullptr;
            }
            node = &it->second;
        } else if (node->is_array()) {
            auto& elements = node->get_ref<json::array_t&>();
            if (where[i].is_end || where[i].index >= elements.size()) {
                return nullptr;
            }
            node = &elements[where[i].index];
        } else {
            return nullptr;
        }
    }
    return node;
}

/// Runs operations on `root`, journaling each mutation when `journal` is given.
class runner {
  public:
    runner(json& root, std::vector<undo>* journal) : root_(root), journal_(journal) {}

    bool add(const std::vector<token>& path, std::string_view text, json value) {
        json* parent = resolve(root_, path, path.size() - 1);
        if (parent == nullptr) {
            return false;
        }
        const token& last = path.back();
        if (parent->is_object()) {
            auto& members = parent->get_ref<json::object_t&>();
            const auto [it, inserted] = members.try_emplace(std::string(last.key));
            if (journal_ != nullptr) {
                undo& u = journal_->emplace_back();
                u.where = text;
                u.what = inserted ? undo::action::erase_member : undo::action::restore;
                if (!inserted) {
                    u.old = std::move(it->second);
                }
            }
            it->second = std::move(value);
            return true;
        }
        auto& elements = parent->get_ref<json::array_t&>();
        const std::size_t at = last.is_end ? elements.size() : last.index;
        if (at > elements.size()) {
            return false;
        }
        elements.insert(elements.begin() + static_cast<std::ptrdiff_t>(at), std::move(value));
        if (journal_ != nullptr) {
            undo& u = journal_->emplace_back();
            u.what = undo::action::erase_element;
            u.where = text;
            u.index = at;
        }
        return true;
    }

    bool remove(const std::vector<token>& path, std::string_view text, json* taken) {
        json* parent = resolve(root_, path, path.size() - 1);
        if (parent == nullptr) {
            return false;
        }
        const token& last = path.back();
        json value;
        std::size_t at = 0;
        undo::action what = undo::action::reinsert_member;
        if (parent->is_object()) {
            auto& members = parent->get_ref<json::object_t&>();
            const auto it = members.find(last.key);
            if (it == members.end()) {
                return false;
            }
            value = std::move(it->second);
            members.erase(it);
        } else {
            auto& elements = parent->get_ref<json::array_t&>();
            if (last.index >= elements.size()) {
                return false;
            }
            at = last.index;
            what = undo::action::reinsert_element;
            value = std::move(elements[at]);
            elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(at));
        }
        if (journal_ != nullptr) {
            undo& u = journal_->emplace_back();
            u.what = what;
            u.where = text;
            u.index = at;
            u.from_carry = taken != nullptr;
            if (taken == nullptr) {
                u.old = std::move(value);
            }
        }
        if (taken != nullptr) {
            *taken = std::move(value);
        }
        return true;
    }

    bool replace(const std::vector<token>& path, std::string_view text, const json& value) {
        json* target = resolve(root_, path, path.size());
        if (target == nullptr) {
            return false;
        }
        json copy = value;
        if (journal_ != nullptr) {
            undo& u = journal_->emplace_back();
            u.where = text;
            u.old = std::move(*target);
        }
        *target = std::move(copy);
        return true;
    }

    bool move(const std::vector<token>& from, std::string_view from_text,
              const std::vector<token>& path, std::string_view text) {
        json value;
        if (!remove(from, from_text, &value)) {
            return false;
        }
        if (!add(path, text, std::move(value))) {
            // add() only fails before taking the value: give it back to the removal's step.
            if (journal_ != nullptr) {
                journal_->back().old = std::move(value);
                journal_->back().from_carry = false;
            }
            return false;
        }
        return true;
    }

    bool copy(const std::vector<token>& from, const std::vector<token>& path, std::string_view text) {
        const json* source = resolve(root_, from, from.size());
        return source != nullptr && add(path, text, *source);
    }

    bool test(const std::vector<token>& path, const json& value) {
        const json* target = resolve(root_, path, path.size());
        return target != nullptr && *target == value;
    }

    bool run(kind what, const std::vector<token>& path, std::string_view path_text,
             const std::vector<token>& from, std::string_view from_text, const json* value) {
        switch (what) {
        case kind::add: return add(path, path_text, *value);
        case kind::remove: return remove(path, path_text, nullptr);
        case kind::replace: return replace(path, path_text, *value);
        case kind::move: return move(from, from_text, path, path_text);
        case kind::copy: return copy(from, path, path_text);
        case kind::test: return test(path, *value);
        }
        return false;
    }

    // Replays the journal backwards; every step's location exists again by then.
    void roll_back() {
        std::vector<token> where;
        std::string scratch;
        json carry;
        while (!journal_->empty()) {
            undo& u = journal_->back();
            scratch.clear();
            scratch.reserve(u.where.size());
            split(u.where, where, scratch);
            json* parent = resolve(root_, where, where.size() - 1);
            const token& last = where.back();
            switch (u.what) {
            case undo::action::erase_member: {
                auto& members = parent->get_ref<json::object_t&>();
                const auto it = members.find(last.key);
                carry = std::move(it->second);
                members.erase(it);
                break;
            }
            case undo::action::erase_element: {
                auto& elements = parent->get_ref<json::array_t&>();
                carry = std::move(elements[u.index]);
                elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(u.index));
                break;
            }
            case undo::action::restore: {
                json& target = *resolve(root_, where, where.size());
                carry = std::move(target);
                target = std::move(u.old);
                break;
            }
            case undo::action::reinsert_member:
                parent->get_ref<json::object_t&>().emplace(std::string(last.key),
                                                           u.from_carry ? std::move(carry) : std::move(u.old));
                break;
            case undo::action::reinsert_element: {
                auto& elements = parent->get_ref<json::array_t&>();
                elements.insert(elements.begin() + static_cast<std::ptrdiff_t>(u.index),
                                u.from_carry ? std::move(carry) : std::move(u.old));
                break;
            }
            }
            journal_->pop_back();
        }
    }

  private:
    json& root_;
    std::vector<undo>* journal_;
};

/// Pre-tokenised operations, no journal: the absolute floor (not atomic).
inline bool apply_plain(json& doc, const std::vector<op>& ops) {
    runner r(doc, nullptr);
    for (const op& o : ops) {
        if (!r.run(o.what, o.path, o.path_text, o.from, o.from_text, o.value)) {
            return false;
        }
    }
    return true;
}

/// Pre-tokenised operations with an undo journal: the floor for an atomic pre-parsed apply.
inline bool apply_journaled(json& doc, const std::vector<op>& ops) {
    std::vector<undo> journal;
    journal.reserve(2 * ops.size());
    runner r(doc, &journal);
    for (const op& o : ops) {
        if (!r.run(o.what, o.path, o.path_text, o.from, o.from_text, o.value)) {
            r.roll_back();
            return false;
        }
    }
    return true;
}

/// Reads op, path, from and value out of the patch JSON and tokenises the pointers on every call,
/// with an undo journal: the floor for a one-shot atomic apply of patch JSON. Tokens are views into
/// the patch's own strings (one reused vector), so the success path allocates only the journal.
inline bool apply_parsing(json& doc, const json& patch_json) {
    const auto& elements = patch_json.get_ref<const json::array_t&>();
    std::vector<undo> journal;
    journal.reserve(2 * elements.size());
    std::vector<token> path;
    std::vector<token> from;
    path.reserve(32);
    from.reserve(32);
    std::string scratch;
    using namespace std::string_view_literals;
    runner r(doc, &journal);
    for (const json& element : elements) {
        const auto& o = element.get_ref<const json::object_t&>();
        const auto op_it = o.find("op"sv);
        const auto path_it = o.find("path"sv);
        if (op_it == o.end() || path_it == o.end()) {
            r.roll_back();
            return false;
        }
        const kind what = kind_of(op_it->second.get_ref<const std::string&>());
        const std::string& path_text = path_it->second.get_ref<const std::string&>();
        std::string_view from_text;
        if (what == kind::move || what == kind::copy) {
            from_text = o.find("from"sv)->second.get_ref<const std::string&>();
        }
        scratch.clear();
        scratch.reserve(path_text.size() + from_text.size());
        split(path_text, path, scratch);
        split(from_text, from, scratch);
        const json* value = nullptr;
        if (const auto it = o.find("value"sv); it != o.end()) {
            value = &it->second;
        }
        if (!r.run(what, path, path_text, from, from_text, value)) {
            r.roll_back();
            return false;
        }
    }
    return true;
}

} // namespace jsonpatch_bench::floor

#endif // JSONPATCH_BENCHMARKS_BENCH_FLOOR_HPP
