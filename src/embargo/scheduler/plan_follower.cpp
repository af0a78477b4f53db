#include <algorithm>

#include <date/date.h>
#include <fmt/format.h>

#include <embargo/config/project_settings.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/mail/notice_mailer.hpp>
#include <embargo/scheduler/fault_point.hpp>
#include <embargo/scheduler/plan_follower.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::scheduler {

namespace {

using core::Job;
using core::JobState;
namespace planner = core::planner;

constexpr std::string_view k_date_change = "date-change";

std::string minute_text(util::Timestamp t) {
  return date::format("%a %F %H:%M UTC", std::chrono::floor<std::chrono::minutes>(t));
}

std::optional<util::Timestamp> new_due(const std::vector<Job>& targets, std::string_view kind) {
  for (const Job& t : targets) {
    if (t.kind == kind) {
      return t.due_at;
    }
  }
  return std::nullopt;
}

// The lists that got a notice about the case (not the reporter), in order.
std::vector<std::string> lists_told(const std::vector<core::OutboxEntry>& outbox, std::string_view case_id) {
  std::vector<std::string> out;
  for (const core::OutboxEntry& e : outbox) {
    if (e.case_id == case_id && e.list_name != "reporter" && e.kind != k_date_change &&
        std::find(out.begin(), out.end(), e.list_name) == out.end()) {
      out.push_back(e.list_name);
    }
  }
  return out;
}

}  // namespace

std::optional<planner::Step> due_step_of(std::string_view kind) {
  for (const StepSpec& spec : step_specs()) {
    if (spec.kind == kind) {
      return spec.due;
    }
  }
  return std::nullopt;
}

ReleasePlanFollower::ReleasePlanFollower(const config::ConfigFile& config, std::filesystem::path data_dir,
                                         const util::Clock& clock)
    : m_config(config), m_data_dir(std::move(data_dir)), m_clock(clock) {}

ReleasePlanFollower::~ReleasePlanFollower() = default;

Result<planner::DoneSteps> ReleasePlanFollower::done_steps(core::StoreTx& tx, const core::Case& c) const {
  planner::DoneSteps done;
  TRY_ASSIGN(std::vector<Job> jobs, tx.list_jobs(c.id));
  for (const Job& j : jobs) {
    auto step = due_step_of(j.kind);
    if (j.state != JobState::done || !step) {
      continue;
    }
    auto& slot = *step == planner::Step::advance_notice     ? done.advance_notice
                 : *step == planner::Step::fix_to_packagers ? done.fix_to_packagers
                 : *step == planner::Step::heads_up         ? done.heads_up
                                                            : done.release;
    if (!slot || j.due_at < *slot) {
      slot = j.due_at;
    }
  }
  return done;
}

Result<void> ReleasePlanFollower::move_jobs(core::StoreTx& tx, const core::Case& c, const planner::Plan& plan,
                                            planner::PlanFollowUp& out) const {
  TRY_ASSIGN(std::vector<Job> jobs, tx.list_jobs(c.id));
  // Every job the plan would have: the built-in steps and the configured
  // ones (notice-advance, [[publish.steps]]), so that a re-plan moves a
  // configured step rather than cancelling it.
  TRY_ASSIGN(const config::ConfigFile* settings, config::config_for_case(m_config, tx, c.id));
  std::vector<Job> targets = jobs_for_plan(c.id, plan);
  for (Job& j : configured_jobs_for_plan(*settings, c.id, plan)) {
    targets.push_back(std::move(j));
  }
  for (Job& j : jobs) {
    if (j.state != JobState::pending && j.state != JobState::running) {
      continue;
    }
    std::optional<util::Timestamp> due = new_due(targets, j.kind);
    if (due == j.due_at) {
      continue;
    }
    if (j.state == JobState::running) {
      return make_error(ErrorCode::conflict,
                        fmt::format("{}: step {} is running now (claimed by {}); nothing was stored: plan again when "
                                    "it is done (`embargo release status {}`)",
                                    c.id, j.kind, j.lease_owner, c.id));
    }
    out.moves.push_back({j.kind, j.due_at, due});
    if (due) {
      j.due_at = *due;
    } else {
      j.state = JobState::cancelled;
      j.last_error = "cancelled: the new plan has no such step";
    }
    TRY(tx.update_job(j));
  }
  return {};
}

