// The case page's header, table of contents, sections and generic forms (web_case_head.hpp).

#include <fmt/format.h>

#include <embargo/core/planner/zone.hpp>
#include <embargo/core/state_machine.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_case_head.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/http/web/web_html.hpp>

namespace embargo::http {

namespace {

namespace planner = core::planner;

using web_html::csrf_field;
using web_html::e;

std::string head_options(const std::vector<std::string_view>& values, std::string_view selected) {
  std::string out;
  for (auto v : values) {
    out += fmt::format("<option{}>{}</option>", v == selected ? " selected" : "", e(v));
  }
  return out;
}

std::string plural(long long n, std::string_view unit) {
  return fmt::format("{} {}{}", n, unit, n == 1 ? "" : "s");
}

// The first pending step that will do something, else the first pending one.
const scheduler::ScheduleRow* first_pending(const std::vector<scheduler::ScheduleRow>& rows) {
  const scheduler::ScheduleRow* skipped = nullptr;
  for (const auto& r : rows) {
    if (r.job.state != core::JobState::pending) {
      continue;
    }
    if (!r.skipped_why) {
      return &r;
    }
    if (skipped == nullptr) {
      skipped = &r;
    }
  }
  return skipped;
}

// What the state asks for when nothing is scheduled or planned ahead.
std::string state_step(const core::Case& c, const std::optional<planner::StoredPlan>& plan) {
  switch (c.state) {
    case core::CaseState::reported:
      return "confirm the report (or reject it)";
    case core::CaseState::public_:
      return "close the case";
    case core::CaseState::closed:
      return "nothing (the case is closed)";
    case core::CaseState::rejected:
      return "nothing (the report was rejected)";
    default:
      break;
  }
  if (!plan) {
    return "plan the release";
  }
  return fmt::format("plan again (every step of plan {} has passed)", plan->seq);
}

std::vector<planner::Zone> head_zones(const std::vector<std::string>& names) {
  std::vector<planner::Zone> zones;
  for (const auto& name : names) {
    if (auto z = planner::Zone::find(name)) {
      zones.push_back(*z);
    }
  }
  return zones;
}

std::string next_step_html(const NextStep& next, const std::vector<std::string>& zone_names, util::Timestamp now) {
  if (!next.due) {
    return fmt::format("<p class=\"next-step\">Next step: <strong>{}</strong></p>", e(next.what));
  }
  bool late = *next.due < now;
  std::string when = late ? "overdue by " + duration_text(now - *next.due) : "in " + duration_text(*next.due - now);
  std::string from = next.source == "schedule" ? "scheduled" : "in the plan, not scheduled yet";
  return fmt::format(
      "<div class=\"next-step{}\"><p>Next step: <strong>{}</strong> at <time datetime=\"{}\">{}</time> ({}; {})</p>"
      "{}</div>",
      late ? " overdue" : "", e(next.what), e(planner::format_utc_seconds(*next.due)), e(short_time(*next.due)),
      e(when), e(from), zone_times(head_zones(zone_names), *next.due));
}

}  // namespace

std::string duration_text(std::chrono::microseconds d) {
  long long total = std::chrono::duration_cast<std::chrono::minutes>(d).count();
  if (total < 1) {
    return "less than a minute";
  }
  long long days = total / (24 * 60);
  long long hours = total / 60 % 24;
  if (days > 0) {
    return hours == 0 ? plural(days, "day") : plural(days, "day") + " " + plural(hours, "hour");
  }
  long long rest = total % 60;
  if (hours > 0) {
    return rest == 0 ? plural(hours, "hour") : plural(hours, "hour") + " " + plural(rest, "minute");
  }
  return plural(rest, "minute");
}

NextStep next_step(const std::vector<scheduler::ScheduleRow>& rows, const std::optional<planner::StoredPlan>& plan,
                   const core::Case& c, util::Timestamp now) {
  if (const scheduler::ScheduleRow* r = first_pending(rows)) {
    return NextStep{r->job.kind, r->job.due_at, "schedule"};
  }
  if (plan && core::is_open(c.state)) {
    for (const auto& ev : plan->plan.events) {
      if (ev.at > now) {
        return NextStep{std::string(planner::to_string(ev.step)), ev.at, "plan"};
      }
    }
  }
  return NextStep{state_step(c, plan), std::nullopt, "state"};
}

std::string embargo_left(const core::Case& c, util::Timestamp now) {
  switch (c.state) {
    case core::CaseState::public_:
      return "released";
    case core::CaseState::closed:
      return "closed";
    case core::CaseState::rejected:
      return "rejected: no embargo";
    default:
      break;
  }
  if (!c.release_at) {
    return "not planned";
  }
  if (*c.release_at > now) {
    return "release in " + duration_text(*c.release_at - now);
  }
  return "release was due " + duration_text(now - *c.release_at) + " ago; the case is not public yet";
}

std::string case_head_section(const core::Case& c, const CaseHead& head, const std::vector<std::string>& zone_names,
                              util::Timestamp now) {
  std::string out = fmt::format(
      "<p class=\"facts\">Project: <strong>{}</strong> &middot; state: <strong class=\"state\">{}</strong> &middot; "
      "impact {} &middot; exploitation {}</p>",
      head.project_html, e(core::to_string(c.state)), e(core::to_string(c.impact)), e(core::to_string(c.exploitation)));
  out += next_step_html(head.next, zone_names, now);
  bool overdue = core::is_open(c.state) && c.release_at && *c.release_at <= now;
  out += fmt::format("<p class=\"embargo-left{}\">Under embargo: <strong>{}</strong>{}</p>", overdue ? " overdue" : "",
                     e(embargo_left(c, now)),
                     c.release_at ? fmt::format(" (release {})", e(short_time(*c.release_at))) : "");
  if (head.schedule_disagrees) {
    out +=
        "<p class=\"error banner\" role=\"alert\"><strong>The release schedule disagrees with the stored "
        "plan.</strong> <a href=\"#schedule\">See the schedule</a>.</p>";
  }
  return out;
}

std::string case_toc(const std::vector<PagePart>& parts) {
  std::string out = "<nav class=\"toc\" aria-label=\"On this page\">";
  for (const auto& p : parts) {
    if (!p.html.empty()) {
      out += fmt::format("<a href=\"#{}\">{}</a> ", e(p.id), e(p.title));
    }
  }
  return out + "</nav>";
}

std::string case_parts(const std::vector<PagePart>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!p.html.empty()) {
      out += fmt::format("<section id=\"{}\">{}</section>", e(p.id), p.html);
    }
  }
  return out;
}

