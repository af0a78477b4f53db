#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/project.hpp>
#include <embargo/core/reminders.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::core {

namespace {

using std::chrono::seconds;

// One condition of one case at `now`.
struct Condition {
  std::string name;       // "no-ack", "stale-reported", "release", ...
  std::string what;       // for people
  std::string threshold;  // format_span
  util::Timestamp trigger{};
  util::Timestamp event{};  // the date coming up, or the trigger for waiting conditions
  seconds escalate{};
};

struct CaseFacts {
  bool acknowledged = false;
  // The kinds of notice already sent to a list ("advance", "fix"): a step
  // that happened is not asked for again, even before its planned time.
  std::set<std::string, std::less<>> notices_sent;
  util::Timestamp last_state_change{};
  std::optional<util::Timestamp> last_team_action;
};

bool is_team_action(const TimelineEntry& e) {
  static const std::vector<std::string_view> passive{"mail-received", "mail-sent", "reporter", "reminder"};
  return e.actor != "intake" && e.actor != "remind" &&
         std::find(passive.begin(), passive.end(), e.kind) == passive.end();
}

// A mail-sent entry's data (outbox.cpp): its list and kind; empty for
// other entries.
std::pair<std::string, std::string> sent_list_and_kind(const TimelineEntry& e) {
  if (e.kind != "mail-sent" || e.data.empty()) {
    return {};
  }
  auto data = nlohmann::json::parse(e.data, nullptr, false);
  auto text = [&](const char* key) {
    auto it = data.is_object() ? data.find(key) : data.end();
    return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return {text("list"), text("kind")};
}

Result<CaseFacts> facts_of(StoreTx& tx, const Case& c) {
  CaseFacts f;
  f.last_state_change = c.created_at;
  TRY(tx.for_each_timeline_entry(c.id, [&](const TimelineEntry& e) -> Result<void> {
    auto [list, kind] = sent_list_and_kind(e);
    // A reply, or any mail to the reporter: intake's automatic acknowledgement too.
    f.acknowledged = f.acknowledged || e.kind == entry_kind::k_reply || list == "reporter";
    if (!list.empty() && list != "reporter") {
      f.notices_sent.insert(kind);
    }
    if (e.kind == entry_kind::k_state) {
      f.last_state_change = e.at;
    }
    if (is_team_action(e)) {
      f.last_team_action = e.at;
    }
    return {};
  }));
  return f;
}

// Open cases, and public ones for the dates `more` gives (duties that fall
// due after the release: the CRA's final report, exploit material's post).
bool reminded(const Case& c, const ComingDates* more) {
  return is_open(c.state) || (c.state == CaseState::public_ && more != nullptr);
}

util::Timestamp start_of(const util::Date& d) {
  date::year_month_day ymd{date::year(d.year), date::month(d.month), date::day(d.day)};
  return util::Timestamp(date::sys_days(ymd));
}

// The coming-up dates of `c`: (condition, what, when).
Result<std::vector<std::tuple<std::string, std::string, util::Timestamp>>> dates_of(StoreTx& tx, const Case& c,
                                                                                    const CaseFacts& f,
                                                                                    util::Timestamp now,
                                                                                    const ComingDates* more) {
  std::vector<std::tuple<std::string, std::string, util::Timestamp>> out;
  if (!is_open(c.state)) {
    // A public case: only the duties that outlast the release (`more`).
  } else if (c.reporter.deadline) {
    out.emplace_back("deadline", "the reporter's deadline", start_of(*c.reporter.deadline));
  }
  TRY_ASSIGN(auto plan, tx.latest_plan(c.id));
  if (plan && is_open(c.state)) {
    if (auto t = plan->plan.at(planner::Step::advance_notice); t && !f.notices_sent.contains("advance")) {
      out.emplace_back("advance-notice", "the advance notice to the distros", *t);
    }
    if (auto t = plan->plan.at(planner::Step::fix_to_packagers); t && !f.notices_sent.contains("fix")) {
      out.emplace_back("fix-to-packagers", "the fix to the packagers", *t);
    }
  }
  if (c.release_at && is_open(c.state)) {
    out.emplace_back("release", "the release", *c.release_at);
  }
  if (more != nullptr) {
    TRY_ASSIGN(auto extra, more->dates(tx, c, now));
    for (ComingDate& d : extra) {
      out.emplace_back(std::move(d.condition), std::move(d.what), d.at);
    }
  }
  return out;
}

// The conditions of `c` active at `now` whose trigger has passed (or, with
// `coming`, whose nearest threshold is still ahead too).
Result<std::vector<Condition>> conditions_of(StoreTx& tx, const Case& c, const CaseFacts& f, const ReminderPolicy& p,
                                             util::Timestamp now, bool coming, const ComingDates* more) {
  std::vector<Condition> out;
  if (!is_open(c.state)) {
    // A public case: no acknowledgement or state change is asked of it.
  } else if (!f.acknowledged) {
    util::Timestamp t = c.created_at + p.no_ack;
    out.push_back({"no-ack", "acknowledge the reporter", format_span(p.no_ack), t, t, p.escalate_after});
  }
  if (is_open(c.state)) {
    util::Timestamp stale = f.last_state_change + p.stale;
    out.push_back({fmt::format("stale-{}", to_string(c.state)),
                   fmt::format("move the case on (no state change while {})", to_string(c.state)), format_span(p.stale),
                   stale, stale, p.escalate_after});
  }
  TRY_ASSIGN(auto dates, dates_of(tx, c, f, now, more));
  for (const auto& [name, what, at] : dates) {
    if (at <= now) {
      continue;
    }
    // The nearest threshold already passed; with `coming`, the next one ahead.
    std::optional<seconds> passed;
    std::optional<seconds> ahead;
    for (seconds th : p.ahead) {
      if (at - th <= now) {
        passed = passed ? std::min(*passed, th) : th;
      } else {
        ahead = ahead ? std::max(*ahead, th) : th;
      }
    }
    std::optional<seconds> th = passed ? passed : (coming ? ahead : std::nullopt);
    if (th) {
      out.push_back({name, fmt::format("{} at {}", what, util::format_timestamp_human(at)), format_span(*th), at - *th,
                     at, std::min(p.escalate_after, *th / 2)});
    }
  }
  if (!coming) {
    std::erase_if(out, [&](const Condition& x) { return x.trigger > now; });
  }
  return out;
}

std::vector<std::string> team_recipients(const std::vector<User>& users, const std::vector<MemberProfile>& profiles,
                                         util::Timestamp now) {
  std::vector<std::string> all;
  std::vector<std::string> present;
  for (const User& u : users) {  // the case's team (team_of_case)
    all.push_back(u.name);
    auto p = std::find_if(profiles.begin(), profiles.end(), [&](const MemberProfile& m) { return m.user == u.name; });
    if (p == profiles.end() || !p->away_at(now)) {
      present.push_back(u.name);
    }
  }
  return present.empty() ? all : present;
}

struct Team {
  std::vector<User> users;
  std::vector<MemberProfile> profiles;
};

// Who gets `level` (and the level actually used: a level with nobody skips to the team).
std::pair<int, std::vector<std::string>> recipients_for(int level, const std::optional<CaseAssignment>& a,
                                                        const Team& team, util::Timestamp now) {
  if (level == k_level_owner && a) {
    std::string holder = acting_holder(*a, team.profiles, now);
    if (!holder.empty()) {
      return {k_level_owner, {holder}};
    }
  }
  if (level <= k_level_backup && a && !a->backup.empty()) {
    std::string holder = acting_holder(*a, team.profiles, now);
    if (a->backup != holder) {
      return {k_level_backup, {a->backup}};
    }
  }
  return {k_level_team, team_recipients(team.users, team.profiles, now)};
}

std::string_view level_name(int level) {
  return level == k_level_owner ? "owner" : level == k_level_backup ? "backup" : "team";
}

// Who of `team` is the team of case `c`: admin and team accounts and the
// members of its project's team, each only when core::case_access lets them
// see the case (issue 24: never the server's staff outside a project).
Result<Team> team_of_case(StoreTx& tx, const Team& team, const Case& c) {
  Team out;
  out.profiles = team.profiles;
  TRY_ASSIGN(std::string project, tx.case_project(c.id));
  std::vector<std::string> members;
  if (!project.empty()) {
    TRY_ASSIGN(members, tx.list_project_members(project));
  }
  for (const User& u : team.users) {
    bool on_team = std::find(members.begin(), members.end(), u.name) != members.end();
    if (u.role == Role::reporter || (u.role != Role::admin && u.role != Role::team && !on_team)) {
      continue;
    }
    auto level = case_access(tx, Principal{u.name, u.role, ""}, c.id);
    if (!level && level.error().code() != ErrorCode::not_found) {
      return tl::unexpected(level.error());
    }
    if (level) {
      out.users.push_back(u);
    }
  }
  return out;
}

Result<void> due_for_case(StoreTx& tx, const Case& c, const ReminderPolicy& p, const Team& all, util::Timestamp now,
                          const ComingDates* more, std::vector<DueReminder>& out) {
  TRY_ASSIGN(CaseFacts f, facts_of(tx, c));
  TRY_ASSIGN(auto conditions, conditions_of(tx, c, f, p, now, false, more));
  if (conditions.empty()) {
    return {};
  }
  TRY_ASSIGN(Team team, team_of_case(tx, all, c));
  TRY_ASSIGN(auto sent, tx.list_reminders(c.id));
  TRY_ASSIGN(auto assignment, tx.find_assignment(c.id));
  for (const Condition& cond : conditions) {
    std::optional<ReminderRecord> last;
    for (const ReminderRecord& r : sent) {
      if (r.condition == cond.name && r.threshold == cond.threshold && (!last || r.level > last->level)) {
        last = r;
      }
    }
    int level = k_level_owner;
    util::Timestamp due = cond.trigger;
    if (last) {
      if (last->level >= k_level_team) {
        continue;
      }
      due = last->at + cond.escalate;
      bool acted = f.last_team_action && *f.last_team_action > last->at;
      if (now < due || acted) {
        continue;
      }
      level = last->level + 1;
    }
    auto [used, to] = recipients_for(level, assignment, team, now);
    if (to.empty()) {
      continue;
    }
    DueReminder r{c.id, cond.name, cond.threshold, used, to, due, {}, {}};
    r.text = fmt::format("reminder ({}, {} {}): {}", level_name(used), cond.name, cond.threshold, cond.what);
    out.push_back(std::move(r));
  }
  return {};
}

Result<Team> load_team(StoreTx& tx) {
  Team team;
  TRY_ASSIGN(team.users, tx.list_users());
  TRY_ASSIGN(team.profiles, tx.list_members());
  return team;
}

}  // namespace

Result<seconds> parse_span(std::string_view text, std::string_view field) {
  std::string_view t = util::trim(text);
  auto bad = [&] {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("{}: '{}' is not a time span (a whole number and d, h or m: 2d, 36h, 90m)", field, text));
  };
  if (t.size() < 2) {
    return bad();
  }
  long long n = 0;
  auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size() - 1, n);
  if (ec != std::errc() || ptr != t.data() + t.size() - 1 || n <= 0 || n > 3650LL * 24 * 60) {
    return bad();
  }
  switch (t.back()) {
    case 'd':
      return seconds(n * 86400);
    case 'h':
      return seconds(n * 3600);
    case 'm':
      return seconds(n * 60);
    default:
      return bad();
  }
}

