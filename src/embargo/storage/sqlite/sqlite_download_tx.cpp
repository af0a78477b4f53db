// SqliteTx: the download area's tables (usercodes, download_windows,
// downloads, and single artifacts), kept apart from sqlite_tx.cpp.

#include <fmt/format.h>

#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>

namespace embargo::storage::sqlite {

namespace {

util::Timestamp timestamp_or_corrupt(std::string_view text, std::string_view what) {
  auto t = util::parse_timestamp(text);
  if (!t) {
    throw std::runtime_error(fmt::format("corrupt store: {}: {}", what, t.error().message()));
  }
  return *t;
}

constexpr std::string_view k_usercode_columns =
    "case_id, list, password_hash, ha1_md5_sealed, ha1_sha256_sealed, generation, created_at, revoked_at";

core::Usercode read_usercode(const Statement& s) {
  core::Usercode u;
  u.case_id = s.column_text(0);
  u.list = s.column_text(1);
  u.password_hash = s.column_text(2);
  u.ha1_md5_sealed = s.column_text(3);
  u.ha1_sha256_sealed = s.column_text(4);
  u.generation = static_cast<int>(s.column_int(5));
  u.created_at = timestamp_or_corrupt(s.column_view(6), u.list);
  if (!s.column_is_null(7)) {
    u.revoked_at = timestamp_or_corrupt(s.column_view(7), u.list);
  }
  return u;
}

void bind_usercode(Statement& s, const core::Usercode& u) {
  s.bind(1, u.case_id).bind(2, u.list).bind(3, u.password_hash).bind(4, u.ha1_md5_sealed);
  s.bind(5, u.ha1_sha256_sealed).bind(6, std::int64_t{u.generation}).bind(7, util::format_timestamp(u.created_at));
  if (u.revoked_at) {
    s.bind(8, util::format_timestamp(*u.revoked_at));
  } else {
    s.bind_null(8);
  }
}

}  // namespace

Result<core::Artifact> SqliteTx::get_artifact(std::string_view case_id, std::string_view name) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT sha256, size, signature_verified, created_at FROM artifacts "
                                           "WHERE case_id = ?1 AND name = ?2"));
  s->bind(1, case_id).bind(2, name);
  TRY_ASSIGN(bool row, s->step());
  if (!row) {
    TRY(s->reset());
    return make_error(ErrorCode::not_found, fmt::format("{} has no file '{}'", case_id, name));
  }
  core::Artifact a;
  a.case_id = std::string(case_id);
  a.name = std::string(name);
  a.sha256 = s->column_text(0);
  a.size = s->column_int(1);
  a.signature_verified = s->column_int(2) != 0;
  a.created_at = timestamp_or_corrupt(s->column_view(3), a.name);
  TRY(s->reset());
  return a;
}

Result<void> SqliteTx::insert_usercode(const core::Usercode& u) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached(fmt::format("INSERT INTO usercodes({}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                                                       k_usercode_columns)));
  bind_usercode(*s, u);
  return s->run().or_else([&](const Error& e) -> Result<void> {
    if (e.code() == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict,
                        fmt::format("{} already has a usercode for list {} (use rotate)", u.case_id, u.list));
    }
    return tl::unexpected(e);
  });
}

Result<void> SqliteTx::update_usercode(const core::Usercode& u) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("UPDATE usercodes SET password_hash=?3, ha1_md5_sealed=?4, "
                                           "ha1_sha256_sealed=?5, generation=?6, created_at=?7, revoked_at=?8 "
                                           "WHERE case_id=?1 AND list=?2"));
  bind_usercode(*s, u);
  TRY(s->run());
  if (m_store.database().changes() == 0) {
    return make_error(ErrorCode::not_found, fmt::format("{} has no usercode for list {}", u.case_id, u.list));
  }
  return {};
}

Result<core::Usercode> SqliteTx::get_usercode(std::string_view case_id, std::string_view list) {
  TRY_ASSIGN(Statement * s, m_store.cached(fmt::format("SELECT {} FROM usercodes WHERE case_id=?1 AND list=?2",
                                                       k_usercode_columns)));
  s->bind(1, case_id).bind(2, list);
  TRY_ASSIGN(bool row, s->step());
  if (!row) {
    TRY(s->reset());
    return make_error(ErrorCode::not_found, fmt::format("{} has no usercode for list {}", case_id, list));
  }
  core::Usercode u = read_usercode(*s);
  TRY(s->reset());
  return u;
}

Result<std::vector<core::Usercode>> SqliteTx::list_usercodes(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached(fmt::format("SELECT {} FROM usercodes WHERE case_id=?1 ORDER BY list",
                                                       k_usercode_columns)));
  s->bind(1, case_id);
  std::vector<core::Usercode> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    out.push_back(read_usercode(*s));
  }
  TRY(s->reset());
  return out;
}

Result<void> SqliteTx::put_download_window(const core::DownloadWindow& w) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT OR REPLACE INTO download_windows(case_id, opens_at, releases_at, "
                                           "at_release) VALUES (?1,?2,?3,?4)"));
  s->bind(1, w.case_id).bind(2, util::format_timestamp(w.opens_at)).bind(3, util::format_timestamp(w.releases_at));
  s->bind(4, core::to_string(w.at_release));
  return s->run();
}

Result<std::optional<core::DownloadWindow>> SqliteTx::get_download_window(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT opens_at, releases_at, at_release FROM download_windows "
                                           "WHERE case_id=?1"));
  s->bind(1, case_id);
  TRY_ASSIGN(bool row, s->step());
  std::optional<core::DownloadWindow> out;
  if (row) {
    core::DownloadWindow w;
    w.case_id = std::string(case_id);
    w.opens_at = timestamp_or_corrupt(s->column_view(0), case_id);
    w.releases_at = timestamp_or_corrupt(s->column_view(1), case_id);
    auto at = core::parse_at_release(s->column_view(2));
    if (!at) {
      throw std::runtime_error(fmt::format("corrupt store: {}: {}", case_id, at.error().message()));
    }
    w.at_release = *at;
    out = w;
  }
  TRY(s->reset());
  return out;
}

Result<void> SqliteTx::insert_downloads(const std::vector<core::Download>& downloads) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO downloads(case_id, usercode, file, bytes, status, at, "
                                           "address) VALUES (?1,?2,?3,?4,?5,?6,?7)"));
  for (const core::Download& d : downloads) {
    s->bind(1, d.case_id).bind(2, d.usercode).bind(3, d.file).bind(4, d.bytes);
    s->bind(5, std::int64_t{d.status}).bind(6, util::format_timestamp(d.at)).bind(7, d.address);
    TRY(s->run());
  }
  return {};
}

Result<std::vector<core::Download>> SqliteTx::list_downloads(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT usercode, file, bytes, status, at, address FROM downloads "
                                           "WHERE case_id=?1 ORDER BY at, id"));
  s->bind(1, case_id);
  std::vector<core::Download> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    core::Download d;
    d.case_id = std::string(case_id);
    d.usercode = s->column_text(0);
    d.file = s->column_text(1);
    d.bytes = s->column_int(2);
    d.status = static_cast<int>(s->column_int(3));
    d.at = timestamp_or_corrupt(s->column_view(4), d.file);
    d.address = s->column_text(5);
    out.push_back(std::move(d));
  }
  TRY(s->reset());
  return out;
}

}  // namespace embargo::storage::sqlite
