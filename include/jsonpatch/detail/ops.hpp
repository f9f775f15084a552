// SPDX-License-Identifier: MIT
// The apply engine: RFC 6902 §4 operations performed in place, each journaled for rollback.
#ifndef JSONPATCH_DETAIL_OPS_HPP
#define JSONPATCH_DETAIL_OPS_HPP

#include <jsonpatch/detail/concrete_pointer.hpp>
#include <jsonpatch/detail/counted.hpp>
#include <jsonpatch/detail/json_walk.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/detail/operation_report.hpp>
#include <jsonpatch/detail/operation_view.hpp>
#include <jsonpatch/detail/pointer_parse.hpp>
#include <jsonpatch/detail/undo_log.hpp>
#include <jsonpatch/error.hpp>
#include <jsonpatch/operation.hpp>
#include <jsonpatch/options.hpp>
#include <jsonpatch/pointer.hpp>
#include <jsonpatch/policy.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// Applies operations to one document of type `J` and can take them all back. One engine serves
/// one apply call. It sees every operation as an operation_view, so its code exists once, whether
/// the patch was parsed or is read in place.
template <class J>
class engine {
  public:
    using json = J;
    using view_type = operation_view<J>;
    using options_type = basic_apply_options<J>;

    engine(json& root, const options_type& options) : root_(root), options_(options) {}

    /// Reserves journal room for `operations` operations (a move journals up to three steps: the
    /// removal, a created parent chain, the insertion).
    void prepare(std::size_t operations) { log_.reserve(steps_per_operation * operations); }

    /// Performs one operation; on failure the document may hold earlier steps (roll_back() them).
    /// Journal steps point at `op.path` and `op.from`, so `op` (and what its views and value point
    /// into) must outlive the journal. A value is copied once, into the document.
    [[nodiscard]] std::optional<jsonpatch::error> perform(const view_type& op,
                                                          std::size_t index) {
        return perform_parts(op.op, op.path, op.from, op.value, index);
    }

    /// Restores the document to its state before the first operation. Never throws.
    void roll_back() noexcept { log_.roll_back(root_, options_.allow_negative_array_index); }
    /// Where the engine stands between operations: the journal's length and what the limits have
    /// counted so far, so that rolling back to it also gives back what the undone steps were
    /// charged (validate() skips a failed operation and goes on).
    struct checkpoint {
        std::size_t steps = 0;
        std::size_t added_nodes = 0;
    };
    [[nodiscard]] checkpoint mark() const noexcept { return {log_.size(), added_nodes_}; }
    /// Restores the document and the counters to their state at `mark`. Never throws.
    void roll_back_to(const checkpoint& mark) noexcept {
        log_.roll_back(root_, options_.allow_negative_array_index, mark.steps);
        added_nodes_ = mark.added_nodes;
    }
    /// Forgets the journal: the changes stay.
    void commit() noexcept { log_.clear(); }

    [[nodiscard]] const undo_log<J>& journal() const noexcept { return log_; }

  private:
    using step_action = typename undo_step<J>::action;
    // Containers are reached with get_ptr after an is_object()/is_array() test: get_ref would test
    // again in an out-of-line call that can throw, on every token of every pointer.
    using object_type = typename J::object_t;
    using array_type = typename J::array_t;
    static constexpr std::size_t steps_per_operation = 3;

    // `value` is null only for remove, move and copy, which have none.
    [[nodiscard]] std::optional<jsonpatch::error>
    perform_parts(op_kind kind, const pointer_view& path, const pointer_view& from,
                  const json* value, std::size_t index) {
        report_ = operation_report{kind, path.to_string(), from.to_string(), index};
        if (log_.size() + steps_per_operation > log_.capacity()) {
            // Only when prepare() was given too few; recording must never allocate mid-operation.
            log_.reserve(log_.capacity() * 2 + steps_per_operation);
        }
        // A move resolves its target only after taking its source away (see move()).
        if (kind != op_kind::move && gated(kind, path, from)) {
            if (auto e = vet_concrete(kind, concrete(path), concrete(from))) {
                return e;
            }
        }
        switch (kind) {
        case op_kind::add: {
            // Vet the value before copying it: nlohmann's copy recurses, so depth comes first.
            std::size_t depth = 0;
            if (auto e = check_added(*value, path, depth)) {
                return e;
            }
            return add(path, copy_of_depth(*value, depth));
        }
        case op_kind::remove:
            return remove(path, member::path, nullptr);
        case op_kind::replace:
            return replace(path, *value);
        case op_kind::move:
            return move(from, path);
        case op_kind::copy:
            return copy(from, path);
        case op_kind::test:
            return test(path, *value);
        }
        return std::nullopt;
    }