std::string format_span(seconds span) {
  auto n = span.count();
  if (n % 86400 == 0) {
    return fmt::format("{}d", n / 86400);
  }
  if (n % 3600 == 0) {
    return fmt::format("{}h", n / 3600);
  }
  if (n % 60 == 0) {
    return fmt::format("{}m", n / 60);
  }
  return fmt::format("{}s", n);
}

Result<std::vector<DueReminder>> evaluate_reminders(StoreTx& tx, const ReminderPolicy& policy, util::Timestamp now,
                                                    const ComingDates* more) {
  std::vector<DueReminder> out;
  if (!policy.enabled) {
    return out;
  }
  TRY_ASSIGN(Team team, load_team(tx));
  TRY_ASSIGN(auto cases, tx.list_cases({}));
  for (const Case& c : cases) {
    if (reminded(c, more)) {
      TRY(due_for_case(tx, c, policy, team, now, more, out));
    }
  }
  return out;
}

std::string describe(const std::vector<NotSent>& not_sent) {
  std::string out;
  for (const NotSent& n : not_sent) {
    out += fmt::format("{}{} ({})", out.empty() ? "" : ", ", n.name, n.reason);
  }
  return out;
}

Result<std::vector<DueReminder>> run_reminders(StoreTx& tx, const CaseService& service, const ReminderPolicy& policy,
                                               util::Timestamp now, ReminderMailer* mailer, const ComingDates* more) {
  TRY_ASSIGN(auto due, evaluate_reminders(tx, policy, now, more));
  for (DueReminder& r : due) {
    TRY(tx.insert_reminder(ReminderRecord{r.case_id, r.condition, r.threshold, r.level, now}));
    TRY_ASSIGN(Case c, tx.get_case(r.case_id));
    if (mailer != nullptr) {
      TRY_ASSIGN(r.not_sent, mailer->send_reminder(tx, c, r));
    }
    nlohmann::json not_sent = nlohmann::json::array();
    std::string sent_to;
    for (const std::string& name : r.recipients) {
      auto miss = std::find_if(r.not_sent.begin(), r.not_sent.end(), [&](const NotSent& n) { return n.name == name; });
      if (miss == r.not_sent.end()) {
        sent_to += (sent_to.empty() ? "" : ", ") + name;
      } else {
        not_sent.push_back({{"name", name}, {"reason", miss->reason}});
      }
    }
    std::string missed = describe(r.not_sent);
    nlohmann::json data = {{"condition", r.condition}, {"threshold", r.threshold},
                           {"level", r.level},         {"to", r.recipients},
                           {"not_sent", not_sent},     {"due", util::format_timestamp(r.due)}};
    std::string text = mailer == nullptr ? fmt::format("{}; due for {} (no mail configured)", r.text, sent_to)
                                         : fmt::format("{}; sent to {}", r.text, sent_to.empty() ? "nobody" : sent_to);
    if (!missed.empty()) {
      text += fmt::format("; NOT sent to {}", missed);
    }
    TRY(service.record(tx, c, "reminder", text, "remind", data.dump()));
  }
  return due;
}

Result<std::vector<Pending>> pending_items(StoreTx& tx, const ReminderPolicy& policy, util::Timestamp now,
                                           const ComingDates* more) {
  std::vector<Pending> out;
  TRY_ASSIGN(auto cases, tx.list_cases({}));
  for (const Case& c : cases) {
    if (!reminded(c, more)) {
      continue;
    }
    TRY_ASSIGN(CaseFacts f, facts_of(tx, c));
    TRY_ASSIGN(auto conditions, conditions_of(tx, c, f, policy, now, true, more));
    for (const Condition& cond : conditions) {
      out.push_back({c.id, cond.name, cond.what,
                     cond.name.starts_with("stale") || cond.name == "no-ack" ? cond.trigger : cond.event});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Pending& a, const Pending& b) { return a.when < b.when; });
  return out;
}

}  // namespace embargo::core
