// PgTx: users and artifacts.

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

core::User read_user(const pqxx::row& r) {
  core::User u;
  u.name = r[0].as<std::string>();
  auto role = core::parse_role(r[1].as<std::string>());
  if (!role) {
    throw std::runtime_error(fmt::format("corrupt store: user {}: {}", u.name, role.error().message()));
  }
  u.role = *role;
  u.email = r[2].as<std::string>();
  u.password_hash = r[3].as<std::string>();
  u.created_at = from_micros(r[4].as<std::int64_t>());
  return u;
}

core::Artifact read_artifact(const pqxx::row& r) {
  core::Artifact a;
  a.case_id = r[0].as<std::string>();
  a.name = r[1].as<std::string>();
  a.sha256 = r[2].as<std::string>();
  a.size = r[3].as<std::int64_t>();
  a.signature_verified = r[4].as<bool>();
  a.created_at = from_micros(r[5].as<std::int64_t>());
  return a;
}

const std::string& user_select() {
  static const std::string sql =
      fmt::format("SELECT name, role, email, password_hash, {} FROM users", micros("created_at"));
  return sql;
}

const std::string& artifact_select() {
  static const std::string sql =
      fmt::format("SELECT case_id, name, sha256, size, signature_verified, {} FROM artifacts WHERE case_id = $1",
                  micros("created_at"));
  return sql;
}

}  // namespace

Result<void> PgTx::insert_user(const core::User& u) {
  TRY(require_writable());
  return guarded(fmt::format("user {}", u.name), [&]() -> Result<void> {
    auto r = m_txn.exec_params(
        "INSERT INTO users(name, role, email, password_hash, created_at) "
        "VALUES ($1,$2,$3,$4,$5) ON CONFLICT (name) DO NOTHING RETURNING 1",
        u.name, std::string(core::to_string(u.role)), u.email, u.password_hash, ts_param(u.created_at));
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("user {} already exists", u.name));
    }
    return {};
  });
}

Result<core::User> PgTx::get_user(std::string_view name) {
  return guarded(fmt::format("user {}", name), [&]() -> Result<core::User> {
    auto r = m_txn.exec_params(user_select() + " WHERE name = $1", std::string(name));
    if (r.empty()) {
      return make_error(ErrorCode::not_found, fmt::format("user {} does not exist", name));
    }
    return read_user(r[0]);
  });
}

Result<std::vector<core::User>> PgTx::list_users() {
  return guarded("users", [&]() -> Result<std::vector<core::User>> {
    std::vector<core::User> out;
    for (const auto& row : m_txn.exec(user_select() + " ORDER BY name")) {
      out.push_back(read_user(row));
    }
    return out;
  });
}

Result<void> PgTx::insert_artifact(const core::Artifact& a) {
  TRY(require_writable());
  return guarded(fmt::format("file {} of {}", a.name, a.case_id), [&]() -> Result<void> {
    auto r = m_txn.exec_params(
        "INSERT INTO artifacts(case_id, name, sha256, size, signature_verified, created_at) "
        "VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (case_id, name) DO NOTHING RETURNING 1",
        a.case_id, a.name, a.sha256, a.size, a.signature_verified, ts_param(a.created_at));
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("{} already has a file '{}'", a.case_id, a.name));
    }
    return {};
  });
}

Result<std::vector<core::Artifact>> PgTx::list_artifacts(std::string_view case_id) {
  return guarded(fmt::format("files of {}", case_id), [&]() -> Result<std::vector<core::Artifact>> {
    std::vector<core::Artifact> out;
    for (const auto& row : m_txn.exec_params(artifact_select() + " ORDER BY name", std::string(case_id))) {
      out.push_back(read_artifact(row));
    }
    return out;
  });
}

Result<core::Artifact> PgTx::get_artifact(std::string_view case_id, std::string_view name) {
  return guarded(fmt::format("file {} of {}", name, case_id), [&]() -> Result<core::Artifact> {
    auto r = m_txn.exec_params(artifact_select() + " AND name = $2", std::string(case_id), std::string(name));
    if (r.empty()) {
      return make_error(ErrorCode::not_found, fmt::format("{} has no file '{}'", case_id, name));
    }
    return read_artifact(r[0]);
  });
}

}  // namespace embargo::storage::postgres
