// embargo case new | note | move | edit: the commands that change a case.
// `case list` and `case show` are in case_show_command.cpp.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/case_files.hpp>
#include <embargo/cli/case_plan.hpp>
#include <embargo/cli/case_reporter.hpp>
#include <embargo/cli/case_show.hpp>
#include <embargo/cli/remote.hpp>
#include <embargo/core/case_json.hpp>
#include <embargo/core/project.hpp>

namespace embargo::cli {

namespace {

struct NewArgs {
  std::string title;
  std::string reporter;
  std::string credit;
  bool anonymous = false;
  std::string deadline;
  std::string own_cve;
  std::string impact = "unknown";
  std::string exploitation = "none";
  std::string project;  // [[projects]] name; empty: the server's own
  std::string format;
};

Result<core::NewCase> parse_new_case(const NewArgs& a) {
  core::NewCase input;
  input.title = a.title;
  TRY_ASSIGN(input.reporter, core::parse_reporter(a.reporter));
  input.reporter.credit = a.credit;
  input.reporter.anonymous = a.anonymous;
  input.reporter.own_cve = a.own_cve;
  if (!a.deadline.empty()) {
    TRY_ASSIGN(util::Date d, util::parse_date(a.deadline).map_error([](const Error& e) {
      return Error(e.code(), "reporter-deadline: " + e.message());
    }));
    input.reporter.deadline = d;
  }
  TRY_ASSIGN(input.impact, core::parse_impact(a.impact));
  TRY_ASSIGN(input.exploitation, core::parse_exploitation(a.exploitation));
  return input;
}

Result<int> run_new(Context& ctx, const NewArgs& a) {
  TRY_ASSIGN(core::NewCase input, parse_new_case(a));
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  core::Case created;
  if (!a.project.empty()) {
    TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(created, core::create_project_case(tx, ctx.project(), service, a.project, input, ctx.actor()));
      return {};
    }));
  } else {
    TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(created, service.create(tx, input, ctx.actor()));
      return {};
    }));
  }
  if (a.format == "json") {
    ctx.out() << core::to_json(created).dump(2) << '\n';
  } else {
    ctx.out() << created.id << '\n';
  }
  return k_exit_ok;
}

struct NoteArgs {
  std::string case_id;
  std::string text;
};

Result<int> run_note(Context& ctx, const NoteArgs& a) {
  if (ctx.remote()) {
    return remote::case_note(ctx, a.case_id, a.text);
  }
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY(ctx.store().write([&](core::StoreTx& tx) { return service.add_note(tx, a.case_id, a.text, ctx.actor()); }));
  return k_exit_ok;
}

struct MoveArgs {
  std::string case_id;
  std::string state;
  std::string why;
  bool override_date = false;
  bool forward = false;
  std::string format;
};

Result<int> run_move(Context& ctx, const MoveArgs& a) {
  if (a.forward) {
    if (a.state != "rejected") {
      return ctx.fail_usage("--forward goes with the state rejected");
    }
    return move_rejected_forward(ctx, a.case_id, a.why, a.format);
  }
  if (ctx.remote()) {
    return remote::case_move(ctx, a.case_id, a.state, a.why, a.override_date, a.format);
  }
  TRY_ASSIGN(core::CaseState to, core::parse_case_state(a.state));
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  core::Case moved;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(moved, service.move(tx, a.case_id, to, a.why, ctx.actor(), a.override_date));
    return {};
  }));
  if (a.format == "json") {
    ctx.out() << core::to_json(moved).dump(2) << '\n';
  } else {
    ctx.out() << fmt::format("{} is now {}\n", moved.id, core::to_string(moved.state));
  }
  return k_exit_ok;
}

struct EditArgs {
  std::string case_id;
  std::optional<std::string> title, impact, exploitation, credit, deadline, own_cve, reporter_key;
  bool anonymous = false;
  bool credited = false;
};

