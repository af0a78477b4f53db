#include <embargo/core/store.hpp>

namespace embargo::core {

Result<std::vector<TimelineEntry>> load_timeline(StoreTx& tx, std::string_view case_id) {
  std::vector<TimelineEntry> entries;
  TRY(tx.for_each_timeline_entry(case_id, [&](const TimelineEntry& e) -> Result<void> {
    entries.push_back(e);
    return {};
  }));
  return entries;
}

}  // namespace embargo::core

namespace embargo::core {

Result<std::optional<Job>> Store::claim_job(const ClaimRequest& request) {
  std::optional<Job> claimed;
  TRY(write([&](StoreTx& tx) -> Result<void> {
    claimed.reset();
    TRY_ASSIGN(std::vector<Job> all, tx.list_jobs(""));
    for (Job& job : all) {  // ordered by due_at, id
      if (job_claimable(job, all, request.now)) {
        apply_claim(job, request);
        TRY(tx.update_job(job));
        claimed = job;
        return {};
      }
    }
    return {};
  }));
  return claimed;
}

}  // namespace embargo::core
