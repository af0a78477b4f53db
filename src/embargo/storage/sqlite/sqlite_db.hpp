#pragma once

// Thin RAII wrappers over the SQLite C API: a connection and a prepared
// statement. Errors become Result values; SQLITE_BUSY/LOCKED become Busy so
// that callers can tell "try again" from "broken".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

struct sqlite3;
struct sqlite3_stmt;

namespace embargo::storage::sqlite {

class Statement;

class Database {
 public:
  // Opens (creating if `create`) the database file. Sets the busy timeout.
  static Result<Database> open(const std::string& path, bool create, int busy_timeout_ms);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more statements without results.
  Result<void> exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  // The single integer a query like "PRAGMA user_version" returns.
  Result<std::int64_t> query_int(std::string_view sql);

  // Rows changed by the last INSERT/UPDATE/DELETE.
  int changes() const;
  sqlite3* handle() const { return m_db; }
  // An Error for the connection's last failure, prefixed with `context`.
  Error last_error(std::string_view context) const;

 private:
  explicit Database(sqlite3* db) : m_db(db) {}
  sqlite3* m_db = nullptr;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based as in SQLite.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::string>& text);

  // True while a row is available; false when done.
  Result<bool> step();
  // Runs a statement that returns no rows.
  Result<void> run();
  Result<void> reset();

  std::string column_text(int index) const;
  std::string_view column_view(int index) const;  // valid until the next step()
  std::int64_t column_int(int index) const;
  bool column_is_null(int index) const;

 private:
  friend class Database;
  Statement(const Database* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  const Database* m_db;
  sqlite3_stmt* m_stmt;
};

}  // namespace embargo::storage::sqlite
