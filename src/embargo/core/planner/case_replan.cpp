#include <algorithm>
#include <atomic>

#include <date/date.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <embargo/core/download_rule.hpp>
#include <embargo/core/planner/case_replan.hpp>
#include <embargo/core/planner/plan_json.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::core::planner {

namespace {

constexpr std::string_view k_entry_kind = "plan";
constexpr std::string_view k_moved_kind = "release-moved";
// A done step may sit this far from its recorded time (plans are to the minute).
constexpr std::chrono::minutes k_done_tolerance{1};

std::string minute_text(util::Timestamp t) {
  return date::format("%F %H:%M UTC", std::chrono::floor<std::chrono::minutes>(t));
}

// The notice kinds that mark a plan step as done once one went to a list.
std::optional<Step> step_of_notice(std::string_view kind) {
  if (kind == "advance") {
    return Step::advance_notice;
  }
  if (kind == "fix") {
    return Step::fix_to_packagers;
  }
  if (kind == "heads-up") {
    return Step::heads_up;
  }
  if (kind == "release") {
    return Step::release;
  }
  return std::nullopt;
}

void keep_earliest(DoneSteps& d, Step step, util::Timestamp at) {
  auto& s = d.at(step);
  if (!s || at < *s) {
    s = at;
  }
}

bool has_live_jobs(const std::vector<Job>& jobs) {
  return std::any_of(jobs.begin(), jobs.end(),
                     [](const Job& j) { return j.state == JobState::pending || j.state == JobState::running; });
}

// The download window follows the plan: its release always, its opening
// while it has not opened yet.
Result<void> move_window(StoreTx& tx, const Case& c, const Plan& plan, util::Timestamp now,
                         std::vector<StepMove>& moves) {
  TRY_ASSIGN(auto window, tx.get_download_window(c.id));
  if (!window || is_closed_window(*window)) {
    return {};
  }
  DownloadWindow w = *window;
  util::Timestamp release = *plan.at(Step::release);
  std::optional<util::Timestamp> fix = plan.at(Step::fix_to_packagers);
  if (w.opens_at > now && fix && *fix != w.opens_at) {
    moves.push_back({"download window opens", w.opens_at, *fix});
    w.opens_at = std::max(*fix, now);
  }
  if (w.releases_at != release) {
    moves.push_back({"download window releases", w.releases_at, release});
    w.releases_at = release;
  }
  if (w.opens_at == window->opens_at && w.releases_at == window->releases_at) {
    return {};
  }
  TRY(validate_window(w).map_error([](const Error& e) { return Error(e.code(), "download window: " + e.message()); }));
  return tx.put_download_window(w);
}

nlohmann::ordered_json moves_json(const std::vector<StepMove>& moves) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const StepMove& m : moves) {
    out.push_back({{"what", m.what},
                   {"from", util::format_timestamp(m.from)},
                   {"to", m.to ? nlohmann::ordered_json(util::format_timestamp(*m.to)) : nullptr}});
  }
  return out;
}

Result<void> check_options(const std::vector<std::string>& objections, const SaveOptions& o) {
  if (o.override_rules && util::trim(o.why).empty()) {
    return make_error(ErrorCode::invalid_argument, "--why: an override must say why (it goes on the timeline)");
  }
  if (!objections.empty() && !o.override_rules) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("the plan is refused and nothing was stored: {}; fix the plan or give --override "
                                  "--why TEXT",
                                  fmt::join(objections, "; ")));
  }
  return {};
}

