#pragma once

// The store unit tests use: SQLite in memory, opened through
// open_store("memory:"), so the real schema, SQL and constraints with
// nothing on disk. Each MemoryStore is its own empty database.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

#include <embargo/core/case.hpp>
#include <embargo/core/store.hpp>

namespace testutil {

class MemoryStore : public embargo::core::Store {
 public:
  MemoryStore();

  embargo::Result<void> write(const TxFunction& fn) override { return m_store->write(fn); }
  embargo::Result<void> read(const TxFunction& fn) override { return m_store->read(fn); }
  embargo::Result<void> backup_to(const std::filesystem::path& destination) override {
    return m_store->backup_to(destination);
  }
  embargo::Result<std::optional<embargo::core::Job>> claim_job(const embargo::core::ClaimRequest& request) override {
    return m_store->claim_job(request);
  }

  // For tests that tamper with the data on purpose, as someone with the
  // database file could: SQL run directly (outside any transaction) and a
  // case's state set behind the services' back. Each REQUIREs success.
  void exec(std::string_view sql);
  std::int64_t query_int(std::string_view sql);
  void force_case_state(std::string_view case_id, embargo::core::CaseState state);

 private:
  std::unique_ptr<embargo::core::Store> m_store;
};

}  // namespace testutil
