// embargo report write-up CASE: the after-the-fact account of a case
// (core/writeup.hpp), in Markdown or HTML, on stdout or into a file.

#include <ostream>

#include <embargo/cli/commands.hpp>
#include <embargo/core/writeup.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace {

struct WriteUpArgs {
  std::string case_id;
  std::string format;
  std::string output;
  bool include_private = false;
};

Result<int> run_write_up(Context& ctx, const WriteUpArgs& a) {
  TRY(ctx.data());
  core::Case c;
  std::vector<core::Vulnerability> vulns;
  std::vector<core::TimelineEntry> timeline;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(c, tx.get_case(a.case_id));
    TRY_ASSIGN(vulns, tx.list_vulnerabilities(a.case_id));
    TRY_ASSIGN(timeline, core::load_timeline(tx, a.case_id));
    return {};
  }));
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  core::WriteUpInput in{c, vulns, timeline, settings->project.project_name, a.include_private};
  std::string text = a.format == "html" ? core::write_up_html(in) : core::write_up_markdown(in);
  if (a.output.empty()) {
    ctx.out() << text;
  } else {
    TRY(util::write_file_atomic(a.output, text));
  }
  return k_exit_ok;
}

}  // namespace

CLI::App* report_group(CLI::App& app) {
  auto found = app.get_subcommands([](const CLI::App* c) { return c->get_name() == "report"; });
  if (!found.empty()) {
    return found.front();
  }
  auto* report = app.add_subcommand("report", "Accounts of cases: write-ups for the public, response-time figures");
  report->require_subcommand(1);
  return report;
}

void add_report_commands(CLI::App& app, Context& ctx) {
  auto* report = report_group(app);
  auto a = std::make_shared<WriteUpArgs>();
  auto* w = report->add_subcommand("write-up", "The after-the-fact account: every step of the timeline with its time");
  w->add_option("case", a->case_id, "Case id")->required();
  add_format_option(w, a->format, {"markdown", "html"});
  w->add_option("-o,--output", a->output, "Write to this file instead of stdout");
  w->add_flag("--include-private", a->include_private,
              "Also list internal notes, messages, received mail and access changes (one line each)");
  w->callback([&ctx, a] { run_command(ctx, [&] { return run_write_up(ctx, *a); }); });
}

}  // namespace embargo::cli