    [[nodiscard]] bool gated(op_kind kind, const pointer_view& path,
                             const pointer_view& from) const noexcept {
        return policy_checked_when_run(view_type{kind, path, from, nullptr}, options_);
    }

    // `where` as the engine resolves it in the document as it is now.
    [[nodiscard]] pointer concrete(const pointer_view& where) const {
        return concrete_prefix(root_, where, where.size(), true);
    }

    // The policy's verdict on the operation under way at its resolved pointers. The error names
    // the pointers as given and says what they resolved to.
    [[nodiscard]] std::optional<jsonpatch::error> vet_concrete(op_kind kind, const pointer& path,
                                                               const pointer& from) const {
        auto e = options_.policy->check(kind, path.to_string(), from.to_string(), report_.index);
        if (e) {
            const bool about_from = e->concerns == member::from;
            e->message += " (" + location(about_from ? report_.from : report_.path) + " is " +
                          location((about_from ? from : path).to_string()) + " here)";
            e->path = clip(report_.path);
            if (has_from(kind)) {
                e->from = clip(report_.from);
            }
        }
        return e;
    }

    // Whether the policy lets the operation under way insert into the array it has reached (a
    // grant may allow setting a member but not growing an array; see policy::check_insertion).
    [[nodiscard]] std::optional<jsonpatch::error> vet_insertion(const pointer_view& path) const {
        if (!(options_.allow_negative_array_index && has_negative_token(path))) {
            return options_.policy->check_insertion(report_.kind, report_.path, report_.from,
                                                    report_.index);
        }
        auto e = options_.policy->check_insertion(report_.kind, concrete(path).to_string(),
                                                  report_.from, report_.index);
        if (e) {
            e->path = clip(report_.path);
        }
        return e;
    }

    // The position array token `i` of `where` names in `elements`, or the error saying why none.
    [[nodiscard]] std::optional<jsonpatch::error>
    position_in(const array_type& elements, const pointer_view& where, std::size_t i,
                bool for_insert, member which, std::size_t& position) const {
        return array_position(report_, elements.size(), where, i, for_insert,
                              options_.allow_negative_array_index, which, position);
    }

    // Walks the first `count` tokens of `where`; each must name an existing value.
    // With `create`, missing object members become empty objects (create_missing_parents).
    [[nodiscard]] std::optional<jsonpatch::error> walk(const pointer_view& where, std::size_t count,
                                                       member which, bool create, json*& node) {
        node = &root_;
        for (std::size_t i = 0; i < count; ++i) {
            if (node->is_object()) {
                auto& members = *node->template get_ptr<object_type*>();
                const auto it = find_member(members, where.token(i));
                if (it != members.end()) {
                    node = &it->second;
                    continue;
                }
                if (!create) {
                    return report_.missing_member(where, i, which);
                }
                // json(value_t::object), not json::object(): that goes through nlohmann's
                // initializer-list constructor, 3.6 KB of code compiled into every program that
                // calls apply, for an empty object.
                node = &emplace_new_member(members, where.token(i), json(json::value_t::object));
                log_.record(step_action::erase_member, where, i + 1).created_parent = true;
                // Everything below is new, so one journal step takes the whole chain back.
                for (++i; i < count; ++i) {
                    node = &(*node)[std::string(where.token(i))];
                    *node = json(json::value_t::object);
                }
                return std::nullopt;
            }
            if (node->is_array()) {
                auto& elements = *node->template get_ptr<array_type*>();
                std::size_t position = 0;
                if (auto e = position_in(elements, where, i, false, which, position)) {
                    return e;
                }
                node = &elements[position];
                continue;
            }
            return report_.not_container(where, i, *node, which);
        }
        return std::nullopt;
    }

