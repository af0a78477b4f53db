#pragma once

// The job runner of embargod (issue 11): a thread that claims due jobs from
// the store (Store::claim_job: exactly one node gets each) and runs them.
//
// A job runs in two halves (release_step.hpp): the optional act, outside any
// write transaction with a read-only view (an idempotent side effect on the
// world), then the step, in the write transaction that checks the lease is
// still ours, marks the job done and records a timeline entry, so the store
// side of a job is done once or not at all. While it runs a second thread
// renews the lease every lease/3; a node that dies stops renewing and another
// node takes the job over when the lease has expired. A step that fails is retried later
// (retry_delay) until max_attempts claims, then the job is failed.
//
// Time comes from the injectable Clock; between looks the thread sleeps
// `poll`, so that a due job starts within `poll` (plus the time the jobs
// before it take) of its time, also when another process added it.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <embargo/core/case_service.hpp>
#include <embargo/core/job.hpp>
#include <embargo/core/store.hpp>

namespace embargo::scheduler {

struct RunnerOptions {
  std::string owner;                     // unique per process: host:pid:random
  std::chrono::seconds lease{30};        // how long a claim lasts unless renewed
  std::chrono::milliseconds poll{250};   // longest sleep between looks
  std::chrono::seconds retry_delay{10};  // after a failed step
  int max_attempts = 5;
  // Called (in the runner's thread) after a job's step was committed, e.g.
  // to wake embargod's outbox flush for the mail a step queued.
  std::function<void(const core::Job&)> after_commit;
  // Where the lease is renewed while a job runs; null: the runner's store.
  // A store runs one transaction at a time, and the act half holds a read
  // transaction open while it works: give the renewals a connection of
  // their own when an act may outlast a third of the lease (a
  // [[publish.steps]] command, scheduler/step_command.hpp).
  core::Store* renew_store = nullptr;
};

// A unique owner name for this process.
std::string default_owner();

// Does a claimed job's step inside the transaction that marks it done
// (ReleaseSteps::record); returns what it did.
using StepFunction = std::function<Result<std::string>(core::StoreTx&, const core::Job&)>;
// The side effect before it, with a read-only view (ReleaseSteps::act).
using ActFunction = std::function<Result<std::string>(core::StoreTx& view, const core::Job&)>;

class JobRunner {
 public:
  // All must outlive the runner.
  JobRunner(core::Store& store, const core::CaseService& service, const util::Clock& clock, StepFunction step,
            RunnerOptions options, ActFunction act = nullptr);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Claims and runs due jobs until none is due. Returns how many ran.
  Result<int> run_due();
  // Starts / stops the background thread (stop waits for the current job).
  void start();
  void stop();

 private:
  Result<void> run_claimed(const core::Job& job);
  Result<void> finish(const core::Job& job);
  // An error only when the lease is lost or the store fails; the action's own
  // failure goes to `failure` (the job is given back).
  Result<std::string> act(const core::Job& claimed, std::string& failure);
  Result<void> give_back(const core::Job& claimed, const std::string& failure);
  void renew_until_done(std::int64_t id, const bool& done, std::mutex& m, std::condition_variable& cv);
  void loop();

  core::Store& m_store;
  const core::CaseService& m_service;
  const util::Clock& m_clock;
  StepFunction m_step;
  ActFunction m_act;
  RunnerOptions m_options;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  std::thread m_thread;
};

}  // namespace embargo::scheduler
