// embargo doctor [--data DIR]: checks a data directory as the team will rely
// on it on release day, one line per check, with the fix to try under each
// failure; exit 1 when any check fails (doctor.hpp has the checks).

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/doctor.hpp>

namespace embargo::cli {

namespace {

// Prints the findings; returns how many failed.
int print(std::ostream& out, const doctor::Findings& findings) {
  int failed = 0;
  for (const auto& f : findings) {
    switch (f.status) {
      case doctor::Finding::Status::ok:
        out << "ok    " << f.what << '\n';
        break;
      case doctor::Finding::Status::skip:
        out << "skip  " << f.what << '\n';
        break;
      case doctor::Finding::Status::fail:
        out << "FAIL  " << f.what << '\n' << "      fix: " << f.fix << '\n';
        ++failed;
        break;
    }
  }
  out.flush();
  return failed;
}

// A project's own settings where they differ from the server's: its keys
// always (each project signs and encrypts with its own), its SMTP server and
// publish directories when it names others.
doctor::Findings project_findings(const std::filesystem::path& data, const config::ConfigFile& server,
                                  const config::ConfigFile& project, bool offline) {
  doctor::Findings out = doctor::check_keys(data, project);
  if (!offline && project.mail.smtp.url != server.mail.smtp.url) {
    auto smtp = doctor::check_smtp(data, project);
    out.insert(out.end(), smtp.begin(), smtp.end());
  }
  if (project.publish.web_dir != server.publish.web_dir || project.publish.files_dir != server.publish.files_dir) {
    auto dirs = doctor::check_publish_dirs(data, project);
    out.insert(out.end(), dirs.begin(), dirs.end());
  }
  return out;
}

doctor::Findings of_project(const std::string& name, doctor::Findings findings) {
  for (auto& f : findings) {
    f.what = fmt::format("project {}: {}", name, f.what);
  }
  return findings;
}

}  // namespace

Result<int> doctor::run(Context& ctx, bool offline) {
  if (ctx.data_dir.empty()) {
    return ctx.fail_usage("doctor needs --data DIR (or EMBARGO_DATA)");
  }
  std::filesystem::path data = ctx.data_dir;
  auto config = config::load_config(data / config::k_config_name);
  if (!config) {
    print(ctx.out(), {doctor::fail("configuration: " + config.error().message(),
                                   "correct embargo.toml, or create the directory with `embargo setup`")});
    return k_exit_error;
  }
  int failed = print(ctx.out(), {doctor::ok("configuration " + (data / config::k_config_name).string() + " reads")});
  failed += print(ctx.out(), doctor::check_keys(data, *config));
  if (offline) {
    failed += print(ctx.out(), {doctor::skip("smtp and public URL: --offline")});
  } else {
    failed += print(ctx.out(), doctor::check_smtp(data, *config));
    failed += print(ctx.out(), doctor::check_public_url(*config));
  }
  failed += print(ctx.out(), doctor::check_publish_dirs(data, *config));
  for (const auto& [name, settings] : config->project_configs) {
    failed += print(ctx.out(), of_project(name, project_findings(data, *config, *settings, offline)));
  }
  failed += print(ctx.out(), doctor::check_secrets(data, *config));
  auto dir = ctx.data();
  if (!dir) {
    failed += print(ctx.out(), {doctor::fail("store: " + dir.error().message(),
                                             "check [store] url; for PostgreSQL, that the database answers")});
  } else {
    failed += print(ctx.out(), doctor::check_store(ctx.store()));
  }
  ctx.out() << (failed == 0 ? "doctor: every check passed\n" : fmt::format("doctor: {} check(s) failed\n", failed));
  return failed == 0 ? k_exit_ok : k_exit_error;
}

void add_doctor_command(CLI::App& app, Context& ctx) {
  auto offline = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("doctor", "Check a data directory: keys, SMTP, publish directories, URL, store");
  sub->add_flag("--offline", *offline, "Skip the checks that need the network (SMTP, public URL)");
  sub->callback([&ctx, offline] { run_command(ctx, [&] { return doctor::run(ctx, *offline); }); });
}

}  // namespace embargo::cli