    // Charges an added value to the limits and sets `depth` to its depth, which tells the copy
    // whether nlohmann's recursive copy is safe. Most values are scalars (one node, one level
    // deep), checked here in a few comparisons; the rest take check_added_value.
    [[nodiscard]] std::optional<jsonpatch::error>
    check_added(const json& value, const pointer_view& where, std::size_t& depth) {
        const apply_limits& limits = options_.limits;
        if (!value.is_structured() && added_nodes_ < limits.max_added_nodes &&
            where.size() < limits.max_document_depth) {
            ++added_nodes_;
            depth = 1;
            return std::nullopt;
        }
        return check_added_value(value, where, depth);
    }

    [[nodiscard]] std::optional<jsonpatch::error>
    check_added_value(const json& value, const pointer_view& where, std::size_t& depth) {
        const apply_limits& limits = options_.limits;
        const std::size_t room = limits.max_added_nodes - added_nodes_;
        // Most values are scalars: skip the walk (and its scratch stack) for them.
        const value_shape shape = value.is_structured()
                                      ? measure(value, limits.max_document_depth, room)
                                      : value_shape{1, 1, 0};
        if (shape.nodes > room) {
            return report_.fail(errc::value_too_large, member::value,
                        "patch adds more than " + counted(limits.max_added_nodes, "JSON node"));
        }
        if (saturating_add(where.size(), shape.depth) > limits.max_document_depth) {
            return report_.fail(errc::document_too_deep, member::path,
                        "result would nest deeper than " +
                            counted(limits.max_document_depth, "level"));
        }
        // Arrays that arrive whole are bounded like arrays that grow one insertion at a time.
        if (shape.widest_array > limits.max_array_size) {
            return report_.fail(errc::array_too_large, member::value,
                        "value holds an array of more than " +
                            counted(limits.max_array_size, "element"));
        }
        added_nodes_ += shape.nodes;
        depth = shape.depth; // within the limits, so measured whole
        return std::nullopt;
    }

    // RFC 6902 §4.1. `value` is already this document's own copy, vetted by check_added (or moved
    // within the document); it is moved into place.
    [[nodiscard]] std::optional<jsonpatch::error> add(const pointer_view& path, json&& value) {
        if (path.is_root()) {
            auto& s = log_.record(step_action::restore, path, 0);
            s.old = std::move(root_);
            root_ = std::move(value);
            return std::nullopt;
        }
        json* parent = nullptr;
        if (auto e = walk(path, path.size() - 1, member::path, options_.create_missing_parents,
                          parent)) {
            return e;
        }
        const std::size_t last = path.size() - 1;
        if (parent->is_object()) {
            auto& members = *parent->template get_ptr<object_type*>();
            const auto it = find_member(members, path.back());
            if (it != members.end()) { // §4.1: adding an existing member replaces its value
                auto& s = log_.record(step_action::restore, path, path.size());
                s.old = std::move(it->second);
                it->second = std::move(value);
            } else {
                emplace_new_member(members, path.back(), std::move(value));
                log_.record(step_action::erase_member, path, path.size());
            }
            return std::nullopt;
        }
        if (parent->is_array()) {
            auto& elements = *parent->template get_ptr<array_type*>();
            std::size_t position = 0;
            if (auto e = position_in(elements, path, last, true, member::path, position)) {
                return e;
            }
            if (options_.policy != nullptr && options_.policy->refuses_insertion()) {
                if (auto e = vet_insertion(path)) {
                    return e;
                }
            }
            if (elements.size() >= options_.limits.max_array_size) {
                return report_.fail(errc::array_too_large, member::path,
                            "array at " + location(path.prefix_text(last)) + " would exceed " +
                                counted(options_.limits.max_array_size, "element"));
            }
            elements.insert(elements.begin() + static_cast<std::ptrdiff_t>(position),
                            std::move(value));
            log_.record_element(step_action::erase_element, path, path.size(), position);
            return std::nullopt;
        }
        return report_.not_container(path, last, *parent, member::path);
    }

