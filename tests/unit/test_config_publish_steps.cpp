// [[publish.steps]] (config/publish_steps.hpp, issue 21): a step's keys and
// defaults, the moments and their short names, `after`, a project's own
// steps, and every bad value refused with the step and the key named.

#include <algorithm>

#include <doctest/doctest.h>

#include <embargo/config/config_file.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/util/file.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

Result<config::ConfigFile> parse(const std::string& publish) {
  return config::parse_config("[project]\nname = \"Exim\"\ncase_prefix = \"EXIM\"\n[publish]\n" + publish,
                              "embargo.toml");
}

std::string error_of(const std::string& publish) {
  auto r = parse(publish);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code() == ErrorCode::invalid_argument);
  return r.error().message();
}

bool contains(const std::string& text, std::string_view what) {
  return text.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("parse_command_steps") {
  SUBCASE("every key, and the defaults") {
    auto c = unwrap(parse(R"(
web_dir = "web"
[[publish.steps]]
name = "website-git"
at = "release"
offset_minutes = 5
command = ["/usr/bin/git", "commit", "-m", "advisory"]
cwd = "site"
timeout_seconds = 60
env = { GIT_AUTHOR_NAME = "Exim Security", LANG = "C" }
after = ["publish-advisory"]
[[publish.steps]]
name = "chat"
at = "fix"
command = ["notify-chat"]
after = ["website-git"]
)"));
    REQUIRE(c.publish.steps.size() == 2);
    const config::CommandStep& s = c.publish.steps[0];
    CHECK(s.name == "website-git");
    CHECK(s.kind() == "run:website-git");
    CHECK(s.at == core::planner::Step::release);
    CHECK(s.offset_minutes == 5);
    CHECK(s.command == std::vector<std::string>{"/usr/bin/git", "commit", "-m", "advisory"});
    CHECK(s.cwd == "site");
    CHECK(s.timeout_seconds == 60);
    CHECK(s.env.at("GIT_AUTHOR_NAME") == "Exim Security");
    CHECK(s.env.at("LANG") == "C");
    CHECK(s.after == std::vector<std::string>{"publish-advisory"});
    const config::CommandStep& d = c.publish.steps[1];
    CHECK(d.at == core::planner::Step::fix_to_packagers);
    CHECK(d.offset_minutes == 0);
    CHECK(d.cwd.empty());
    CHECK(d.timeout_seconds == 300);
    CHECK(d.env.empty());
    CHECK(d.after == std::vector<std::string>{"run:website-git"});  // a bare name of another step
  }
  SUBCASE("the moments by their names and short names") {
    for (auto [text, step] : std::vector<std::pair<std::string, core::planner::Step>>{
             {"advance", core::planner::Step::advance_notice},
             {"advance-notice", core::planner::Step::advance_notice},
             {"fix-to-packagers", core::planner::Step::fix_to_packagers},
             {"heads-up", core::planner::Step::heads_up},
             {"release", core::planner::Step::release}}) {
      auto c = unwrap(parse("[[publish.steps]]\nname = \"a\"\ncommand = [\"true\"]\nat = \"" + text + "\"\n"));
      CHECK(c.publish.steps.at(0).at == step);
    }
  }
  SUBCASE("none by default; the example in the default file is commented out") {
    CHECK(unwrap(parse("")).publish.steps.empty());
    auto c = unwrap(config::parse_config(config::default_config_text("Exim", "EXIM"), "embargo.toml"));
    CHECK(c.publish.steps.empty());
    CHECK(contains(config::default_config_text("Exim", "EXIM"), "# [[publish.steps]]"));
  }
}

TEST_CASE("parse_command_steps: bad values name the step and the key") {
  const std::string ok = "at = \"release\"\ncommand = [\"true\"]\n";
  struct Bad {
    std::string toml;
    std::string says;
  };
  std::vector<Bad> bad = {
      {"[[publish.steps]]\n" + ok, "[[publish.steps]] number 1: name is missing"},
      {"[[publish.steps]]\nname = \"Web Site\"\n" + ok, "name 'Web Site' must be 1 to 32 of a-z, 0-9 and '-'"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "[[publish.steps]]\nname = \"a\"\n" + ok,
       "'a': name is used by an earlier step"},
      {"[[publish.steps]]\nname = \"a\"\ncommand = [\"true\"]\n", "'a': at is missing"},
      {"[[publish.steps]]\nname = \"a\"\nat = \"tomorrow\"\ncommand = [\"true\"]\n",
       "'a': at 'tomorrow' is not a moment of the plan"},
      {"[[publish.steps]]\nname = \"a\"\nat = \"release\"\n", "'a': command is missing"},
      {"[[publish.steps]]\nname = \"a\"\nat = \"release\"\ncommand = \"git push\"\n",
       "'a': command must be an array such as"},
      {"[[publish.steps]]\nname = \"a\"\nat = \"release\"\ncommand = []\n", "'a': command must name a program"},
      {"[[publish.steps]]\nname = \"a\"\nat = \"release\"\ncommand = [1, 2]\n",
       "'a': command must be an array of strings"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "timeout_seconds = 0\n",
       "'a': timeout_seconds must be between 1 and 86400"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "timeout_seconds = \"5m\"\n", "'a': timeout_seconds must be an integer"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "offset_minutes = 20000\n",
       "'a': offset_minutes must be between -10080 and 10080"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "env = { EMBARGO_CASE = \"x\" }\n",
       "'a': env.EMBARGO_CASE is set by embargo itself"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "env = { N = 1 }\n", "'a': env.N must be a string"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "env = \"N=1\"\n", "'a': env must be a table"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "comand = [\"x\"]\n", "'a': comand is not a key of a step"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "after = [\"publish-website\"]\n",
       "'a': after names 'publish-website', which is neither a release step"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "after = [\"a\"]\n", "'a': after names the step itself"},
      {"[[publish.steps]]\nname = \"a\"\n" + ok + "after = [\"b\"]\n[[publish.steps]]\nname = \"b\"\n" + ok +
           "after = [\"run:a\"]\n",
       "'a': after makes a cycle"},
      {"steps = \"x\"\n", "publish.steps must be an array of tables"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.toml);
    std::string message = error_of(b.toml);
    CHECK_MESSAGE(contains(message, b.says), message);
    CHECK(message.starts_with("config: "));
  }
}

TEST_CASE("parse_command_steps: a project's file has its own steps") {
  testutil::TempDir dir;
  std::filesystem::create_directories(dir.path() / "projects");
  unwrap(util::write_file_atomic(dir.path() / "embargo.toml", R"(
[project]
name = "Coordinator"
case_prefix = "CO"
[publish]
[[publish.steps]]
name = "mirror"
at = "release"
command = ["rsync", "-a", "pub/", "mirror:/pub/"]
[[projects]]
name = "exim"
case_prefix = "EXIM"
config = "projects/exim.toml"
[[projects]]
name = "plain"
case_prefix = "PL"
)"));
  unwrap(util::write_file_atomic(dir.path() / "projects/exim.toml", R"(
[publish]
[[publish.steps]]
name = "website-git"
at = "release"
command = ["commit-advisory"]
)"));
  auto c = unwrap(config::load_config(dir.path() / "embargo.toml"));
  CHECK(c.publish.steps.at(0).name == "mirror");
  const config::ConfigFile* exim = unwrap(c.config_for_project("exim"));
  REQUIRE(exim->publish.steps.size() == 1);  // the array is replaced whole
  CHECK(exim->publish.steps[0].name == "website-git");
  CHECK(unwrap(c.config_for_project("plain"))->publish.steps.at(0).name == "mirror");

  unwrap(util::write_file_atomic(dir.path() / "projects/exim.toml",
                                 "[publish]\n[[publish.steps]]\nname = \"x\"\nat = \"release\"\ncommand = \"x\"\n"));
  auto bad = config::load_config(dir.path() / "embargo.toml");
  REQUIRE_FALSE(bad.has_value());
  CHECK(contains(bad.error().message(), "projects/exim.toml"));
  CHECK(contains(bad.error().message(), "'x': command must be an array"));
}

TEST_CASE("builtin_step_kinds: the scheduler's table") {
  std::vector<std::string_view> table;
  for (const auto& spec : scheduler::step_specs()) {
    table.push_back(spec.kind);
  }
  std::vector<std::string_view> listed = config::builtin_step_kinds();
  std::sort(table.begin(), table.end());
  std::sort(listed.begin(), listed.end());
  CHECK(table == listed);
}
