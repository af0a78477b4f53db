#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <embargo/scheduler/fault_point.hpp>
#include <embargo/scheduler/job_runner.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::scheduler {

using core::Job;
using core::JobState;

std::string default_owner() {
  char host[256] = {};
  (void)gethostname(host, sizeof host - 1);
  return fmt::format("{}:{}:{}", host, getpid(), util::random_secret(6));
}

JobRunner::JobRunner(core::Store& store, const core::CaseService& service, const util::Clock& clock, StepFunction step,
                     RunnerOptions options, ActFunction act)
    : m_store(store),
      m_service(service),
      m_clock(clock),
      m_step(std::move(step)),
      m_act(std::move(act)),
      m_options(std::move(options)) {
  if (m_options.owner.empty()) {
    m_options.owner = default_owner();
  }
}

JobRunner::~JobRunner() {
  stop();
}

Result<int> JobRunner::run_due() {
  int ran = 0;
  while (true) {
    core::ClaimRequest request{m_options.owner, m_clock.now(), m_options.lease};
    TRY_ASSIGN(std::optional<Job> job, m_store.claim_job(request));
    if (!job) {
      return ran;
    }
    fault_point(fmt::format("claimed job {} ({})", job->id, job->kind));
    if (auto r = run_claimed(*job); !r && r.error().code() != ErrorCode::conflict) {
      return tl::unexpected(r.error());
    }
    ++ran;
  }
}

Result<void> JobRunner::run_claimed(const Job& job) {
  bool done = false;
  std::mutex m;
  std::condition_variable cv;
  std::thread renewer([&] { renew_until_done(job.id, done, m, cv); });
  Result<void> result = finish(job);
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  renewer.join();
  return result;
}

// The act half, in a read transaction, after checking the lease is ours.
// A step's own Conflict (a refused push) is its failure, not a lost lease.
Result<std::string> JobRunner::act(const Job& claimed, std::string& failure) {
  std::string acted;
  TRY(m_store.read([&](core::StoreTx& view) -> Result<void> {
    TRY_ASSIGN(Job job, view.get_job(claimed.id));
    if (job.state != JobState::running || job.lease_owner != m_options.owner) {
      return make_error(ErrorCode::conflict, fmt::format("job {}: lease lost to {}", job.id, job.lease_owner));
    }
    Result<std::string> r = m_act(view, job);
    if (!r) {
      failure = r.error().message().empty() ? std::string("the step's action failed") : r.error().message();
      return {};
    }
    acted = std::move(*r);
    return {};
  }));
  if (!acted.empty()) {  // the claim was the boundary before it
    fault_point(fmt::format("after the action of job {} ({})", claimed.id, claimed.kind));
  }
  return acted;
}

// Acts, then runs the step and marks the job done in one transaction; if
// either fails, give_back records the error.
Result<void> JobRunner::finish(const Job& claimed) {
  std::string acted;
  if (m_act) {
    std::string failed;
    Result<std::string> r = act(claimed, failed);
    if (!r) {
      return r.error().code() == ErrorCode::conflict ? tl::unexpected(r.error())
                                                     : give_back(claimed, r.error().message());
    }
    if (!failed.empty()) {
      return give_back(claimed, failed);
    }
    acted = std::move(*r);
  }
  std::string failure;
  Result<void> written = m_store.write([&](core::StoreTx& tx) -> Result<void> {
    failure.clear();
    TRY_ASSIGN(Job job, tx.get_job(claimed.id));
    if (job.state != JobState::running || job.lease_owner != m_options.owner) {
      return make_error(ErrorCode::conflict, fmt::format("job {}: lease lost to {}", job.id, job.lease_owner));
    }
    fault_point(fmt::format("before the step of job {} ({})", job.id, job.kind));
    Result<std::string> outcome = m_step(tx, job);
    if (!outcome) {
      failure = outcome.error().message();
      return tl::unexpected(outcome.error());
    }
    job.state = JobState::done;
    job.result = acted.empty() || outcome->empty() ? acted + *outcome : acted + "; " + *outcome;
    job.lease_until.reset();
    TRY(tx.update_job(job));
    TRY_ASSIGN(core::Case c, tx.get_case(job.case_id));
    nlohmann::json data = {{"job", job.id}, {"kind", job.kind}, {"attempts", job.attempts}, {"node", job.lease_owner}};
    return m_service.record(tx, c, entry::k_step_done, fmt::format("release step {} done: {}", job.kind, job.result),
                            "embargod", data.dump());
  });
  if (written) {
    fault_point(fmt::format("after job {} ({}) was committed", claimed.id, claimed.kind));
    if (m_options.after_commit) {
      m_options.after_commit(claimed);
    }
  }
  if (written || failure.empty()) {
    return written;
  }
  return give_back(claimed, failure);
}

// Records `failure` and returns the job to pending (retried after
// retry_delay), or fails it after max_attempts claims.
Result<void> JobRunner::give_back(const Job& claimed, const std::string& failure) {
  return m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(Job job, tx.get_job(claimed.id));
    if (job.state != JobState::running || job.lease_owner != m_options.owner) {
      return {};
    }
    job.last_error = failure;
    job.lease_until.reset();
    job.state = job.attempts >= m_options.max_attempts ? JobState::failed : JobState::pending;
    job.due_at = m_clock.now() + std::chrono::duration_cast<std::chrono::microseconds>(m_options.retry_delay);
    return tx.update_job(job);
  });
}

void JobRunner::renew_until_done(std::int64_t id, const bool& done, std::mutex& m, std::condition_variable& cv) {
  const auto every = std::chrono::duration_cast<std::chrono::milliseconds>(m_options.lease) / 3;
  std::unique_lock lock(m);
  while (!cv.wait_for(lock, every, [&] { return done; })) {
    lock.unlock();
    core::Store& store = m_options.renew_store != nullptr ? *m_options.renew_store : m_store;
    (void)store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(Job job, tx.get_job(id));
      if (job.state != JobState::running || job.lease_owner != m_options.owner) {
        return {};
      }
      job.lease_until = m_clock.now() + std::chrono::duration_cast<std::chrono::microseconds>(m_options.lease);
      return tx.update_job(job);
    });
    lock.lock();
  }
}

void JobRunner::start() {
  m_thread = std::thread([this] { loop(); });
}

void JobRunner::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void JobRunner::loop() {
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    lock.unlock();
    if (auto ran = run_due(); !ran) {
      std::cerr << "embargod: scheduler: " << ran.error().message() << '\n';
    }
    lock.lock();
    m_wake.wait_for(lock, m_options.poll, [&] { return m_stopping; });
  }
}

}  // namespace embargo::scheduler