    // RFC 6902 §4.2, and the first half of §4.4 move (then the value is handed to `taken`).
    [[nodiscard]] std::optional<jsonpatch::error> remove(const pointer_view& path, member which,
                                                         json* taken) {
        if (path.is_root()) {
            return report_.root_not_removable(which);
        }
        json* parent = nullptr;
        if (auto e = walk(path, path.size() - 1, which, false, parent)) {
            if (options_.allow_missing_remove_target && taken == nullptr &&
                (e->code == errc::path_not_found || e->code == errc::array_index_out_of_range)) {
                return std::nullopt;
            }
            return e;
        }
        const std::size_t last = path.size() - 1;
        if (parent->is_object()) {
            auto& members = *parent->template get_ptr<object_type*>();
            const auto it = find_member(members, path.back());
            if (it == members.end()) {
                if (options_.allow_missing_remove_target && taken == nullptr) {
                    return std::nullopt;
                }
                return report_.missing_member(path, last, which);
            }
            // Taken out before it is journaled: taking it may throw std::bad_alloc (an ordered
            // object copies names), and then there must be no step that puts back nothing.
            removed_member<J> removed = take_member<J>(members, it);
            auto& s = log_.record(step_action::reinsert_member, path, path.size());
            s.node = std::move(removed);
            if (taken != nullptr) {
                *taken = std::move(s.node.value());
                s.value_from_carry = true;
            }
            return std::nullopt;
        }
        if (parent->is_array()) {
            auto& elements = *parent->template get_ptr<array_type*>();
            std::size_t position = 0;
            if (auto e = position_in(elements, path, last, false, which, position)) {
                if (options_.allow_missing_remove_target && taken == nullptr &&
                    e->code == errc::array_index_out_of_range) {
                    return std::nullopt;
                }
                return e;
            }
            auto& s =
                log_.record_element(step_action::reinsert_element, path, path.size(), position);
            if (taken != nullptr) {
                *taken = std::move(elements[position]);
                s.value_from_carry = true;
            } else {
                s.old = std::move(elements[position]);
            }
            elements.erase(elements.begin() + static_cast<std::ptrdiff_t>(position));
            return std::nullopt;
        }
        return report_.not_container(path, last, *parent, which);
    }

    // An existing value, and whether it is an array element (at `index`) or an object member.
    struct found_value {
        json* value = nullptr;
        bool in_array = false;
        std::size_t index = 0;
    };

    // Finds an existing value (replace and test targets, copy and move sources).
    [[nodiscard]] std::optional<jsonpatch::error> locate(const pointer_view& where, member which,
                                                         found_value& found) {
        if (where.is_root()) {
            found.value = &root_;
            return std::nullopt;
        }
        json* parent = nullptr;
        if (auto e = walk(where, where.size() - 1, which, false, parent)) {
            return e;
        }
        const std::size_t last = where.size() - 1;
        if (parent->is_object()) {
            auto& members = *parent->template get_ptr<object_type*>();
            const auto it = find_member(members, where.back());
            if (it == members.end()) {
                return report_.missing_member(where, last, which);
            }
            found.value = &it->second;
            return std::nullopt;
        }
        if (parent->is_array()) {
            auto& elements = *parent->template get_ptr<array_type*>();
            if (auto e = position_in(elements, where, last, false, which, found.index)) {
                return e;
            }
            found.value = &elements[found.index];
            found.in_array = true;
            return std::nullopt;
        }
        return report_.not_container(where, last, *parent, which);
    }

    // RFC 6902 §4.3: the target must exist; then it is overwritten in place.
    [[nodiscard]] std::optional<jsonpatch::error> replace(const pointer_view& path,
                                                          const json& value) {
        found_value target;
        if (auto e = locate(path, member::path, target)) {
            return e;
        }
        std::size_t depth = 0;
        if (auto e = check_added(value, path, depth)) {
            return e;
        }
        // Copied before journaling, so a bad_alloc leaves nothing half-done.
        json copy = copy_of_depth(value, depth);
        auto& s = target.in_array ? log_.record_element(step_action::restore, path,
                                                             path.size(), target.index)
                                       : log_.record(step_action::restore, path, path.size());
        s.old = std::move(*target.value);
        *target.value = std::move(copy);
        return std::nullopt;
    }

