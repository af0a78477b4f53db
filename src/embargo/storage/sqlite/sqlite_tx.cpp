#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/planner/plan_json.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>

namespace embargo::storage::sqlite {

namespace {

using core::Case;

constexpr std::string_view k_case_columns =
    "id, title, state, impact, exploitation, reporter_name, reporter_email, reporter_credit, "
    "reporter_anonymous, reporter_deadline, reporter_cve, created_at, updated_at, release_at, "
    "timeline_head, timeline_count, reporter_key";

Case read_case(const Statement& s) {
  Case c;
  c.id = s.column_text(0);
  c.title = s.column_text(1);
  c.state = or_corrupt(core::parse_case_state(s.column_view(2)), c.id);
  c.impact = or_corrupt(core::parse_impact(s.column_view(3)), c.id);
  c.exploitation = or_corrupt(core::parse_exploitation(s.column_view(4)), c.id);
  c.reporter.name = s.column_text(5);
  c.reporter.email = s.column_text(6);
  c.reporter.credit = s.column_text(7);
  c.reporter.anonymous = s.column_int(8) != 0;
  if (!s.column_is_null(9)) {
    c.reporter.deadline = or_corrupt(util::parse_date(s.column_view(9)), c.id);
  }
  c.reporter.own_cve = s.column_text(10);
  c.created_at = or_corrupt(util::parse_timestamp(s.column_view(11)), c.id);
  c.updated_at = or_corrupt(util::parse_timestamp(s.column_view(12)), c.id);
  if (!s.column_is_null(13)) {
    c.release_at = or_corrupt(util::parse_timestamp(s.column_view(13)), c.id);
  }
  c.timeline_head = s.column_text(14);
  c.timeline_count = s.column_int(15);
  c.reporter.key_fingerprint = s.column_text(16);
  return c;
}

void bind_case(Statement& s, const Case& c) {
  s.bind(1, c.id).bind(2, c.title).bind(3, core::to_string(c.state)).bind(4, core::to_string(c.impact));
  s.bind(5, core::to_string(c.exploitation)).bind(6, c.reporter.name).bind(7, c.reporter.email);
  s.bind(8, c.reporter.credit).bind(9, std::int64_t{c.reporter.anonymous});
  s.bind_optional(10, c.reporter.deadline ? std::optional(util::format_date(*c.reporter.deadline)) : std::nullopt);
  s.bind(11, c.reporter.own_cve).bind(12, util::format_timestamp(c.created_at));
  s.bind(13, util::format_timestamp(c.updated_at));
  s.bind_optional(14, c.release_at ? std::optional(util::format_timestamp(*c.release_at)) : std::nullopt);
  s.bind(15, c.timeline_head).bind(16, c.timeline_count).bind(17, c.reporter.key_fingerprint);
}

core::Vulnerability read_vulnerability(const Statement& s) {
  core::Vulnerability v;
  v.case_id = s.column_text(0);
  v.ordinal = static_cast<int>(s.column_int(1));
  v.title = s.column_text(2);
  v.description = s.column_text(3);
  v.identifier = s.column_text(4);
  v.cwe = s.column_text(5);
  v.affected = s.column_text(6);
  v.fixed = s.column_text(7);
  v.mitigation = s.column_text(8);
  v.cvss = nlohmann::json::parse(s.column_view(9)).get<std::vector<std::string>>();
  v.aliases = nlohmann::json::parse(s.column_view(10)).get<std::vector<std::string>>();
  return v;
}

void bind_vulnerability(Statement& s, const core::Vulnerability& v) {
  s.bind(1, v.case_id).bind(2, std::int64_t{v.ordinal}).bind(3, v.title).bind(4, v.description);
  s.bind(5, v.identifier).bind(6, v.cwe).bind(7, v.affected).bind(8, v.fixed).bind(9, v.mitigation);
  s.bind(10, nlohmann::json(v.cvss).dump()).bind(11, nlohmann::json(v.aliases).dump());
}

}  // namespace

Result<void> SqliteTx::require_writable() const {
  if (!m_writable) {
    return make_error(ErrorCode::not_supported, "write attempted in a read-only transaction");
  }
  return {};
}

Result<int> SqliteTx::allocate_case_number(std::string_view prefix, int year) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * up, m_store.cached("INSERT INTO case_counters(prefix, year, last) VALUES (?1, ?2, 1) "
                                            "ON CONFLICT(prefix, year) DO UPDATE SET last = last + 1 RETURNING last"));
  up->bind(1, prefix);
  up->bind(2, std::int64_t{year});
  TRY_ASSIGN(bool row, up->step());
  if (!row) {
    return make_error(ErrorCode::io_error, "case counter did not return a number");
  }
  int number = static_cast<int>(up->column_int(0));
  TRY(up->reset());
  return number;
}