Result<int> run_edit(Context& ctx, const EditArgs& a) {
  core::CaseEdit edit;
  edit.title = a.title;
  edit.credit = a.credit;
  edit.own_cve = a.own_cve;
  if (a.impact) {
    TRY_ASSIGN(edit.impact, core::parse_impact(*a.impact));
  }
  if (a.exploitation) {
    TRY_ASSIGN(edit.exploitation, core::parse_exploitation(*a.exploitation));
  }
  if (a.deadline) {
    if (a.deadline->empty() || *a.deadline == "none") {
      edit.deadline = std::optional<util::Date>();
    } else {
      TRY_ASSIGN(util::Date d, util::parse_date(*a.deadline));
      edit.deadline = d;
    }
  }
  if (a.anonymous && a.credited) {
    return ctx.fail_usage("give --anonymous or --credited, not both");
  }
  if (a.anonymous) {
    edit.anonymous = true;
    edit.credit = "";
  } else if (a.credited) {
    edit.anonymous = false;
  }
  if (a.reporter_key) {
    TRY_ASSIGN(edit.reporter_key, reporter_key_from_file(ctx, a.case_id, *a.reporter_key));
  }
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY(service.edit(tx, a.case_id, edit, ctx.actor()));
    return {};
  }));
  return k_exit_ok;
}

void add_new(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<NewArgs>();
  auto* sub = parent->add_subcommand("new", "Open a case for a new report");
  sub->add_option("--title", a->title, "One line describing the problem")->required();
  sub->add_option("--reporter", a->reporter, "\"Name <address>\", an address or a name")->required();
  sub->add_option("--reporter-credit", a->credit, "Credit line the reporter wants published");
  sub->add_flag("--anonymous", a->anonymous, "The reporter does not want to be credited");
  sub->add_option("--reporter-deadline", a->deadline, "The reporter's own disclosure date (YYYY-MM-DD)");
  sub->add_option("--reporter-cve", a->own_cve, "A CVE the reporter already obtained");
  sub->add_option("--impact", a->impact, "rce, lpe, dos, leak, other or unknown")->capture_default_str();
  sub->add_option("--exploitation", a->exploitation, "none, poc-public or active")->capture_default_str();
  sub->add_option("--project", a->project, "Open it in another project on this server ([[projects]] name)");
  add_format_option(sub, a->format, {"text", "json"});
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_new(ctx, *a); }); });
}

void add_note(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<NoteArgs>();
  auto* sub = parent->add_subcommand("note", "Add a note to a case's timeline");
  sub->add_option("case", a->case_id, "Case id")->required();
  sub->add_option("text", a->text, "The note")->required();
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_note(ctx, *a); }); });
}

void add_move(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<MoveArgs>();
  auto* sub = parent->add_subcommand("move", "Move a case to another state");
  sub->add_option("case", a->case_id, "Case id")->required();
  sub->add_option("state", a->state, "reported, confirmed, fixing, notified, fix-shared, public, closed, rejected")
      ->required();
  sub->add_option("--why", a->why, "The reason, recorded on the timeline")->required();
  sub->add_flag("--override-date", a->override_date, "Release before the planned date (recorded as an override)");
  sub->add_flag("--forward", a->forward,
                "With rejected: send the report's text to mail.bugs_address (or print it for a tracker) and tell "
                "the reporter where it went");
  add_format_option(sub, a->format, {"text", "json"});
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_move(ctx, *a); }); });
}

void add_edit(CLI::App* parent, Context& ctx) {
  auto a = std::make_shared<EditArgs>();
  auto* sub = parent->add_subcommand("edit", "Change fields of a case (each change goes on the timeline)");
  sub->add_option("case", a->case_id, "Case id")->required();
  sub->add_option("--title", a->title, "New title");
  sub->add_option("--impact", a->impact, "rce, lpe, dos, leak, other or unknown");
  sub->add_option("--exploitation", a->exploitation, "none, poc-public or active");
  sub->add_option("--reporter-credit", a->credit, "Credit line");
  sub->add_flag("--anonymous", a->anonymous, "The reporter does not want to be credited");
  sub->add_flag("--credited", a->credited, "The reporter wants to be credited");
  sub->add_option("--reporter-deadline", a->deadline, "YYYY-MM-DD, or none");
  sub->add_option("--reporter-cve", a->own_cve, "A CVE the reporter already obtained");
  sub->add_option("--reporter-key", a->reporter_key,
                  "FILE with the reporter's armored OpenPGP public key (mail to them is then encrypted to it); "
                  "none forgets it");
  sub->callback([&ctx, a] { run_command(ctx, [&] { return run_edit(ctx, *a); }); });
}

}  // namespace

void add_case_commands(CLI::App& app, Context& ctx) {
  auto* sub = app.add_subcommand("case", "Open, list, show and change cases");
  sub->require_subcommand(1);
  add_new(sub, ctx);
  add_note(sub, ctx);
  add_move(sub, ctx);
  add_edit(sub, ctx);
  add_case_show_commands(sub, ctx);
  add_case_plan_command(sub, ctx);
  add_case_files_commands(sub, ctx);
}

}  // namespace embargo::cli
