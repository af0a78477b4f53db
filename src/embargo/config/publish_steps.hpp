#pragma once

// [[publish.steps]] (issue 21, seed step 17 "update other places which are
// on the release process wiki page"): commands the scheduled release runs at
// a moment of the plan, e.g. commit the advisory into the website's own git
// repository and push it, rsync the files to a mirror, post to a chat.
//
//   [[publish.steps]]
//   name = "website-git"                 # the job is "run:website-git"
//   at = "release"                       # advance-notice (advance), fix-to-packagers (fix), heads-up, release
//   offset_minutes = 0                   # after (+) or before (-) that moment
//   command = ["/srv/embargo/bin/commit-advisory", "--push"]   # argv, no shell
//   cwd = "/srv/www/security"            # default: the data directory
//   timeout_seconds = 300                # then its process group is killed
//   env = { GIT_SSH_COMMAND = "ssh -i /srv/embargo/.ssh/web" }
//   after = ["publish-advisory"]         # kinds it waits for (built-in or run:NAME / NAME)
//
// scheduler/step_command.hpp runs them. The keys are checked when the file is
// loaded: InvalidArgument "config: publish.steps[N].KEY ..." names the step
// and the key.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/config/toml_fwd.hpp>

#include <embargo/core/planner/plan.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

struct CommandStep {
  std::string name;  // [a-z0-9][a-z0-9-]*, at most 32 characters, unique
  core::planner::Step at = core::planner::Step::release;
  int offset_minutes = 0;  // -10080 .. 10080 (a week either way)
  // argv: command[0] is looked up in PATH (execvp) unless it has a '/'.
  std::vector<std::string> command;
  std::string cwd;           // "" = the data directory; relative: to it
  int timeout_seconds = 300;  // 1 .. 86400
  // Set for the command, over embargod's environment; EMBARGO_* are refused
  // (embargo sets those, step_command.hpp).
  std::map<std::string, std::string> env;
  // The job kinds this step waits for ("publish-advisory", "run:other"),
  // as the schedule has them; a bare NAME of another step means run:NAME.
  std::vector<std::string> after;

  // The job kind: "run:" + name.
  std::string kind() const;
};

// The prefix of a command step's job kind.
inline constexpr std::string_view k_command_kind_prefix = "run:";

// The built-in job kinds `after` may name (scheduler/release_jobs.hpp; a unit
// test keeps the two lists equal).
const std::vector<std::string_view>& builtin_step_kinds();

// [[publish.steps]] of the [publish] table `publish` (an absent key: none).
// InvalidArgument naming publish.steps[N] (or its name) and the key.
Result<std::vector<CommandStep>> parse_command_steps(const toml::value& publish);

// The commented example default_publish_config_text() ends with.
std::string_view command_steps_example_text();

}  // namespace embargo::config
