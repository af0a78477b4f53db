// The release scheduler's jobs in SqliteTx (core/job.hpp). Claiming is
// Store::claim_job's default: inside SQLite's BEGIN IMMEDIATE write, which
// already excludes every other writer, process or thread.

#include <stdexcept>

#include <fmt/format.h>

#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/storage/sqlite/sqlite_tx.hpp>

namespace embargo::storage::sqlite {

namespace {

using core::Job;

constexpr std::string_view k_job_columns =
    "id, case_id, kind, due_at, depends_on, state, attempts, lease_owner, lease_until, result, last_error";

template <typename T>
T job_or_corrupt(Result<T> r, std::int64_t id) {
  if (!r) {
    throw std::runtime_error(fmt::format("corrupt store: job {}: {}", id, r.error().message()));
  }
  return std::move(*r);
}

Job read_job(const Statement& s) {
  Job j;
  j.id = s.column_int(0);
  j.case_id = s.column_text(1);
  j.kind = s.column_text(2);
  j.due_at = job_or_corrupt(util::parse_timestamp(s.column_view(3)), j.id);
  j.depends_on = job_or_corrupt(core::split_job_ids(s.column_view(4)), j.id);
  j.state = job_or_corrupt(core::parse_job_state(s.column_view(5)), j.id);
  j.attempts = static_cast<int>(s.column_int(6));
  j.lease_owner = s.column_text(7);
  if (!s.column_is_null(8)) {
    j.lease_until = job_or_corrupt(util::parse_timestamp(s.column_view(8)), j.id);
  }
  j.result = s.column_text(9);
  j.last_error = s.column_text(10);
  return j;
}

// Binds ?2..?11 (everything but the id).
void bind_job(Statement& s, const Job& j) {
  s.bind(2, j.case_id).bind(3, j.kind).bind(4, util::format_timestamp(j.due_at));
  s.bind(5, core::join_job_ids(j.depends_on)).bind(6, core::to_string(j.state));
  s.bind(7, std::int64_t{j.attempts}).bind(8, j.lease_owner);
  s.bind_optional(9, j.lease_until ? std::optional(util::format_timestamp(*j.lease_until)) : std::nullopt);
  s.bind(10, j.result).bind(11, j.last_error);
}

Result<std::vector<Job>> collect_jobs(Statement* s) {
  std::vector<Job> out;
  while (true) {
    TRY_ASSIGN(bool row, s->step());
    if (!row) {
      break;
    }
    try {
      out.push_back(read_job(*s));
    } catch (const std::runtime_error& e) {
      (void)s->reset();
      return make_error(ErrorCode::corruption, e.what());
    }
  }
  TRY(s->reset());
  return out;
}

}  // namespace

Result<std::int64_t> SqliteTx::insert_job(const Job& job) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("INSERT INTO jobs(case_id, kind, due_at, depends_on, state, attempts, "
                                           "lease_owner, lease_until, result, last_error) "
                                           "VALUES (?2,?3,?4,?5,?6,?7,?8,?9,?10,?11) RETURNING id"));
  bind_job(*s, job);
  TRY_ASSIGN(bool row, s->step());
  std::int64_t id = row ? s->column_int(0) : 0;
  TRY(s->reset());
  if (!row) {
    return make_error(ErrorCode::io_error, fmt::format("job of {}: no id returned", job.case_id));
  }
  return id;
}

Result<void> SqliteTx::update_job(const Job& job) {
  TRY(require_writable());
  TRY_ASSIGN(Statement * s, m_store.cached("UPDATE jobs SET case_id=?2, kind=?3, due_at=?4, depends_on=?5, state=?6, "
                                           "attempts=?7, lease_owner=?8, lease_until=?9, result=?10, last_error=?11 "
                                           "WHERE id=?1"));
  s->bind(1, job.id);
  bind_job(*s, job);
  TRY(s->run());
  if (m_store.database().changes() == 0) {
    return make_error(ErrorCode::not_found, fmt::format("job {} does not exist", job.id));
  }
  return {};
}

Result<Job> SqliteTx::get_job(std::int64_t id) {
  TRY_ASSIGN(Statement * s, m_store.cached(fmt::format("SELECT {} FROM jobs WHERE id = ?1", k_job_columns)));
  s->bind(1, id);
  TRY_ASSIGN(auto rows, collect_jobs(s));
  if (rows.empty()) {
    return make_error(ErrorCode::not_found, fmt::format("job {} does not exist", id));
  }
  return std::move(rows.front());
}

Result<std::vector<Job>> SqliteTx::list_jobs(std::string_view case_id) {
  if (case_id.empty()) {
    TRY_ASSIGN(Statement * s, m_store.cached(fmt::format("SELECT {} FROM jobs ORDER BY due_at, id", k_job_columns)));
    return collect_jobs(s);
  }
  TRY_ASSIGN(Statement * s,
             m_store.cached(fmt::format("SELECT {} FROM jobs WHERE case_id = ?1 ORDER BY due_at, id", k_job_columns)));
  s->bind(1, case_id);
  return collect_jobs(s);
}

}  // namespace embargo::storage::sqlite
