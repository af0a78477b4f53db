// SqliteTx: web credentials and the per-case access list (migration 5),
// kept apart from sqlite_tx.cpp.

#include <fmt/format.h>

#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>

namespace embargo::storage::sqlite {

namespace {

util::Timestamp timestamp_or_corrupt(std::string_view text) {
  auto t = util::parse_timestamp(text);
  if (!t) {
    throw std::runtime_error(fmt::format("corrupt store: credential: {}", t.error().message()));
  }
  return *t;
}

core::CaseGrant read_grant(const Statement& s) {
  return core::CaseGrant{s.column_text(0), s.column_text(1), s.column_int(2) != 0};
}

}  // namespace

Result<void> SqliteTx::insert_credential(const core::Credential& c) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO credentials(hash, kind, user, case_id, label, created_at, "
                                           "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
  s->bind(1, c.hash).bind(2, core::to_string(c.kind)).bind(3, c.user).bind(4, c.case_id).bind(5, c.label);
  s->bind(6, util::format_timestamp(c.created_at));
  if (c.expires_at) {
    s->bind(7, util::format_timestamp(*c.expires_at));
  } else {
    s->bind_null(7);
  }
  return s->run();
}

Result<std::vector<core::Credential>> SqliteTx::list_case_credentials(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT hash, kind, user, label, created_at, expires_at FROM credentials "
                                           "WHERE case_id = ?1 ORDER BY created_at, hash"));
  s->bind(1, case_id);
  std::vector<core::Credential> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    core::Credential c;
    c.hash = s->column_text(0);
    auto kind = core::parse_credential_kind(s->column_view(1));
    if (!kind) {
      (void)s->reset();
      return make_error(ErrorCode::corruption, "corrupt store: " + kind.error().message());
    }
    c.kind = *kind;
    c.user = s->column_text(2);
    c.case_id = std::string(case_id);
    c.label = s->column_text(3);
    c.created_at = timestamp_or_corrupt(s->column_view(4));
    if (!s->column_is_null(5)) {
      c.expires_at = timestamp_or_corrupt(s->column_view(5));
    }
    out.push_back(std::move(c));
  }
  TRY(s->reset());
  return out;
}

Result<std::optional<core::Credential>> SqliteTx::find_credential(std::string_view hash) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT kind, user, case_id, label, created_at, expires_at "
                                           "FROM credentials WHERE hash = ?1"));
  s->bind(1, hash);
  TRY_ASSIGN(bool row, s->step());
  if (!row) {
    TRY(s->reset());
    return std::optional<core::Credential>();
  }
  core::Credential c;
  c.hash = std::string(hash);
  auto kind = core::parse_credential_kind(s->column_view(0));
  if (!kind) {
    (void)s->reset();
    return make_error(ErrorCode::corruption, "corrupt store: " + kind.error().message());
  }
  c.kind = *kind;
  c.user = s->column_text(1);
  c.case_id = s->column_text(2);
  c.label = s->column_text(3);
  c.created_at = timestamp_or_corrupt(s->column_view(4));
  if (!s->column_is_null(5)) {
    c.expires_at = timestamp_or_corrupt(s->column_view(5));
  }
  TRY(s->reset());
  return std::optional<core::Credential>(std::move(c));
}

Result<void> SqliteTx::delete_credential(std::string_view hash) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("DELETE FROM credentials WHERE hash = ?1"));
  s->bind(1, hash);
  return s->run();
}

Result<int> SqliteTx::delete_credentials(std::string_view user, core::CredentialKind kind) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("DELETE FROM credentials WHERE user = ?1 AND kind = ?2"));
  s->bind(1, user).bind(2, core::to_string(kind));
  TRY(s->run());
  return m_store.database().changes();
}

Result<int> SqliteTx::delete_expired_credentials(util::Timestamp now) {
  TRY(require_writable());
  // Timestamps are fixed-width UTC text, so text order is time order.
  TRY_ASSIGN(Statement * s,
             m_store.cached("DELETE FROM credentials WHERE expires_at IS NOT NULL AND expires_at <= ?1"));
  s->bind(1, util::format_timestamp(now));
  TRY(s->run());
  return m_store.database().changes();
}

Result<void> SqliteTx::put_grant(const core::CaseGrant& g) {
  TRY(require_writable());
  TRY(get_case(g.case_id));
  TRY(get_user(g.user));
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO case_grants(case_id, user, can_write) VALUES (?1, ?2, ?3) "
                                           "ON CONFLICT(case_id, user) DO UPDATE SET can_write = ?3"));
  s->bind(1, g.case_id).bind(2, g.user).bind(3, std::int64_t{g.write ? 1 : 0});
  return s->run();
}

Result<bool> SqliteTx::delete_grant(std::string_view case_id, std::string_view user) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("DELETE FROM case_grants WHERE case_id = ?1 AND user = ?2"));
  s->bind(1, case_id).bind(2, user);
  TRY(s->run());
  return m_store.database().changes() > 0;
}

Result<std::optional<core::CaseGrant>> SqliteTx::find_grant(std::string_view case_id, std::string_view user) {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT case_id, user, can_write FROM case_grants WHERE case_id = ?1 AND user = ?2"));
  s->bind(1, case_id).bind(2, user);
  TRY_ASSIGN(bool row, s->step());
  std::optional<core::CaseGrant> out;
  if (row) {
    out = read_grant(*s);
  }
  TRY(s->reset());
  return out;
}

Result<std::vector<core::CaseGrant>> SqliteTx::list_grants(std::string_view case_id) {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT case_id, user, can_write FROM case_grants WHERE case_id = ?1 ORDER BY user"));
  s->bind(1, case_id);
  std::vector<core::CaseGrant> out;
  for (;;) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    out.push_back(read_grant(*s));
  }
  TRY(s->reset());
  return out;
}

Result<std::vector<core::CaseGrant>> SqliteTx::list_user_grants(std::string_view user) {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT case_id, user, can_write FROM case_grants WHERE user = ?1 ORDER BY case_id"));
  s->bind(1, user);
  std::vector<core::CaseGrant> out;
  for (;;) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    out.push_back(read_grant(*s));
  }
  TRY(s->reset());
  return out;
}

}  // namespace embargo::storage::sqlite
