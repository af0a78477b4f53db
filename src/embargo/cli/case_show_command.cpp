// embargo case list | show: read-only views of cases.

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/case_show.hpp>
#include <embargo/cli/remote.hpp>
#include <embargo/core/case_json.hpp>
#include <embargo/core/cvss/vector_set.hpp>
#include <embargo/core/planner/case_plan.hpp>
#include <embargo/core/planner/plan_json.hpp>
#include <embargo/core/state_machine.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/scheduler/schedule_view.hpp>

namespace embargo::cli {

namespace {

struct CaseListArgs {
  std::string state;
  std::size_t limit = 0;
  std::string id;  // only cases with a vulnerability (or a reporter's CVE) of this identifier
  std::string format;
};

// True if one of the case's vulnerabilities, or the CVE its reporter obtained, is `id`.
Result<bool> case_has_identifier(core::StoreTx& tx, const core::Case& c, const std::string& id) {
  if (c.reporter.own_cve == id) {
    return true;
  }
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(c.id));
  return std::any_of(vulns.begin(), vulns.end(), [&](const auto& v) { return core::has_identifier(v, id); });
}

// The cases `filter` lists, only those holding `id` when it is given, at most `limit`.
Result<std::vector<core::Case>> listed_cases(core::StoreTx& tx, core::CaseFilter filter, const std::string& id,
                                             std::size_t limit) {
  if (id.empty()) {
    return tx.list_cases(filter);
  }
  filter.limit = 0;
  TRY_ASSIGN(auto all, tx.list_cases(filter));
  std::vector<core::Case> out;
  for (const core::Case& c : all) {
    TRY_ASSIGN(bool holds, case_has_identifier(tx, c, id));
    if (holds && (limit == 0 || out.size() < limit)) {
      out.push_back(c);
    }
  }
  return out;
}

Result<int> run_list(Context& ctx, const CaseListArgs& a) {
  if (!a.id.empty()) {
    TRY(core::validate_identifier(a.id));
  }
  if (ctx.remote()) {
    if (!a.id.empty()) {
      return make_error(ErrorCode::not_supported, "case list --id: not available with --remote yet");
    }
    return remote::case_list(ctx, a.state, a.limit, a.format);
  }
  core::CaseFilter filter;
  filter.limit = a.limit;
  if (!a.state.empty()) {
    TRY_ASSIGN(filter.state, core::parse_case_state(a.state));
  }
  TRY(ctx.data());
  std::vector<core::Case> cases;
  std::vector<std::string> projects;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(cases, listed_cases(tx, filter, a.id, a.limit));
    for (const core::Case& c : cases) {
      TRY_ASSIGN(projects.emplace_back(), tx.case_project(c.id));
    }
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (std::size_t i = 0; i < cases.size(); ++i) {
      out.push_back(core::to_json(cases[i], projects[i]));
    }
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  for (const core::Case& c : cases) {
    ctx.out() << fmt::format("{:<16} {:<10} {:<7} {}\n", c.id, core::to_string(c.state), core::to_string(c.impact),
                             c.title);
  }
  return k_exit_ok;
}

struct CaseShowArgs {
  std::string case_id;
  std::string format;
};

std::string next_states_text(core::CaseState state) {
  std::string out;
  for (core::CaseState s : core::next_states(state)) {
    out += out.empty() ? "" : ", ";
    out += core::to_string(s);
  }
  return out.empty() ? "(none)" : out;
}

std::string credit_text(const core::Reporter& r) {
  if (r.anonymous) {
    return "anonymous";
  }
  return r.credit.empty() ? "(not asked yet)" : r.credit;
}

// The case's current disclosure plan: each step in UTC and in the release
// zone, and the rules that do not pass.
void print_plan_summary(std::ostream& out, const core::planner::StoredPlan& p) {
  namespace planner = core::planner;
  out << fmt::format("\nDisclosure plan {} (made {} by {}; `embargo case plan {}` to plan again)\n", p.seq,
                     util::format_timestamp_human(p.created_at), p.actor, p.case_id);
  for (const planner::Event& e : p.plan.events) {
    out << fmt::format("  {:<17} {}\n", planner::to_string(e.step), util::format_timestamp_human(e.at));
  }
  for (const planner::Check& c : p.plan.checks) {
    if (c.status != planner::Status::ok) {
      out << fmt::format("  {} {}: {}\n", planner::to_string(c.status), c.rule, c.detail);
    }
  }
}

}  // namespace