// `proposed` with the done steps at their times, checked again.
Plan with_done(const Planner& planner, const ProposeRequest& q, Plan proposed, const DoneSteps& done) {
  CheckRequest c;
  c.exploitation = q.exploitation;
  c.reporter_deadline = q.reporter_deadline;
  auto pick = [&](Step step) { return done.at(step) ? done.at(step) : proposed.at(step); };
  c.timeline.advance_notice = *pick(Step::advance_notice);
  c.timeline.fix_to_packagers = *pick(Step::fix_to_packagers);
  c.timeline.heads_up = pick(Step::heads_up);
  c.timeline.release = *pick(Step::release);
  auto checked = planner.check(c);
  if (!checked) {
    proposed.checks.push_back({std::string(rule::k_order), Status::fail, checked.error().message()});
    return proposed;
  }
  for (Event& e : checked->events) {
    auto it = std::find_if(proposed.events.begin(), proposed.events.end(),
                           [&](const Event& p) { return p.step == e.step; });
    e.why = done.at(e.step) ? std::string(k_done_why) : it != proposed.events.end() ? it->why : e.why;
  }
  return std::move(*checked);
}

std::atomic<const PlanFollower*> g_follower{nullptr};

}  // namespace

std::optional<util::Timestamp> DoneSteps::at(Step step) const {
  switch (step) {
    case Step::advance_notice:
      return advance_notice;
    case Step::fix_to_packagers:
      return fix_to_packagers;
    case Step::heads_up:
      return heads_up;
    case Step::release:
      break;
  }
  return release;
}

std::optional<util::Timestamp>& DoneSteps::at(Step step) {
  switch (step) {
    case Step::advance_notice:
      return advance_notice;
    case Step::fix_to_packagers:
      return fix_to_packagers;
    case Step::heads_up:
      return heads_up;
    case Step::release:
      break;
  }
  return release;
}

const PlanFollower* set_plan_follower(const PlanFollower* follower) {
  return g_follower.exchange(follower);
}

const PlanFollower* plan_follower() {
  return g_follower.load();
}

std::string StepMove::describe() const {
  return to ? fmt::format("{} {} -> {}", what, minute_text(from), minute_text(*to))
            : fmt::format("{} {} -> cancelled (not in the new plan)", what, minute_text(from));
}

Result<DoneSteps> plan_history(StoreTx& tx, const Case& c) {
  DoneSteps done;
  if (const PlanFollower* f = plan_follower()) {
    TRY_ASSIGN(done, f->done_steps(tx, c));
  }
  TRY_ASSIGN(auto outbox, tx.list_case_outbox(c.id));
  for (const OutboxEntry& e : outbox) {
    if (e.case_id != c.id || e.list_name == "reporter") {
      continue;
    }
    if (auto step = step_of_notice(e.kind)) {
      keep_earliest(done, *step, e.created_at);
    }
  }
  if (done.fix_to_packagers && !done.advance_notice) {
    done.advance_notice = done.fix_to_packagers;  // the fix notice told the lists
  }
  return done;
}

Plan propose_from_history(const Planner& planner, const ProposeRequest& request, const DoneSteps& done) {
  if (!done.any()) {
    return planner.propose(request);
  }
  auto attempt = [&](std::optional<util::Timestamp> release) {
    ProposeRequest q = request;
    q.release = done.release ? done.release : release;
    return with_done(planner, q, planner.propose(q), done);
  };
  if (request.release || done.release) {
    return attempt(request.release);
  }
  Plan first = attempt(std::nullopt);
  if (first.ok()) {
    return first;
  }
  // The planner's own choice ignores what happened (the distros list's 14
  // days count from the notice really sent): the earliest day that passes.
  const Policy& policy = planner.policy();
  const Zone& zone = planner.release_zone();
  date::local_days day = local_day(zone.to_local(std::max(request.now, request.fix_ready)));
  for (int i = 0; i < policy.search_days; ++i, day += date::days(1)) {
    util::Timestamp release = zone.to_utc(day + policy.release_time);
    if (release < request.now) {
      continue;
    }
    Plan p = attempt(release);
    if (p.ok()) {
      return p;
    }
  }
  return first;
}
std::vector<std::string> plan_objections(const Plan& plan, const DoneSteps& done, util::Timestamp now) {
  std::vector<std::string> out;
  if (!plan.ok()) {
    out.push_back("failing rules: " + plan.failing_rules());
  }
  for (const Event& e : plan.events) {
    std::string_view name = to_string(e.step);
    if (auto at = done.at(e.step)) {
      auto off = e.at > *at ? e.at - *at : *at - e.at;
      if (off >= k_done_tolerance) {
        out.push_back(fmt::format("{} already happened at {}; the plan puts it at {}", name, minute_text(*at),
                                  minute_text(e.at)));
      }
    } else if (e.at + k_done_tolerance <= now) {
      out.push_back(fmt::format("{} {} is in the past and has not happened", name, minute_text(e.at)));
    }
  }
  return out;
}

