// SqliteTx: second login factors (the user_totp table), kept apart from
// sqlite_tx.cpp.

#include <fmt/format.h>

#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>

namespace embargo::storage::sqlite {

Result<void> SqliteTx::put_totp(const core::TotpEnrolment& t) {
  TRY(require_writable());
  TRY(get_user(t.user));
  TRY_ASSIGN(Statement * s, m_store.cached(
                                "INSERT INTO user_totp(user, secret_sealed, confirmed, last_step, created_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(user) DO UPDATE SET secret_sealed = ?2, "
                                "confirmed = ?3, last_step = ?4, created_at = ?5"));
  s->bind(1, t.user).bind(2, t.secret_sealed).bind(3, std::int64_t{t.confirmed ? 1 : 0}).bind(4, t.last_step);
  s->bind(5, util::format_timestamp(t.created_at));
  return s->run();
}

Result<std::optional<core::TotpEnrolment>> SqliteTx::find_totp(std::string_view user) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT secret_sealed, confirmed, last_step, created_at FROM user_totp "
                                           "WHERE user = ?1"));
  s->bind(1, user);
  TRY_ASSIGN(bool row, s->step());
  std::optional<core::TotpEnrolment> out;
  if (row) {
    core::TotpEnrolment t;
    t.user = std::string(user);
    t.secret_sealed = s->column_text(0);
    t.confirmed = s->column_int(1) != 0;
    t.last_step = s->column_int(2);
    auto created = util::parse_timestamp(s->column_view(3));
    if (!created) {
      (void)s->reset();
      return make_error(ErrorCode::corruption, "corrupt store: user_totp: " + created.error().message());
    }
    t.created_at = *created;
    out = std::move(t);
  }
  TRY(s->reset());
  return out;
}

Result<bool> SqliteTx::delete_totp(std::string_view user) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("DELETE FROM user_totp WHERE user = ?1"));
  s->bind(1, user);
  TRY(s->run());
  return m_store.database().changes() > 0;
}

}  // namespace embargo::storage::sqlite
