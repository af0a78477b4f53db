// embargo recipient list | status: who received a case's embargo and how far
// each is (issue 12; core/recipient.hpp).

#include <charconv>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/recipient_command.hpp>
#include <embargo/core/recipient.hpp>

namespace embargo::cli {

namespace {

struct Overview {
  core::Case c;
  std::vector<core::Vulnerability> vulns;
  core::StatusMap statuses;
};

Result<Overview> load_overview(Context& ctx, std::string_view case_id) {
  Overview o;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(o.c, tx.get_case(case_id));
    TRY_ASSIGN(o.vulns, tx.list_vulnerabilities(case_id));
    TRY_ASSIGN(auto entries, core::load_timeline(tx, case_id));
    o.statuses = core::current_statuses(entries);
    return {};
  }));
  return o;
}

struct RecipientListArgs {
  std::string case_id;
  std::string format;
};

Result<int> run_list(Context& ctx, const RecipientListArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(Overview o, load_overview(ctx, a.case_id));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  auto recipients = settings->mail.recipients();
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : recipients) {
    for (const auto& v : o.vulns) {
      auto it = o.statuses.find({r.name, v.ordinal});
      nlohmann::json row = {{"recipient", r.name},
                            {"list", r.list},
                            {"important", r.important},
                            {"vulnerability", v.ordinal},
                            {"status", nullptr}};
      if (it != o.statuses.end()) {
        row["status"] = core::to_string(it->second.status);
        row["statement"] = it->second.statement;
        row["at"] = util::format_timestamp(it->second.at);
        row["actor"] = it->second.actor;
        row["via"] = it->second.via;
      }
      out.push_back(row);
      if (a.format != "json") {
        ctx.out() << fmt::format("{:<20} {:<14} {:>3}  {:<15} {}\n", r.name + (r.important ? " *" : ""), r.list,
                                 v.ordinal, row["status"].is_null() ? "-" : row["status"].get<std::string>(),
                                 it == o.statuses.end() ? "" : it->second.statement);
      }
    }
  }
  if (a.format == "json") {
    ctx.out() << out.dump(2) << '\n';
  }
  TRY(warn_unready_recipients(ctx, a.case_id, clock->now()));
  return k_exit_ok;
}

struct StatusArgs {
  std::string case_id;
  std::string vulnerability;
  std::string recipient;
  std::string status;
  std::string statement;
  std::string format;
};

Result<int> parse_vulnerability(std::string_view text) {
  if (text == "all") {
    return 0;
  }
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 1) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("vulnerability: '{}' is not a number (1, 2, ...) or 'all'", text));
  }
  return n;
}

Result<int> run_status(Context& ctx, const StatusArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  core::StatusChange change;
  change.recipient = a.recipient;
  change.statement = a.statement;
  change.via = "cli";
  TRY_ASSIGN(change.vulnerability, parse_vulnerability(a.vulnerability));
  TRY_ASSIGN(change.status, core::parse_recipient_status(a.status));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  core::RecipientService service(cases, settings->mail.recipients());
  std::vector<core::RecipientState> done;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(done, service.set_status(tx, a.case_id, change, ctx.actor()));
    return {};
  }));
  for (const auto& s : done) {
    if (a.format == "json") {
      ctx.out() << nlohmann::json{{"recipient", s.recipient},
                                  {"vulnerability", s.vulnerability},
                                  {"status", core::to_string(s.status)},
                                  {"statement", s.statement}}
                       .dump()
                << '\n';
    } else {
      ctx.out() << fmt::format("{} {} vulnerability {}: {}\n", a.case_id, s.recipient, s.vulnerability,
                               core::to_string(s.status));
    }
  }
  return k_exit_ok;
}

}  // namespace

Result<int> warn_unready_recipients(Context& ctx, std::string_view case_id, util::Timestamp now) {
  TRY(ctx.data());
  TRY_ASSIGN(Overview o, load_overview(ctx, case_id));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(case_id));
  auto warnings = core::readiness_warnings(o.c, o.vulns, settings->mail.recipients(), o.statuses, now,
                                           std::chrono::hours(settings->mail.recipient_warning_hours));
  for (const auto& w : warnings) {
    ctx.err() << "embargo: warning: " << w << '\n';
  }
  return static_cast<int>(warnings.size());
}

void add_recipient_commands(CLI::App& app, Context& ctx) {
  auto* rec = app.add_subcommand("recipient", "Recipients of a case's embargo and their status per vulnerability");
  rec->require_subcommand(1);

  auto list = std::make_shared<RecipientListArgs>();
  auto* l = rec->add_subcommand("list", "Each recipient's status per vulnerability (* marks important ones)");
  l->add_option("case", list->case_id, "Case id")->required();
  add_format_option(l, list->format, {"text", "json"});
  l->callback([&ctx, list] { run_command(ctx, [&] { return run_list(ctx, *list); }); });

  auto status = std::make_shared<StatusArgs>();
  auto* s = rec->add_subcommand("status", "Set a recipient's status for a vulnerability (a timeline entry)");
  s->add_option("case", status->case_id, "Case id")->required();
  s->add_option("vulnerability", status->vulnerability, "Its number in the case, or 'all'")->required();
  s->add_option("recipient", status->recipient, "Recipient name (a list or a name under one)")->required();
  s->add_option("status", status->status, "notified, acknowledged, packages-ready or not-affected")->required();
  s->add_option("--statement", status->statement, "What the recipient says (one paragraph)");
  add_format_option(s, status->format, {"text", "json"});
  s->callback([&ctx, status] { run_command(ctx, [&] { return run_status(ctx, *status); }); });
}

}  // namespace embargo::cli
