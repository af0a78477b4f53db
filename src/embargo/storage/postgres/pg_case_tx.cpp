// PgTx: case counters, cases, vulnerabilities and their source records.

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

using core::Case;

const std::string& case_columns() {
  static const std::string columns = fmt::format(
      "id, title, state, impact, exploitation, reporter_name, reporter_email, reporter_credit, reporter_anonymous, "
      "reporter_deadline::text, reporter_cve, {}, {}, {}, timeline_head, timeline_count, reporter_key",
      micros("created_at"), micros("updated_at"), micros("release_at"));
  return columns;
}

// Values in the store were written by us; one we cannot read back means the
// database was changed behind our back.
template <typename T>
T or_corrupt(Result<T> r, std::string_view what) {
  if (!r) {
    throw std::runtime_error(fmt::format("corrupt store: {}: {}", what, r.error().message()));
  }
  return std::move(*r);
}

Case read_case(const pqxx::row& r) {
  Case c;
  c.id = r[0].as<std::string>();
  c.title = r[1].as<std::string>();
  c.state = or_corrupt(core::parse_case_state(r[2].as<std::string>()), c.id);
  c.impact = or_corrupt(core::parse_impact(r[3].as<std::string>()), c.id);
  c.exploitation = or_corrupt(core::parse_exploitation(r[4].as<std::string>()), c.id);
  c.reporter.name = r[5].as<std::string>();
  c.reporter.email = r[6].as<std::string>();
  c.reporter.credit = r[7].as<std::string>();
  c.reporter.anonymous = r[8].as<bool>();
  if (!r[9].is_null()) {
    c.reporter.deadline = or_corrupt(util::parse_date(r[9].as<std::string>()), c.id);
  }
  c.reporter.own_cve = r[10].as<std::string>();
  c.created_at = from_micros(r[11].as<std::int64_t>());
  c.updated_at = from_micros(r[12].as<std::int64_t>());
  if (!r[13].is_null()) {
    c.release_at = from_micros(r[13].as<std::int64_t>());
  }
  c.timeline_head = r[14].as<std::string>();
  c.timeline_count = r[15].as<std::int64_t>();
  c.reporter.key_fingerprint = r[16].as<std::string>();
  return c;
}

pqxx::result write_case(pqxx::transaction_base& txn, const std::string& sql, const Case& c) {
  return txn.exec_params(sql, c.id, c.title, std::string(core::to_string(c.state)),
                         std::string(core::to_string(c.impact)), std::string(core::to_string(c.exploitation)),
                         c.reporter.name, c.reporter.email, c.reporter.credit, c.reporter.anonymous,
                         c.reporter.deadline ? std::optional(util::format_date(*c.reporter.deadline)) : std::nullopt,
                         c.reporter.own_cve, ts_param(c.created_at), ts_param(c.updated_at), ts_param(c.release_at),
                         c.timeline_head, c.timeline_count, c.reporter.key_fingerprint);
}

core::Vulnerability read_vulnerability(const pqxx::row& r) {
  core::Vulnerability v;
  v.case_id = r[0].as<std::string>();
  v.ordinal = r[1].as<int>();
  v.title = r[2].as<std::string>();
  v.description = r[3].as<std::string>();
  v.identifier = r[4].as<std::string>();
  v.cwe = r[5].as<std::string>();
  v.affected = r[6].as<std::string>();
  v.fixed = r[7].as<std::string>();
  v.mitigation = r[8].as<std::string>();
  v.cvss = nlohmann::json::parse(r[9].as<std::string>()).get<std::vector<std::string>>();
  v.aliases = nlohmann::json::parse(r[10].as<std::string>()).get<std::vector<std::string>>();
  return v;
}

pqxx::result write_vulnerability(pqxx::transaction_base& txn, const std::string& sql, const core::Vulnerability& v) {
  return txn.exec_params(sql, v.case_id, v.ordinal, v.title, v.description, v.identifier, v.cwe, v.affected, v.fixed,
                         v.mitigation, nlohmann::json(v.cvss).dump(), nlohmann::json(v.aliases).dump());
}

}  // namespace

Result<int> PgTx::allocate_case_number(std::string_view prefix, int year) {
  TRY(require_writable());
  return guarded("case counter", [&]() -> Result<int> {
    // The upsert locks the (prefix, year) row until commit: numbers never collide.
    return m_txn
        .exec_params1(
            "INSERT INTO case_counters(prefix, year, last) VALUES ($1, $2, 1) "
            "ON CONFLICT (prefix, year) DO UPDATE SET last = case_counters.last + 1 RETURNING last",
            std::string(prefix), year)[0]
        .as<int>();
  });
}

Result<void> PgTx::insert_case(const Case& c) {
  TRY(require_writable());
  return guarded(fmt::format("case {}", c.id), [&]() -> Result<void> {
    auto r = write_case(m_txn,
                        "INSERT INTO cases(id, title, state, impact, exploitation, reporter_name, reporter_email, "
                        "reporter_credit, reporter_anonymous, reporter_deadline, reporter_cve, created_at, updated_at, "
                        "release_at, timeline_head, timeline_count, reporter_key) VALUES "
                        "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) ON CONFLICT (id) DO NOTHING "
                        "RETURNING 1",
                        c);
    if (r.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("case {} already exists", c.id));
    }
    return {};
  });
}

