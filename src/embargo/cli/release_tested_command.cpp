// embargo release tested-on CASE --platform TEXT --result ok|failed [--note TEXT]:
// a maintainer's "tested on <platform>: ok|failed" on the case's timeline
// (core/release/release_tested_on.hpp), next to `release test`, which builds
// and tests the tarball itself. With --server the server records it (POST
// /api/v1/cases/{id}/tested-on, as the token's account); the same checks
// apply, first here. Prints the recorded entry.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/remote.hpp>
#include <embargo/core/case_json.hpp>
#include <embargo/core/release/release_tested_on.hpp>
#include <embargo/cveapi/http_client.hpp>

namespace embargo::cli {

namespace {

namespace rel = core::release;

struct TestedOnArgs {
  std::string case_id;
  std::string platform;
  std::string result;
  std::string note;
  std::string format;
};

Result<core::TimelineEntry> record_remote(Context& ctx, const TestedOnArgs& a, const rel::TestedOn& t) {
  nlohmann::json body = {{"platform", t.platform}, {"result", t.ok ? "ok" : "failed"}, {"note", t.note}};
  TRY_ASSIGN(nlohmann::json answer,
             remote::call(ctx, "POST", fmt::format("/api/v1/cases/{}/tested-on", cveapi::url_encode(a.case_id)), body));
  return remote::entry_from_json(answer);
}

Result<int> run_tested_on(Context& ctx, const TestedOnArgs& a) {
  auto checked = rel::parse_tested_on(a.platform, a.result, a.note);
  if (!checked) {
    return make_error(checked.error().code(), "--" + checked.error().message());
  }
  core::TimelineEntry entry;
  if (ctx.remote()) {
    TRY_ASSIGN(entry, record_remote(ctx, a, *checked));
  } else {
    TRY_ASSIGN(core::CaseService service, ctx.case_service());
    TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(entry, rel::record_tested_on(tx, service, a.case_id, *checked, ctx.actor()));
      return {};
    }));
  }
  if (a.format == "json") {
    ctx.out() << core::to_json(entry).dump(2) << '\n';
  } else {
    ctx.out() << fmt::format("recorded on {} (#{}): {}\n", a.case_id, entry.seq, entry.text);
  }
  return k_exit_ok;
}

}  // namespace

void add_release_tested_command(CLI::App& release, Context& ctx) {
  auto args = std::make_shared<TestedOnArgs>();
  auto* t = release.add_subcommand("tested-on",
                                   "Record that you built and tested the release files on a platform "
                                   "(ok or failed) on the case's timeline");
  t->add_option("case", args->case_id, "Case id")->required();
  t->add_option("--platform", args->platform, "Where you tested, e.g. \"Debian 12 amd64\" (1-200 characters)")
      ->required();
  t->add_option("--result", args->result, "ok or failed")->required();
  t->add_option("--note", args->note, "What you saw (up to 2000 bytes)");
  add_format_option(t, args->format, {"text", "json"});
  t->callback([&ctx, args] { run_command(ctx, [&] { return run_tested_on(ctx, *args); }); });
}

}  // namespace embargo::cli
