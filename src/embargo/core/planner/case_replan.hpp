#pragma once

// The stored plan is the single source of truth for release day (issue 21).
// Storing a new plan for a case (save_case_plan with SaveOptions; the plain
// save_case_plan of case_plan.hpp is the same with no override) moves, in
// the same transaction, every pending release step (through the process's
// PlanFollower, scheduler/plan_follower.hpp) and the download window, queues
// the date-change notices, and records what moved. A new plan starts from
// what already happened (plan_history, propose_from_history): steps done
// keep their recorded times and the rules are checked against them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/case_service.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/planner/planner.hpp>

namespace embargo::core::planner {

// The plan steps that already happened, at the instants they happened.
struct DoneSteps {
  std::optional<util::Timestamp> advance_notice;
  std::optional<util::Timestamp> fix_to_packagers;
  std::optional<util::Timestamp> heads_up;
  std::optional<util::Timestamp> release;

  std::optional<util::Timestamp> at(Step step) const;
  std::optional<util::Timestamp>& at(Step step);
  bool any() const { return advance_notice || fix_to_packagers || heads_up || release; }
};

// Event::why of a step that already happened.
inline constexpr std::string_view k_done_why = "done: already happened";

// How a plan is stored. A plan with objections (plan_objections) is refused
// unless `override_rules` with a `why` (both recorded on the timeline).
struct SaveOptions {
  bool override_rules = false;
  std::string why;
  // The reason the lists are given when the release moves after they were
  // told (the date-change notice); empty: "the release date was changed".
  std::string reason;
};

// One thing a new plan moved: a release step ("notice-fix"), the download
// window ("download window opens"), or a step dropped (`to` unset).
struct StepMove {
  std::string what;
  util::Timestamp from{};
  std::optional<util::Timestamp> to;

  // "notice-fix 2026-12-08 14:00 UTC -> 2026-12-14 14:00 UTC".
  std::string describe() const;
};

// What a stored plan changed besides itself.
struct PlanFollowUp {
  std::vector<StepMove> moves;
  std::vector<std::string> notes;  // e.g. "date-change notice queued for distros <id>"
};

// The release schedule as the plan sees it (core cannot see the release
// steps; scheduler::ReleasePlanFollower implements it). Thread-safe.
class PlanFollower {
 public:
  virtual ~PlanFollower() = default;
  // The plan steps the schedule carried out, each at the time it was due
  // (a step counts as done once one of its release steps is done).
  virtual Result<DoneSteps> done_steps(StoreTx& tx, const Case& c) const = 0;
  // Moves the case's pending release steps to `plan` (cancels those of a
  // step it no longer has) and queues what the lists must be told, in `tx`.
  // Conflict naming the step when one whose time would change is running.
  virtual Result<PlanFollowUp> follow(StoreTx& tx, const Case& c, const Plan& old_plan, const Plan& plan,
                                      const SaveOptions& options, util::Timestamp now) const = 0;
};

// The process's follower: embargod and the command line set one at start
// (before any thread uses it); tests set and reset it. Returns the previous.
// Null: a case with live release steps refuses a new plan (Conflict).
const PlanFollower* set_plan_follower(const PlanFollower* follower);
const PlanFollower* plan_follower();

// What already happened on the case: the notices sent to lists (advance,
// fix, heads-up, release: the first one's time) and the release steps done
// (plan_follower()). A fix notice also counts as the advance notice.
Result<DoneSteps> plan_history(StoreTx& tx, const Case& c);

// The planner's proposal starting from `done`: done steps keep their times,
// the rest is planned after `request.now`, and the rules are checked against
// the real times (the distros maximum counts from the advance notice really
// sent). Without a fixed release, the earliest release day (at or after the
// planner's own choice, within policy.search_days) whose plan passes.
Plan propose_from_history(const Planner& planner, const ProposeRequest& request, const DoneSteps& done);

// Why `plan` may not be stored now, one line per problem naming the step or
// rule: a failing rule, a step not done that is in the past, a done step
// the plan moves. Empty: it may be stored without an override.
std::vector<std::string> plan_objections(const Plan& plan, const DoneSteps& done, util::Timestamp now);

struct SavedPlan {
  StoredPlan stored;
  PlanFollowUp follow_up;
};

// Stores `plan` as the case's current plan, sets Case::release_at, moves
// the schedule (plan_follower()) and the download window (its opening while
// not yet open; its release), and records a "plan" entry (with the override
// and its objections) and a "release-moved" entry listing the moves, all in
// `tx`. Errors, with nothing changed: Conflict when the case is public,
// closed or rejected, when it has live release steps and no follower is
// set, or when the follower refuses; InvalidArgument when the plan has no
// release, when an override has no why, or when plan_objections has
// something to say without an override (the message lists it).
Result<SavedPlan> save_case_plan(const CaseService& service, StoreTx& tx, std::string_view case_id, const Plan& plan,
                                 std::string_view actor, util::Timestamp now, const SaveOptions& options);

}  // namespace embargo::core::planner
