#pragma once

// The release scheduler's job queue (issue 11): each step of a release is a
// job with its due time, the jobs it waits for, and what became of it. The
// store keeps them (StoreTx insert_job ... and Store::claim_job); the
// scheduler/ folder runs them.
//
// States: pending -> running (claimed by one node, which holds a lease it
// renews while the job runs) -> done | failed; pending -> cancelled (abort).
// A running job whose lease has expired (its node died) is claimed again by
// the next node that looks.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::core {

enum class JobState { pending, running, done, failed, cancelled };
std::string_view to_string(JobState state);
Result<JobState> parse_job_state(std::string_view text);

struct Job {
  std::int64_t id = 0;  // assigned by the store
  std::string case_id;
  std::string kind;  // scheduler/release_jobs.hpp names them
  util::Timestamp due_at{};
  std::vector<std::int64_t> depends_on;  // ids of jobs that must be done first
  JobState state = JobState::pending;
  int attempts = 0;  // times it was claimed
  std::string lease_owner;
  std::optional<util::Timestamp> lease_until;
  std::string result;  // what the job did (its last run's answer)
  std::string last_error;

  friend bool operator==(const Job&, const Job&) = default;
};

// "1,2,3" <-> {1, 2, 3} (how the stores keep depends_on). Corruption on junk.
std::string join_job_ids(const std::vector<std::int64_t>& ids);
Result<std::vector<std::int64_t>> split_job_ids(std::string_view text);

// True when `job` may be claimed at `now`: pending and due, or running with an
// expired lease; and every job it depends on (looked up in `all`) is done.
bool job_claimable(const Job& job, const std::vector<Job>& all, util::Timestamp now);

// What a node asks for when it claims a job.
struct ClaimRequest {
  std::string owner;  // node name, unique per process
  util::Timestamp now{};
  std::chrono::seconds lease{30};
};

// Marks `job` claimed per `request` (running, owner, lease, attempts + 1).
void apply_claim(Job& job, const ClaimRequest& request);

}  // namespace embargo::core
