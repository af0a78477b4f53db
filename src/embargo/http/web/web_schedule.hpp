#pragma once

// The release schedule where people look (issue 21): the case page's "Schedule" section and
// GET /api/v1/cases/{id}'s `schedule` (scheduler/schedule_view.hpp: each step with its due
// time, state, skip reason, attempts and last error), what in it disagrees with the stored
// plan (old data: shown as a banner and as `schedule_disagrees`), and each case's next due
// step for /cases and GET /api/v1/cases.
//
// What "disagrees" means: a pending step whose due time is not the stored plan's time for its
// plan step (scheduler::due_step_of maps each step kind to its plan step; a kind it does not
// know is not compared), a pending step whose plan step the stored plan lacks, pending steps
// without any stored plan, and the case's release time differing from the plan's release.
// Steps done, failed, cancelled or running are history, never a disagreement.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/job.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/store.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/scheduler/schedule_view.hpp>

namespace embargo::http {

struct CaseSchedule {
  std::vector<scheduler::ScheduleRow> rows;  // in due order
  std::vector<std::string> disagrees;        // one line each; empty: the schedule follows the plan
};

// What in `rows` and `c` disagrees with `stored` (see above). Pure.
std::vector<std::string> schedule_disagreements(const std::vector<scheduler::ScheduleRow>& rows, const core::Case& c,
                                                const std::optional<core::planner::StoredPlan>& stored);

// The schedule of case `c` under `settings` (the case's project's; null config: the defaults)
// and what disagrees with `stored`. Reads only.
Result<CaseSchedule> case_schedule(core::StoreTx& tx, const CasePageSettings& settings, const core::Case& c,
                                   const std::optional<core::planner::StoredPlan>& stored);

// The "Schedule" section: the banner (a warning paragraph naming each disagreement) and a
// table of the steps, each due time in UTC and in `zone_names` (unknown names are left out:
// the plan section names them). Nothing scheduled: says so.
std::string schedule_section(const CaseSchedule& schedule, const std::vector<std::string>& zone_names);

// The lists' disclosure duties of `c` (notice/disclosure_duties.hpp) under `settings` (none
// without a configuration), and the "Disclosure duties" section: one row per duty with its
// state, list, why and due time; nothing when there are none.
Result<std::vector<notice::Duty>> case_duties(core::StoreTx& tx, const CasePageSettings& settings,
                                              const core::Case& c, util::Timestamp now);
std::string duties_section(const std::vector<notice::Duty>& duties);

// Each case's earliest pending step, keyed by case id, from one list_jobs of every case (the
// store's order: due_at, then id). A case with nothing pending is absent.
using NextSteps = std::map<std::string, core::Job, std::less<>>;
Result<NextSteps> next_due_steps(core::StoreTx& tx);

}  // namespace embargo::http
