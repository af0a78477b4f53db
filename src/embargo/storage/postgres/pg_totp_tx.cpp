// PgTx: second login factors (migration 9), kept apart from pg_tx.cpp. The
// user column is user_name ("user" is reserved in PostgreSQL).

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

Result<void> PgTx::put_totp(const core::TotpEnrolment& t) {
  TRY(require_writable());
  TRY(get_user(t.user));
  return guarded(fmt::format("two-step login of {}", t.user), [&]() -> Result<void> {
    m_txn.exec_params(
        "INSERT INTO user_totp(user_name, secret_sealed, confirmed, last_step, created_at) VALUES ($1,$2,$3,$4,$5) "
        "ON CONFLICT (user_name) DO UPDATE SET secret_sealed = excluded.secret_sealed, confirmed = excluded.confirmed, "
        "last_step = excluded.last_step, created_at = excluded.created_at",
        t.user, t.secret_sealed, t.confirmed, t.last_step, ts_param(t.created_at));
    return {};
  });
}

Result<std::optional<core::TotpEnrolment>> PgTx::find_totp(std::string_view user) {
  using Found = std::optional<core::TotpEnrolment>;
  return guarded(fmt::format("two-step login of {}", user), [&]() -> Result<Found> {
    auto r = m_txn.exec_params(fmt::format("SELECT secret_sealed, confirmed, last_step, {} FROM user_totp "
                                           "WHERE user_name = $1",
                                           micros("created_at")),
                               std::string(user));
    if (r.empty()) {
      return Found();
    }
    core::TotpEnrolment t;
    t.user = std::string(user);
    t.secret_sealed = r[0][0].as<std::string>();
    t.confirmed = r[0][1].as<bool>();
    t.last_step = r[0][2].as<std::int64_t>();
    t.created_at = from_micros(r[0][3].as<std::int64_t>());
    return Found(std::move(t));
  });
}

Result<bool> PgTx::delete_totp(std::string_view user) {
  TRY(require_writable());
  return guarded(fmt::format("two-step login of {}", user), [&]() -> Result<bool> {
    auto r = m_txn.exec_params("DELETE FROM user_totp WHERE user_name = $1", std::string(user));
    return r.affected_rows() > 0;
  });
}

}  // namespace embargo::storage::postgres
