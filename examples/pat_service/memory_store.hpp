// SPDX-License-Identifier: MIT
// The memory: backend: tokens in hash maps, gone when the process ends (tests, demos).
#ifndef JSONPATCH_EXAMPLES_PAT_SERVICE_MEMORY_STORE_HPP
#define JSONPATCH_EXAMPLES_PAT_SERVICE_MEMORY_STORE_HPP

#include <cstdint>
#include <map>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "seed.hpp"
#include "token_store.hpp"

namespace pat_service {

/// Lookups by id and by (owner, name) are hash lookups; an owner's list walks only that owner's
/// tokens. Readers share a lock; a patch holds it exclusively for the (in-memory) apply only.
class memory_store final : public token_store {
  public:
    /// A store holding `seed`'s tokens and credentials (the bearers only as stored_credential).
    explicit memory_store(seed_data seed);

    [[nodiscard]] std::string epoch() const override { return epoch_; }
    [[nodiscard]] std::string lookup_key() const override { return lookup_key_; }
    [[nodiscard]] std::vector<stored_credential> credentials() override { return credentials_; }
    [[nodiscard]] std::vector<versioned_token> list(std::string_view owner_id) override;
    [[nodiscard]] std::optional<versioned_token> find(std::string_view owner_id,
                                                      std::string_view token_id) override;
    [[nodiscard]] patch_outcome patch(const patch_request& request,
                                      const patch_rules& rules) override;
    /// Always true: memory does not go away.
    [[nodiscard]] bool ready() override { return true; }

  private:
    class transaction;
    struct entry {
        versioned_token current;
        std::uint64_t sequence = 0;
    };

    std::string epoch_;
    std::string lookup_key_;
    std::vector<stored_credential> credentials_;
    std::shared_mutex mutex_;
    std::unordered_map<std::string, entry> by_id_;
    /// owner id -> (sequence -> token id): store order per owner.
    std::unordered_map<std::string, std::map<std::uint64_t, std::string>> by_owner_;
    /// owner_name_key(owner, name) of every token: the unique index.
    std::unordered_set<std::string> owner_names_;
};

} // namespace pat_service

#endif // JSONPATCH_EXAMPLES_PAT_SERVICE_MEMORY_STORE_HPP
