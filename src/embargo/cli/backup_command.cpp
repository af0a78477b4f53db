// embargo backup FILE: a consistent copy of the store while others write.

#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>

namespace embargo::cli {

namespace {

struct BackupArgs {
  std::string destination;
  bool force = false;
};

Result<int> run_backup(Context& ctx, const BackupArgs& args) {
  TRY(ctx.data());
  std::error_code ec;
  if (!args.force && std::filesystem::exists(args.destination, ec)) {
    return make_error(ErrorCode::conflict,
                      fmt::format("backup: {} exists; give --force to replace it", args.destination));
  }
  TRY(ctx.store().backup_to(args.destination));
  ctx.out() << fmt::format("Backed up to {} ({} bytes).\n", args.destination,
                           std::filesystem::file_size(args.destination, ec));
  return k_exit_ok;
}

}  // namespace

void add_backup_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<BackupArgs>();
  auto* sub = app.add_subcommand("backup", "Write a consistent copy of the store (safe while the server runs)");
  sub->add_option("file", args->destination, "Destination file")->required();
  sub->add_flag("--force", args->force, "Replace an existing file");
  sub->callback([&ctx, args] { run_command(ctx, [&] { return run_backup(ctx, *args); }); });
}

}  // namespace embargo::cli
