// embargo report stats: response times per case and their medians
// (core/response_stats.hpp). An actor with a maintainer or reporter account
// sees only the cases shared with them.

#include <ostream>

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/core/access.hpp>
#include <embargo/core/response_stats.hpp>

namespace embargo::cli {

namespace {

struct StatsArgs {
  std::string since;
  std::string now;
  std::string format = "text";
};

nlohmann::json span_json(const std::optional<std::chrono::seconds>& s) {
  return s ? nlohmann::json(s->count()) : nlohmann::json(nullptr);
}

std::string span_text(const std::optional<std::chrono::seconds>& s) {
  if (!s) {
    return "-";
  }
  auto h = s->count() / 3600;
  return h >= 48 ? fmt::format("{}d{}h", h / 24, h % 24) : fmt::format("{}h{:02}m", h, (s->count() % 3600) / 60);
}

// Whether the acting user may see `case_id`: staff and people without an
// account (who hold the data directory) see every case.
Result<bool> visible(core::StoreTx& tx, const std::optional<core::User>& user, std::string_view case_id) {
  if (!user || user->role == core::Role::admin || user->role == core::Role::team) {
    return true;
  }
  core::Principal who{user->name, user->role, ""};
  TRY_ASSIGN(auto grant, tx.find_grant(case_id, user->name));
  return core::access_to(who, case_id, grant) >= core::CaseAccess::read;
}

void print_text(Context& ctx, const std::vector<core::CaseTimes>& cases, const core::Medians& m) {
  ctx.out() << fmt::format("{:<16} {:<11} {:>9} {:>9} {:>9} {:>9}  {}\n", "case", "state", "ack", "confirm", "fix",
                           "release", "over policy");
  for (const auto& t : cases) {
    std::string over;
    for (const auto& o : t.over_policy) {
      over += (over.empty() ? "" : ",") + o;
    }
    ctx.out() << fmt::format("{:<16} {:<11} {:>9} {:>9} {:>9} {:>9}  {}\n", t.case_id, core::to_string(t.state),
                             span_text(t.acknowledge), span_text(t.confirm), span_text(t.fix), span_text(t.release),
                             over.empty() ? "-" : "OVER: " + over);
  }
  ctx.out() << fmt::format("{:<16} {:<11} {:>9} {:>9} {:>9} {:>9}  {} of {} over policy\n", "median", "",
                           span_text(m.acknowledge), span_text(m.confirm), span_text(m.fix), span_text(m.release),
                           m.over_policy, m.cases);
}

Result<int> run_stats(Context& ctx, const StatsArgs& a) {
  if (!a.now.empty()) {
    TRY_ASSIGN(util::Timestamp t,
               util::parse_timestamp(a.now).map_error([](Error e) { return Error(e.code(), "now: " + e.message()); }));
    ctx.set_now(t);
  }
  std::optional<util::Timestamp> since;
  if (!a.since.empty()) {
    TRY_ASSIGN(util::Date d,
               util::parse_date(a.since).map_error([](Error e) { return Error(e.code(), "since: " + e.message()); }));
    since = util::Timestamp(
        date::sys_days(date::year_month_day{date::year(d.year), date::month(d.month), date::day(d.day)}));
  }
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  std::vector<core::CaseTimes> cases;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    std::optional<core::User> user;
    if (auto u = tx.get_user(ctx.actor())) {
      user = *u;
    }
    TRY_ASSIGN(auto all, core::all_case_times(tx, data->config.team.reminders, clock->now(), since));
    for (auto& t : all) {
      TRY_ASSIGN(bool ok, visible(tx, user, t.case_id));
      if (ok) {
        cases.push_back(std::move(t));
      }
    }
    return {};
  }));
  core::Medians m = core::medians_of(cases);
  if (a.format != "json") {
    print_text(ctx, cases, m);
    return k_exit_ok;
  }
  nlohmann::json out = {{"cases", nlohmann::json::array()}};
  for (const auto& t : cases) {
    out["cases"].push_back({{"case", t.case_id},
                            {"state", core::to_string(t.state)},
                            {"opened", util::format_timestamp(t.opened)},
                            {"acknowledge_seconds", span_json(t.acknowledge)},
                            {"confirm_seconds", span_json(t.confirm)},
                            {"fix_seconds", span_json(t.fix)},
                            {"release_seconds", span_json(t.release)},
                            {"over_policy", t.over_policy}});
  }
  out["median"] = {{"cases", m.cases},
                   {"over_policy", m.over_policy},
                   {"acknowledge_seconds", span_json(m.acknowledge)},
                   {"confirm_seconds", span_json(m.confirm)},
                   {"fix_seconds", span_json(m.fix)},
                   {"release_seconds", span_json(m.release)}};
  ctx.out() << out.dump(2) << '\n';
  return k_exit_ok;
}

}  // namespace

void add_report_stats_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<StatsArgs>();
  auto* report = report_group(app);
  auto* stats = report->add_subcommand("stats", "Time to acknowledge, confirm, fix and release; medians; over policy");
  stats->add_option("--since", args->since, "Only cases opened on or after this day (YYYY-MM-DD)");
  stats->add_option("--now", args->now, "Evaluate at this time (RFC 3339) instead of now");
  add_format_option(stats, args->format, {"text", "json"});
  stats->callback([&ctx, args] { run_command(ctx, [&] { return run_stats(ctx, *args); }); });
}

}  // namespace embargo::cli
