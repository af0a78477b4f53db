#include <embargo/storage/sqlite/sqlite_store.hpp>

#include <sqlite3.h>
#include <unistd.h>

#include <fmt/format.h>

#include <embargo/storage/sqlite/migrations.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>
#include <embargo/util/file.hpp>

namespace embargo::storage::sqlite {

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path& path,
                                                       const SqliteOptions& options) {
  if (!options.create && !std::filesystem::exists(path)) {
    return make_error(ErrorCode::not_found, fmt::format("no store at {}", path.string()));
  }
  TRY_ASSIGN(Database db, Database::open(path.string(), options.create, options.busy_timeout_ms));
  TRY(db.exec("PRAGMA journal_mode = WAL").or_else([&](const Error& e) -> Result<void> {
    return make_error(e.code(), fmt::format("{} is not usable as an embargo store: {}", path.string(), e.message()));
  }));
  return prepared(std::move(db), path.string());
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::open_in_memory() {
  TRY_ASSIGN(Database db, Database::open(":memory:", true, 0));
  return prepared(std::move(db), "the in-memory store");
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::prepared(Database db, const std::string& name) {
  TRY(db.exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL"));
  TRY(migrate(db).or_else([&](const Error& e) -> Result<void> {
    return make_error(e.code(), fmt::format("{}: {}", name, e.message()));
  }));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
}

Result<Statement*> SqliteStore::cached(std::string_view sql) {
  auto it = m_statements.find(std::string(sql));
  if (it == m_statements.end()) {
    TRY_ASSIGN(Statement stmt, m_db.prepare(sql));
    it = m_statements.emplace(std::string(sql), std::make_unique<Statement>(std::move(stmt))).first;
  }
  TRY(it->second->reset());
  return it->second.get();
}

Result<void> SqliteStore::run_transaction(const TxFunction& fn, bool writable) {
  std::lock_guard lock(m_mutex);
  TRY(m_db.exec(writable ? "BEGIN IMMEDIATE" : "BEGIN"));
  SqliteTx tx(*this, writable);
  Result<void> result = fn(tx);
  if (!result) {
    (void)m_db.exec("ROLLBACK");
    return result;
  }
  auto committed = m_db.exec("COMMIT");
  if (!committed) {
    (void)m_db.exec("ROLLBACK");
  }
  return committed;
}

Result<void> SqliteStore::write(const TxFunction& fn) { return run_transaction(fn, true); }

Result<void> SqliteStore::read(const TxFunction& fn) { return run_transaction(fn, false); }

Result<void> SqliteStore::backup_to(const std::filesystem::path& destination) {
  std::lock_guard lock(m_mutex);
  auto dir = destination.has_parent_path() ? destination.parent_path() : std::filesystem::path(".");
  auto tmp = dir / fmt::format(".{}.{}.tmp", destination.filename().string(), ::getpid());
  std::filesystem::remove(tmp);
  {
    TRY_ASSIGN(Database target, Database::open(tmp.string(), true, 5000));
    // One step over all pages copies a single read snapshot: in WAL mode the
    // source's writers carry on meanwhile and the copy stays consistent.
    sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", m_db.handle(), "main");
    if (backup == nullptr) {
      return tl::unexpected(target.last_error("backup"));
    }
    int rc = SQLITE_OK;
    for (int attempt = 0; attempt < 500; ++attempt) {  // about 10 s of lock waits at most
      rc = sqlite3_backup_step(backup, -1);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
        break;
      }
      sqlite3_sleep(20);
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
      std::filesystem::remove(tmp);
      return make_error(ErrorCode::io_error, fmt::format("backup to {} failed: {}", destination.string(),
                                                         sqlite3_errstr(rc)));
    }
    TRY(target.exec("PRAGMA journal_mode = DELETE"));
    TRY_ASSIGN(std::int64_t ok, target.query_int("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"));
    if (ok != 1) {
      std::filesystem::remove(tmp);
      return make_error(ErrorCode::corruption, "the backup copy failed its integrity check");
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, destination, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    return make_error(ErrorCode::io_error, fmt::format("cannot rename backup into {}: {}", destination.string(),
                                                       ec.message()));
  }
  return util::sync_directory(dir);
}

}  // namespace embargo::storage::sqlite