// The caller holds m_mutex.
Result<mail::NoticeMailer*> ReleasePlanFollower::open_mailer(const config::ConfigFile& settings) const {
  auto& mailer = m_mailers[settings.project_key];
  if (!mailer) {
    TRY_ASSIGN(mailer, mail::NoticeMailer::open(m_data_dir, settings, m_clock));
  }
  return mailer.get();
}

Result<void> ReleasePlanFollower::tell_lists(core::StoreTx& tx, const core::Case& c, const planner::Plan& old_plan,
                                             const planner::Plan& plan, const planner::SaveOptions& options,
                                             planner::PlanFollowUp& out) const {
  std::optional<util::Timestamp> before = old_plan.at(planner::Step::release);
  std::optional<util::Timestamp> after = plan.at(planner::Step::release);
  if (!before || !after || *before == *after) {
    return {};
  }
  TRY_ASSIGN(std::vector<core::OutboxEntry> outbox, tx.list_case_outbox(c.id));
  std::vector<std::string> lists = lists_told(outbox, c.id);
  if (lists.empty()) {
    return {};
  }
  TRY_ASSIGN(const config::ConfigFile* settings, config::config_for_case(m_config, tx, c.id));
  std::lock_guard lock(m_mutex);  // one notice mailer per project, shared by the web's threads
  TRY_ASSIGN(mail::NoticeMailer * mailer, open_mailer(*settings));
  core::Case moved = c;  // the notice's timeline shows the new release
  moved.release_at = *after;
  std::string reason = options.reason.empty() ? std::string("the release date was changed") : options.reason;
  for (const std::string& name : lists) {
    auto list = mailer->mail().list(name);
    if (!list) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("date-change notice: {} was told about {} but is no longer configured ({}); "
                                    "nothing was stored",
                                    name, c.id, list.error().message()));
    }
    notice::NoticeInput in;
    in.kind = std::string(k_date_change);
    in.list = *list;
    in.message = reason;
    in.previous_release = minute_text(*before);
    in.new_release = minute_text(*after);
    auto rendered = mailer->renderer().render(tx, moved, in, m_clock.now());
    if (!rendered) {
      return make_error(rendered.error().code(),
                        fmt::format("date-change notice for {}: {}; nothing was stored (add a date-change template "
                                    "or fix it)",
                                    name, rendered.error().message()));
    }
    std::string seed = fmt::format("{}\n{}\n{}\n{}", c.id, util::format_timestamp(c.created_at), name,
                                   util::format_timestamp(*after));
    std::string at = mailer->mail().team_address;
    std::string domain = at.find('@') == std::string::npos ? "embargo.invalid" : at.substr(at.find('@') + 1);
    std::string id = fmt::format("embargo.date-change.{}.{}@{}", c.id, util::sha256_hex(seed).substr(0, 16), domain);
    TRY_ASSIGN(core::OutboxEntry e, mailer->make_entry(c, k_date_change, *rendered, *list, "", id));
    TRY(core::queue_mail(tx, e));
    out.notes.push_back(fmt::format("date-change notice queued for {} <{}>", name, e.message_id));
  }
  return {};
}

Result<planner::PlanFollowUp> ReleasePlanFollower::follow(core::StoreTx& tx, const core::Case& c,
                                                          const planner::Plan& old_plan, const planner::Plan& plan,
                                                          const planner::SaveOptions& options,
                                                          util::Timestamp now) const {
  (void)now;
  planner::PlanFollowUp out;
  TRY(move_jobs(tx, c, plan, out));
  fault_point(fmt::format("re-plan of {}: steps moved, not committed", c.id));
  TRY(tell_lists(tx, c, old_plan, plan, options, out));
  fault_point(fmt::format("re-plan of {}: lists told, not committed", c.id));
  return out;
}

}  // namespace embargo::scheduler
