// embargo remind run: evaluate the reminder policy now (or --now) and queue
// what is due (core/reminders.hpp); embargo whats-next: what needs doing,
// most urgent first.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/core/access.hpp>
#include <embargo/mail/quarantine.hpp>
#include <embargo/notice/disclosure_duties.hpp>

namespace embargo::cli {

namespace {

struct RemindArgs {
  std::string now;
  std::string format = "text";
  bool me = false;
};

Result<void> apply_now(Context& ctx, const std::string& now) {
  if (now.empty()) {
    return {};
  }
  TRY_ASSIGN(util::Timestamp t,
             util::parse_timestamp(now).map_error([](Error e) { return Error(e.code(), "now: " + e.message()); }));
  ctx.set_now(t);
  return {};
}

Result<int> run_remind(Context& ctx, const RemindArgs& a) {
  TRY(apply_now(ctx, a.now));
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(core::ReminderMailer * mailer, ctx.reminder_mailer());
  util::Timestamp now = clock->now();
  std::vector<core::DueReminder> sent;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    notice::DutyDates duties(data->config);
    TRY_ASSIGN(sent, core::run_reminders(tx, service, data->config.team.reminders, now, mailer, &duties));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : sent) {
      nlohmann::json not_sent = nlohmann::json::array();
      for (const auto& n : r.not_sent) {
        not_sent.push_back({{"name", n.name}, {"reason", n.reason}});
      }
      out.push_back({{"case", r.case_id},
                     {"condition", r.condition},
                     {"threshold", r.threshold},
                     {"level", r.level},
                     {"to", r.recipients},
                     {"due", util::format_timestamp(r.due)},
                     {"not_sent", not_sent},
                     {"text", r.text}});
    }
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  for (const auto& r : sent) {
    std::string to;
    for (const auto& n : r.recipients) {
      to += (to.empty() ? "" : ",") + n;
    }
    std::string missed = core::describe(r.not_sent);
    ctx.out() << fmt::format("{} {} {} level {} -> {}{}\n", r.case_id, r.condition, r.threshold, r.level, to,
                             missed.empty() ? "" : "; NOT sent to " + missed);
  }
  if (sent.empty()) {
    ctx.out() << "no reminder due\n";
  }
  return k_exit_ok;
}

// The cases `actor` may see: every case for staff and for a Unix user without
// an account (who holds the data directory), the granted ones otherwise.
Result<bool> may_see(core::StoreTx& tx, const std::optional<core::User>& user, std::string_view case_id) {
  if (!user) {
    return true;
  }
  core::Principal who{user->name, user->role, ""};
  TRY_ASSIGN(auto grant, tx.find_grant(case_id, user->name));
  return core::access_to(who, case_id, grant) >= core::CaseAccess::read;
}

// Quarantined mail (mail/quarantine.hpp) is overdue at once: a report may be
// hidden in it. Listed for its project's team (mail::may_handle_quarantined;
// everything for a Unix user without an account, who holds the data
// directory), never with --me. Items carry "quarantine": ID.
struct QuarantineViewer {
  std::optional<core::Principal> who;  // none: the data directory's holder
  std::vector<std::string> projects;   // the projects `who` is on the team of
};

Result<void> add_quarantined(Context& ctx, const std::filesystem::path& data_dir, const QuarantineViewer& viewer,
                             nlohmann::json& out) {
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  mail::Quarantine quarantine(data_dir, ctx.store(), cases, *clock);
  TRY_ASSIGN(auto all, quarantine.list());
  for (const auto& m : all) {
    if (viewer.who && !mail::may_handle_quarantined(*viewer.who, m.project, viewer.projects)) {
      continue;
    }
    out.push_back({{"case", ""},
                   {"condition", "quarantined"},
                   {"what", fmt::format("mail from {} kept: {}", m.from.empty() ? "?" : m.from, m.reason)},
                   {"when", util::format_timestamp(m.at)},
                   {"overdue", true},
                   {"holder", ""},
                   {"quarantine", m.id}});
  }
  return {};
}

Result<int> run_whats_next(Context& ctx, const RemindArgs& a) {
  TRY(apply_now(ctx, a.now));
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  util::Timestamp now = clock->now();
  std::string actor = ctx.actor();
  nlohmann::json out = nlohmann::json::array();
  QuarantineViewer viewer;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    std::optional<core::User> user;
    if (auto u = tx.get_user(actor)) {
      user = *u;
      viewer.who = core::Principal{user->name, user->role, ""};
      TRY_ASSIGN(viewer.projects, tx.list_user_projects(user->name));
    }
    TRY_ASSIGN(auto profiles, tx.list_members());
    notice::DutyDates duties(data->config);
    TRY_ASSIGN(auto items, core::pending_items(tx, data->config.team.reminders, now, &duties));
    for (const core::Pending& p : items) {
      TRY_ASSIGN(bool visible, may_see(tx, user, p.case_id));
      if (!visible) {
        continue;
      }
      TRY_ASSIGN(auto assignment, tx.find_assignment(p.case_id));
      std::string holder = assignment ? core::acting_holder(*assignment, profiles, now) : std::string();
      if (a.me && holder != actor) {
        continue;
      }
      out.push_back({{"case", p.case_id},
                     {"condition", p.condition},
                     {"what", p.what},
                     {"when", util::format_timestamp(p.when)},
                     {"overdue", p.when <= now},
                     {"holder", holder}});
    }
    return {};
  }));
  if (!a.me) {
    TRY(add_quarantined(ctx, data->path, viewer, out));
  }
  if (a.format == "json") {
    ctx.out() << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return k_exit_ok;
  }
  for (const auto& item : out) {
    if (item.contains("quarantine")) {
      ctx.out() << fmt::format("{:<8} {} {:<16} {} [embargo quarantine show {}]\n", "MAIL",
                               item["when"].get<std::string>().substr(0, 16), "quarantined",
                               item["what"].get<std::string>(), item["quarantine"].get<std::string>());
      continue;
    }
    ctx.out() << fmt::format(
        "{:<8} {} {:<16} {} [{}]\n", item["overdue"].get<bool>() ? "OVERDUE" : "due",
        item["when"].get<std::string>().substr(0, 16), item["case"].get<std::string>(), item["what"].get<std::string>(),
        item["holder"].get<std::string>().empty() ? "unassigned" : item["holder"].get<std::string>());
  }
  if (out.empty()) {
    ctx.out() << "nothing to do\n";
  }
  return k_exit_ok;
}

}  // namespace

void add_remind_commands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<RemindArgs>();
  auto* remind = app.add_subcommand("remind", "Reminders from the project's policy ([reminders])");
  remind->require_subcommand(1);
  auto* run = remind->add_subcommand("run", "Queue the reminders due now (owner, then backup, then the team)");
  run->add_option("--now", args->now, "Evaluate at this time (RFC 3339) instead of now");
  add_format_option(run, args->format, {"text", "json"});
  run->callback([&ctx, args] { run_command(ctx, [&] { return run_remind(ctx, *args); }); });
  auto* next = app.add_subcommand("whats-next", "What needs doing now, most urgent first");
  next->add_flag("--me", args->me, "Only the cases you hold (owner, or backup while the owner is away)");
  next->add_option("--now", args->now, "Evaluate at this time (RFC 3339) instead of now");
  add_format_option(next, args->format, {"text", "json"});
  next->callback([&ctx, args] { run_command(ctx, [&] { return run_whats_next(ctx, *args); }); });
}

}  // namespace embargo::cli