Result<void> SqliteTx::insert_case(const Case& c) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format(
                 "INSERT INTO cases({}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17)",
                 k_case_columns)));
  bind_case(*s, c);
  return s->run().or_else([&](const Error& e) -> Result<void> {
    if (e.code() == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict, fmt::format("case {} already exists", c.id));
    }
    return tl::unexpected(e);
  });
}

Result<void> SqliteTx::update_case(const Case& c) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s,
             m_store.cached("UPDATE cases SET title=?2, state=?3, impact=?4, exploitation=?5, reporter_name=?6, "
                            "reporter_email=?7, reporter_credit=?8, reporter_anonymous=?9, reporter_deadline=?10, "
                            "reporter_cve=?11, created_at=?12, updated_at=?13, release_at=?14, timeline_head=?15, "
                            "timeline_count=?16, reporter_key=?17 WHERE id=?1"));
  bind_case(*s, c);
  TRY(s->run());
  if (m_store.database().changes() == 0) {
    return make_error(ErrorCode::not_found, fmt::format("case {} does not exist", c.id));
  }
  return {};
}

Result<Case> SqliteTx::get_case(std::string_view id) {
  TRY_ASSIGN(Statement * s, m_store.cached(fmt::format("SELECT {} FROM cases WHERE id = ?1", k_case_columns)));
  s->bind(1, id);
  TRY_ASSIGN(bool row, s->step());
  if (!row) {
    return make_error(ErrorCode::not_found, fmt::format("case {} does not exist", id));
  }
  Case c = read_case(*s);
  TRY(s->reset());
  return c;
}

Result<std::vector<Case>> SqliteTx::list_cases(const core::CaseFilter& filter) {
  std::string sql = fmt::format("SELECT {} FROM cases{} ORDER BY id LIMIT ?2", k_case_columns,
                                filter.state ? " WHERE state = ?1" : "");
  TRY_ASSIGN(Statement * s, m_store.cached(sql));
  if (filter.state) {
    s->bind(1, core::to_string(*filter.state));
  }
  s->bind(2, filter.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(filter.limit));
  std::vector<Case> cases;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    cases.push_back(read_case(*s));
  }
  TRY(s->reset());
  return cases;
}

Result<std::int64_t> SqliteTx::change_counter() {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT n FROM change_counter"));
  TRY_ASSIGN(bool row, s->step());
  std::int64_t n = row ? s->column_int(0) : 0;
  TRY(s->reset());
  return n;
}

Result<void> SqliteTx::insert_vulnerability(const core::Vulnerability& v) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO vulnerabilities(case_id, ordinal, title, description, "
                                           "identifier, cwe, affected, fixed, mitigation, cvss, aliases) "
                                           "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"));
  bind_vulnerability(*s, v);
  return s->run();
}

Result<void> SqliteTx::update_vulnerability(const core::Vulnerability& v) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("UPDATE vulnerabilities SET title=?3, description=?4, identifier=?5, "
                                           "cwe=?6, affected=?7, fixed=?8, mitigation=?9, cvss=?10, aliases=?11 "
                                           "WHERE case_id=?1 AND ordinal=?2"));
  bind_vulnerability(*s, v);
  TRY(s->run());
  if (m_store.database().changes() == 0) {
    return make_error(ErrorCode::not_found, fmt::format("vulnerability {} of {} does not exist", v.ordinal, v.case_id));
  }
  return {};
}

Result<std::vector<core::Vulnerability>> SqliteTx::list_vulnerabilities(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT case_id, ordinal, title, description, identifier, cwe, affected, "
                                           "fixed, mitigation, cvss, aliases FROM vulnerabilities WHERE case_id = ?1 "
                                           "ORDER BY ordinal"));
  s->bind(1, case_id);
  std::vector<core::Vulnerability> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    out.push_back(read_vulnerability(*s));
  }
  TRY(s->reset());
  return out;
}

