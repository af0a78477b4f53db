// SqliteTx: the team (issue 13): member profiles, case owners and backups,
// reminders sent. Kept apart from sqlite_tx.cpp.

#include <fmt/format.h>

#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>

namespace embargo::storage::sqlite {

namespace {

constexpr std::string_view k_member_columns = "user, pgp_fingerprint, notify, away_from, away_until";

std::optional<std::string> date_text(const std::optional<util::Date>& d) {
  return d ? std::optional<std::string>(util::format_date(*d)) : std::nullopt;
}

Result<std::optional<util::Date>> read_date(const Statement& s, int column) {
  if (s.column_is_null(column)) {
    return std::optional<util::Date>();
  }
  auto d = util::parse_date(s.column_view(column));
  if (!d) {
    return make_error(ErrorCode::corruption, "corrupt store: team member: " + d.error().message());
  }
  return std::optional<util::Date>(*d);
}

Result<core::MemberProfile> read_member(const Statement& s) {
  core::MemberProfile m;
  m.user = s.column_text(0);
  m.pgp_fingerprint = s.column_text(1);
  auto notify = core::parse_notify_list(s.column_view(2));
  if (!notify) {
    return make_error(ErrorCode::corruption, "corrupt store: team member: " + notify.error().message());
  }
  m.notify = *notify;
  TRY_ASSIGN(m.away_from, read_date(s, 3));
  TRY_ASSIGN(m.away_until, read_date(s, 4));
  return m;
}

core::CaseAssignment read_assignment(const Statement& s) {
  return core::CaseAssignment{s.column_text(0), s.column_is_null(1) ? std::string() : s.column_text(1),
                              s.column_is_null(2) ? std::string() : s.column_text(2)};
}

std::optional<std::string> user_or_null(const std::string& user) {
  return user.empty() ? std::nullopt : std::optional<std::string>(user);
}

// Steps `s` to the end, converting each row with `read`; resets `s`.
template <typename T, typename F>
Result<std::vector<T>> collect(Statement& s, F read) {
  std::vector<T> out;
  for (;;) {
    auto row = s.step();
    if (!row) {
      (void)s.reset();
      return tl::unexpected(row.error());
    }
    if (!*row) {
      break;
    }
    Result<T> item = read(s);
    if (!item) {
      (void)s.reset();
      return tl::unexpected(item.error());
    }
    out.push_back(std::move(*item));
  }
  TRY(s.reset());
  return out;
}

}  // namespace

Result<void> SqliteTx::put_member(const core::MemberProfile& m) {
  TRY(require_writable());
  TRY(get_user(m.user));
  TRY_ASSIGN(Statement * s,
             m_store.cached(
                 fmt::format("INSERT OR REPLACE INTO team_members({}) VALUES (?1, ?2, ?3, ?4, ?5)", k_member_columns)));
  s->bind(1, m.user).bind(2, m.pgp_fingerprint).bind(3, core::format_notify_list(m.notify));
  s->bind_optional(4, date_text(m.away_from)).bind_optional(5, date_text(m.away_until));
  return s->run();
}

Result<std::optional<core::MemberProfile>> SqliteTx::find_member(std::string_view user) {
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format("SELECT {} FROM team_members WHERE user = ?1", k_member_columns)));
  s->bind(1, user);
  TRY_ASSIGN(auto rows, collect<core::MemberProfile>(*s, read_member));
  return rows.empty() ? std::optional<core::MemberProfile>() : std::optional<core::MemberProfile>(rows.front());
}

Result<std::vector<core::MemberProfile>> SqliteTx::list_members() {
  TRY_ASSIGN(Statement * s, m_store.cached(fmt::format("SELECT {} FROM team_members ORDER BY user", k_member_columns)));
  return collect<core::MemberProfile>(*s, read_member);
}

Result<void> SqliteTx::put_assignment(const core::CaseAssignment& a) {
  TRY(require_writable());
  TRY(get_case(a.case_id));
  for (const std::string& user : {a.owner, a.backup}) {
    if (!user.empty()) {
      TRY(get_user(user));
    }
  }
  TRY_ASSIGN(Statement * s,
             m_store.cached("INSERT OR REPLACE INTO case_assignments(case_id, owner, backup) VALUES (?1, ?2, ?3)"));
  s->bind(1, a.case_id).bind_optional(2, user_or_null(a.owner)).bind_optional(3, user_or_null(a.backup));
  return s->run();
}

Result<std::optional<core::CaseAssignment>> SqliteTx::find_assignment(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT case_id, owner, backup FROM case_assignments WHERE case_id = ?1"));
  s->bind(1, case_id);
  TRY_ASSIGN(auto rows, collect<core::CaseAssignment>(*s, [](const Statement& st) -> Result<core::CaseAssignment> {
               return read_assignment(st);
             }));
  return rows.empty() ? std::optional<core::CaseAssignment>() : std::optional<core::CaseAssignment>(rows.front());
}

Result<std::vector<core::CaseAssignment>> SqliteTx::list_assignments() {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT case_id, owner, backup FROM case_assignments ORDER BY case_id"));
  return collect<core::CaseAssignment>(
      *s, [](const Statement& st) -> Result<core::CaseAssignment> { return read_assignment(st); });
}

Result<void> SqliteTx::insert_reminder(const core::ReminderRecord& r) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO reminders_sent(case_id, condition, threshold, level, at) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5)"));
  s->bind(1, r.case_id).bind(2, r.condition).bind(3, r.threshold).bind(4, std::int64_t{r.level});
  s->bind(5, util::format_timestamp(r.at));
  return s->run().or_else([&](const Error& e) -> Result<void> {
    if (e.code() == ErrorCode::conflict) {
      TRY(get_case(r.case_id));
      return make_error(ErrorCode::conflict, fmt::format("reminder {} {} {} level {} already sent", r.case_id,
                                                         r.condition, r.threshold, r.level));
    }
    return tl::unexpected(e);
  });
}

Result<std::vector<core::ReminderRecord>> SqliteTx::list_reminders(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT case_id, condition, threshold, level, at FROM reminders_sent "
                                           "WHERE case_id = ?1 ORDER BY at, condition, threshold, level"));
  s->bind(1, case_id);
  return collect<core::ReminderRecord>(*s, [](const Statement& st) -> Result<core::ReminderRecord> {
    core::ReminderRecord r{
        st.column_text(0), st.column_text(1), st.column_text(2), static_cast<int>(st.column_int(3)), {}};
    auto at = util::parse_timestamp(st.column_view(4));
    if (!at) {
      return make_error(ErrorCode::corruption, "corrupt store: reminder: " + at.error().message());
    }
    r.at = *at;
    return r;
  });
}

}  // namespace embargo::storage::sqlite
