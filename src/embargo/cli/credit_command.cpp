// embargo credit show | accept | decline: the reporter's credit line and
// their decision on it (core/credit.hpp). Reporters decide in the portal or
// through the API; these commands record a decision they gave the team
// another way (by mail, on the phone), under the acting team member's name.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/core/credit.hpp>

namespace embargo::cli {

namespace {

struct CreditArgs {
  std::string case_id;
  std::string line;
  std::string format;
};

void print(Context& ctx, const std::string& case_id, const core::CreditState& s, const std::string& format) {
  if (format == "json") {
    ctx.out() << nlohmann::json{{"case", case_id},
                                {"line", s.line},
                                {"decision", core::to_string(s.decision)},
                                {"decided_by", s.decided_by},
                                {"decided_at", s.decided_at ? util::format_timestamp(*s.decided_at) : ""}}
                     .dump()
              << '\n';
    return;
  }
  ctx.out() << fmt::format("{} credit: {} ({})\n", case_id, s.line.empty() ? "(none)" : s.line,
                           core::to_string(s.decision));
}

Result<int> run_show(Context& ctx, const CreditArgs& a) {
  TRY(ctx.data());
  core::CreditState s;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(auto entries, core::load_timeline(tx, a.case_id));
    s = core::credit_state(c, entries);
    return {};
  }));
  print(ctx, a.case_id, s, a.format);
  return k_exit_ok;
}

Result<int> run_decide(Context& ctx, const CreditArgs& a, bool accept) {
  TRY(ctx.data());
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  core::CreditService credit(cases);
  core::CreditState s;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    if (accept) {
      TRY_ASSIGN(s, credit.accept(tx, a.case_id, a.line, ctx.actor()));
    } else {
      TRY_ASSIGN(s, credit.decline(tx, a.case_id, ctx.actor()));
    }
    return {};
  }));
  print(ctx, a.case_id, s, a.format);
  return k_exit_ok;
}

}  // namespace

void add_credit_commands(CLI::App& app, Context& ctx) {
  auto* credit = app.add_subcommand("credit", "The reporter's credit line and their decision on it");
  credit->require_subcommand(1);
  auto show = std::make_shared<CreditArgs>();
  auto* s = credit->add_subcommand("show", "The line that would be published and whether the reporter accepted it");
  s->add_option("case", show->case_id, "Case id")->required();
  add_format_option(s, show->format, {"text", "json"});
  s->callback([&ctx, show] { run_command(ctx, [&] { return run_show(ctx, *show); }); });
  auto accept = std::make_shared<CreditArgs>();
  auto* a = credit->add_subcommand("accept", "Record that the reporter accepted the line (or --line, as edited)");
  a->add_option("case", accept->case_id, "Case id")->required();
  a->add_option("--line", accept->line, "The line as the reporter wants it");
  add_format_option(a, accept->format, {"text", "json"});
  a->callback([&ctx, accept] { run_command(ctx, [&] { return run_decide(ctx, *accept, true); }); });
  auto decline = std::make_shared<CreditArgs>();
  auto* d = credit->add_subcommand("decline", "Record that the reporter declined credit: published as anonymous");
  d->add_option("case", decline->case_id, "Case id")->required();
  add_format_option(d, decline->format, {"text", "json"});
  d->callback([&ctx, decline] { run_command(ctx, [&] { return run_decide(ctx, *decline, false); }); });
}

}  // namespace embargo::cli