Result<void> SqliteTx::append_timeline(const core::TimelineEntry& e) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO timeline(case_id, seq, at, actor, kind, text, data, "
                                           "prev_hash, hash) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)"));
  s->bind(1, e.case_id).bind(2, e.seq).bind(3, util::format_timestamp(e.at)).bind(4, e.actor).bind(5, e.kind);
  s->bind(6, e.text).bind(7, e.data).bind(8, e.prev_hash).bind(9, e.hash);
  return s->run();
}

Result<void> SqliteTx::for_each_timeline_entry(std::string_view case_id,
                                               const std::function<Result<void>(const core::TimelineEntry&)>& fn) {
  std::string sql = "SELECT case_id, seq, at, actor, kind, text, data, prev_hash, hash FROM timeline";
  sql += case_id.empty() ? " ORDER BY case_id, seq" : " WHERE case_id = ?1 ORDER BY seq";
  // Not cached: a nested call (fn reading the store) must not reset this one.
  TRY_ASSIGN(Statement s, m_store.database().prepare(sql));
  if (!case_id.empty()) {
    s.bind(1, case_id);
  }
  core::TimelineEntry e;
  while (true) {
    TRY_ASSIGN(bool row, s.step());
    if (!row) {
      return {};
    }
    e.case_id.assign(s.column_view(0));
    e.seq = s.column_int(1);
    auto at = util::parse_timestamp(s.column_view(2));
    if (!at) {
      return make_error(ErrorCode::corruption,
                        fmt::format("timeline entry {} of {}: time: {}", e.seq, e.case_id, at.error().message()));
    }
    e.at = *at;
    e.actor.assign(s.column_view(3));
    e.kind.assign(s.column_view(4));
    e.text.assign(s.column_view(5));
    e.data.assign(s.column_view(6));
    e.prev_hash.assign(s.column_view(7));
    e.hash.assign(s.column_view(8));
    TRY(fn(e));
  }
}

Result<void> SqliteTx::insert_user(const core::User& u) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO users(name, role, email, password_hash, created_at) "
                                           "VALUES (?1,?2,?3,?4,?5)"));
  s->bind(1, u.name).bind(2, core::to_string(u.role)).bind(3, u.email).bind(4, u.password_hash);
  s->bind(5, util::format_timestamp(u.created_at));
  return s->run().or_else([&](const Error& e) -> Result<void> {
    if (e.code() == ErrorCode::conflict) {
      return make_error(ErrorCode::conflict, fmt::format("user {} already exists", u.name));
    }
    return tl::unexpected(e);
  });
}

namespace {

core::User read_user(const Statement& s) {
  core::User u;
  u.name = s.column_text(0);
  u.role = or_corrupt(core::parse_role(s.column_view(1)), u.name);
  u.email = s.column_text(2);
  u.password_hash = s.column_text(3);
  u.created_at = or_corrupt(util::parse_timestamp(s.column_view(4)), u.name);
  return u;
}

}  // namespace

Result<core::User> SqliteTx::get_user(std::string_view name) {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT name, role, email, password_hash, created_at FROM users WHERE name = ?1"));
  s->bind(1, name);
  TRY_ASSIGN(bool row, s->step());
  if (!row) {
    return make_error(ErrorCode::not_found, fmt::format("user {} does not exist", name));
  }
  core::User u = read_user(*s);
  TRY(s->reset());
  return u;
}

Result<std::vector<core::User>> SqliteTx::list_users() {
  TRY_ASSIGN(Statement * s,
             m_store.cached("SELECT name, role, email, password_hash, created_at FROM users ORDER BY name"));
  std::vector<core::User> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    out.push_back(read_user(*s));
  }
  TRY(s->reset());
  return out;
}

Result<void> SqliteTx::insert_artifact(const core::Artifact& a) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO artifacts(case_id, name, sha256, size, signature_verified, "
                                           "created_at) VALUES (?1,?2,?3,?4,?5,?6)"));
  s->bind(1, a.case_id).bind(2, a.name).bind(3, a.sha256).bind(4, a.size);
  s->bind(5, std::int64_t{a.signature_verified}).bind(6, util::format_timestamp(a.created_at));
  return s->run();
}

Result<std::vector<core::Artifact>> SqliteTx::list_artifacts(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT case_id, name, sha256, size, signature_verified, created_at "
                                           "FROM artifacts WHERE case_id = ?1 ORDER BY name"));
  s->bind(1, case_id);
  std::vector<core::Artifact> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    core::Artifact a;
    a.case_id = s->column_text(0);
    a.name = s->column_text(1);
    a.sha256 = s->column_text(2);
    a.size = s->column_int(3);
    a.signature_verified = s->column_int(4) != 0;
    a.created_at = or_corrupt(util::parse_timestamp(s->column_view(5)), a.name);
    out.push_back(std::move(a));
  }
  TRY(s->reset());
  return out;
}

