#pragma once

// What every subcommand gets: the global options, the data directory (opened
// on first use), the clock and who is acting, and where to print. Each
// subcommand lives in its own file and registers itself in commands.cpp.
//
// Conventions (every command follows them):
//   --data DIR or EMBARGO_DATA   the data directory
//   --format text|json           json prints one JSON document for scripts
//   exit 0 success; 1 error (one line on stderr naming the problem);
//   2 usage error; other codes only where a command documents them.

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include <embargo/config/data_dir.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/reminders.hpp>
#include <embargo/util/result.hpp>
#include <embargo/util/time.hpp>

namespace embargo::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_error = 1;
inline constexpr int k_exit_usage = 2;

class Context {
 public:
  Context(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {}

  // Set by the global options.
  std::string data_dir;
  std::string actor_option;
  // --server URL and --token (or EMBARGO_TOKEN): commands that support it
  // talk to embargod's API instead of a data directory (remote.hpp).
  std::string server_url;
  std::string token;
  bool remote() const { return !server_url.empty(); }

  std::ostream& out() { return m_out; }
  std::ostream& err() { return m_err; }

  // Opens the data directory named by --data/EMBARGO_DATA on first call.
  Result<config::DataDir*> data();
  core::Store& store() { return *m_data->store; }
  // The server's own project's settings (embargo.toml's top level).
  const core::ProjectConfig& project() const { return m_data->config.project; }
  // The settings a case acts with: its project's (config::config_for_case).
  // REQUIRES: data() succeeded. The result lives as long as the context.
  Result<const config::ConfigFile*> case_config(std::string_view case_id);
  // The clock: the system's, or EMBARGO_NOW (RFC 3339) for replaying time in tests.
  Result<const util::Clock*> clock();
  // Fixes the clock at `now` (a command's --now). Call before anything uses the clock.
  void set_now(util::Timestamp now) { m_clock = std::make_unique<util::FixedClock>(now); }
  // --actor, EMBARGO_ACTOR, or the login name of the Unix user.
  std::string actor() const;
  // A CaseService over the opened data directory, telling the team of team
  // events when [team] notify is on (team_support.hpp). REQUIRES: data() succeeded.
  Result<core::CaseService> case_service();
  // The team mailer case_service() uses, or null when notification is off.
  Result<core::ReminderMailer*> reminder_mailer();

  // Prints "embargo: <message>" on stderr and returns k_exit_error.
  int fail(const Error& error);
  int fail_usage(const std::string& message);

  // The status the program exits with; set by the subcommand that ran.
  int exit_code = k_exit_ok;

 private:
  std::ostream& m_out;
  std::ostream& m_err;
  std::optional<config::DataDir> m_data;
  std::unique_ptr<util::Clock> m_clock;
  // The team mailer (team_support.hpp), opened by case_service(); shared_ptr
  // so that this header need not know its type.
  std::shared_ptr<void> m_team;
  core::TeamNotifier* m_notifier = nullptr;
};

// Adds --format with the given choices to `sub`, storing into `target`
// (default: the first choice).
CLI::Option* add_format_option(CLI::App* sub, std::string& target, const std::vector<std::string>& choices);

// Runs `body` and stores its exit code in ctx.exit_code; an Error it returns
// becomes k_exit_error with one line on stderr.
void run_command(Context& ctx, const std::function<Result<int>()>& body);

}  // namespace embargo::cli
