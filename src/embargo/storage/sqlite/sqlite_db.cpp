#include <embargo/storage/sqlite/sqlite_db.hpp>

#include <sqlite3.h>

#include <fmt/format.h>

namespace embargo::storage::sqlite {

namespace {

ErrorCode code_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorCode::busy;
    case SQLITE_CONSTRAINT: return ErrorCode::conflict;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return ErrorCode::corruption;
    default: return ErrorCode::io_error;
  }
}

}  // namespace

Result<Database> Database::open(const std::string& path, bool create, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return make_error(code_for(rc), fmt::format("cannot open database {}: {}", path, message));
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  return Database(db);
}

Database::Database(Database&& other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(m_db);
    m_db = other.m_db;
    other.m_db = nullptr;
  }
  return *this;
}

Database::~Database() { sqlite3_close_v2(m_db); }

int Database::changes() const { return sqlite3_changes(m_db); }

Error Database::last_error(std::string_view context) const {
  int rc = sqlite3_extended_errcode(m_db);
  ErrorCode code = code_for(rc);
  std::string message = sqlite3_errmsg(m_db);
  if (code == ErrorCode::busy) {
    message = "the store is locked by another process (" + message + "); try again";
  }
  return Error(code, fmt::format("{}: {}", context, message));
}

Result<void> Database::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    sqlite3_free(message);
    return tl::unexpected(last_error("sqlite"));
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return tl::unexpected(last_error(fmt::format("sqlite prepare '{}'", sql.substr(0, 60))));
  }
  return Statement(this, stmt);
}

Result<std::int64_t> Database::query_int(std::string_view sql) {
  TRY_ASSIGN(Statement stmt, prepare(sql));
  TRY_ASSIGN(bool row, stmt.step());
  if (!row) {
    return make_error(ErrorCode::not_found, fmt::format("sqlite: no row from '{}'", sql));
  }
  return stmt.column_int(0);
}

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) {
  other.m_stmt = nullptr;
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(m_stmt, index, value);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(m_stmt, index);
  return *this;
}

Statement& Statement::bind_optional(int index, const std::optional<std::string>& text) {
  return text ? bind(index, *text) : bind_null(index);
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return tl::unexpected(m_db->last_error("sqlite"));
}

Result<void> Statement::run() {
  TRY(step());
  return reset();
}

Result<void> Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
  return {};
}

std::string Statement::column_text(int index) const { return std::string(column_view(index)); }

std::string_view Statement::column_view(int index) const {
  const unsigned char* text = sqlite3_column_text(m_stmt, index);
  if (text == nullptr) {
    return {};
  }
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, index))};
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(m_stmt, index); }

bool Statement::column_is_null(int index) const { return sqlite3_column_type(m_stmt, index) == SQLITE_NULL; }

}  // namespace embargo::storage::sqlite
