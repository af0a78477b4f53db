// PgTx: the download area's tables (usercodes, download windows, downloads).

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

const std::string& usercode_select() {
  static const std::string sql = fmt::format(
      "SELECT case_id, list, password_hash, ha1_md5_sealed, ha1_sha256_sealed, generation, {}, {} "
      "FROM usercodes WHERE case_id = $1",
      micros("created_at"), micros("revoked_at"));
  return sql;
}

core::Usercode read_usercode(const pqxx::row& r) {
  core::Usercode u;
  u.case_id = r[0].as<std::string>();
  u.list = r[1].as<std::string>();
  u.password_hash = r[2].as<std::string>();
  u.ha1_md5_sealed = r[3].as<std::string>();
  u.ha1_sha256_sealed = r[4].as<std::string>();
  u.generation = r[5].as<int>();
  u.created_at = from_micros(r[6].as<std::int64_t>());
  if (!r[7].is_null()) {
    u.revoked_at = from_micros(r[7].as<std::int64_t>());
  }
  return u;
}

pqxx::result write_usercode(pqxx::transaction_base& txn, const std::string& sql, const core::Usercode& u) {
  return txn.exec_params(sql, u.case_id, u.list, u.password_hash, u.ha1_md5_sealed, u.ha1_sha256_sealed, u.generation,
                         ts_param(u.created_at), ts_param(u.revoked_at));
}

}  // namespace

Result<void> PgTx::insert_usercode(const core::Usercode& u) {
  TRY(require_writable());
  return guarded(fmt::format("usercode {} of {}", u.list, u.case_id), [&]() -> Result<void> {
    auto r = write_usercode(m_txn,
                            "INSERT INTO usercodes(case_id, list, password_hash, ha1_md5_sealed, ha1_sha256_sealed, "
                            "generation, created_at, revoked_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
                            "ON CONFLICT (case_id, list) DO NOTHING RETURNING 1",
                            u);
    if (r.empty()) {
      return make_error(ErrorCode::conflict,
                        fmt::format("{} already has a usercode for list {} (use rotate)", u.case_id, u.list));
    }
    return {};
  });
}

Result<void> PgTx::update_usercode(const core::Usercode& u) {
  TRY(require_writable());
  return guarded(fmt::format("usercode {} of {}", u.list, u.case_id), [&]() -> Result<void> {
    auto r = write_usercode(m_txn,
                            "UPDATE usercodes SET password_hash=$3, ha1_md5_sealed=$4, ha1_sha256_sealed=$5, "
                            "generation=$6, created_at=$7, revoked_at=$8 WHERE case_id=$1 AND list=$2",
                            u);
    if (r.affected_rows() == 0) {
      return make_error(ErrorCode::not_found, fmt::format("{} has no usercode for list {}", u.case_id, u.list));
    }
    return {};
  });
}

Result<core::Usercode> PgTx::get_usercode(std::string_view case_id, std::string_view list) {
  return guarded(fmt::format("usercode {} of {}", list, case_id), [&]() -> Result<core::Usercode> {
    auto r = m_txn.exec_params(usercode_select() + " AND list = $2", std::string(case_id), std::string(list));
    if (r.empty()) {
      return make_error(ErrorCode::not_found, fmt::format("{} has no usercode for list {}", case_id, list));
    }
    return read_usercode(r[0]);
  });
}

Result<std::vector<core::Usercode>> PgTx::list_usercodes(std::string_view case_id) {
  return guarded(fmt::format("usercodes of {}", case_id), [&]() -> Result<std::vector<core::Usercode>> {
    std::vector<core::Usercode> out;
    for (const auto& row : m_txn.exec_params(usercode_select() + " ORDER BY list", std::string(case_id))) {
      out.push_back(read_usercode(row));
    }
    return out;
  });
}

Result<void> PgTx::put_download_window(const core::DownloadWindow& w) {
  TRY(require_writable());
  return guarded(fmt::format("download window of {}", w.case_id), [&]() -> Result<void> {
    m_txn.exec_params(
        "INSERT INTO download_windows(case_id, opens_at, releases_at, at_release) "
        "VALUES ($1,$2,$3,$4) ON CONFLICT (case_id) DO UPDATE SET opens_at = excluded.opens_at, "
        "releases_at = excluded.releases_at, at_release = excluded.at_release",
        w.case_id, ts_param(w.opens_at), ts_param(w.releases_at), std::string(core::to_string(w.at_release)));
    return {};
  });
}

Result<std::optional<core::DownloadWindow>> PgTx::get_download_window(std::string_view case_id) {
  using Found = std::optional<core::DownloadWindow>;
  return guarded(fmt::format("download window of {}", case_id), [&]() -> Result<Found> {
    auto r = m_txn.exec_params(fmt::format("SELECT {}, {}, at_release FROM download_windows WHERE case_id = $1",
                                           micros("opens_at"), micros("releases_at")),
                               std::string(case_id));
    if (r.empty()) {
      return Found();
    }
    auto at = core::parse_at_release(r[0][2].as<std::string>());
    if (!at) {
      return make_error(ErrorCode::corruption, fmt::format("download window of {}: {}", case_id, at.error().message()));
    }
    return Found(core::DownloadWindow{std::string(case_id), from_micros(r[0][0].as<std::int64_t>()),
                                      from_micros(r[0][1].as<std::int64_t>()), *at});
  });
}

Result<void> PgTx::insert_downloads(const std::vector<core::Download>& downloads) {
  TRY(require_writable());
  return guarded("downloads", [&]() -> Result<void> {
    for (const core::Download& d : downloads) {
      m_txn.exec_params(
          "INSERT INTO downloads(case_id, usercode, file, bytes, status, at, address) "
          "VALUES ($1,$2,$3,$4,$5,$6,$7)",
          d.case_id, d.usercode, d.file, d.bytes, d.status, ts_param(d.at), d.address);
    }
    return {};
  });
}

Result<std::vector<core::Download>> PgTx::list_downloads(std::string_view case_id) {
  return guarded(fmt::format("downloads of {}", case_id), [&]() -> Result<std::vector<core::Download>> {
    std::vector<core::Download> out;
    auto r = m_txn.exec_params(fmt::format("SELECT usercode, file, bytes, status, {}, address FROM downloads "
                                           "WHERE case_id = $1 ORDER BY at, id",
                                           micros("at")),
                               std::string(case_id));
    for (const auto& row : r) {
      core::Download d;
      d.case_id = std::string(case_id);
      d.usercode = row[0].as<std::string>();
      d.file = row[1].as<std::string>();
      d.bytes = row[2].as<std::int64_t>();
      d.status = row[3].as<int>();
      d.at = from_micros(row[4].as<std::int64_t>());
      d.address = row[5].as<std::string>();
      out.push_back(std::move(d));
    }
    return out;
  });
}

}  // namespace embargo::storage::postgres
