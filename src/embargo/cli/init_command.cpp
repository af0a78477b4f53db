// embargo init: a new data directory with its configuration, an empty store
// and an admin account whose password is shown once.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::cli {

namespace {

struct InitArgs {
  std::string project = "Example";
  std::string prefix = "EMB";
  std::string admin = "admin";
  std::string store = "sqlite:embargo.db";
};

Result<int> run_init(Context& ctx, const InitArgs& args) {
  if (ctx.data_dir.empty()) {
    return ctx.fail_usage("init needs --data DIR (or EMBARGO_DATA)");
  }
  TRY(core::validate_user_name(args.admin));
  config::InitOptions options;
  options.project_name = args.project;
  options.case_prefix = args.prefix;
  options.store_url = args.store;
  TRY_ASSIGN(config::DataDir dir, config::init_data_dir(ctx.data_dir, options));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  util::SensitiveString password(util::random_secret(24));
  core::User admin;
  admin.name = args.admin;
  admin.role = core::Role::admin;
  TRY_ASSIGN(admin.password_hash, util::hash_password(password.view()));
  admin.created_at = clock->now();
  TRY(dir.store->write([&](core::StoreTx& tx) { return tx.insert_user(admin); }));
  ctx.out() << fmt::format("Created {} for project {} (case ids {}-YYYY-NNNN).\n", ctx.data_dir, args.project,
                           args.prefix)
            << fmt::format("Admin account: {}\nPassword, shown this once: {}\n", admin.name, password.view());
  return k_exit_ok;
}

}  // namespace

void add_init_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<InitArgs>();
  auto* sub = app.add_subcommand("init", "Create a data directory: configuration, store and an admin account");
  sub->add_option("--project", args->project, "Project name")->capture_default_str();
  sub->add_option("--prefix", args->prefix, "Case id prefix (A-Z, 0-9)")->capture_default_str();
  sub->add_option("--admin", args->admin, "Name of the admin account")->capture_default_str();
  sub->add_option("--store", args->store, "Store URL: sqlite:FILE or postgresql://USER@HOST/DB (an existing database)")
      ->capture_default_str();
  sub->callback([&ctx, args] { run_command(ctx, [&] { return run_init(ctx, *args); }); });
}

}  // namespace embargo::cli
