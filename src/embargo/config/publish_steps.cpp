#include <algorithm>
#include <array>
#include <set>

#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/publish_steps.hpp>

namespace embargo::config {

namespace {

namespace planner = core::planner;

constexpr std::array<std::string_view, 8> k_step_keys = {
    "name", "at", "offset_minutes", "command", "cwd", "timeout_seconds", "env", "after"};
constexpr int k_max_offset_minutes = 7 * 24 * 60;
constexpr int k_max_timeout_seconds = 24 * 60 * 60;
constexpr std::size_t k_max_name = 32;

// How errors name step number `index` (from 1) of the array.
std::string where(std::size_t index, const std::string& name) {
  if (name.empty()) {
    return fmt::format("config: [[publish.steps]] number {}", index);
  }
  return fmt::format("config: [[publish.steps]] '{}'", name);
}

tl::unexpected<Error> bad(const std::string& at, std::string_view key, std::string_view problem) {
  return make_error(ErrorCode::invalid_argument, fmt::format("{}: {} {}", at, key, problem));
}

template <typename T>
Result<T> step_get_or(const toml::value& table, const std::string& at, const char* key, const char* type, T fallback) {
  if (!table.contains(key)) {
    return fallback;
  }
  try {
    return toml::get<T>(table.at(key));
  } catch (const std::exception&) {
    return bad(at, key, fmt::format("must be {}", type));
  }
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > k_max_name || name.front() == '-') {
    return false;
  }
  return std::all_of(name.begin(), name.end(),
                     [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

bool valid_env_name(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

Result<planner::Step> parse_at(const std::string& at, const std::string& text) {
  if (text == "advance") {
    return planner::Step::advance_notice;
  }
  if (text == "fix") {
    return planner::Step::fix_to_packagers;
  }
  auto step = planner::parse_step(text);
  if (!step) {
    return bad(at, "at",
               fmt::format("'{}' is not a moment of the plan (advance-notice or advance, "
                           "fix-to-packagers or fix, heads-up, release)",
                           text));
  }
  return *step;
}

Result<std::map<std::string, std::string>> parse_env(const toml::value& t, const std::string& at) {
  std::map<std::string, std::string> env;
  if (!t.contains("env")) {
    return env;
  }
  const toml::value& table = t.at("env");
  if (!table.is_table()) {
    return bad(at, "env", "must be a table of NAME = \"value\"");
  }
  for (const auto& [name, value] : table.as_table()) {
    if (!valid_env_name(name)) {
      return bad(at, "env." + name, "is not a variable name (letters, digits, _)");
    }
    if (name.starts_with("EMBARGO_")) {
      return bad(at, "env." + name, "is set by embargo itself (EMBARGO_* variables are reserved)");
    }
    if (!value.is_string()) {
      return bad(at, "env." + name, "must be a string");
    }
    env[name] = value.as_string().str;
  }
  return env;
}

Result<void> check_step_keys(const toml::value& t, const std::string& at) {
  for (const auto& [key, value] : t.as_table()) {
    if (std::find(k_step_keys.begin(), k_step_keys.end(), key) == k_step_keys.end()) {
      return bad(at, key,
                 "is not a key of a step (name, at, offset_minutes, command, cwd, timeout_seconds, env, "
                 "after)");
    }
  }
  return {};
}

Result<void> parse_command(const toml::value& t, const std::string& at, CommandStep& s) {
  if (!t.contains("command")) {
    return bad(at, "command", "is missing (an array: the program and its arguments, run without a shell)");
  }
  if (t.at("command").is_string()) {
    return bad(at, "command",
               "must be an array such as [\"/usr/bin/rsync\", \"-a\", \"pub/\", \"mirror:/pub/\"], "
               "not a string (there is no shell)");
  }
  TRY_ASSIGN(s.command, step_get_or<std::vector<std::string>>(t, at, "command", "an array of strings", {}));
  if (s.command.empty() || s.command.front().empty()) {
    return bad(at, "command", "must name a program (its first element is empty)");
  }
  for (const std::string& arg : s.command) {
    if (arg.find('\0') != std::string::npos) {
      return bad(at, "command", "has an argument with a NUL byte");
    }
  }
  return {};
}

Result<CommandStep> parse_one(const toml::value& t, std::size_t index) {
  std::string at = where(index, "");
  if (!t.is_table()) {
    return make_error(ErrorCode::invalid_argument, at + " must be a table");
  }
  CommandStep s;
  TRY_ASSIGN(s.name, step_get_or<std::string>(t, at, "name", "a string", ""));
  if (!valid_name(s.name)) {
    return bad(at, "name",
               s.name.empty()
                   ? "is missing"
                   : fmt::format("'{}' must be 1 to {} of a-z, 0-9 and '-' (not first)", s.name, k_max_name));
  }
  at = where(index, s.name);
  TRY(check_step_keys(t, at));
  TRY_ASSIGN(std::string moment, step_get_or<std::string>(t, at, "at", "a string", ""));
  if (moment.empty()) {
    return bad(at, "at", "is missing (advance-notice, fix-to-packagers, heads-up or release)");
  }
  TRY_ASSIGN(s.at, parse_at(at, moment));
  TRY_ASSIGN(s.offset_minutes, step_get_or<int>(t, at, "offset_minutes", "an integer", 0));
  if (s.offset_minutes < -k_max_offset_minutes || s.offset_minutes > k_max_offset_minutes) {
    return bad(at, "offset_minutes", fmt::format("must be between -{0} and {0} (a week)", k_max_offset_minutes));
  }
  TRY(parse_command(t, at, s));
  TRY_ASSIGN(s.cwd, step_get_or<std::string>(t, at, "cwd", "a string", ""));
  TRY_ASSIGN(s.timeout_seconds, step_get_or<int>(t, at, "timeout_seconds", "an integer", s.timeout_seconds));
  if (s.timeout_seconds < 1 || s.timeout_seconds > k_max_timeout_seconds) {
    return bad(at, "timeout_seconds", fmt::format("must be between 1 and {}", k_max_timeout_seconds));
  }
  TRY_ASSIGN(s.env, parse_env(t, at));
  TRY_ASSIGN(s.after, step_get_or<std::vector<std::string>>(t, at, "after", "an array of step kinds", {}));
  return s;
}

// Each `after` entry names a built-in kind or another step; a bare name of
// another step becomes run:NAME.
Result<void> resolve_after(std::vector<CommandStep>& steps, std::size_t index) {
  CommandStep& s = steps[index];
  std::string at = where(index + 1, s.name);
  for (std::string& kind : s.after) {
    const auto& builtin = builtin_step_kinds();
    if (std::find(builtin.begin(), builtin.end(), kind) != builtin.end()) {
      continue;
    }
    std::string name = kind.starts_with(k_command_kind_prefix) ? kind.substr(k_command_kind_prefix.size()) : kind;
    auto other = std::find_if(steps.begin(), steps.end(), [&](const CommandStep& o) { return o.name == name; });
    if (other == steps.end()) {
      return bad(at, "after",
                 fmt::format("names '{}', which is neither a release step ({}) nor another "
                             "[[publish.steps]] name",
                             kind, fmt::join(builtin, ", ")));
    }
    if (other->name == s.name) {
      return bad(at, "after", "names the step itself");
    }
    kind = other->kind();
  }
  return {};
}

// True when following `after` from steps[i] among the steps comes back to
// `start` (`seen` guards against revisiting).
bool leads_to(const std::vector<CommandStep>& steps, std::size_t i, const std::string& start,
              std::set<std::string>& seen) {
  for (const std::string& kind : steps[i].after) {
    if (kind == start) {
      return true;
    }
    for (std::size_t k = 0; k < steps.size(); ++k) {
      if (steps[k].kind() == kind && seen.insert(kind).second && leads_to(steps, k, start, seen)) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

std::string CommandStep::kind() const {
  return std::string(k_command_kind_prefix) + name;
}

const std::vector<std::string_view>& builtin_step_kinds() {
  static const std::vector<std::string_view> kinds = {
      "notice-advance", "open-downloads",   "notice-fix",  "notice-heads-up", "publish-files",
      "announce",       "publish-advisory", "publish-cve", "push-public",     "make-public"};
  return kinds;
}

Result<std::vector<CommandStep>> parse_command_steps(const toml::value& publish) {
  std::vector<CommandStep> steps;
  if (!publish.is_table() || !publish.contains("steps")) {
    return steps;
  }
  const toml::value& array = publish.at("steps");
  if (!array.is_array()) {
    return make_error(ErrorCode::invalid_argument,
                      "config: publish.steps must be an array of tables ([[publish.steps]])");
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < array.as_array().size(); ++i) {
    TRY_ASSIGN(CommandStep s, parse_one(array.as_array()[i], i + 1));
    if (!names.insert(s.name).second) {
      return bad(where(i + 1, s.name), "name", "is used by an earlier step (names must be unique)");
    }
    steps.push_back(std::move(s));
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    TRY(resolve_after(steps, i));
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::set<std::string> seen;
    if (leads_to(steps, i, steps[i].kind(), seen)) {
      return bad(where(i + 1, steps[i].name), "after", "makes a cycle: the step would wait for itself");
    }
  }
  return steps;
}

std::string_view command_steps_example_text() {
  return R"(# Commands run at a moment of the plan (the release's "other places"), each
# a step of the release: done once, retried on a non-zero exit, shown in
# `embargo release status`, run by `embargo release dry-run` with
# EMBARGO_DRY_RUN=1. See the README for the variables a command gets.
# [[publish.steps]]
# name = "website-git"
# at = "release"                      # advance-notice, fix-to-packagers, heads-up, release
# offset_minutes = 0
# command = ["/srv/embargo/bin/commit-advisory"]   # argv, no shell
# cwd = "/srv/www/security"           # default: the data directory
# timeout_seconds = 300
# after = ["publish-advisory"]
# env = { GIT_SSH_COMMAND = "ssh -i /srv/embargo/.ssh/web" }
)";
}

}  // namespace embargo::config