void print_duties(std::ostream& out, const nlohmann::json& duties) {
  if (!duties.is_array() || duties.empty()) {
    return;
  }
  out << "\nDisclosure duties (the lists' rules)\n";
  for (const auto& d : duties) {
    std::string list = d.value("list", "");
    out << fmt::format("  {:<5} {:<19} {}{}\n", d.value("state", ""), d.value("rule", ""),
                       list.empty() ? "" : list + ": ", d.value("detail", ""));
  }
}

// The release schedule under the plan (scheduler/schedule_view.hpp).
void print_schedule(std::ostream& out, std::string_view id, const std::vector<scheduler::ScheduleRow>& rows) {
  if (rows.empty()) {
    return;
  }
  out << fmt::format("\nRelease schedule (`embargo release status {}`)\n", id);
  for (const auto& r : rows) {
    out << fmt::format("  {:<17} {}  {}\n", r.job.kind, util::format_timestamp_human(r.job.due_at), r.state_text());
  }
}

nlohmann::json schedule_json(const std::vector<scheduler::ScheduleRow>& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows) {
    out.push_back({{"kind", r.job.kind},
                   {"due_at", util::format_timestamp(r.job.due_at)},
                   {"state", core::to_string(r.job.state)},
                   {"skipped", r.skipped_why ? nlohmann::json(*r.skipped_why) : nlohmann::json()},
                   {"attempts", r.job.attempts},
                   {"last_error", r.job.last_error}});
  }
  return out;
}

void print_case_text(std::ostream& out, const core::Case& c, const std::vector<core::Vulnerability>& vulns,
                     const std::vector<core::TimelineEntry>& recent) {
  out << fmt::format("{}  {}\n\n", c.id, c.title);
  auto row = [&](std::string_view k, std::string_view v) { out << fmt::format("  {:<14}{}\n", k, v); };
  row("state", core::to_string(c.state));
  row("next states", next_states_text(c.state));
  row("impact", core::to_string(c.impact));
  row("exploitation", core::to_string(c.exploitation));
  row("reporter", core::format_reporter(c.reporter));
  row("credit", credit_text(c.reporter));
  row("deadline", c.reporter.deadline ? util::format_date(*c.reporter.deadline) : "(none given)");
  if (!c.reporter.own_cve.empty()) {
    row("reporter CVE", c.reporter.own_cve);
  }
  row("reporter key",
      c.reporter.key_fingerprint.empty() ? "(none: mail to them is not encrypted)" : c.reporter.key_fingerprint);
  row("release", c.release_at ? util::format_timestamp_human(*c.release_at) : "(not planned)");
  row("opened", util::format_timestamp_human(c.created_at));
  row("changed", util::format_timestamp_human(c.updated_at));
  out << fmt::format("\nVulnerabilities ({})\n", vulns.size());
  for (const core::Vulnerability& v : vulns) {
    out << fmt::format("  {}. {}\n", v.ordinal, v.title);
    out << fmt::format("     id {}  {}  affected {}  fixed {}\n", core::identifiers_text(v, "(none yet)"),
                       v.cwe.empty() ? "CWE ?" : v.cwe, v.affected.empty() ? "unknown" : v.affected,
                       v.fixed.empty() ? "?" : v.fixed);
    for (const std::string& vector : v.cvss) {
      out << fmt::format("     {}  {}\n", vector, core::cvss::score_summary(vector));
    }
  }
  out << fmt::format("\nTimeline (last {} of {}; `embargo timeline {}` for all)\n", recent.size(), c.timeline_count,
                     c.id);
  for (const core::TimelineEntry& e : recent) {
    out << fmt::format("  {}  {:<10} {}\n", util::format_timestamp_human(e.at), e.actor, e.text);
  }
}