    // RFC 6902 §4.4: remove `from`, then add the very value at `path` (no copy is made).
    [[nodiscard]] std::optional<jsonpatch::error> move(const pointer_view& from,
                                                       const pointer_view& path) {
        const bool is_gated = gated(op_kind::move, path, from);
        const pointer concrete_from = is_gated ? concrete(from) : pointer();
        if (from == path || from.is_proper_prefix_of(path)) {
            found_value source; // §4.4 requires the source to exist even for a no-op move
            if (auto e = locate(from, member::from, source)) {
                return e;
            }
            if (is_gated) {
                if (auto e = vet_concrete(op_kind::move, concrete(path), concrete_from)) {
                    return e;
                }
            }
            if (from != path) {
                return report_.move_into_descendant();
            }
            // §4.4 defines move as remove then add, which leaves a value where it was, except
            // in an ordered object: there the add puts the member last, as nlohmann's patch()
            // does for ordered_json. It is the one way a patch can reorder members (the inverse
            // of a removal uses it to restore member order).
            const bool reorders = keeps_member_order<J> && !from.is_root() && !source.in_array;
            if (!reorders) {
                return std::nullopt;
            }
        }
        json value;
        if (auto e = remove(from, member::from, &value)) {
            return e;
        }
        const std::size_t removal = log_.size() - 1;
        // add() takes the value only when it succeeds. On an error or a bad_alloc the value is
        // still here: give it back to the removal's undo step, or rollback would reinsert nothing.
        bool handed_back = false;
        const auto hand_back = [this, removal, &value, &handed_back]() noexcept {
            if (handed_back) {
                return;
            }
            handed_back = true;
            auto& s = log_.at(removal);
            (s.what == step_action::reinsert_member ? s.node.value() : s.old) = std::move(value);
            s.value_from_carry = false;
        };
        try {
            if (is_gated) { // the target is resolved where the engine will insert: after removal
                if (auto e = vet_concrete(op_kind::move, concrete(path), concrete_from)) {
                    hand_back();
                    return e;
                }
            }
            // Only the nesting of the moved value can grow; its nodes were already counted. A move
            // to a deeper path is measured even from a shallow one: otherwise moves alone could
            // stack a chain up to 256 levels deeper per operation, past any bound.
            if (path.size() > from.size() ||
                saturating_add(path.size(), 1) > options_.limits.max_document_depth) {
                const value_shape shape = measure(value, options_.limits.max_document_depth,
                                                  static_cast<std::size_t>(-1));
                if (saturating_add(path.size(), shape.depth) >
                    options_.limits.max_document_depth) {
                    hand_back();
                    return report_.fail(errc::document_too_deep, member::path,
                                "result would nest deeper than " +
                                    counted(options_.limits.max_document_depth, "level"));
                }
            }
            auto e = add(path, std::move(value));
            if (e) {
                hand_back();
            }
            return e;
        } catch (...) {
            hand_back();
            throw;
        }
    }

    // RFC 6902 §4.5: a deep copy of `from` added at `path`.
    [[nodiscard]] std::optional<jsonpatch::error> copy(const pointer_view& from,
                                                       const pointer_view& path) {
        found_value source;
        if (auto e = locate(from, member::from, source)) {
            return e;
        }
        std::size_t depth = 0;
        if (auto e = check_added(*source.value, path, depth)) {
            return e;
        }
        return add(path, copy_of_depth(*source.value, depth));
    }

    // RFC 6902 §4.6: equality per json_equal (numbers by value, objects unordered).
    [[nodiscard]] std::optional<jsonpatch::error> test(const pointer_view& path,
                                                       const json& expected) {
        found_value target;
        if (auto e = locate(path, member::path, target)) {
            return e;
        }
        if (!json_equal(*target.value, expected)) {
            return report_.fail(errc::test_failed, member::value,
                        "value at " + location(path.to_string()) +
                            " differs from the expected value");
        }
        return std::nullopt;
    }

    json& root_;
    const options_type& options_;
    undo_log<J> log_;
    operation_report report_; // the operation under way, for error reports
    std::size_t added_nodes_ = 0;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_OPS_HPP
