// PgTx: web credentials and the per-case access list (migration 6). The
// user column is user_name ("user" is reserved in PostgreSQL).

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

core::CaseGrant read_grant(const pqxx::row& r) {
  return core::CaseGrant{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<bool>()};
}

std::vector<core::CaseGrant> read_grants(const pqxx::result& r) {
  std::vector<core::CaseGrant> out;
  for (const auto& row : r) {
    out.push_back(read_grant(row));
  }
  return out;
}

}  // namespace

Result<void> PgTx::insert_credential(const core::Credential& c) {
  TRY(require_writable());
  return guarded(fmt::format("credential of {}", c.user), [&]() -> Result<void> {
    auto r = m_txn.exec_params(
        "INSERT INTO credentials(hash, kind, user_name, case_id, label, created_at, expires_at) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (hash) DO NOTHING RETURNING 1",
        c.hash, std::string(core::to_string(c.kind)), c.user, c.case_id, c.label, ts_param(c.created_at),
        ts_param(c.expires_at));
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("credential of {}: the hash is taken", c.user));
    }
    return {};
  });
}

Result<std::optional<core::Credential>> PgTx::find_credential(std::string_view hash) {
  using Found = std::optional<core::Credential>;
  return guarded("credential", [&]() -> Result<Found> {
    auto r = m_txn.exec_params(fmt::format("SELECT kind, user_name, case_id, label, {}, {} FROM credentials "
                                           "WHERE hash = $1",
                                           micros("created_at"), micros("expires_at")),
                               std::string(hash));
    if (r.empty()) {
      return Found();
    }
    auto kind = core::parse_credential_kind(r[0][0].as<std::string>());
    if (!kind) {
      return make_error(ErrorCode::corruption, "credential: " + kind.error().message());
    }
    core::Credential c;
    c.hash = std::string(hash);
    c.kind = *kind;
    c.user = r[0][1].as<std::string>();
    c.case_id = r[0][2].as<std::string>();
    c.label = r[0][3].as<std::string>();
    c.created_at = from_micros(r[0][4].as<std::int64_t>());
    if (!r[0][5].is_null()) {
      c.expires_at = from_micros(r[0][5].as<std::int64_t>());
    }
    return Found(std::move(c));
  });
}

Result<std::vector<core::Credential>> PgTx::list_case_credentials(std::string_view case_id) {
  using Found = std::vector<core::Credential>;
  return guarded("credentials", [&]() -> Result<Found> {
    auto r = m_txn.exec_params(fmt::format("SELECT hash, kind, user_name, label, {}, {} FROM credentials "
                                           "WHERE case_id = $1 ORDER BY created_at, hash",
                                           micros("created_at"), micros("expires_at")),
                               std::string(case_id));
    Found out;
    for (const auto& row : r) {
      auto kind = core::parse_credential_kind(row[1].as<std::string>());
      if (!kind) {
        return make_error(ErrorCode::corruption, "credential: " + kind.error().message());
      }
      core::Credential c;
      c.hash = row[0].as<std::string>();
      c.kind = *kind;
      c.user = row[2].as<std::string>();
      c.case_id = std::string(case_id);
      c.label = row[3].as<std::string>();
      c.created_at = from_micros(row[4].as<std::int64_t>());
      if (!row[5].is_null()) {
        c.expires_at = from_micros(row[5].as<std::int64_t>());
      }
      out.push_back(std::move(c));
    }
    return out;
  });
}

Result<void> PgTx::delete_credential(std::string_view hash) {
  TRY(require_writable());
  return guarded("credential", [&]() -> Result<void> {
    m_txn.exec_params("DELETE FROM credentials WHERE hash = $1", std::string(hash));
    return {};
  });
}

Result<int> PgTx::delete_credentials(std::string_view user, core::CredentialKind kind) {
  TRY(require_writable());
  return guarded(fmt::format("credentials of {}", user), [&]() -> Result<int> {
    auto r = m_txn.exec_params("DELETE FROM credentials WHERE user_name = $1 AND kind = $2", std::string(user),
                               std::string(core::to_string(kind)));
    return static_cast<int>(r.affected_rows());
  });
}

Result<int> PgTx::delete_expired_credentials(util::Timestamp now) {
  TRY(require_writable());
  return guarded("expired credentials", [&]() -> Result<int> {
    auto r =
        m_txn.exec_params("DELETE FROM credentials WHERE expires_at IS NOT NULL AND expires_at <= $1", ts_param(now));
    return static_cast<int>(r.affected_rows());
  });
}

Result<void> PgTx::put_grant(const core::CaseGrant& g) {
  TRY(require_writable());
  TRY(get_case(g.case_id));
  TRY(get_user(g.user));
  return guarded(fmt::format("grant of {} to {}", g.case_id, g.user), [&]() -> Result<void> {
    m_txn.exec_params(
        "INSERT INTO case_grants(case_id, user_name, can_write) VALUES ($1,$2,$3) "
        "ON CONFLICT (case_id, user_name) DO UPDATE SET can_write = excluded.can_write",
        g.case_id, g.user, g.write);
    return {};
  });
}

Result<bool> PgTx::delete_grant(std::string_view case_id, std::string_view user) {
  TRY(require_writable());
  return guarded(fmt::format("grant of {} to {}", case_id, user), [&]() -> Result<bool> {
    auto r = m_txn.exec_params("DELETE FROM case_grants WHERE case_id = $1 AND user_name = $2", std::string(case_id),
                               std::string(user));
    return r.affected_rows() > 0;
  });
}

Result<std::optional<core::CaseGrant>> PgTx::find_grant(std::string_view case_id, std::string_view user) {
  using Found = std::optional<core::CaseGrant>;
  return guarded(fmt::format("grant of {} to {}", case_id, user), [&]() -> Result<Found> {
    auto r =
        m_txn.exec_params("SELECT case_id, user_name, can_write FROM case_grants WHERE case_id = $1 AND user_name = $2",
                          std::string(case_id), std::string(user));
    return r.empty() ? Found() : Found(read_grant(r[0]));
  });
}

Result<std::vector<core::CaseGrant>> PgTx::list_grants(std::string_view case_id) {
  return guarded(fmt::format("grants of {}", case_id), [&]() -> Result<std::vector<core::CaseGrant>> {
    return read_grants(
        m_txn.exec_params("SELECT case_id, user_name, can_write FROM case_grants WHERE case_id = $1 ORDER BY user_name",
                          std::string(case_id)));
  });
}

Result<std::vector<core::CaseGrant>> PgTx::list_user_grants(std::string_view user) {
  return guarded(fmt::format("grants to {}", user), [&]() -> Result<std::vector<core::CaseGrant>> {
    return read_grants(
        m_txn.exec_params("SELECT case_id, user_name, can_write FROM case_grants WHERE user_name = $1 ORDER BY case_id",
                          std::string(user)));
  });
}

}  // namespace embargo::storage::postgres