namespace {

Result<int> run_show(Context& ctx, const CaseShowArgs& a) {
  if (ctx.remote()) {
    return remote::case_show(ctx, a.case_id, a.format);
  }
  TRY(ctx.data());
  core::Case c;
  std::string project;
  std::vector<core::Vulnerability> vulns;
  std::vector<core::Artifact> artifacts;
  std::vector<core::TimelineEntry> recent;
  std::optional<core::planner::StoredPlan> plan;
  std::vector<scheduler::ScheduleRow> schedule;
  std::vector<notice::Duty> duties;
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(c, tx.get_case(a.case_id));
    TRY_ASSIGN(schedule, scheduler::schedule_view(tx, *settings, a.case_id));
    TRY_ASSIGN(duties, notice::disclosure_duties(tx, c, *settings, clock->now()));
    TRY_ASSIGN(project, tx.case_project(a.case_id));
    TRY_ASSIGN(plan, tx.latest_plan(a.case_id));
    TRY_ASSIGN(vulns, tx.list_vulnerabilities(a.case_id));
    TRY_ASSIGN(artifacts, tx.list_artifacts(a.case_id));
    if (a.format == "text") {
      TRY_ASSIGN(recent, core::load_timeline(tx, a.case_id));
    }
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = core::to_json(c, project);
    out["vulnerabilities"] = nlohmann::json::array();
    for (const auto& v : vulns) {
      out["vulnerabilities"].push_back(core::to_json(v));
    }
    out["artifacts"] = nlohmann::json::array();
    for (const auto& art : artifacts) {
      out["artifacts"].push_back(core::to_json(art));
    }
    nlohmann::json next = nlohmann::json::array();
    for (core::CaseState s : core::next_states(c.state)) {
      next.push_back(core::to_string(s));
    }
    out["next_states"] = next;
    if (plan) {
      auto config = ctx.case_config(c.id);
      auto zones = core::planner::find_zones(config ? (*config)->project.time_zones : ctx.project().time_zones);
      std::vector<core::planner::Zone> shown = zones ? *zones : std::vector<core::planner::Zone>{};
      out["plan"] = nlohmann::json::parse(core::planner::to_json(plan->plan, shown).dump());
      out["plan"]["seq"] = plan->seq;
    } else {
      out["plan"] = nullptr;
    }
    out["schedule"] = schedule_json(schedule);
    out["duties"] = notice::duties_json(duties);
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  constexpr std::size_t k_recent = 5;
  if (recent.size() > k_recent) {
    recent.erase(recent.begin(), recent.end() - k_recent);
  }
  print_case_text(ctx.out(), c, vulns, recent);
  if (plan) {
    print_plan_summary(ctx.out(), *plan);
  }
  print_schedule(ctx.out(), c.id, schedule);
  print_duties(ctx.out(), notice::duties_json(duties));
  return k_exit_ok;
}

}  // namespace

void add_case_show_commands(CLI::App* parent, Context& ctx) {
  auto list = std::make_shared<CaseListArgs>();
  auto* ls = parent->add_subcommand("list", "List cases, optionally in one state");
  ls->add_option("--state", list->state, "Only cases in this state");
  ls->add_option("--limit", list->limit, "At most this many");
  ls->add_option("--id", list->id,
                 "Only the case holding this identifier (CVE or GCVE, of any of its vulnerabilities)");
  add_format_option(ls, list->format, {"text", "json"});
  ls->callback([&ctx, list] { run_command(ctx, [&] { return run_list(ctx, *list); }); });

  auto show = std::make_shared<CaseShowArgs>();
  auto* sh = parent->add_subcommand("show", "Show one case: fields, vulnerabilities, recent timeline");
  sh->add_option("case", show->case_id, "Case id")->required();
  add_format_option(sh, show->format, {"text", "json"});
  sh->callback([&ctx, show] { run_command(ctx, [&] { return run_show(ctx, *show); }); });
}

}  // namespace embargo::cli
