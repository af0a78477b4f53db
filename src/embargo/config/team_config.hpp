#pragma once

// [team] and [reminders] in embargo.toml (issue 13): team notification and
// the reminder policy (core/reminders.hpp), each with its default.

#include <string>

#include <embargo/config/toml_fwd.hpp>

#include <embargo/core/reminders.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

struct TeamConfig {
  // Mail every team member on team events (core/notify.hpp).
  bool notify = true;
  // The team's page of a case, for links in mail; {case} is the case id.
  std::string case_url = "https://security.example.org/cases/{case}";
  core::ReminderPolicy reminders;
  // How often embargod evaluates the reminders; 0 turns that off.
  int remind_interval_seconds = 60;
};

// InvalidArgument names the key and the problem.
Result<TeamConfig> parse_team_config(const toml::value& root);
std::string default_team_config_text();

// `url` with {case} replaced by `case_id`.
std::string case_link(const TeamConfig& team, std::string_view case_id);

}  // namespace embargo::config
