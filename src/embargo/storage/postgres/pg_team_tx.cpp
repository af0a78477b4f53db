// PgTx: the team (issue 13): member profiles, case owners and backups,
// reminders sent (migration 8). User columns are user_name, owner_name,
// backup_name ("user" is reserved in PostgreSQL).

#include <fmt/format.h>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

std::optional<std::string> date_param(const std::optional<util::Date>& d) {
  return d ? std::optional<std::string>(util::format_date(*d)) : std::nullopt;
}

Result<std::optional<util::Date>> read_date(const pqxx::field& f) {
  if (f.is_null()) {
    return std::optional<util::Date>();
  }
  auto d = util::parse_date(f.as<std::string>());
  if (!d) {
    return make_error(ErrorCode::corruption, "team member: " + d.error().message());
  }
  return std::optional<util::Date>(*d);
}

Result<core::MemberProfile> read_member(const pqxx::row& r) {
  core::MemberProfile m;
  m.user = r[0].as<std::string>();
  m.pgp_fingerprint = r[1].as<std::string>();
  auto notify = core::parse_notify_list(r[2].as<std::string>());
  if (!notify) {
    return make_error(ErrorCode::corruption, "team member: " + notify.error().message());
  }
  m.notify = *notify;
  TRY_ASSIGN(m.away_from, read_date(r[3]));
  TRY_ASSIGN(m.away_until, read_date(r[4]));
  return m;
}

core::CaseAssignment read_assignment(const pqxx::row& r) {
  return core::CaseAssignment{r[0].as<std::string>(), r[1].is_null() ? std::string() : r[1].as<std::string>(),
                              r[2].is_null() ? std::string() : r[2].as<std::string>()};
}

std::optional<std::string> user_or_null(const std::string& user) {
  return user.empty() ? std::nullopt : std::optional<std::string>(user);
}

constexpr std::string_view k_member_select =
    "SELECT user_name, pgp_fingerprint, notify, to_char(away_from, 'YYYY-MM-DD'), "
    "to_char(away_until, 'YYYY-MM-DD') FROM team_members";

}  // namespace

Result<void> PgTx::put_member(const core::MemberProfile& m) {
  TRY(require_writable());
  TRY(get_user(m.user));
  return guarded(fmt::format("team member {}", m.user), [&]() -> Result<void> {
    m_txn.exec_params(
        "INSERT INTO team_members(user_name, pgp_fingerprint, notify, away_from, away_until) "
        "VALUES ($1,$2,$3,$4::date,$5::date) ON CONFLICT (user_name) DO UPDATE SET "
        "pgp_fingerprint = excluded.pgp_fingerprint, notify = excluded.notify, away_from = excluded.away_from, "
        "away_until = excluded.away_until",
        m.user, m.pgp_fingerprint, core::format_notify_list(m.notify), date_param(m.away_from),
        date_param(m.away_until));
    return {};
  });
}

Result<std::optional<core::MemberProfile>> PgTx::find_member(std::string_view user) {
  using Found = std::optional<core::MemberProfile>;
  return guarded("team member", [&]() -> Result<Found> {
    auto r = m_txn.exec_params(fmt::format("{} WHERE user_name = $1", k_member_select), std::string(user));
    if (r.empty()) {
      return Found();
    }
    TRY_ASSIGN(core::MemberProfile m, read_member(r[0]));
    return Found(std::move(m));
  });
}

Result<std::vector<core::MemberProfile>> PgTx::list_members() {
  return guarded("team members", [&]() -> Result<std::vector<core::MemberProfile>> {
    auto r = m_txn.exec(fmt::format("{} ORDER BY user_name", k_member_select));
    std::vector<core::MemberProfile> out;
    for (const auto& row : r) {
      TRY_ASSIGN(core::MemberProfile m, read_member(row));
      out.push_back(std::move(m));
    }
    return out;
  });
}

Result<void> PgTx::put_assignment(const core::CaseAssignment& a) {
  TRY(require_writable());
  TRY(get_case(a.case_id));
  for (const std::string& user : {a.owner, a.backup}) {
    if (!user.empty()) {
      TRY(get_user(user));
    }
  }
  return guarded(fmt::format("owner and backup of {}", a.case_id), [&]() -> Result<void> {
    m_txn.exec_params(
        "INSERT INTO case_assignments(case_id, owner_name, backup_name) VALUES ($1,$2,$3) "
        "ON CONFLICT (case_id) DO UPDATE SET owner_name = excluded.owner_name, backup_name = excluded.backup_name",
        a.case_id, user_or_null(a.owner), user_or_null(a.backup));
    return {};
  });
}

Result<std::optional<core::CaseAssignment>> PgTx::find_assignment(std::string_view case_id) {
  using Found = std::optional<core::CaseAssignment>;
  return guarded("owner and backup", [&]() -> Result<Found> {
    auto r = m_txn.exec_params("SELECT case_id, owner_name, backup_name FROM case_assignments WHERE case_id = $1",
                               std::string(case_id));
    return r.empty() ? Found() : Found(read_assignment(r[0]));
  });
}

Result<std::vector<core::CaseAssignment>> PgTx::list_assignments() {
  return guarded("owners and backups", [&]() -> Result<std::vector<core::CaseAssignment>> {
    auto r = m_txn.exec("SELECT case_id, owner_name, backup_name FROM case_assignments ORDER BY case_id");
    std::vector<core::CaseAssignment> out;
    for (const auto& row : r) {
      out.push_back(read_assignment(row));
    }
    return out;
  });
}

Result<void> PgTx::insert_reminder(const core::ReminderRecord& rec) {
  TRY(require_writable());
  TRY(get_case(rec.case_id));
  return guarded(fmt::format("reminder of {}", rec.case_id), [&]() -> Result<void> {
    auto r = m_txn.exec_params(
        "INSERT INTO reminders_sent(case_id, condition, threshold, level, at) VALUES ($1,$2,$3,$4,$5) "
        "ON CONFLICT DO NOTHING RETURNING 1",
        rec.case_id, rec.condition, rec.threshold, rec.level, ts_param(rec.at));
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("reminder {} {} {} level {} already sent", rec.case_id,
                                                         rec.condition, rec.threshold, rec.level));
    }
    return {};
  });
}

Result<std::vector<core::ReminderRecord>> PgTx::list_reminders(std::string_view case_id) {
  return guarded("reminders", [&]() -> Result<std::vector<core::ReminderRecord>> {
    auto r = m_txn.exec_params(fmt::format("SELECT case_id, condition, threshold, level, {} FROM reminders_sent "
                                           "WHERE case_id = $1 ORDER BY at, condition, threshold, level",
                                           micros("at")),
                               std::string(case_id));
    std::vector<core::ReminderRecord> out;
    for (const auto& row : r) {
      out.push_back(core::ReminderRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                                         row[2].as<std::string>(), row[3].as<int>(),
                                         from_micros(row[4].as<std::int64_t>())});
    }
    return out;
  });
}

}  // namespace embargo::storage::postgres
