// embargo report cra CASE --stage early-warning|notification|final
// [--format text|json] [--sent]: what the manufacturers need for that stage
// of the CRA clock (notice/cra_report.hpp); --sent records on the timeline
// that the report went out, which closes the stage's duty.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/notice/cra_report.hpp>

namespace embargo::cli {

namespace {

struct CraArgs {
  std::string case_id;
  std::string stage;
  std::string format = "text";
  bool sent = false;
};

Result<nlohmann::json> build_report(core::StoreTx& tx, const config::ConfigFile& settings, const CraArgs& a,
                                    const std::string& stage) {
  TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
  TRY_ASSIGN(auto vulns, tx.list_vulnerabilities(a.case_id));
  TRY_ASSIGN(auto timeline, core::load_timeline(tx, a.case_id));
  return notice::cra_report({c, vulns, timeline, settings, stage});
}

// The "cra-report" entry for `stage`, once: a second --sent is refused.
Result<void> record_sent(core::StoreTx& tx, const core::CaseService& service, const nlohmann::json& report,
                         const std::string& actor) {
  if (report["state"] == "done") {
    return make_error(ErrorCode::conflict,
                      fmt::format("{}: the {} report is already recorded as sent", report["case"].get<std::string>(),
                                  report["stage"].get<std::string>()));
  }
  TRY_ASSIGN(core::Case c, tx.get_case(report["case"].get<std::string>()));
  std::string to;
  for (const auto& m : report["to"]) {
    to += (to.empty() ? "" : ", ") + m["name"].get<std::string>();
  }
  nlohmann::json data = {{"stage", report["stage"]}, {"to", report["to"]}};
  std::string text =
      fmt::format("CRA {} report sent{}", report["stage"].get<std::string>(), to.empty() ? "" : " to " + to);
  return service.record(tx, c, notice::cra::k_report_entry, text, actor, data.dump());
}

Result<int> run_cra(Context& ctx, const CraArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(std::string stage, notice::parse_cra_stage(a.stage).map_error(
                                    [](const Error& e) { return Error(e.code(), "--" + e.message()); }));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  nlohmann::json report;
  if (a.sent) {
    TRY_ASSIGN(core::CaseService service, ctx.case_service());
    TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(report, build_report(tx, *settings, a, stage));
      TRY(record_sent(tx, service, report, ctx.actor()));
      TRY_ASSIGN(report, build_report(tx, *settings, a, stage));
      return {};
    }));
  } else {
    TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(report, build_report(tx, *settings, a, stage));
      return {};
    }));
  }
  ctx.out() << (a.format == "json" ? report.dump(2) + "\n" : notice::cra_report_text(report));
  return k_exit_ok;
}

}  // namespace

void add_report_cra_command(CLI::App& app, Context& ctx) {
  auto* report = report_group(app);
  auto a = std::make_shared<CraArgs>();
  auto* c = report->add_subcommand("cra", "The EU Cyber Resilience Act's report for one stage, for the manufacturers");
  c->add_option("case", a->case_id, "Case id")->required();
  c->add_option("--stage", a->stage, "early-warning (24 h), notification (72 h) or final (14 days after the fix)")
      ->required();
  add_format_option(c, a->format, {"text", "json"});
  c->add_flag("--sent", a->sent, "Record on the timeline that this report went out (closes the stage's duty)");
  c->callback([&ctx, a] { run_command(ctx, [&] { return run_cra(ctx, *a); }); });
}

}  // namespace embargo::cli
