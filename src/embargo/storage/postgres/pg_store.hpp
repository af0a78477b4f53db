#pragma once

// The PostgreSQL store, for teams running embargo on several nodes against
// one database (storage/open_store.hpp picks it for postgresql:// URLs; the
// URL is handed to libpq unchanged, so everything libpq accepts works,
// including PGPASSFILE and ?sslmode=).
//
// Transactions: Store::write runs at SERIALIZABLE, so whatever a transaction
// function reads and writes behaves as if the writers on every node ran one
// after another: case numbers never collide, a timeline is appended to the
// head it read. Hot rows are also locked explicitly (the case row when a write
// transaction reads a case or appends to its timeline, the year's counter
// row when a number is taken) so that conflicting writers queue instead of
// all doing the work. When PostgreSQL cannot serialise a transaction
// (SQLSTATE 40001, or a deadlock, 40P01) it is rolled back and the function
// is run again, up to PgOptions::max_attempts times with a short random
// back-off; then Busy. A transaction function must therefore be safe to run
// more than once (it may assign its results to captured variables, but not
// append to them or act outside the store). Store::read runs at REPEATABLE
// READ, READ ONLY: one snapshot.
//
// Locks are waited for at most busy_timeout_ms (lock_timeout), then Busy.
// Any other SQL error aborts the transaction: later calls in the same
// function fail too and nothing is committed. Conflicts the interface
// promises (a duplicate key) are detected without aborting (ON CONFLICT).
//
// backup_to is NotSupported: the message points to pg_dump, which takes a
// consistent snapshot while the nodes keep writing.
//
// Thread safety: one connection per PgStore, calls serialised by a mutex;
// open one PgStore per thread for parallel transactions.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <pqxx/connection>

#include <embargo/core/store.hpp>
#include <embargo/storage/outbox_seal.hpp>

namespace embargo::storage::postgres {

struct PgOptions {
  int busy_timeout_ms = 5000;  // lock_timeout; also bounds connecting
  int max_attempts = 30;       // runs of a write function before Busy
};

class PgStore : public core::Store {
 public:
  // Connects to `url` (postgresql://...) and migrates the schema.
  // IOError naming the URL (without its password) if it cannot connect;
  // InvalidArgument if the database holds tables that are not ours.
  static Result<std::unique_ptr<PgStore>> open(const std::string& url, const PgOptions& options);

  Result<void> write(const TxFunction& fn) override;
  Result<void> read(const TxFunction& fn) override;
  Result<void> backup_to(const std::filesystem::path& destination) override;
  // Not the SERIALIZABLE write: a READ COMMITTED transaction of its own that
  // takes the job's row with SELECT ... FOR UPDATE SKIP LOCKED, so that nodes
  // claiming at once each get a different job (pg_job_tx.cpp).
  Result<std::optional<core::Job>> claim_job(const core::ClaimRequest& request) override;

  // Write functions run again after a serialisation failure, since open.
  std::uint64_t retries() const { return m_retries.load(); }
  // How outbox bodies are stored (outbox_seal.hpp); in clear until set.
  void set_outbox_seal(OutboxSeal seal) { m_outbox_seal = std::move(seal); }

 private:
  PgStore(std::string url, PgOptions options) : m_url(std::move(url)), m_options(options) {}
  Result<void> connect();
  // One run of `fn` in one transaction. Sets `retry` when it may be run again.
  Result<void> attempt(const TxFunction& fn, bool writable, bool& retry);
  Result<std::optional<core::Job>> claim_once(const core::ClaimRequest& request);

  std::string m_url;
  PgOptions m_options;
  std::mutex m_mutex;
  std::unique_ptr<pqxx::connection> m_conn;
  std::atomic<std::uint64_t> m_retries{0};
  OutboxSeal m_outbox_seal;
};

// The URL with any password replaced by "***", for messages.
std::string redact_url(std::string_view url);

}  // namespace embargo::storage::postgres
