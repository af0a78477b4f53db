#pragma once

// The embedded default store: one SQLite file in WAL mode with foreign keys,
// synchronous=FULL (a committed write survives a power cut) and a busy
// timeout. Each Store::write is one BEGIN IMMEDIATE transaction, so writers
// from several processes queue instead of failing mid-way; readers never block
// writers (WAL).
//
// Thread safety: calls on one SqliteStore are serialised by a mutex; for
// parallel readers open one SqliteStore per thread.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <embargo/core/store.hpp>
#include <embargo/storage/outbox_seal.hpp>
#include <embargo/storage/sqlite/sqlite_db.hpp>

namespace embargo::storage::sqlite {

struct SqliteOptions {
  bool create = false;           // create the file if missing
  int busy_timeout_ms = 5000;    // how long to wait for another writer
};

class SqliteStore : public core::Store {
 public:
  // Opens `path` and migrates it. InvalidArgument if the file is not ours.
  static Result<std::unique_ptr<SqliteStore>> open(const std::filesystem::path& path, const SqliteOptions& options);
  // A private database in memory with the same schema, gone when the store is
  // (tests, demonstrations: open_store's `memory:`). One connection, so every
  // transaction sees the same data; backup_to copies it to a file.
  static Result<std::unique_ptr<SqliteStore>> open_in_memory();

  Result<void> write(const TxFunction& fn) override;
  Result<void> read(const TxFunction& fn) override;
  Result<void> backup_to(const std::filesystem::path& destination) override;

  // A statement prepared once per store and reset before each use.
  Result<Statement*> cached(std::string_view sql);
  Database& database() { return m_db; }
  // How outbox bodies are stored (outbox_seal.hpp); in clear until set.
  void set_outbox_seal(OutboxSeal seal) { m_outbox_seal = std::move(seal); }
  const OutboxSeal& outbox_seal() const { return m_outbox_seal; }

 private:
  explicit SqliteStore(Database db) : m_db(std::move(db)) {}
  // Turns on foreign keys and durable commits and migrates `db` (`name` in errors).
  static Result<std::unique_ptr<SqliteStore>> prepared(Database db, const std::string& name);
  Result<void> run_transaction(const TxFunction& fn, bool writable);

  std::mutex m_mutex;
  Database m_db;
  std::unordered_map<std::string, std::unique_ptr<Statement>> m_statements;
  OutboxSeal m_outbox_seal;
};

}  // namespace embargo::storage::sqlite
