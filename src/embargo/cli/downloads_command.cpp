// embargo downloads CASE: who fetched what from the download area, when and
// from where (recorded by embargod, batched to the store within a second).

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>

namespace embargo::cli {

namespace {

struct DownloadsArgs {
  std::string case_id;
  std::string format;
};

Result<int> run_downloads(Context& ctx, const DownloadsArgs& a) {
  TRY(ctx.data());
  std::vector<core::Download> list;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY(tx.get_case(a.case_id));
    TRY_ASSIGN(list, tx.list_downloads(a.case_id));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : list) {
      out.push_back({{"at", util::format_timestamp(d.at)}, {"usercode", d.usercode}, {"file", d.file},
                     {"bytes", d.bytes}, {"status", d.status}, {"address", d.address}});
    }
    ctx.out() << out.dump(2) << '\n';
    return k_exit_ok;
  }
  for (const auto& d : list) {
    ctx.out() << fmt::format("{}  {:<16} {:<15} {:>12} {}  {}\n", util::format_timestamp_human(d.at),
                             d.usercode.empty() ? "(public)" : d.usercode, d.address, d.bytes, d.status, d.file);
  }
  return k_exit_ok;
}

}  // namespace

void add_downloads_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DownloadsArgs>();
  auto* sub = app.add_subcommand("downloads", "Who downloaded which file of a case, when and from where");
  sub->add_option("case", args->case_id, "Case id")->required();
  add_format_option(sub, args->format, {"text", "json"});
  sub->callback([&ctx, args] { run_command(ctx, [&] { return run_downloads(ctx, *args); }); });
}

}  // namespace embargo::cli
