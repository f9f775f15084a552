// SPDX-License-Identifier: MIT
// The memory: backend: tokens in hash maps, gone when the process ends (tests, demos).
#include "memory_store.hpp"

#include <mutex>
#include <utility>

#include "patch_transaction.hpp"

namespace pat_service {

namespace {

// Length-prefixed, so no choice of owner id and name can collide with another pair.
[[nodiscard]] std::string owner_name_key(std::string_view owner_id, std::string_view name) {
    std::string key = std::to_string(owner_id.size());
    key += ':';
    key += owner_id;
    key += name;
    return key;
}

} // namespace

// Runs under the store's exclusive lock, so it sees and changes the maps directly.
class memory_store::transaction final : public token_transaction {
  public:
    explicit transaction(memory_store& store) : store_(store) {}

    std::optional<versioned_token> lock_token(std::string_view owner_id,
                                              std::string_view token_id) override {
        const auto found = store_.by_id_.find(std::string(token_id));
        if (found == store_.by_id_.end() || found->second.current.token.owner.id != owner_id) {
            return std::nullopt;
        }
        return found->second.current;
    }

    bool name_taken(std::string_view owner_id, std::string_view name,
                    std::string_view except_id) override {
        (void)except_id; // the caller only asks for a name the token does not have itself
        return store_.owner_names_.count(owner_name_key(owner_id, name)) != 0;
    }

    bool write(const versioned_token& next) override {
        entry& stored = store_.by_id_.at(next.token.id);
        const auto& owner = stored.current.token.owner.id;
        if (next.token.name != stored.current.token.name) {
            if (!store_.owner_names_.insert(owner_name_key(owner, next.token.name)).second) {
                return false;
            }
            store_.owner_names_.erase(owner_name_key(owner, stored.current.token.name));
        }
        stored.current = next;
        return true;
    }

    bool commit() override { return true; }

  private:
    memory_store& store_;
};

memory_store::memory_store(seed_data seed) : epoch_(random_hex(8)), lookup_key_(random_hex(32)) {
    std::uint64_t sequence = 0;
    for (auto& token : seed.tokens) {
        owner_names_.insert(owner_name_key(token.owner.id, token.name));
        by_owner_[token.owner.id].emplace(sequence, token.id);
        std::string id = token.id;
        by_id_.emplace(std::move(id), entry{versioned_token{std::move(token), 1}, sequence});
        ++sequence;
    }
    for (const auto& [bearer, grants] : seed.credentials) {
        credentials_.push_back(protect(lookup_key_, bearer, grants));
    }
}

std::vector<versioned_token> memory_store::list(std::string_view owner_id) {
    const std::shared_lock<std::shared_mutex> lock(mutex_);
    std::vector<versioned_token> out;
    const auto owned = by_owner_.find(std::string(owner_id));
    if (owned != by_owner_.end()) {
        for (const auto& [sequence, id] : owned->second) {
            out.push_back(by_id_.at(id).current);
        }
    }
    return out;
}

std::optional<versioned_token> memory_store::find(std::string_view owner_id,
                                                  std::string_view token_id) {
    const std::shared_lock<std::shared_mutex> lock(mutex_);
    const auto found = by_id_.find(std::string(token_id));
    if (found == by_id_.end() || found->second.current.token.owner.id != owner_id) {
        return std::nullopt;
    }
    return found->second.current;
}

patch_outcome memory_store::patch(const patch_request& request, const patch_rules& rules) {
    const std::unique_lock<std::shared_mutex> lock(mutex_);
    transaction open(*this);
    return run_patch(open, request, rules);
}

} // namespace pat_service