Result<void> PgTx::update_case(const Case& c) {
  TRY(require_writable());
  return guarded(fmt::format("case {}", c.id), [&]() -> Result<void> {
    auto r = write_case(m_txn,
                        "UPDATE cases SET title=$2, state=$3, impact=$4, exploitation=$5, reporter_name=$6, "
                        "reporter_email=$7, reporter_credit=$8, reporter_anonymous=$9, reporter_deadline=$10, "
                        "reporter_cve=$11, created_at=$12, updated_at=$13, release_at=$14, timeline_head=$15, "
                        "timeline_count=$16, reporter_key=$17 WHERE id=$1",
                        c);
    if (r.affected_rows() == 0) {
      return make_error(ErrorCode::not_found, fmt::format("case {} does not exist", c.id));
    }
    return {};
  });
}

Result<Case> PgTx::get_case(std::string_view id) {
  return guarded(fmt::format("case {}", id), [&]() -> Result<Case> {
    // In a write transaction the row stays locked until commit: whoever reads
    // a case to change it (and chain its timeline) queues behind the others.
    auto r = m_txn.exec_params(
        fmt::format("SELECT {} FROM cases WHERE id = $1{}", case_columns(), m_writable ? " FOR UPDATE" : ""),
        std::string(id));
    if (r.empty()) {
      return make_error(ErrorCode::not_found, fmt::format("case {} does not exist", id));
    }
    return read_case(r[0]);
  });
}

Result<std::vector<Case>> PgTx::list_cases(const core::CaseFilter& filter) {
  return guarded("cases", [&]() -> Result<std::vector<Case>> {
    auto r = m_txn.exec_params(
        fmt::format("SELECT {} FROM cases WHERE ($1::text IS NULL OR state = $1) ORDER BY id LIMIT $2", case_columns()),
        filter.state ? std::optional(std::string(core::to_string(*filter.state))) : std::nullopt,
        filter.limit == 0 ? std::nullopt : std::optional(static_cast<std::int64_t>(filter.limit)));
    std::vector<Case> cases;
    cases.reserve(r.size());
    for (const auto& row : r) {
      cases.push_back(read_case(row));
    }
    return cases;
  });
}

Result<std::int64_t> PgTx::change_counter() {
  return guarded("change counter", [&]() -> Result<std::int64_t> {
    return m_txn.exec("SELECT n FROM change_counter")[0][0].as<std::int64_t>();
  });
}

Result<void> PgTx::insert_vulnerability(const core::Vulnerability& v) {
  TRY(require_writable());
  return guarded(fmt::format("vulnerability {} of {}", v.ordinal, v.case_id), [&]() -> Result<void> {
    write_vulnerability(m_txn,
                        "INSERT INTO vulnerabilities(case_id, ordinal, title, description, identifier, cwe, affected, "
                        "fixed, mitigation, cvss, aliases) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::jsonb,$11::jsonb)",
                        v);
    return {};
  });
}

Result<void> PgTx::update_vulnerability(const core::Vulnerability& v) {
  TRY(require_writable());
  return guarded(fmt::format("vulnerability {} of {}", v.ordinal, v.case_id), [&]() -> Result<void> {
    auto r = write_vulnerability(m_txn,
                                 "UPDATE vulnerabilities SET title=$3, description=$4, identifier=$5, cwe=$6, "
                                 "affected=$7, fixed=$8, mitigation=$9, cvss=$10::jsonb, aliases=$11::jsonb "
                                 "WHERE case_id=$1 AND ordinal=$2",
                                 v);
    if (r.affected_rows() == 0) {
      return make_error(ErrorCode::not_found,
                        fmt::format("vulnerability {} of {} does not exist", v.ordinal, v.case_id));
    }
    return {};
  });
}

Result<std::vector<core::Vulnerability>> PgTx::list_vulnerabilities(std::string_view case_id) {
  return guarded(fmt::format("vulnerabilities of {}", case_id), [&]() -> Result<std::vector<core::Vulnerability>> {
    auto r = m_txn.exec_params(
        "SELECT case_id, ordinal, title, description, identifier, cwe, affected, fixed, "
        "mitigation, cvss::text, aliases::text FROM vulnerabilities WHERE case_id = $1 ORDER BY ordinal",
        std::string(case_id));
    std::vector<core::Vulnerability> out;
    for (const auto& row : r) {
      out.push_back(read_vulnerability(row));
    }
    return out;
  });
}

Result<void> PgTx::insert_source_record(const core::SourceRecord& s) {
  TRY(require_writable());
  return guarded(fmt::format("source record of {} vulnerability {}", s.case_id, s.ordinal), [&]() -> Result<void> {
    m_txn.exec_params(
        "INSERT INTO source_records(case_id, ordinal, format, document, snapshot, imported_at) "
        "VALUES ($1,$2,$3,$4,$5,$6)",
        s.case_id, s.ordinal, s.format, s.document, s.snapshot, ts_param(s.imported_at));
    return {};
  });
}

Result<std::optional<core::SourceRecord>> PgTx::find_source_record(std::string_view case_id, int ordinal) {
  using Found = std::optional<core::SourceRecord>;
  return guarded(fmt::format("source record of {} vulnerability {}", case_id, ordinal), [&]() -> Result<Found> {
    auto r = m_txn.exec_params(fmt::format("SELECT format, document, snapshot, {} FROM source_records "
                                           "WHERE case_id = $1 AND ordinal = $2",
                                           micros("imported_at")),
                               std::string(case_id), ordinal);
    if (r.empty()) {
      return Found();
    }
    core::SourceRecord s;
    s.case_id = std::string(case_id);
    s.ordinal = ordinal;
    s.format = r[0][0].as<std::string>();
    s.document = r[0][1].as<std::string>();
    s.snapshot = r[0][2].as<std::string>();
    s.imported_at = from_micros(r[0][3].as<std::int64_t>());
    return Found(std::move(s));
  });
}

}  // namespace embargo::storage::postgres
