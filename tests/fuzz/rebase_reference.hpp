// SPDX-License-Identifier: MIT
// An independent, deliberately plain rebase over fully built trees whose nodes carry identities:
// the oracle of rebase's property tests and fuzz target.
#ifndef JSONPATCH_TESTS_FUZZ_REBASE_REFERENCE_HPP
#define JSONPATCH_TESTS_FUZZ_REBASE_REFERENCE_HPP

// Like reference_apply.hpp, this file includes no jsonpatch header. It builds every node of both
// documents (the one `accepted` leaves, then the rebased operations; and the one `patch` sees),
// finds positions by searching vectors, and recurses freely: the library materialises only what
// pointers reach, keeps positions in a treap and never looks inside values the patch added, so
// the two share the rules of docs/concurrency.md and nothing else. Callers feed it small values.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <reference_apply.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace jsonpatch_reference {

/// The conflict rules, as docs/concurrency.md names them.
enum class clash {
    removed,
    changed_inside,
    member_written,
    anchor_removed,
    anchor_moved,
    made_root,
    earlier_conflict,
};

/// One conflicting operation of the patch.
struct rebase_conflict {
    std::size_t op_index = 0;
    bool about_from = false;
    clash why = clash::earlier_conflict;
};

/// What the reference makes of one rebase.
template <class json> struct rebase_outcome {
    /// False when `accepted` or `patch` does not apply to `base` (or the trees grew past the node
    /// budget): the oracle then has no opinion.
    bool applies = true;
    std::vector<rebase_conflict> conflicts;
    json rebased; ///< the rebased patch, when nothing conflicts
    json merged;  ///< `base` after `accepted` and then the rebased patch, when nothing conflicts
    /// The gaps each side inserted into, as (array node, the element it went before or -1 for
    /// the end): where both insert into one gap, their order depends on which is rebased.
    std::set<std::pair<int, int>> accepted_gaps;
    std::set<std::pair<int, int>> patch_gaps;
    /// The values each side moved: where both move one, each follows the other's move and the
    /// last one rebased wins, so the order matters there too.
    std::set<int> accepted_moved;
    std::set<int> patch_moved;
};

