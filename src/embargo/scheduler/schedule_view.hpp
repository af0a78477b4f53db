#pragma once

// A case's release schedule as people see it (`embargo release status`, and
// for the case page and GET /api/v1/cases/{id}): each step with its due
// time, its state, attempts and last error, and for a pending step that will
// do nothing, why ("skipped (publish.cve is false)") instead of "pending".

#include <optional>
#include <string>
#include <vector>

#include <embargo/config/config_file.hpp>
#include <embargo/core/job.hpp>
#include <embargo/core/store.hpp>

namespace embargo::scheduler {

struct ScheduleRow {
  core::Job job;
  // Set for a pending or running step that will do nothing: an empty list,
  // an unset target, publish.cve false, every list already given this notice.
  std::optional<std::string> skipped_why;

  // "pending", "running", "done", "failed", "cancelled", or
  // "skipped (why)" for a pending step with skipped_why.
  std::string state_text() const;
};

// The case's jobs in due order, with the skip reasons under `settings` (the
// case's project's).
Result<std::vector<ScheduleRow>> schedule_view(core::StoreTx& tx, const config::ConfigFile& settings,
                                               std::string_view case_id);

}  // namespace embargo::scheduler
