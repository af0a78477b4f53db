#pragma once

#include <CLI/CLI.hpp>

#include <embargo/cli/context.hpp>

namespace embargo::cli {

// Each subcommand file defines one of these; commands.cpp calls them all.
void add_init_command(CLI::App& app, Context& ctx);
void add_case_commands(CLI::App& app, Context& ctx);
void add_vuln_commands(CLI::App& app, Context& ctx);
void add_timeline_commands(CLI::App& app, Context& ctx);
void add_backup_command(CLI::App& app, Context& ctx);
void add_export_commands(CLI::App& app, Context& ctx);
void add_validate_command(CLI::App& app, Context& ctx);
void add_cve_commands(CLI::App& app, Context& ctx);
void add_import_commands(CLI::App& app, Context& ctx);
void add_plan_commands(CLI::App& app, Context& ctx);
void add_usercode_commands(CLI::App& app, Context& ctx);
void add_files_commands(CLI::App& app, Context& ctx);
void add_window_commands(CLI::App& app, Context& ctx);
void add_downloads_command(CLI::App& app, Context& ctx);
void add_cvss_commands(CLI::App& app, Context& ctx);
void add_release_commands(CLI::App& app, Context& ctx);
// embargo release schedule/status/run-now/abort (release_schedule_command.cpp), under `release`.
void add_release_schedule_commands(CLI::App& release, Context& ctx);
void add_release_dry_run_command(CLI::App& release, Context& ctx);
void add_intake_commands(CLI::App& app, Context& ctx);
void add_notice_commands(CLI::App& app, Context& ctx);
void add_notice_reply_command(CLI::App* notice, Context& ctx);  // from add_notice_commands
void add_case_exploit_command(CLI::App& app, Context& ctx);  // after add_case_commands
void add_case_release_kind_command(CLI::App& app, Context& ctx);  // after add_case_commands
void add_case_link_commands(CLI::App& app, Context& ctx);    // after add_case_commands
void add_user_commands(CLI::App& app, Context& ctx);
void add_team_commands(CLI::App& app, Context& ctx);    // after add_user_commands, add_case_commands
void add_remind_commands(CLI::App& app, Context& ctx);
void add_report_stats_commands(CLI::App& app, Context& ctx);
void add_recipient_commands(CLI::App& app, Context& ctx);
void add_credit_commands(CLI::App& app, Context& ctx);
void add_report_commands(CLI::App& app, Context& ctx);
void add_report_cra_command(CLI::App& app, Context& ctx);
// The `report` group both add_report_commands and add_report_stats_commands add to (made on first use).
CLI::App* report_group(CLI::App& app);
void add_project_commands(CLI::App& app, Context& ctx);
void add_advisory_commands(CLI::App& app, Context& ctx);
void add_doctor_command(CLI::App& app, Context& ctx);
void add_setup_command(CLI::App& app, Context& ctx);

// Registers every subcommand on `app`.
void add_all_commands(CLI::App& app, Context& ctx);

// The whole program, for src/app/cli_main.cpp and the integration tests.
int run_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace embargo::cli