Result<void> SqliteTx::insert_source_record(const core::SourceRecord& r) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO source_records(case_id, ordinal, format, document, snapshot, "
                                           "imported_at) VALUES (?1,?2,?3,?4,?5,?6)"));
  s->bind(1, r.case_id).bind(2, std::int64_t{r.ordinal}).bind(3, r.format).bind(4, r.document).bind(5, r.snapshot);
  s->bind(6, util::format_timestamp(r.imported_at));
  return s->run();
}

Result<std::optional<core::SourceRecord>> SqliteTx::find_source_record(std::string_view case_id, int ordinal) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT format, document, snapshot, imported_at FROM source_records "
                                           "WHERE case_id = ?1 AND ordinal = ?2"));
  s->bind(1, case_id).bind(2, std::int64_t{ordinal});
  TRY_ASSIGN(bool row, s->step());
  if (!row) {
    return std::optional<core::SourceRecord>();
  }
  core::SourceRecord r;
  r.case_id = std::string(case_id);
  r.ordinal = ordinal;
  r.format = s->column_text(0);
  r.document = s->column_text(1);
  r.snapshot = s->column_text(2);
  r.imported_at = or_corrupt(util::parse_timestamp(s->column_view(3)), r.case_id);
  TRY(s->reset());
  return std::optional<core::SourceRecord>(std::move(r));
}

}  // namespace embargo::storage::sqlite

namespace embargo::storage::sqlite {

Result<std::int64_t> SqliteTx::insert_plan(const core::planner::StoredPlan& p) {
  TRY(require_writable());
  std::optional<util::Timestamp> release = p.plan.at(core::planner::Step::release);
  if (!release) {
    return make_error(ErrorCode::invalid_argument, "plan: has no release step");
  }
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO plans(case_id, seq, created_at, actor, release_at, ok, events, "
                                           "checks) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM plans "
                                           "WHERE case_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7) RETURNING seq"));
  nlohmann::ordered_json json = core::planner::to_json(p.plan, {});
  s->bind(1, p.case_id).bind(2, util::format_timestamp(p.created_at)).bind(3, p.actor);
  s->bind(4, util::format_timestamp(*release)).bind(5, std::int64_t{p.plan.ok()});
  s->bind(6, json.at("events").dump()).bind(7, json.at("checks").dump());
  TRY_ASSIGN(bool row, s->step());
  if (!row) {
    return make_error(ErrorCode::io_error, "inserting a plan returned no seq");
  }
  std::int64_t seq = s->column_int(0);
  TRY(s->reset());
  return seq;
}

Result<std::optional<core::planner::StoredPlan>> SqliteTx::latest_plan(std::string_view case_id) {
  TRY_ASSIGN(Statement * s, m_store.cached("SELECT case_id, seq, created_at, actor, events, checks FROM plans "
                                           "WHERE case_id = ?1 ORDER BY seq DESC LIMIT 1"));
  s->bind(1, case_id);
  TRY_ASSIGN(bool row, s->step());
  if (!row) {
    TRY(s->reset());
    return std::optional<core::planner::StoredPlan>();
  }
  core::planner::StoredPlan p;
  p.case_id = s->column_text(0);
  p.seq = s->column_int(1);
  p.created_at = or_corrupt(util::parse_timestamp(s->column_view(2)), p.case_id);
  p.actor = s->column_text(3);
  nlohmann::json json;
  try {
    json = {{"events", nlohmann::json::parse(s->column_view(4))}, {"checks", nlohmann::json::parse(s->column_view(5))}};
  } catch (const std::exception& e) {
    TRY(s->reset());
    return make_error(ErrorCode::corruption, fmt::format("plan {} of {}: {}", p.seq, p.case_id, e.what()));
  }
  TRY(s->reset());
  auto plan = core::planner::plan_from_json(json);
  if (!plan) {
    return make_error(ErrorCode::corruption,
                      fmt::format("plan {} of {}: {}", p.seq, p.case_id, plan.error().message()));
  }
  p.plan = std::move(*plan);
  return std::optional(std::move(p));
}

}  // namespace embargo::storage::sqlite
