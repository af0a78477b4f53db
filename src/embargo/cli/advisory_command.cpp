// embargo advisory render CASE --out DIR: the case's public advisory page,
// with an index.html and atom.xml listing just that case, written to DIR for
// a preview; the same page the release's publish-advisory step writes into
// [publish] web_dir (scheduler/steps.hpp render_advisory), which this never
// touches. A case without a planned release is dated now.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/config/project_settings.hpp>
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
}

}  // namespace embargo::cli
