// SPDX-License-Identifier: MIT
// Builds a patch document from text through nlohmann's SAX interface, so that repeated members
// (which the DOM parser silently collapses) and excessive nesting are caught.
#ifndef JSONPATCH_DETAIL_PATCH_TEXT_PARSER_HPP
#define JSONPATCH_DETAIL_PATCH_TEXT_PARSER_HPP

#include <jsonpatch/detail/counted.hpp>
#include <jsonpatch/detail/object_access.hpp>
#include <jsonpatch/json_type.hpp>
#include <jsonpatch/error.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <exception>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jsonpatch::detail {

/// What the text is: the repeated members that matter, and whether errors name an operation.
enum class patch_text_kind : unsigned char {
    json_patch,  ///< RFC 6902: an operation object may not repeat op, path, from or value
    merge_patch, ///< RFC 7396: no object may repeat any member (which one would win is undefined)
};

/// A SAX handler that builds a document of type `J`.
template <class J>
class patch_text_builder {
  public:
    using json = J;
    using number_integer_t = typename json::number_integer_t;
    using number_unsigned_t = typename json::number_unsigned_t;
    using number_float_t = typename json::number_float_t;
    using string_t = typename json::string_t;
    using binary_t = typename json::binary_t;

    explicit patch_text_builder(std::size_t max_depth,
                                patch_text_kind kind = patch_text_kind::json_patch)
        : max_depth_(max_depth), kind_(kind) {}

    bool null() { return put(json(nullptr)); }
    bool boolean(bool v) { return put(json(v)); }
    bool number_integer(number_integer_t v) { return put(json(v)); }
    bool number_unsigned(number_unsigned_t v) { return put(json(v)); }
    bool number_float(number_float_t v, const string_t& /*unused*/) { return put(json(v)); }
    bool string(string_t& v) { return put(json(std::move(v))); }
    bool binary(binary_t& v) { return put(json::binary(std::move(v))); }

    bool start_object(std::size_t /*unused*/) {
        if (!open(json(json::value_t::object))) {
            return false;
        }
        if (open_.size() == 2) {
            seen_ = 0; // a new operation object
        }
        return true;
    }
    bool key(string_t& k) {
        if (kind_ == patch_text_kind::merge_patch) {
            auto& members = open_.back()->template get_ref<typename json::object_t&>();
            if (find_open_member(members, k) != members.end()) {
                fail(errc::duplicate_member,
                     "merge patch repeats the member \"" + clip(k, 64) + "\" in an object");
                return false;
            }
        } else if (open_.size() == 2) {
            const unsigned bit = member_bit(k);
            if (bit != 0 && (seen_ & bit) != 0) {
                fail(errc::duplicate_member, "operation repeats the \"" + k + "\" member",
                     member_named(k));
                return false;
            }
            seen_ |= bit;
        }
        key_ = std::move(k);
        return true;
    }
    bool end_object() {
        close();
        return true;
    }
    bool start_array(std::size_t /*unused*/) { return open(json(json::value_t::array)); }
    bool end_array() {
        close();
        return true;
    }

    bool parse_error(std::size_t position, const std::string& /*last_token*/,
                     const nlohmann::detail::exception& /*ex*/) {
        // nlohmann's message quotes the offending input, which may hold secrets: give the offset only.
        fail(errc::invalid_json, "patch is not valid JSON (syntax error near byte " +
                                     std::to_string(position) + ")");
        return false;
    }

    [[nodiscard]] json& document() noexcept { return root_; }
    [[nodiscard]] const std::optional<jsonpatch::error>& failure() const noexcept { return error_; }
    void fail(errc code, std::string message, member concerns = member::none) {
        if (error_) {
            return;
        }
        jsonpatch::error e;
        e.code = code;
        e.message = std::move(message);
        if (kind_ == patch_text_kind::json_patch && code != errc::invalid_json && !open_.empty() &&
            open_.front()->is_array()) {
            // Errors inside the top-level array belong to the operation being read.
            const std::size_t count = open_.front()->size();
            e.op_index = open_.size() >= 2 ? count - 1 : count;
        }
        e.concerns = concerns;
        if (e.op_index && open_.size() >= 2 && open_[1]->is_object()) {
            // Report the operation's pointers as far as they were read.
            const auto& members = open_[1]->template get_ref<const typename json::object_t&>();
            for (const auto* name : {"path", "from"}) {
                const auto it = find_member(members, name);
                if (it != members.end() && it->second.is_string()) {
                    (name[0] == 'p' ? e.path : e.from) =
                        clip(it->second.template get_ref<const std::string&>());
                }
            }
        }
        error_ = std::move(e);
    }

