#include <ostream>

#include <date/date.h>
#include <fmt/format.h>

#include <embargo/cli/plan_output.hpp>
#include <embargo/core/planner/moment.hpp>
#include <embargo/core/release_kind.hpp>
#include <embargo/core/planner/plan_json.hpp>

namespace embargo::cli {

namespace {

using namespace core::planner;

// Holidays recurring yearly are expanded this many years past now.
constexpr int k_holiday_years = 3;
// Local times in the text table, this many zones to a line.
constexpr std::size_t k_zones_per_line = 3;

int year_of(util::Timestamp t) {
  return static_cast<int>(date::year_month_day{std::chrono::floor<date::days>(t)}.year());
}

Result<void> add_holidays(Policy& policy, const std::filesystem::path& file, int until_year) {
  TRY_ASSIGN(std::vector<util::Date> days, calendar::load_holidays(file, until_year));
  policy.holidays.insert(policy.holidays.end(), days.begin(), days.end());
  return {};
}

}  // namespace

Result<PlanSetup> load_plan_setup(Context& ctx, const PlanOptions& o, std::string_view case_id) {
  PlanSetup s;
  std::filesystem::path base = std::filesystem::current_path();
  if (!ctx.data_dir.empty()) {
    TRY_ASSIGN(config::DataDir * dir, ctx.data());
    const config::ConfigFile* settings = &dir->config;
    if (!case_id.empty()) {
      TRY_ASSIGN(settings, ctx.case_config(case_id));
    } else if (!o.project.empty()) {
      TRY_ASSIGN(settings, dir->config.config_for_project(o.project).map_error(
                               [](const Error& e) { return Error(e.code(), "--project: " + e.message()); }));
    }
    s.config = settings->project;
    base = dir->path;
  } else if (!o.project.empty()) {
    return make_error(ErrorCode::invalid_argument, "--project: needs a data directory (--data or EMBARGO_DATA)");
  }
  if (!o.tz.empty()) {
    TRY_ASSIGN(s.input_zone,
               Zone::find(o.tz).map_error([](const Error& e) { return Error(e.code(), "--tz: " + e.message()); }));
  }
  if (!o.now.empty()) {
    TRY_ASSIGN(s.now, parse_moment(o.now, "--now", s.input_zone, s.config.policy.release_time));
  } else {
    TRY_ASSIGN(const util::Clock* clock, ctx.clock());
    s.now = clock->now();
  }
  Policy policy = s.config.policy;
  int until = year_of(s.now) + k_holiday_years;
  if (!policy.holidays_file.empty()) {
    TRY(add_holidays(policy, base / policy.holidays_file, until).map_error([](const Error& e) {
      return Error(e.code(), "policy.holidays_file: " + e.message());
    }));
  }
  if (!o.holidays.empty()) {
    TRY(add_holidays(policy, o.holidays, until).map_error([](const Error& e) {
      return Error(e.code(), "--holidays: " + e.message());
    }));
  }
  TRY_ASSIGN(s.planner, Planner::create(std::move(policy)));
  TRY_ASSIGN(s.zones, find_zones(s.config.time_zones));
  return s;
}

void add_plan_options(CLI::App* sub, PlanOptions& o, bool with_now) {
  sub->add_option("--tz", o.tz, "Zone of times given without one (e.g. Europe/London)");
  sub->add_option("--holidays", o.holidays, "iCalendar file of holidays to avoid, besides policy.holidays_file");
  if (with_now) {
    sub->add_option("--now", o.now, "The present (default: the clock, or EMBARGO_NOW)");
  }
  add_format_option(sub, o.format, {"text", "json", "ics"});
}

Result<util::Timestamp> parse_time_option(const PlanSetup& s, const std::string& text, std::string_view field) {
  return parse_moment(text, field, s.input_zone, s.planner->policy().release_time);
}

Result<std::optional<util::Date>> parse_deadline_option(const std::string& text) {
  if (text.empty()) {
    return std::optional<util::Date>();
  }
  TRY_ASSIGN(util::Date d, util::parse_date(text).map_error(
                               [](const Error& e) { return Error(e.code(), "--reporter-deadline: " + e.message()); }));
  return std::optional(d);
}

void print_plan_text(std::ostream& out, const std::vector<Zone>& zones, const Plan& plan,
                     std::optional<util::Timestamp> now) {
  bool now_shown = !now.has_value();
  auto now_line = [&] { out << fmt::format("  {}  {:<17} <-- NOW\n", format_utc_minutes(*now), "(now)"); };
  for (const Event& e : plan.events) {
    auto minute = std::chrono::floor<std::chrono::minutes>(e.at);
    bool is_now = !now_shown && minute == std::chrono::floor<std::chrono::minutes>(*now);
    if (!now_shown && !is_now && *now < e.at) {
      now_line();
      now_shown = true;
    }
    if (is_now) {
      out << fmt::format("  {}  {:<17} <-- NOW\n", format_utc_minutes(e.at), to_string(e.step));
    } else {
      out << fmt::format("  {}  {}\n", format_utc_minutes(e.at), to_string(e.step));
    }
    now_shown = now_shown || is_now;
    for (std::size_t i = 0; i < zones.size(); i += k_zones_per_line) {
      std::string locals;
      for (std::size_t j = i; j < zones.size() && j < i + k_zones_per_line; ++j) {
        locals +=
            fmt::format("{}{} {}", locals.empty() ? "" : " | ", zones[j].name(), format_short_local(zones[j], e.at));
      }
      out << fmt::format("      {}\n", locals);
    }
    if (!e.why.empty() && e.why != "given") {
      out << fmt::format("      why: {}\n", e.why);
    }
  }
  if (!now_shown) {
    now_line();
  }
  out << "\nChecks\n";
  for (const Check& c : plan.checks) {
    out << fmt::format("  {:<5} {:<20} {}\n", to_string(c.status), c.rule, c.detail);
  }
  out << (plan.ok() ? "\nEvery rule passes.\n" : fmt::format("\nFAILING RULES: {}\n", plan.failing_rules()));
}

void print_plan(std::ostream& out, const PlanSetup& s, const Plan& plan, const std::string& format,
                const std::string& title, const std::string& uid_base) {
  if (format == "json") {
    out << to_json(plan, s.zones).dump(2) << '\n';
  } else if (format == "ics") {
    out << calendar::plan_to_ics(plan, {uid_base, title, s.now});
  } else {
    out << title << fmt::format(" (release zone {})\n\n", s.planner->release_zone().name());
    print_plan_text(out, s.zones, plan, s.now);
  }
}

Result<void> print_release_kind_line(Context& ctx, const std::string& case_id) {
  std::string line;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(case_id));
    TRY_ASSIGN(auto timeline, core::load_timeline(tx, case_id));
    if (auto d = core::latest_release_kind(timeline)) {
      line = "Release kind: " + core::describe_release_kind(*d);
      return {};
    }
    core::ReleaseKindProposal p = core::propose_release_kind(c);
    line = fmt::format("Release kind: not recorded; proposed: {} ({}); record it with `embargo case release-kind {} "
                       "{} --base TAG --target VERSION --why TEXT`",
                       core::to_string(p.kind), p.reason, case_id, core::to_string(p.kind));
    return {};
  }));
  ctx.out() << line << "\n";
  return {};
}

}  // namespace embargo::cli