std::string state_forms(const core::Case& c, const AuthContext& who) {
  std::string id = e(c.id);
  std::string csrf = csrf_field(who);
  std::vector<std::string_view> next;
  for (auto s : core::next_states(c.state)) {
    next.push_back(core::to_string(s));
  }
  std::string out;
  if (!next.empty()) {
    out += fmt::format(
        "<form method=\"post\" action=\"/cases/{0}/move\">{1}<fieldset><legend>Move</legend><label>Move to <select "
        "name=\"to\">{2}</select></label><label>Why <input name=\"why\" required></label><label><input "
        "type=\"checkbox\" name=\"override\" value=\"1\"> release before the planned date</label><button>Move"
        "</button></fieldset></form>",
        id, csrf, head_options(next, ""));
  }
  return out + fmt::format(
                   "<form method=\"post\" action=\"/cases/{0}/edit\">{1}<fieldset><legend>Edit</legend><label>Title "
                   "<input name=\"title\" value=\"{2}\" required></label><label>Impact <select name=\"impact\">{3}"
                   "</select></label><label>Exploitation <select name=\"exploitation\">{4}</select></label><button>"
                   "Save</button></fieldset></form>",
                   id, csrf, e(c.title),
                   head_options({"unknown", "rce", "lpe", "dos", "leak", "other"}, core::to_string(c.impact)),
                   head_options({"none", "poc-public", "active"}, core::to_string(c.exploitation)));
}

std::string message_forms(const std::string& case_id, const AuthContext& who) {
  return fmt::format(
      "<form method=\"post\" action=\"/cases/{0}/note\">{1}<label>Internal note<textarea name=\"text\" required>"
      "</textarea></label><button>Add note</button></form><form method=\"post\" action=\"/cases/{0}/reply\">{1}"
      "<label>Message to the reporter (they see it)<textarea name=\"text\" required></textarea></label><button>Send "
      "to reporter</button></form>",
      e(case_id), csrf_field(who));
}

std::string share_forms(const std::string& case_id, const AuthContext& who) {
  return fmt::format(
      "<form method=\"post\" action=\"/cases/{0}/share\">{1}<fieldset><legend>Share</legend><label>User <input "
      "name=\"user\" required></label><label><input type=\"checkbox\" name=\"write\" value=\"1\"> may change it"
      "</label><button>Share</button></fieldset></form><form method=\"post\" action=\"/cases/{0}/link\">{1}"
      "<button>New private link for the reporter</button></form>",
      e(case_id), csrf_field(who));
}

}  // namespace embargo::http