template <class json> class rebase_oracle {
  public:
    explicit rebase_oracle(std::size_t node_budget) : budget_(node_budget) {}

    rebase_outcome<json> run(const json& base, const json& accepted, const json& patch) {
        rebase_outcome<json> out;
        const int root = build_both(base, true);
        merged_.root = root;
        seen_.root = root;
        for (std::size_t i = 0; i < accepted.size() && out.applies; ++i) {
            out.applies = perform_accepted(accepted[i], static_cast<int>(i), out);
        }
        out.rebased = json::array();
        for (std::size_t i = 0; i < patch.size() && out.applies; ++i) {
            out.applies = perform_patch(patch[i], i, out);
        }
        out.applies = out.applies && !over_budget_;
        if (out.applies && out.conflicts.empty()) {
            out.merged = to_json(merged_, merged_.root);
        }
        return out;
    }

  private:
    using tokens = std::vector<std::string>;

    struct node {
        enum class kind { object, array, scalar } what = kind::scalar;
        json value;
        std::vector<std::pair<std::string, int>> members;
        std::vector<std::pair<int, int>> elements; // (placement, node)
        int parent = -1;
    };
    struct document {
        std::map<int, node> nodes;
        int root = -1;
    };
    struct location {
        enum class kind { node, member, gap } what = kind::node;
        int node = -1; // the node, or the parent of the member or gap
        std::string key;
        int anchor = -1; // the placement a gap comes before, -1 for the end
        bool dash = false;
        int outer = -1; // the outermost value the patch made that the pointer goes through
    };
    using verdict = std::optional<clash>;

    // --- building and reading trees ---------------------------------------------------------

    int build(document& doc, const json& value, int parent, int& id, int& placement) {
        const int me = id++;
        node n;
        n.parent = parent;
        if (value.is_object()) {
            n.what = node::kind::object;
            for (auto it = value.begin(); it != value.end(); ++it) {
                n.members.emplace_back(it.key(), build(doc, it.value(), me, id, placement));
            }
        } else if (value.is_array()) {
            n.what = node::kind::array;
            for (const json& element : value) {
                const int at = placement++;
                n.elements.emplace_back(at, build(doc, element, me, id, placement));
            }
        } else {
            n.value = value;
        }
        doc.nodes[me] = std::move(n);
        return me;
    }

    // Builds `value` with fresh identities in the merged document and, with `also_seen`, with the
    // same identities in the document the patch sees.
    int build_both(const json& value, bool also_seen) {
        int id = next_id_;
        int placement = next_placement_;
        const int made = build(merged_, value, -1, id, placement);
        if (also_seen) {
            int same_id = next_id_;
            int same_placement = next_placement_;
            build(seen_, value, -1, same_id, same_placement);
            if (seen_.root != -1) { // not base itself: a value the patch made
                for (int n = next_id_; n < id; ++n) {
                    made_by_patch_.insert(n);
                }
            }
        }
        over_budget_ = over_budget_ || static_cast<std::size_t>(id) > budget_;
        next_id_ = id;
        next_placement_ = placement;
        return made;
    }

    json to_json(const document& doc, int n) const {
        const node& here = doc.nodes.at(n);
        if (here.what == node::kind::object) {
            json out = json::object();
            for (const auto& member : here.members) {
                out[member.first] = to_json(doc, member.second);
            }
            return out;
        }
        if (here.what == node::kind::array) {
            json out = json::array();
            for (const auto& element : here.elements) {
                out.push_back(to_json(doc, element.second));
            }
            return out;
        }
        return here.value;
    }

    static bool reachable(const document& doc, int n) {
        while (n != -1 && n != doc.root) {
            n = doc.nodes.at(n).parent;
        }
        return n != -1;
    }

    static bool at_or_above(const document& doc, int ancestor, int n) {
        for (; n != -1; n = doc.nodes.at(n).parent) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    static std::size_t index_of(const node& array, int placement) {
        for (std::size_t i = 0; i < array.elements.size(); ++i) {
            if (array.elements[i].first == placement) {
                return i;
            }
        }
        return array.elements.size();
    }

    static tokens path_of(const document& doc, int n) {
        tokens out;
        for (; doc.nodes.at(n).parent != -1; n = doc.nodes.at(n).parent) {
            const node& parent = doc.nodes.at(doc.nodes.at(n).parent);
            if (parent.what == node::kind::object) {
                for (const auto& member : parent.members) {
                    if (member.second == n) {
                        out.push_back(member.first);
                    }
                }
            } else {
                for (std::size_t i = 0; i < parent.elements.size(); ++i) {
                    if (parent.elements[i].second == n) {
                        out.push_back(std::to_string(i));
                    }
                }
            }
        }
        std::reverse(out.begin(), out.end());
        return out;
    }

    static std::string text(const tokens& where) {
        std::string out;
        for (const std::string& token : where) {
            out += '/';
            for (const char c : token) {
                out += c == '~'   ? std::string("~0")
                       : c == '/' ? std::string("~1")
                                  : std::string(1, c);
            }
        }
        return out;
    }

    static bool is_proper_prefix(const tokens& a, const tokens& b) {
        return a.size() < b.size() && std::equal(a.begin(), a.end(), b.begin());
    }

    // RFC 6901 evaluation, as RFC 6902 reads the last token: an existing value, or (`insert`) a
    // place to put one. Nothing when the pointer does not resolve.
    std::optional<location> resolve(const document& doc, const tokens& where, bool insert) const {
        location out;
        int at = doc.root;
        for (std::size_t i = 0; i < where.size(); ++i) {
            const bool last = i + 1 == where.size();
            const node& here = doc.nodes.at(at);
            if (out.outer == -1 && &doc == &seen_ && made_by_patch_.count(at) != 0) {
                out.outer = at;
            }
            if (here.what == node::kind::object) {
                const auto found =
                    std::find_if(here.members.begin(), here.members.end(),
                                 [&](const auto& member) { return member.first == where[i]; });
                if (found == here.members.end()) {
                    if (!(last && insert)) {
                        return std::nullopt;
                    }
                    out.what = location::kind::member;
                    out.node = at;
                    out.key = where[i];
                    return out;
                }
                at = found->second;
                continue;
            }
            if (here.what != node::kind::array) {
                return std::nullopt;
            }
            if (last && insert) {
                out.what = location::kind::gap;
                out.node = at;
                if (where[i] == "-") {
                    out.dash = true;
                    return out;
                }
                const auto index = array_index(where[i]);
                if (!index || *index > here.elements.size()) {
                    return std::nullopt;
                }
                out.anchor = *index < here.elements.size() ? here.elements[*index].first : -1;
                return out;
            }
            const auto index = array_index(where[i]);
            if (!index || *index >= here.elements.size()) {
                return std::nullopt;
            }
            at = here.elements[*index].second;
        }
        out.node = at;
        return out;
    }

    // --- changing trees ------------------------------------------------------------------------

    static void detach(document& doc, int n) {
        node& me = doc.nodes.at(n);
        if (me.parent == -1) {
            if (doc.root == n) {
                doc.root = -1;
            }
            return;
        }
        node& parent = doc.nodes.at(me.parent);
        parent.members.erase(std::remove_if(parent.members.begin(), parent.members.end(),
                                            [n](const auto& member) { return member.second == n; }),
                             parent.members.end());
        parent.elements.erase(
            std::remove_if(parent.elements.begin(), parent.elements.end(),
                           [n](const auto& element) { return element.second == n; }),
            parent.elements.end());
        me.parent = -1;
    }

    // Puts `fresh` where `old` is; in an array with placement `placement` (-1: keep old's).
    static void substitute(document& doc, int old, int fresh, int placement) {
        const int parent = doc.nodes.at(old).parent;
        doc.nodes.at(fresh).parent = parent;
        doc.nodes.at(old).parent = -1;
        if (parent == -1) {
            doc.root = fresh;
            return;
        }
        for (auto& member : doc.nodes.at(parent).members) {
            if (member.second == old) {
                member.second = fresh;
            }
        }
        for (auto& element : doc.nodes.at(parent).elements) {
            if (element.second == old) {
                element = {placement == -1 ? element.first : placement, fresh};
            }
        }
    }

    static void put(document& doc, int n, const location& where, int placement) {
        if (where.what == location::kind::node) {
            substitute(doc, where.node, n, placement);
            return;
        }
        node& parent = doc.nodes.at(where.node);
        doc.nodes.at(n).parent = where.node;
        if (where.what == location::kind::member) {
            parent.members.emplace_back(where.key, n);
            return;
        }
        const std::size_t at =
            where.anchor == -1 ? parent.elements.size() : index_of(parent, where.anchor);
        parent.elements.insert(parent.elements.begin() + static_cast<std::ptrdiff_t>(at),
                               {placement, n});
    }

    // --- accepted ------------------------------------------------------------------------------

    static std::optional<tokens> pointer_member(const json& op, const char* name) {
        const auto found = op.find(name);
        if (found == op.end() || !found->is_string()) {
            return std::nullopt;
        }
        return split_pointer(found->template get<std::string>());
    }

    // An operation's name and pointers, and for move and copy where `from` leads in `doc`.
    struct parsed {
        std::string name;
        tokens path;
        tokens from;
        location source;
    };
    std::optional<parsed> parse(const json& op, const document& doc) const {
        if (!op.is_object() || !op.contains("op") || !op["op"].is_string()) {
            return std::nullopt;
        }
        parsed out;
        out.name = op["op"].template get<std::string>();
        static const std::set<std::string> names{"add",  "remove", "replace",
                                                 "move", "copy",   "test"};
        const auto path = pointer_member(op, "path");
        if (!path || names.count(out.name) == 0) {
            return std::nullopt;
        }
        out.path = *path;
        if (out.name == "move" || out.name == "copy") {
            const auto from = pointer_member(op, "from");
            const auto source = from ? resolve(doc, *from, false) : std::nullopt;
            if (!source) {
                return std::nullopt;
            }
            out.from = *from;
            out.source = *source;
        }
        return out;
    }

    void mark_inside(int n, int op) {
        for (; n != -1; n = merged_.nodes.at(n).parent) {
            inside_by_.emplace(n, op);
        }
    }
    void mark_gone(int n, int op) {
        gone_by_.emplace(n, op);
        const node& here = merged_.nodes.at(n);
        for (const auto& member : here.members) {
            mark_gone(member.second, op);
        }
        for (const auto& element : here.elements) {
            mark_gone(element.second, op);
        }
    }

    // Records what taking node `n` out of its place writes.
    void record_taken(int n, int op, bool moving) {
        const int parent = merged_.nodes.at(n).parent;
        if (parent == -1) {
            return;
        }
        const node& p = merged_.nodes.at(parent);
        for (const auto& member : p.members) {
            if (member.second == n) {
                member_by_[{parent, member.first}] = op;
            }
        }
        for (const auto& element : p.elements) {
            if (element.second == n) {
                taken_[element.first] = {op, moving};
            }
        }
        mark_inside(parent, op);
    }

    void put_accepted(int n, const location& where, int op, rebase_outcome<json>& out) {
        if (where.what == location::kind::node) {
            record_taken(where.node, op, false);
            mark_gone(where.node, op);
        } else {
            if (where.what == location::kind::member) {
                member_by_[{where.node, where.key}] = op;
            } else {
                out.accepted_gaps.emplace(where.node, where.anchor);
            }
            mark_inside(where.node, op);
        }
        put(merged_, n, where, next_placement_++);
    }

    bool perform_accepted(const json& op, int index, rebase_outcome<json>& out) {
        const auto parts = parse(op, merged_);
        if (!parts) {
            return false;
        }
        const std::string& name = parts->name;
        const tokens* path = &parts->path;
        if (name == "add" || name == "replace") {
            const auto where = resolve(merged_, *path, name == "add");
            if (!where) {
                return false;
            }
            put_accepted(build_both(op["value"], false), *where, index, out);
            return true;
        }
        if (name == "remove") {
            const auto where = resolve(merged_, *path, false);
            if (path->empty() || !where) {
                return false;
            }
            record_taken(where->node, index, false);
            mark_gone(where->node, index);
            detach(merged_, where->node);
            return true;
        }
        if (name == "test") {
            return resolve(merged_, *path, false).has_value();
        }
        const tokens* from = &parts->from;
        const location* source = &parts->source;
        if (name == "copy") {
            const auto where = resolve(merged_, *path, true);
            if (!where) {
                return false;
            }
            put_accepted(build_both(to_json(merged_, source->node), false), *where, index, out);
            return true;
        }
        if (is_proper_prefix(*from, *path)) {
            return false;
        }
        if (from->empty()) { // the root onto itself
            return true;
        }
        record_taken(source->node, index, true);
        detach(merged_, source->node);
        const auto where = resolve(merged_, *path, true);
        if (!where) {
            return false;
        }
        put_accepted(source->node, *where, index, out);
        moved_by_[source->node] = index;
        out.accepted_moved.insert(source->node);
        return true;
    }

    // --- patch ---------------------------------------------------------------------------------

    verdict check(const location& where, bool taking, int leaving = -1) const {
        const int reached = where.outer != -1 ? where.outer : where.node;
        if (reachable(merged_, reached)) {
            for (int n = reached; n != -1; n = seen_.nodes.at(n).parent) {
                if (displaced_.count(n) != 0) {
                    return clash::earlier_conflict;
                }
            }
        }
        if (where.outer != -1) {
            // Inside a value the patch made: accepted never wrote there, so only whether that
            // value is in the merged document, as the patch sees it, counts.
            if (!reachable(merged_, where.outer) || diverged_.count(where.outer) != 0) {
                return clash::earlier_conflict;
            }
            return std::nullopt;
        }
        const int subject = where.node;
        if (!reachable(merged_, subject)) {
            return gone_by_.count(subject) != 0 ? clash::removed : clash::earlier_conflict;
        }
        const node& here = merged_.nodes.at(subject);
        switch (where.what) {
        case location::kind::node:
            if (taking && subject == merged_.root) {
                return clash::made_root;
            }
            if (inside_by_.count(subject) != 0) {
                return clash::changed_inside;
            }
            if (diverged_.count(subject) != 0) {
                return clash::earlier_conflict;
            }
            return std::nullopt;
        case location::kind::member:
            if (member_by_.count({subject, where.key}) != 0) {
                return clash::member_written;
            }
            for (const auto& member : here.members) {
                if (member.first == where.key && member.second != leaving) {
                    return clash::earlier_conflict;
                }
            }
            return std::nullopt;
        case location::kind::gap:
            if (where.anchor == -1 || index_of(here, where.anchor) < here.elements.size()) {
                return std::nullopt;
            }
            if (const auto taken = taken_.find(where.anchor); taken != taken_.end()) {
                return taken->second.second ? clash::anchor_moved : clash::anchor_removed;
            }
            return clash::earlier_conflict;
        }
        return std::nullopt;
    }

    // After a conflicting write at `where`, the document the patch sees differs from the merged
    // one above it.
    void mark_diverged(const location& where) {
        int n = where.what == location::kind::node ? seen_.nodes.at(where.node).parent : where.node;
        for (; n != -1; n = seen_.nodes.at(n).parent) {
            diverged_.insert(n);
        }
    }

    // Records a conflict; true when there is none.
    bool settle(verdict why, std::size_t index, bool about_from, rebase_outcome<json>& out) {
        if (why) {
            out.conflicts.push_back({index, about_from, *why});
        }
        return !why;
    }

    tokens merged_place(const location& where) const {
        tokens out = path_of(merged_, where.node);
        if (where.what == location::kind::member) {
            out.push_back(where.key);
        } else if (where.what == location::kind::gap) {
            const node& array = merged_.nodes.at(where.node);
            out.push_back(where.dash
                              ? std::string("-")
                              : std::to_string(where.anchor == -1 ? array.elements.size()
                                                                  : index_of(array, where.anchor)));
        }
        return out;
    }

    bool in_merged_array(int n) const {
        const int parent = merged_.nodes.at(n).parent;
        return parent != -1 && merged_.nodes.at(parent).what == node::kind::array;
    }

    static tokens bumped(tokens where, std::size_t i) {
        where[i] = std::to_string(std::stoull(where[i]) + 1);
        return where;
    }

    void emit(rebase_outcome<json>& out, const std::string& name, const tokens& path,
              const tokens* from = nullptr, const json* value = nullptr) {
        json op = json::object();
        op["op"] = name;
        if (from != nullptr) {
            op["from"] = text(*from);
        }
        op["path"] = text(path);
        if (value != nullptr) {
            op["value"] = *value;
        }
        out.rebased.push_back(std::move(op));
    }

    void emit_move(rebase_outcome<json>& out, const tokens& from, const tokens& to) {
        if (is_proper_prefix(from, to)) {
            emit(out, "copy", bumped(to, from.size() - 1), &from);
            emit(out, "remove", from);
        } else {
            emit(out, "move", to, &from);
        }
    }

    // Puts `n` at `where` in the document the patch sees and, with `merged`, in the merged one.
    void put_patch(int n, const location& where, bool merged, rebase_outcome<json>& out) {
        const int placement = next_placement_++;
        if (where.what == location::kind::gap) {
            out.patch_gaps.emplace(where.node, where.anchor);
        }
        // A value put over another keeps its place in an array; a new element gets one, the same
        // in both documents.
        // (A conflicting one makes a new element where it put a value over another, as the
        // merged document keeps the old one there.)
        const int place = where.what == location::kind::node ? -1 : placement;
        put(seen_, n, where, merged ? place : placement);
        if (merged) {
            put(merged_, n, where, place);
        }
    }

    bool perform_patch(const json& op, std::size_t index, rebase_outcome<json>& out) {
        const auto parts = parse(op, seen_);
        if (!parts) {
            return false;
        }
        const std::string& name = parts->name;
        const tokens* path = &parts->path;
        const bool emitting = out.conflicts.empty();
        if (name == "add" || name == "replace" || name == "test" || name == "remove") {
            const auto where = resolve(seen_, *path, name == "add");
            if (!where || (name == "remove" && path->empty())) {
                return false;
            }
            const bool ok = settle(check(*where, name == "remove"), index, false, out);
            if (!ok && name != "test") {
                mark_diverged(*where);
            }
            if (emitting && ok) {
                std::string kind = name;
                if (kind == "add" && where->what == location::kind::node &&
                    in_merged_array(where->node)) {
                    kind = "replace";
                }
                emit(out, kind, merged_place(*where), nullptr,
                     name == "remove" ? nullptr : &op["value"]);
            }
            if (name == "remove") {
                detach(seen_, where->node);
                if (ok) {
                    detach(merged_, where->node);
                }
            } else if (name != "test") {
                put_patch(build_both(op["value"], true), *where, ok, out);
            }
            return true;
        }
        const tokens* from = &parts->from;
        const location* source = &parts->source;
        if (name == "copy") {
            const auto where = resolve(seen_, *path, true);
            if (!where) {
                return false;
            }
            verdict why = check(*source, false);
            const bool about_from = why.has_value();
            why = why ? why : check(*where, false);
            const bool ok = settle(why, index, about_from, out);
            if (!ok) {
                mark_diverged(*where);
            }
            if (emitting && ok) {
                const tokens from_out = path_of(merged_, source->node);
                if (where->what == location::kind::node && in_merged_array(where->node)) {
                    const tokens replaced = path_of(merged_, where->node);
                    emit(out, "copy", replaced, &from_out);
                    emit(out, "remove", bumped(replaced, replaced.size() - 1));
                } else {
                    emit(out, "copy", merged_place(*where), &from_out);
                }
            }
            // The copy is made from what the patch sees; when it does not conflict, that is what
            // the merged document holds there too.
            put_patch(build_both(to_json(seen_, source->node), true), *where, ok, out);
            return true;
        }
        if (is_proper_prefix(*from, *path)) {
            return false;
        }
        if (from->empty()) { // the root onto itself
            const bool ok = settle(check(*source, false), index, true, out);
            if (emitting && ok) {
                emit(out, "move", tokens{}, &*from);
            }
            return true;
        }
        const int moved = source->node;
        const int left = seen_.nodes.at(moved).parent;
        out.patch_moved.insert(moved);
        const verdict from_why = check(*source, true);
        const tokens from_out = emitting && !from_why ? path_of(merged_, moved) : tokens{};
        detach(seen_, moved);
        const auto where = resolve(seen_, *path, true);
        if (!where) {
            return false;
        }
        verdict why = from_why ? from_why : check(*where, false, moved);
        if (!why && at_or_above(merged_, moved, where->node)) {
            why = clash::earlier_conflict;
        }
        const bool ok = settle(why, index, from_why.has_value(), out);
        if (!ok) {
            location from_place;
            from_place.what = location::kind::member; // marks from the parent up
            from_place.node = left;
            mark_diverged(from_place);
            mark_diverged(*where);
            displaced_.insert(moved);
        }
        if (ok) {
            detach(merged_, moved);
        }
        if (emitting && ok) {
            if (where->what == location::kind::node && in_merged_array(where->node)) {
                const tokens replaced = path_of(merged_, where->node);
                emit_move(out, from_out, replaced);
                emit(out, "remove", bumped(replaced, replaced.size() - 1));
            } else {
                emit_move(out, from_out, merged_place(*where));
            }
        }
        put_patch(moved, *where, ok, out);
        return true;
    }

    document merged_; // base, after accepted, after the rebased operations of the patch
    document seen_;   // base, after the operations of the patch
    int next_id_ = 0;
    int next_placement_ = 0;
    std::size_t budget_;
    bool over_budget_ = false;
    std::set<int> made_by_patch_;  // nodes the patch made (added, replaced, copied)
    std::set<int> diverged_;       // nodes a conflicting operation of the patch wrote inside
    std::set<int> displaced_;      // nodes a conflicting move of the patch put elsewhere
    std::map<int, int> gone_by_;   // node -> accepted op that removed it (or a value above it)
    std::map<int, int> inside_by_; // node -> first accepted op that wrote inside it
    std::map<int, int> moved_by_;  // node -> last accepted op that moved it
    std::map<std::pair<int, std::string>, int> member_by_; // (object, name) -> accepted op
    std::map<int, std::pair<int, bool>>
        taken_; // placement -> (accepted op, moved rather than removed)
};

/// Rebases `patch` over `accepted` (both RFC 6902 patch documents written against `base`) by the
/// rules of docs/concurrency.md, building at most about `node_budget` nodes.
template <class json>
rebase_outcome<json> rebase(const json& base, const json& accepted, const json& patch,
                            std::size_t node_budget = 100'000) {
    return rebase_oracle<json>(node_budget).run(base, accepted, patch);
}

} // namespace jsonpatch_reference

#endif // JSONPATCH_TESTS_FUZZ_REBASE_REFERENCE_HPP
