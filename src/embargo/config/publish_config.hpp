#pragma once

// [publish] in embargo.toml (issue 11): where the scheduled release puts
// things at the coordinated minute, and which lists get which notice. Each
// target left empty is a step the release skips (and says so in its job
// result), so a team can adopt the scheduler one target at a time.

#include <string>
#include <vector>

#include <embargo/config/toml_fwd.hpp>

#include <embargo/config/publish_steps.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

struct PublishConfig {
  // The website checkout or served folder: an HTML page per advisory, the
  // index and the Atom feed. Relative paths are to the data directory.
  std::string web_dir;
  // The public URL of web_dir, for absolute links in the feed.
  std::string web_url = "https://security.example.org/advisories/";
  // Where the release files (tarballs, checksums, signatures) are copied.
  std::string files_dir;
  // The public URL of files_dir, for the announcements.
  std::string files_url = "https://downloads.example.org/";
  // The public git repository (URL or path) the fix branch and tag are
  // pushed to, only at the release; and the branch there that receives the
  // release's commit (fast-forward only).
  std::string git_remote;
  std::string git_branch = "master";
  // Publish the CVE record through CVE Services (cve.toml) at the release.
  bool cve = false;
  // Which [[mail.lists]] (by name) get each notice the scheduler sends.
  // The advance notice, at advance-notice: scheduled only when this names
  // lists (teams that warn the lists by hand leave it empty).
  std::vector<std::string> advance_lists;
  std::vector<std::string> fix_lists;       // fix availability, at fix-to-packagers
  std::vector<std::string> heads_up_lists;  // the public heads-up
  std::vector<std::string> announce_lists;  // the release announcement
  // [[publish.steps]]: commands run at a plan moment (publish_steps.hpp).
  std::vector<CommandStep> steps;
};

// InvalidArgument names the key and the problem.
Result<PublishConfig> parse_publish_config(const toml::value& root);
std::string default_publish_config_text();

}  // namespace embargo::config
