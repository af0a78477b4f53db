// embargo case release-kind CASE [patch-level|bundled --base TAG --target
// VERSION [--branch BRANCH] --why TEXT]: records the release kind
// (core/release_kind.hpp), the seed's step 4. Without a kind it prints the
// recorded decision, or the proposal from the case's impact and the command
// that records it.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/release_kind.hpp>

namespace embargo::cli {

namespace {

struct ReleaseKindArgs {
  std::string case_id;
  std::string kind;
  std::string base;
  std::string target;
  std::string branch;
  std::string why;
};

Result<int> show_release_kind(Context& ctx, const ReleaseKindArgs& a) {
  std::optional<core::ReleaseKind> decided;
  core::ReleaseKindProposal proposal;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(auto timeline, core::load_timeline(tx, a.case_id));
    decided = core::latest_release_kind(timeline);
    proposal = core::propose_release_kind(c);
    return {};
  }));
  if (decided) {
    ctx.out() << fmt::format("{}: {}\n", a.case_id, core::describe_release_kind(*decided));
    return k_exit_ok;
  }
  ctx.out() << fmt::format(
      "{}: no release kind recorded; proposed: {} ({})\nrecord it: embargo case release-kind {} {} --base TAG "
      "--target VERSION [--branch BRANCH] --why TEXT\n",
      a.case_id, core::to_string(proposal.kind), proposal.reason, a.case_id, core::to_string(proposal.kind));
  return k_exit_ok;
}

Result<int> run_release_kind(Context& ctx, const ReleaseKindArgs& a) {
  TRY(ctx.data());
  if (a.kind.empty()) {
    if (!a.base.empty() || !a.target.empty() || !a.branch.empty() || !a.why.empty()) {
      return make_error(ErrorCode::invalid_argument, "kind: missing; give patch-level or bundled before the options");
    }
    return show_release_kind(ctx, a);
  }
  core::ReleaseKind d;
  TRY_ASSIGN(d.kind, core::parse_release_kind(a.kind));
  d.base = a.base;
  d.target = a.target;
  d.branch = a.branch;
  d.why = a.why;
  TRY(core::validate_release_kind(d).map_error([](const Error& e) { return Error(e.code(), "--" + e.message()); }));
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    return core::record_release_kind(service, tx, a.case_id, d, ctx.actor());
  }));
  ctx.out() << fmt::format("{}: release kind recorded: {}\n", a.case_id, core::describe_release_kind(d));
  return k_exit_ok;
}

}  // namespace

void add_case_release_kind_command(CLI::App& app, Context& ctx) {
  CLI::App* cases = app.get_subcommand("case");
  auto args = std::make_shared<ReleaseKindArgs>();
  auto* x = cases->add_subcommand("release-kind",
                                  "Record the kind of release (patch-level: X.Y.patchlevel with just the fix; "
                                  "bundled: in the next release), or show it or the proposal");
  x->add_option("case", args->case_id, "Case id")->required();
  x->add_option("kind", args->kind, "patch-level or bundled (none: show the decision or the proposal)");
  x->add_option("--base", args->base, "The release it starts from, a tag: exim-4.98.1");
  x->add_option("--target", args->target, "The version to release: 4.98.2");
  x->add_option("--branch", args->branch, "The branch carrying the fix: exim-4.98+fixes");
  x->add_option("--why", args->why, "Why this kind (recorded on the timeline)");
  x->callback([&ctx, args] { run_command(ctx, [&] { return run_release_kind(ctx, *args); }); });
}

}  // namespace embargo::cli
