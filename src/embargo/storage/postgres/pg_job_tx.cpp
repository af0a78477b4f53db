// PgTx: the release scheduler's jobs (core/job.hpp), and PgStore::claim_job,
// which takes a due job's row with FOR UPDATE SKIP LOCKED so that nodes
// claiming at the same moment each get a different job, never the same one.

#include <fmt/format.h>
#include <pqxx/except>
#include <pqxx/pqxx>

#include <embargo/storage/postgres/pg_store.hpp>
#include <embargo/storage/postgres/pg_tx.hpp>

namespace embargo::storage::postgres {

namespace {

using core::Job;

std::string job_select(std::string_view alias) {
  return fmt::format(
      "SELECT {0}.id, {0}.case_id, {0}.kind, {1}, {0}.depends_on, {0}.state, {0}.attempts, "
      "{0}.lease_owner, {2}, {0}.result, {0}.last_error FROM jobs {0} ",
      alias, micros(fmt::format("{}.due_at", alias)), micros(fmt::format("{}.lease_until", alias)));
}

Result<Job> read_job(const pqxx::row& r) {
  Job j;
  j.id = r[0].as<std::int64_t>();
  j.case_id = r[1].as<std::string>();
  j.kind = r[2].as<std::string>();
  j.due_at = from_micros(r[3].as<std::int64_t>());
  TRY_ASSIGN(j.depends_on, core::split_job_ids(r[4].as<std::string>()));
  TRY_ASSIGN(j.state, core::parse_job_state(r[5].as<std::string>()));
  j.attempts = r[6].as<int>();
  j.lease_owner = r[7].as<std::string>();
  if (!r[8].is_null()) {
    j.lease_until = from_micros(r[8].as<std::int64_t>());
  }
  j.result = r[9].as<std::string>();
  j.last_error = r[10].as<std::string>();
  return j;
}

Result<std::vector<Job>> read_jobs(const pqxx::result& rows) {
  std::vector<Job> out;
  for (const auto& row : rows) {
    TRY_ASSIGN(Job j, read_job(row));
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

Result<std::int64_t> PgTx::insert_job(const Job& j) {
  TRY(require_writable());
  return guarded(fmt::format("job of {}", j.case_id), [&]() -> Result<std::int64_t> {
    return m_txn
        .exec_params1(
            "INSERT INTO jobs(case_id, kind, due_at, depends_on, state, attempts, lease_owner, "
            "lease_until, result, last_error) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
            j.case_id, j.kind, ts_param(j.due_at), core::join_job_ids(j.depends_on),
            std::string(core::to_string(j.state)), j.attempts, j.lease_owner, ts_param(j.lease_until), j.result,
            j.last_error)[0]
        .as<std::int64_t>();
  });
}

Result<void> PgTx::update_job(const Job& j) {
  TRY(require_writable());
  return guarded(fmt::format("job {}", j.id), [&]() -> Result<void> {
    auto r = m_txn.exec_params(
        "UPDATE jobs SET case_id=$2, kind=$3, due_at=$4, depends_on=$5, state=$6, attempts=$7, lease_owner=$8, "
        "lease_until=$9, result=$10, last_error=$11 WHERE id=$1",
        j.id, j.case_id, j.kind, ts_param(j.due_at), core::join_job_ids(j.depends_on),
        std::string(core::to_string(j.state)), j.attempts, j.lease_owner, ts_param(j.lease_until), j.result,
        j.last_error);
    if (r.affected_rows() == 0) {
      return make_error(ErrorCode::not_found, fmt::format("job {} does not exist", j.id));
    }
    return {};
  });
}

Result<Job> PgTx::get_job(std::int64_t id) {
  TRY_ASSIGN(pqxx::result r, guarded(fmt::format("job {}", id), [&]() -> Result<pqxx::result> {
               return m_txn.exec_params(job_select("j") + "WHERE j.id = $1", id);
             }));
  if (r.empty()) {
    return make_error(ErrorCode::not_found, fmt::format("job {} does not exist", id));
  }
  return read_job(r[0]);
}

Result<std::vector<Job>> PgTx::list_jobs(std::string_view case_id) {
  TRY_ASSIGN(pqxx::result r, guarded("jobs", [&]() -> Result<pqxx::result> {
               if (case_id.empty()) {
                 return m_txn.exec(job_select("j") + "ORDER BY j.due_at, j.id");
               }
               return m_txn.exec_params(job_select("j") + "WHERE j.case_id = $1 ORDER BY j.due_at, j.id",
                                        std::string(case_id));
             }));
  return read_jobs(r);
}

Result<std::optional<Job>> PgTx::claim_job(const core::ClaimRequest& request) {
  TRY(require_writable());
  TRY_ASSIGN(pqxx::result r, guarded("claiming a job", [&]() -> Result<pqxx::result> {
               return m_txn.exec_params(
                   job_select("j") +
                       "WHERE ((j.state = 'pending' AND j.due_at <= $1::timestamptz) OR "
                       "(j.state = 'running' AND j.lease_until < $1::timestamptz)) "
                       "AND NOT EXISTS (SELECT 1 FROM jobs d WHERE d.id = ANY(string_to_array(j.depends_on, ',')"
                       "::bigint[]) AND d.state <> 'done') "
                       "ORDER BY j.due_at, j.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED",
                   ts_param(request.now));
             }));
  if (r.empty()) {
    return std::optional<Job>();
  }
  TRY_ASSIGN(Job job, read_job(r[0]));
  core::apply_claim(job, request);
  TRY(update_job(job));
  return std::optional<Job>(std::move(job));
}

Result<std::optional<Job>> PgStore::claim_job(const core::ClaimRequest& request) {
  std::lock_guard lock(m_mutex);
  Result<std::optional<Job>> result = claim_once(request);
  if (!result && !m_conn) {  // lost the connection: once more on a new one
    result = claim_once(request);
  }
  return result;
}

Result<std::optional<Job>> PgStore::claim_once(const core::ClaimRequest& request) {
  if (!m_conn || !m_conn->is_open()) {
    TRY(connect());
  }
  try {
    pqxx::transaction<pqxx::isolation_level::read_committed, pqxx::read_write> txn(*m_conn);
    PgTx tx(txn, true, m_outbox_seal);
    auto claimed = tx.claim_job(request);
    if (!claimed) {
      txn.abort();
      return claimed;
    }
    txn.commit();
    return claimed;
  } catch (const pqxx::broken_connection& e) {
    m_conn.reset();
    return make_error(ErrorCode::io_error, fmt::format("claiming a job: connection lost: {}", e.what()));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::io_error, fmt::format("claiming a job: {}", e.what()));
  }
}

}  // namespace embargo::storage::postgres