Result<SavedPlan> save_case_plan(const CaseService& service, StoreTx& tx, std::string_view case_id, const Plan& plan,
                                 std::string_view actor, util::Timestamp now, const SaveOptions& options) {
  TRY_ASSIGN(Case c, tx.get_case(case_id));
  if (c.state == CaseState::public_ || c.state == CaseState::closed || c.state == CaseState::rejected) {
    return make_error(ErrorCode::conflict,
                      fmt::format("case {} is {}: a disclosure plan no longer applies", c.id, to_string(c.state)));
  }
  std::optional<util::Timestamp> release = plan.at(Step::release);
  if (!release) {
    return make_error(ErrorCode::invalid_argument, "plan: has no release step");
  }
  TRY_ASSIGN(DoneSteps done, plan_history(tx, c));
  std::vector<std::string> objections = plan_objections(plan, done, now);
  TRY(check_options(objections, options));
  TRY_ASSIGN(auto previous, tx.latest_plan(c.id));
  TRY_ASSIGN(std::vector<Job> jobs, tx.list_jobs(c.id));
  SavedPlan saved;
  if (const PlanFollower* f = plan_follower()) {
    TRY_ASSIGN(saved.follow_up, f->follow(tx, c, previous ? previous->plan : Plan{}, plan, options, now));
  } else if (has_live_jobs(jobs)) {
    return make_error(ErrorCode::conflict,
                      fmt::format("{} has a scheduled release and nothing here can move it: re-plan with `embargo "
                                  "case plan` or abort with `embargo release abort`",
                                  c.id));
  }
  TRY(move_window(tx, c, plan, now, saved.follow_up.moves));
  saved.stored = StoredPlan{c.id, 0, now, std::string(actor), plan};
  TRY_ASSIGN(saved.stored.seq, tx.insert_plan(saved.stored));
  TRY_ASSIGN(c, tx.get_case(c.id));  // the follower may have recorded on it
  c.release_at = *release;
  std::string verdict = plan.ok() ? "every rule passes" : "failing rules: " + plan.failing_rules();
  std::string text = fmt::format("disclosure plan {}: release {} ({})", saved.stored.seq,
                                 util::format_timestamp_human(*release), verdict);
  nlohmann::ordered_json data = to_json(plan, {});
  data["plan_seq"] = saved.stored.seq;
  if (options.override_rules) {
    text += fmt::format("; stored with an override ({}): {}", options.why, fmt::join(objections, "; "));
    data["override"] = {{"why", options.why}, {"objections", objections}};
  }
  TRY(service.record(tx, c, k_entry_kind, text, actor, data.dump()));
  if (!saved.follow_up.moves.empty()) {
    std::vector<std::string> lines;
    for (const StepMove& m : saved.follow_up.moves) {
      lines.push_back(m.describe());
    }
    nlohmann::ordered_json moved = {{"plan_seq", saved.stored.seq}, {"moves", moves_json(saved.follow_up.moves)}};
    TRY(service.record(tx, c, k_moved_kind,
                       fmt::format("release moved with plan {}: {}", saved.stored.seq, fmt::join(lines, "; ")), actor,
                       moved.dump()));
  }
  return saved;
}

}  // namespace embargo::core::planner
