// embargo advisory render CASE --out DIR: the case's public advisory page,
// with an index.html and atom.xml listing just that case, written to DIR for
// a preview; the same page the release's publish-advisory step writes into
// [publish] web_dir (scheduler/steps.hpp render_advisory), which this never
// touches. A case without a planned release is dated now.
// embargo advisory publish CASE: for a case already public, does again what
// the release's publish-advisory step did, into [publish] web_dir: the page,
// index and feed rewritten when they changed, and the CSAF advisory's newest
// revision (recorded with `export csaf --summary`) added beside the earlier
// ones (scheduler/steps.hpp render_csaf_files).

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/config/project_settings.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/steps.hpp>

namespace embargo::cli {

namespace {

struct RenderArgs {
  std::string case_id;
  std::string out;
  std::string format;
};

Result<int> run_render(Context& ctx, const RenderArgs& a) {
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  scheduler::RenderedAdvisory site;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(const config::ConfigFile* settings, config::config_for_case(dir->config, tx, a.case_id));
    TRY_ASSIGN(site, scheduler::render_advisory(tx, *settings, a.case_id, clock->now(), {}));
    return {};
  }));
  std::error_code ec;
  std::filesystem::create_directories(a.out, ec);
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("--out: cannot create {}: {}", a.out, ec.message()));
  }
  nlohmann::json written = nlohmann::json::array();
  for (const auto& [name, text] : site.files) {
    std::filesystem::path path = std::filesystem::path(a.out) / name;
    TRY(scheduler::write_if_changed(path, text));
    written.push_back(path.string());
  }
  if (a.format == "json") {
    ctx.out() << nlohmann::json{{"case", a.case_id}, {"files", written}}.dump(2) << '\n';
  } else {
    for (const auto& path : written) {
      ctx.out() << path.get<std::string>() << '\n';
    }
  }
  return k_exit_ok;
}

struct PublishArgs {
  std::string case_id;
};

// The publish-advisory step run now (its act, then its record), as the
// release ran it.
Result<int> run_publish(Context& ctx, const PublishArgs& a) {
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  scheduler::StepEnv env{service, dir->config, dir->path, *clock, {}, ctx.actor()};
  auto step = scheduler::make_publish_advisory_step(env);
  core::Job job;
  job.case_id = a.case_id;
  job.kind = std::string(scheduler::kind::k_publish_advisory);
  job.due_at = clock->now();
  std::string acted;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    if (c.state != core::CaseState::public_ && c.state != core::CaseState::closed) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("{} is {}, not public: its release publishes the advisory", a.case_id,
                                    core::to_string(c.state)));
    }
    TRY_ASSIGN(acted, step->act(tx, job));
    return {};
  }));
  std::string recorded;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(recorded, step->record(tx, job));
    return {};
  }));
  ctx.out() << acted << (recorded.empty() ? "" : "; " + recorded) << '\n';
  return k_exit_ok;
}

}  // namespace

void add_advisory_commands(CLI::App& app, Context& ctx) {
  auto* top = app.add_subcommand("advisory", "The public advisory page of a case");
  top->require_subcommand(1);
  auto args = std::make_shared<RenderArgs>();
  auto* sub = top->add_subcommand("render", "Write the case's advisory page, an index and an Atom feed to a directory");
  sub->add_option("case", args->case_id, "Case id")->required();
  sub->add_option("--out", args->out, "Directory to write into (created if missing)")->required();
  add_format_option(sub, args->format, {"text", "json"});
  sub->callback([&ctx, args] { run_command(ctx, [&] { return run_render(ctx, *args); }); });
  auto pub = std::make_shared<PublishArgs>();
  auto* p = top->add_subcommand("publish", "Publish a public case's advisory again into [publish] web_dir: the page, "
                                           "index, feed and the newest CSAF revision (earlier ones stay)");
  p->add_option("case", pub->case_id, "Case id")->required();
  p->callback([&ctx, pub] { run_command(ctx, [&] { return run_publish(ctx, *pub); }); });
}

}  // namespace embargo::cli
