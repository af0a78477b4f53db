// embargo case link list CASE | revoke CASE ID|all: the reporter's private
// links of a case (core/reporter_links.hpp), listed by id (never the secret),
// and revoked with the portal sessions opened from them, on the timeline.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/core/reporter_links.hpp>

namespace embargo::cli {

namespace {

struct LinkArgs {
  std::string case_id;
  std::string id;
  std::string format = "text";
};

Result<int> run_list(Context& ctx, const LinkArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  std::vector<core::ReporterLink> links;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id).map([](auto&&) {}));
    TRY_ASSIGN(links, core::list_reporter_links(tx, a.case_id, clock->now()));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& l : links) {
      out.push_back({{"id", l.id},
                     {"label", l.label},
                     {"created_at", util::format_timestamp(l.created_at)},
                     {"expires_at", l.expires_at ? nlohmann::json(util::format_timestamp(*l.expires_at)) : nullptr},
                     {"sessions", l.sessions}});
    }
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  for (const auto& l : links) {
    ctx.out() << fmt::format("{}  made {}  expires {}  sessions {}  {}\n", l.id, util::format_timestamp(l.created_at),
                             l.expires_at ? util::format_timestamp(*l.expires_at) : std::string("never"), l.sessions,
                             l.label.empty() ? "-" : l.label);
  }
  if (links.empty()) {
    ctx.out() << a.case_id << ": no live reporter link\n";
  }
  return k_exit_ok;
}

Result<int> run_revoke(Context& ctx, const LinkArgs& a) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  int gone = 0;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(gone, core::revoke_reporter_links(tx, a.case_id, a.id));
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    return service.record(
        tx, c, core::entry_kind::k_access,
        fmt::format("reporter link {} revoked ({} link{}, with its sessions)", a.id, gone, gone == 1 ? "" : "s"),
        ctx.actor());
  }));
  ctx.out() << fmt::format("{}: {} reporter link{} revoked, with the portal sessions opened from {}\n", a.case_id, gone,
                           gone == 1 ? "" : "s", gone == 1 ? "it" : "them");
  return k_exit_ok;
}

}  // namespace

void add_case_link_commands(CLI::App& app, Context& ctx) {
  CLI::App* cases = app.get_subcommand("case");
  auto* link = cases->add_subcommand("link", "The reporter's private links to the portal: list and revoke");
  link->require_subcommand(1);
  auto args = std::make_shared<LinkArgs>();
  auto* list = link->add_subcommand("list", "The live links of a case, by id (never the secret)");
  list->add_option("case", args->case_id, "Case id")->required();
  list->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  list->callback([&ctx, args] { run_command(ctx, [&] { return run_list(ctx, *args); }); });
  auto* revoke = link->add_subcommand("revoke", "End a link and the portal sessions opened from it");
  revoke->add_option("case", args->case_id, "Case id")->required();
  revoke->add_option("id", args->id, "The link's id from `case link list`, or all")->required();
  revoke->callback([&ctx, args] { run_command(ctx, [&] { return run_revoke(ctx, *args); }); });
}

}  // namespace embargo::cli