  private:
    static unsigned member_bit(std::string_view k) noexcept {
        if (k == "op") {
            return 1u;
        }
        if (k == "path") {
            return 2u;
        }
        if (k == "from") {
            return 4u;
        }
        if (k == "value") {
            return 8u;
        }
        return 0u;
    }
    static member member_named(std::string_view k) noexcept {
        if (k == "op") {
            return member::op;
        }
        if (k == "path") {
            return member::path;
        }
        if (k == "from") {
            return member::from;
        }
        if (k == "value") {
            return member::value;
        }
        return member::none;
    }

    // Places a value in the innermost open container (or as the root) and returns where it went.
    json* place(json&& value) {
        if (open_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        json& parent = *open_.back();
        if (parent.is_array()) {
            auto& elements = parent.template get_ref<typename json::array_t&>();
            elements.push_back(std::move(value));
            return &elements.back();
        }
        // Duplicate keys in nested objects keep the last value, as nlohmann's DOM parser does.
        auto& members = parent.template get_ref<typename json::object_t&>();
        const auto existing = find_open_member(members, key_);
        if (existing != members.end()) {
            existing->second = std::move(value);
            return &existing->second;
        }
        json* added = &emplace_new_member(members, key_, std::move(value));
        if constexpr (keeps_member_order<json>) {
            if (indexes_.back().built) {
                indexes_.back().index.add(members, members.size() - 1);
            }
        }
        return added;
    }

    // The member of the innermost open object named `k`, or end(). An ordered object is a vector
    // searched member by member: a wide one gets an index by name, or reading it would cost
    // O(members²) (what nlohmann's own ordered_json parser costs).
    typename json::object_t::iterator find_open_member(typename json::object_t& members,
                                                        std::string_view k) {
        if constexpr (keeps_member_order<json>) {
            open_index& open = indexes_.back();
            constexpr std::size_t linear_limit = member_lookup<typename json::object_t>::linear_limit;
            if (!open.built && members.size() > linear_limit) {
                open.index.build(members);
                open.built = true;
            }
            if (open.built) {
                const std::size_t at = open.index.find(members, k);
                return at == open.index.none ? members.end()
                                             : members.begin() + static_cast<std::ptrdiff_t>(at);
            }
        }
        return find_member(members, k);
    }

    bool put(json&& value) {
        place(std::move(value));
        return true;
    }

    bool open(json&& container) {
        if (open_.size() >= max_depth_) {
            fail(errc::value_too_deep,
                 "patch text nests deeper than " + counted(max_depth_, "level"));
            return false;
        }
        open_.push_back(place(std::move(container)));
        if constexpr (keeps_member_order<json>) {
            indexes_.emplace_back();
        }
        return true;
    }

    void close() {
        open_.pop_back();
        if constexpr (keeps_member_order<json>) {
            indexes_.pop_back();
        }
    }

    // The name index of an open ordered object, built once it is wide (see find_open_member).
    struct open_index {
        name_index<typename json::object_t> index;
        bool built = false;
    };

    std::size_t max_depth_;
    patch_text_kind kind_;
    json root_;
    std::vector<json*> open_;
    std::vector<open_index> indexes_; // one per open container, for ordered objects only
    std::string key_;
    unsigned seen_ = 0;
    std::optional<jsonpatch::error> error_;
};

} // namespace jsonpatch::detail

#endif // JSONPATCH_DETAIL_PATCH_TEXT_PARSER_HPP
