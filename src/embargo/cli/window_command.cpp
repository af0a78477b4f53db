// embargo window set CASE --opens T --releases T [--at-release public|close]
// embargo window show CASE
// When a case's download area opens (fix to packagers) and what happens at
// the release time. The server reads the window on every request, so a
// change applies without a restart.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/core/download_area.hpp>

namespace embargo::cli {

namespace {

struct WindowSetArgs {
  std::string case_id;
  std::string opens;
  std::string releases;
  std::string at_release = "public";
};

Result<core::DownloadWindow> parse_window(const WindowSetArgs& a) {
  core::DownloadWindow w;
  w.case_id = a.case_id;
  auto field = [](std::string_view name, const Error& e) {
    return Error(ErrorCode::invalid_argument, fmt::format("{}: {}", name, e.message()));
  };
  auto opens = util::parse_timestamp(a.opens);
  if (!opens) {
    return tl::unexpected(field("--opens", opens.error()));
  }
  auto releases = util::parse_timestamp(a.releases);
  if (!releases) {
    return tl::unexpected(field("--releases", releases.error()));
  }
  w.opens_at = *opens;
  w.releases_at = *releases;
  TRY_ASSIGN(w.at_release, core::parse_at_release(a.at_release));
  TRY(core::validate_window(w));
  return w;
}

Result<int> run_set(Context& ctx, const WindowSetArgs& a) {
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(core::DownloadWindow w, parse_window(a));
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY(tx.put_download_window(w));
    nlohmann::json data = {{"opens_at", util::format_timestamp(w.opens_at)},
                           {"releases_at", util::format_timestamp(w.releases_at)},
                           {"at_release", core::to_string(w.at_release)}};
    return service.record(
        tx, c, core::entry_kind::k_window,
        fmt::format("download area opens {}, releases {} ({})", util::format_timestamp_human(w.opens_at),
                    util::format_timestamp_human(w.releases_at), core::to_string(w.at_release)),
        ctx.actor(), data.dump());
  }));
  ctx.out() << fmt::format("{}: opens {}, releases {}, then {}\n", a.case_id, util::format_timestamp_human(w.opens_at),
                           util::format_timestamp_human(w.releases_at), core::to_string(w.at_release));
  return k_exit_ok;
}

struct WindowShowArgs {
  std::string case_id;
  std::string format;
};

Result<int> run_show(Context& ctx, const WindowShowArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  std::optional<core::DownloadWindow> w;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    TRY_ASSIGN(w, tx.get_download_window(a.case_id));
    return {};
  }));
  if (!w) {
    return make_error(ErrorCode::not_found,
                      fmt::format("{} has no download window (set one with `embargo window set`)", a.case_id));
  }
  auto phase = core::phase_at(*w, clock->now());
  if (a.format == "json") {
    nlohmann::json out = {{"case_id", a.case_id},
                          {"opens_at", util::format_timestamp(w->opens_at)},
                          {"releases_at", util::format_timestamp(w->releases_at)},
                          {"at_release", core::to_string(w->at_release)},
                          {"phase", core::to_string(phase)}};
    ctx.out() << out.dump(2) << '\n';
  } else {
    ctx.out() << fmt::format("opens:      {}\nreleases:   {}\nat release: {}\nnow:        {}\n",
                             util::format_timestamp_human(w->opens_at), util::format_timestamp_human(w->releases_at),
                             core::to_string(w->at_release), core::to_string(phase));
  }
  return k_exit_ok;
}

}  // namespace

void add_window_commands(CLI::App& app, Context& ctx) {
  auto* top = app.add_subcommand("window", "When a case's download area opens and releases");
  top->require_subcommand(1);

  auto set = std::make_shared<WindowSetArgs>();
  auto* sub = top->add_subcommand("set", "Set the opening and release times (RFC 3339 with a zone)");
  sub->add_option("case", set->case_id, "Case id")->required();
  sub->add_option("--opens", set->opens, "When the lists may start downloading, e.g. 2026-03-01T12:00Z")->required();
  sub->add_option("--releases", set->releases, "The public release time")->required();
  sub->add_option("--at-release", set->at_release, "At the release time: public (files at /public/...) or close")
      ->check(CLI::IsMember({"public", "close"}));
  sub->callback([&ctx, set] { run_command(ctx, [&] { return run_set(ctx, *set); }); });

  auto show = std::make_shared<WindowShowArgs>();
  sub = top->add_subcommand("show", "Show the window and where the case is in it now");
  sub->add_option("case", show->case_id, "Case id")->required();
  add_format_option(sub, show->format, {"text", "json"});
  sub->callback([&ctx, show] { run_command(ctx, [&] { return run_show(ctx, *show); }); });
}

}  // namespace embargo::cli
