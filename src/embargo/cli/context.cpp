#include <embargo/cli/context.hpp>
#include <embargo/cli/team_support.hpp>

#include <cstdlib>
#include <ostream>

#include <pwd.h>
#include <unistd.h>

#include <fmt/format.h>

#include <embargo/config/project_settings.hpp>
#include <embargo/scheduler/plan_follower.hpp>

namespace embargo::cli {

Result<config::DataDir*> Context::data() {
  if (!m_data) {
    if (remote()) {
      return make_error(ErrorCode::not_supported,
                        "--server: this command works only on a data directory; against a server: case list, "
                        "case show, case note, case move");
    }
    if (data_dir.empty()) {
      return make_error(ErrorCode::invalid_argument, "no data directory: give --data DIR or set EMBARGO_DATA");
    }
    TRY_ASSIGN(config::DataDir dir, config::open_data_dir(data_dir));
    m_data = std::move(dir);
  }
  return &*m_data;
}

Result<const config::ConfigFile*> Context::case_config(std::string_view case_id) {
  const config::ConfigFile* out = nullptr;
  TRY(m_data->store->read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(out, config::config_for_case(m_data->config, tx, case_id));
    return {};
  }));
  return out;
}

Result<const util::Clock*> Context::clock() {
  if (!m_clock) {
    const char* now = std::getenv("EMBARGO_NOW");
    if (now != nullptr && *now != '\0') {
      auto t = util::parse_timestamp(now);
      if (!t) {
        return make_error(ErrorCode::invalid_argument, "EMBARGO_NOW: " + t.error().message());
      }
      m_clock = std::make_unique<util::FixedClock>(*t);
    } else {
      m_clock = std::make_unique<util::SystemClock>();
    }
  }
  return m_clock.get();
}

std::string Context::actor() const {
  if (!actor_option.empty()) {
    return actor_option;
  }
  if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  return fmt::format("uid:{}", ::getuid());
}

Result<core::CaseService> Context::case_service() {
  TRY(data());
  TRY_ASSIGN(const util::Clock* c, clock());
  core::CaseService service(m_data->config.project, *c);
  TRY_ASSIGN(core::ReminderMailer * mailer, reminder_mailer());
  if (mailer != nullptr) {
    service.set_notifier(m_notifier);
  }
  // A new plan moves the case's release steps (core/planner/case_replan.hpp):
  // one follower for the process, over this context's configuration and clock.
  // A command uses one context; `embargo demo` runs many in turn (run_cli),
  // so the follower is made again for a context whose objects are not the
  // ones it refers to (equal addresses are the live objects of this context).
  static std::unique_ptr<scheduler::ReleasePlanFollower> follower;
  static const config::ConfigFile* follower_config = nullptr;
  static const util::Clock* follower_clock = nullptr;
  if (!follower || follower_config != &m_data->config || follower_clock != c) {
    auto made = std::make_unique<scheduler::ReleasePlanFollower>(m_data->config, m_data->path, *c);
    core::planner::set_plan_follower(made.get());
    follower = std::move(made);
    follower_config = &m_data->config;
    follower_clock = c;
  }
  return service;
}

Result<core::ReminderMailer*> Context::reminder_mailer() {
  TRY(data());
  if (!m_data->config.team.notify) {
    return nullptr;
  }
  if (!m_team) {
    TRY_ASSIGN(const util::Clock* c, clock());
    TRY_ASSIGN(auto team, TeamSupport::open(*m_data, *c));
    m_notifier = team->mailer.get();
    m_team = std::shared_ptr<TeamSupport>(std::move(team));
  }
  return static_cast<TeamSupport*>(m_team.get())->mailer.get();
}

int Context::fail(const Error& error) {
  m_err << "embargo: " << error.message() << '\n';
  return k_exit_error;
}

int Context::fail_usage(const std::string& message) {
  m_err << "embargo: " << message << '\n';
  return k_exit_usage;
}

CLI::Option* add_format_option(CLI::App* sub, std::string& target, const std::vector<std::string>& choices) {
  target = choices.front();
  std::string names;
  for (const auto& c : choices) {
    names += names.empty() ? c : "|" + c;
  }
  return sub->add_option("--format", target, "Output format: " + names)->check(CLI::IsMember(choices));
}

void run_command(Context& ctx, const std::function<Result<int>()>& body) {
  auto result = body();
  ctx.exit_code = result ? *result : ctx.fail(result.error());
}

}  // namespace embargo::cli
