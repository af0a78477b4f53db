// embargo project list | add-member | remove-member | members: the other
// projects on this server ([[projects]]) and their teams (core/project.hpp).

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/project.hpp>

namespace embargo::cli {

namespace {

struct ProjectArgs {
  std::string project;
  std::string user;
};

Result<int> run_list(Context& ctx) {
  TRY(ctx.data());
  for (const auto& p : ctx.project().projects) {
    std::vector<std::string> members;
    std::vector<std::string> cases;
    TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(members, tx.list_project_members(p.name));
      TRY_ASSIGN(cases, tx.list_project_cases(p.name));
      return {};
    }));
    ctx.out() << fmt::format("{:<16} {:<8} {} ({} cases; team: {}; settings: {})\n", p.name, p.case_prefix,
                             p.display_name, cases.size(),
                             members.empty() ? "-" : fmt::format("{}", fmt::join(members, ", ")),
                             p.config_file.empty() ? "embargo.toml" : p.config_file);
  }
  return k_exit_ok;
}

Result<int> run_member(Context& ctx, const ProjectArgs& a, bool add) {
  TRY(ctx.data());
  TRY(core::find_project(ctx.project(), a.project));
  bool removed = true;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    if (add) {
      return tx.put_project_member(a.project, a.user);
    }
    TRY_ASSIGN(removed, tx.delete_project_member(a.project, a.user));
    return {};
  }));
  if (!removed) {
    return make_error(ErrorCode::not_found, fmt::format("user: {} is not on the team of {}", a.user, a.project));
  }
  return k_exit_ok;
}

Result<int> run_members(Context& ctx, const ProjectArgs& a) {
  TRY(ctx.data());
  TRY(core::find_project(ctx.project(), a.project));
  std::vector<std::string> members;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(members, tx.list_project_members(a.project));
    return {};
  }));
  for (const auto& m : members) {
    ctx.out() << m << '\n';
  }
  return k_exit_ok;
}

}  // namespace

void add_project_commands(CLI::App& app, Context& ctx) {
  auto* project = app.add_subcommand("project", "Other projects on this server and their teams");
  project->require_subcommand(1);
  auto* l = project->add_subcommand("list", "The configured projects, their case prefixes and teams");
  l->callback([&ctx] { run_command(ctx, [&] { return run_list(ctx); }); });
  auto add = std::make_shared<ProjectArgs>();
  auto* a = project->add_subcommand("add-member", "Put an account on a project's team (write on its cases)");
  a->add_option("project", add->project, "Project name")->required();
  a->add_option("user", add->user, "Account")->required();
  a->callback([&ctx, add] { run_command(ctx, [&] { return run_member(ctx, *add, true); }); });
  auto rm = std::make_shared<ProjectArgs>();
  auto* r = project->add_subcommand("remove-member", "Take an account off a project's team");
  r->add_option("project", rm->project, "Project name")->required();
  r->add_option("user", rm->user, "Account")->required();
  r->callback([&ctx, rm] { run_command(ctx, [&] { return run_member(ctx, *rm, false); }); });
  auto mem = std::make_shared<ProjectArgs>();
  auto* m = project->add_subcommand("members", "A project's team");
  m->add_option("project", mem->project, "Project name")->required();
  m->callback([&ctx, mem] { run_command(ctx, [&] { return run_members(ctx, *mem); }); });
}

}  // namespace embargo::cli
