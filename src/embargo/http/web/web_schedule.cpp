#include <fmt/format.h>

#include <embargo/http/server/message.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_html.hpp>
#include <embargo/http/web/web_schedule.hpp>
#include <embargo/scheduler/plan_follower.hpp>

namespace embargo::http {

namespace {

namespace planner = core::planner;

using web_html::e;

// What disagrees about one pending step, if anything.
std::optional<std::string> step_disagreement(const core::Job& j, const std::optional<planner::StoredPlan>& stored) {
  std::optional<planner::Step> step = scheduler::due_step_of(j.kind);
  if (!step) {
    return std::nullopt;  // a kind the scheduler's table does not know: nothing to compare
  }
  if (!stored) {
    return fmt::format("{} is pending at {} but the case has no stored plan", j.kind, short_time(j.due_at));
  }
  std::optional<util::Timestamp> planned = stored->plan.at(*step);
  if (!planned) {
    return fmt::format("{} is pending at {} but plan {} has no {} step", j.kind, short_time(j.due_at), stored->seq,
                       planner::to_string(*step));
  }
  if (*planned != j.due_at) {
    return fmt::format("{} is due at {} but plan {} puts {} at {}", j.kind, short_time(j.due_at), stored->seq,
                       planner::to_string(*step), short_time(*planned));
  }
  return std::nullopt;
}

std::string state_cell(const scheduler::ScheduleRow& r) {
  std::string out = e(r.state_text());
  if (!r.job.last_error.empty()) {
    out += fmt::format("<div class=\"meta\">last error: {}</div>", e(r.job.last_error));
  }
  return out;
}

}  // namespace

std::vector<std::string> schedule_disagreements(const std::vector<scheduler::ScheduleRow>& rows, const core::Case& c,
                                                const std::optional<planner::StoredPlan>& stored) {
  std::vector<std::string> out;
  if (stored) {
    std::optional<util::Timestamp> release = stored->plan.at(planner::Step::release);
    if (release != c.release_at) {
      out.push_back(fmt::format("the case's release is {} but plan {} releases at {}",
                                c.release_at ? short_time(*c.release_at) : "not set", stored->seq,
                                release ? short_time(*release) : "no time"));
    }
  }
  for (const auto& r : rows) {
    if (r.job.state != core::JobState::pending) {
      continue;
    }
    if (auto why = step_disagreement(r.job, stored)) {
      out.push_back(std::move(*why));
    }
  }
  return out;
}

Result<CaseSchedule> case_schedule(core::StoreTx& tx, const CasePageSettings& settings, const core::Case& c,
                                   const std::optional<planner::StoredPlan>& stored) {
  static const config::ConfigFile defaults;
  CaseSchedule out;
  TRY_ASSIGN(out.rows, scheduler::schedule_view(tx, settings.config != nullptr ? *settings.config : defaults, c.id));
  out.disagrees = schedule_disagreements(out.rows, c, stored);
  return out;
}

std::string schedule_section(const CaseSchedule& schedule, const std::vector<std::string>& zone_names) {
  std::string out = "<h2>Schedule</h2>";
  if (!schedule.disagrees.empty()) {
    out +=
        "<div class=\"error banner\" role=\"alert\"><p><strong>The schedule disagrees with the stored plan</strong> "
        "(old data): plan again to move the pending steps, or abort the release.</p><ul>";
    for (const auto& d : schedule.disagrees) {
      out += fmt::format("<li>{}</li>", e(d));
    }
    out += "</ul></div>";
  }
  if (schedule.rows.empty()) {
    return out + "<p>Nothing scheduled (<code>embargo release schedule</code> makes the steps from the plan).</p>";
  }
  std::vector<planner::Zone> zones;
  for (const auto& name : zone_names) {
    if (auto z = planner::Zone::find(name)) {
      zones.push_back(*z);
    }
  }
  out += "<table class=\"schedule\"><tr><th>Step</th><th>Due</th><th>State</th><th>Attempts</th></tr>";
  for (const auto& r : schedule.rows) {
    out +=
        fmt::format("<tr class=\"{}\"><td>{}</td><td><time datetime=\"{}\">{}</time>{}</td><td>{}</td><td>{}</td></tr>",
                    e(core::to_string(r.job.state)), e(r.job.kind), e(planner::format_utc_seconds(r.job.due_at)),
                    e(short_time(r.job.due_at)), zone_times(zones, r.job.due_at), state_cell(r), r.job.attempts);
  }
  return out + "</table>";
}

Result<NextSteps> next_due_steps(core::StoreTx& tx) {
  TRY_ASSIGN(std::vector<core::Job> jobs, tx.list_jobs(""));
  NextSteps out;
  for (core::Job& j : jobs) {
    if (j.state != core::JobState::pending) {
      continue;
    }
    auto it = out.find(j.case_id);
    if (it == out.end() || j.due_at < it->second.due_at) {
      std::string id = j.case_id;
      out.insert_or_assign(std::move(id), std::move(j));
    }
  }
  return out;
}

Result<std::vector<notice::Duty>> case_duties(core::StoreTx& tx, const CasePageSettings& settings, const core::Case& c,
                                              util::Timestamp now) {
  if (settings.config == nullptr) {
    return std::vector<notice::Duty>{};
  }
  return notice::disclosure_duties(tx, c, *settings.config, now);
}

std::string duties_section(const std::vector<notice::Duty>& duties) {
  if (duties.empty()) {
    return "";
  }
  std::string rows;
  for (const notice::Duty& d : duties) {
    rows += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", e(d.state),
                        e(d.state), e(d.rule), e(d.list), e(d.detail), d.due ? e(short_time(*d.due)) : "");
  }
  return "<h2>Disclosure duties</h2><p class=\"meta\">The lists' published rules: a date and time in the "
         "first message, the longest embargo, the public post on the day; and the Cyber Resilience Act's reports when "
         "exploitation is active ([cra]).</p><table><tr><th>State</th><th>Rule</th>"
         "<th>List</th><th>Why</th><th>Due</th></tr>" +
         rows + "</table>";
}

}  // namespace embargo::http
