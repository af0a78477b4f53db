#include <embargo/cli/commands.hpp>
#include <embargo/cli/demo.hpp>
#include <embargo/cli/quarantine.hpp>

#include <iostream>

namespace embargo::cli {

void add_all_commands(CLI::App& app, Context& ctx) {
  add_init_command(app, ctx);
  add_case_commands(app, ctx);
  add_vuln_commands(app, ctx);
  add_timeline_commands(app, ctx);
  add_backup_command(app, ctx);
  add_export_commands(app, ctx);
  add_validate_command(app, ctx);
  add_cve_commands(app, ctx);
  add_import_commands(app, ctx);
  add_plan_commands(app, ctx);
  add_usercode_commands(app, ctx);
  add_files_commands(app, ctx);
  add_window_commands(app, ctx);
  add_downloads_command(app, ctx);
  add_cvss_commands(app, ctx);
  add_release_commands(app, ctx);
  add_intake_commands(app, ctx);
  add_quarantine_commands(app, ctx);
  add_notice_commands(app, ctx);
  add_case_exploit_command(app, ctx);
  add_case_release_kind_command(app, ctx);
  add_case_link_commands(app, ctx);
  add_user_commands(app, ctx);
  add_team_commands(app, ctx);
  add_remind_commands(app, ctx);
  add_report_stats_commands(app, ctx);
  add_recipient_commands(app, ctx);
  add_credit_commands(app, ctx);
  add_report_commands(app, ctx);
  add_report_cra_command(app, ctx);
  add_project_commands(app, ctx);
  add_advisory_commands(app, ctx);
  add_doctor_command(app, ctx);
  add_setup_command(app, ctx);
  add_demo_command(app, ctx);
}

int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"embargo: run a free-software project's security releases", "embargo"};
  app.fallthrough();  // global options may follow the subcommand
  app.require_subcommand(1);
  app.set_version_flag("--version", "embargo 0.1.0");
  Context ctx(out, err);
  app.add_option("--data", ctx.data_dir, "Data directory")->envname("EMBARGO_DATA");
  app.add_option("--actor", ctx.actor_option, "Who is acting, for the timeline (default: your login name)")
      ->envname("EMBARGO_ACTOR");
  app.add_option("--server", ctx.server_url, "Talk to this embargod (http(s)://HOST:PORT) instead of --data")
      ->envname("EMBARGO_SERVER");
  app.add_option("--token", ctx.token, "API token for --server (better: set EMBARGO_TOKEN)")->envname("EMBARGO_TOKEN");
  add_all_commands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    app.exit(e, out, err);
    return k_exit_usage;
  } catch (const std::exception& e) {
    err << "embargo: internal error: " << e.what() << '\n';
    return k_exit_error;
  }
  return ctx.exit_code;
}

}  // namespace embargo::cli
