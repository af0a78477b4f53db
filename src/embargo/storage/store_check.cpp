#include <embargo/storage/store_check.hpp>

#include <embargo/storage/postgres/pg_migrations.hpp>
#include <embargo/storage/postgres/pg_store.hpp>
#include <embargo/storage/sqlite/migrations.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

namespace embargo::storage {

namespace {

// Every row integrity_check returns, one per line; "ok" when sound.
Result<std::string> sqlite_integrity(sqlite::Database& db) {
  TRY_ASSIGN(sqlite::Statement st, db.prepare("PRAGMA integrity_check"));
  std::string found;
  while (true) {
    TRY_ASSIGN(bool row, st.step());
    if (!row) {
      break;
    }
    found += (found.empty() ? "" : "; ") + st.column_text(0);
  }
  return found.empty() ? std::string("no answer") : found;
}

}  // namespace

Result<StoreCheck> check_store(core::Store& store) {
  StoreCheck out;
  if (auto* s = dynamic_cast<sqlite::SqliteStore*>(&store)) {
    out.kind = "sqlite";
    TRY_ASSIGN(out.integrity, sqlite_integrity(s->database()));
    TRY_ASSIGN(std::int64_t version, s->database().query_int("PRAGMA user_version"));
    out.schema_version = static_cast<int>(version);
    out.known_version = sqlite::schema_version();
    return out;
  }
  if (dynamic_cast<postgres::PgStore*>(&store) != nullptr) {
    out.kind = "postgresql";
    out.integrity = "ok";
    out.schema_version = out.known_version = postgres::schema_version();
    return out;
  }
  out.kind = "other";
  out.integrity = "ok";
  return out;
}

}  // namespace embargo::storage
