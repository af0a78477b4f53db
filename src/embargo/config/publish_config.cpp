#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/publish_config.hpp>
#include <embargo/config/toml_get.hpp>

namespace embargo::config {

namespace {}  // namespace

Result<PublishConfig> parse_publish_config(const toml::value& root) {
  PublishConfig c;
  if (!root.is_table() || !root.contains("publish")) {
    return c;
  }
  const toml::value& t = root.at("publish");
  if (!t.is_table()) {
    return make_error(ErrorCode::invalid_argument, "config: publish must be a table");
  }
  TRY_ASSIGN(c.web_dir, get_or<std::string>(t, "publish", "web_dir", c.web_dir));
  TRY_ASSIGN(c.web_url, get_or<std::string>(t, "publish", "web_url", c.web_url));
  TRY_ASSIGN(c.files_dir, get_or<std::string>(t, "publish", "files_dir", c.files_dir));
  TRY_ASSIGN(c.files_url, get_or<std::string>(t, "publish", "files_url", c.files_url));
  TRY_ASSIGN(c.git_remote, get_or<std::string>(t, "publish", "git_remote", c.git_remote));
  TRY_ASSIGN(c.git_branch, get_or<std::string>(t, "publish", "git_branch", c.git_branch));
  TRY_ASSIGN(c.cve, get_or<bool>(t, "publish", "cve", c.cve));
  TRY_ASSIGN(c.advance_lists, get_or<std::vector<std::string>>(t, "publish", "advance_lists", c.advance_lists));
  TRY_ASSIGN(c.fix_lists, get_or<std::vector<std::string>>(t, "publish", "fix_lists", c.fix_lists));
  TRY_ASSIGN(c.heads_up_lists, get_or<std::vector<std::string>>(t, "publish", "heads_up_lists", c.heads_up_lists));
  TRY_ASSIGN(c.announce_lists, get_or<std::vector<std::string>>(t, "publish", "announce_lists", c.announce_lists));
  TRY_ASSIGN(c.steps, parse_command_steps(t));
  if (c.git_branch.empty()) {
    return make_error(ErrorCode::invalid_argument, "config: publish.git_branch must not be empty");
  }
  return c;
}

std::string default_publish_config_text() {
  return R"(
# The scheduled release (`embargo release schedule`): what embargod does at
# the coordinated minute. An empty target is a step the release skips.
[publish]
# web_dir = "/srv/www/security"      # advisory pages, index.html, atom.xml
web_url = "https://security.example.org/advisories/"
# files_dir = "/srv/ftp/pub/release" # tarballs, checksums, signatures
files_url = "https://downloads.example.org/"
# git_remote = "/srv/git/public.git" # the fix branch and tag, pushed at release
git_branch = "master"
cve = false                          # publish the CVE record (cve.toml)
advance_lists = []                   # the advance notice, at advance-notice (empty: sent by hand)
fix_lists = []                       # fix availability, at fix-to-packagers
heads_up_lists = []                  # the public heads-up
announce_lists = []                  # the release announcement
)" + std::string(command_steps_example_text());
}

}  // namespace embargo::config
