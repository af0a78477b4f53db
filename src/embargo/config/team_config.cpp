#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/team_config.hpp>
#include <embargo/config/toml_get.hpp>

namespace embargo::config {

namespace {

Result<std::chrono::seconds> span_or(const toml::value& t, const char* key, std::chrono::seconds fallback) {
  TRY_ASSIGN(std::string text, get_or<std::string>(t, "reminders", key, core::format_span(fallback)));
  return core::parse_span(text, fmt::format("config: reminders.{}", key));
}

Result<void> parse_reminders(const toml::value& t, core::ReminderPolicy& p) {
  TRY_ASSIGN(p.enabled, get_or<bool>(t, "reminders", "enabled", p.enabled));
  TRY_ASSIGN(p.no_ack, span_or(t, "no_ack", p.no_ack));
  TRY_ASSIGN(p.stale, span_or(t, "stale", p.stale));
  TRY_ASSIGN(p.escalate_after, span_or(t, "escalate_after", p.escalate_after));
  std::vector<std::string> defaults;
  for (auto s : p.ahead) {
    defaults.push_back(core::format_span(s));
  }
  TRY_ASSIGN(auto ahead, get_or<std::vector<std::string>>(t, "reminders", "ahead", defaults));
  p.ahead.clear();
  for (const std::string& a : ahead) {
    TRY_ASSIGN(auto span, core::parse_span(a, "config: reminders.ahead"));
    p.ahead.push_back(span);
  }
  std::sort(p.ahead.begin(), p.ahead.end(), std::greater<>());
  return {};
}

}  // namespace

Result<TeamConfig> parse_team_config(const toml::value& root) {
  TeamConfig c;
  if (root.contains("team")) {
    const toml::value& t = root.at("team");
    if (!t.is_table()) {
      return make_error(ErrorCode::invalid_argument, "config: team must be a table");
    }
    TRY_ASSIGN(c.notify, get_or<bool>(t, "team", "notify", c.notify));
    TRY_ASSIGN(c.case_url, get_or<std::string>(t, "team", "case_url", c.case_url));
    TRY_ASSIGN(c.remind_interval_seconds, get_or<int>(t, "team", "remind_interval_seconds", c.remind_interval_seconds));
    if (c.remind_interval_seconds < 0) {
      return make_error(ErrorCode::invalid_argument, "config: team.remind_interval_seconds must not be negative");
    }
  }
  if (root.contains("reminders")) {
    if (!root.at("reminders").is_table()) {
      return make_error(ErrorCode::invalid_argument, "config: reminders must be a table");
    }
    TRY(parse_reminders(root.at("reminders"), c.reminders));
  }
  return c;
}

std::string default_team_config_text() {
  return R"(
[team]
# Mail every team member (embargo user add --role team) about new reports, reporters'
# replies, state and plan changes: encrypted to the member's key (embargo user key),
# otherwise only the case id, its state and this link.
notify = true
case_url = "https://security.example.org/cases/{case}"
# embargod evaluates the reminders this often (seconds; 0 = only `embargo remind run`).
remind_interval_seconds = 60

[reminders]
# Reminders go to a case's owner, then its backup, then the whole team
# (embargo case assign). Spans: a whole number and d, h or m.
enabled = true
no_ack = "2d"           # no acknowledgement to the reporter after this
stale = "14d"           # no state change for this long
ahead = ["7d", "1d", "2h"]  # before the reporter's deadline, advance notice, fix to packagers, release
escalate_after = "1d"   # to the next level when nobody acted
)";
}

std::string case_link(const TeamConfig& team, std::string_view case_id) {
  std::string url = team.case_url;
  if (auto at = url.find("{case}"); at != std::string::npos) {
    url.replace(at, 6, case_id);
  }
  return url;
}

}  // namespace embargo::config
