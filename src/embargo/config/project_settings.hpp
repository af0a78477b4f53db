#pragma once

// Per-project settings files (issue 12). A [[projects]] entry may name its
// own file, `config = "projects/exim.toml"` (relative to the data directory),
// holding the sections that belong to one project:
//
//   [policy] [time] [advisory] [cve_services] [release] [publish] [cra]
//   [mail] (with [[mail.lists]]): team_address, team_name, portal_url,
//          download_url, gnupg_home, signing_key, passphrase_file,
//          recipient_warning_hours, lists
//
// Keys the file leaves out take embargo.toml's values: tables are merged key
// by key, anything else (an array such as [[mail.lists]] or a string) is
// replaced whole. So a project that names only its [[mail.lists]] keeps the
// server's policy, and one that names its lists gets none of the server's.
// Server-wide sections ([store], [http], [project], [[projects]], [smtp],
// [team], [reminders]) and the intake's [mail] keys are refused, naming the
// file and the key. The result is checked like embargo.toml itself (e.g.
// [publish] may name only the project's own lists).
//
// A project's notice templates: <data>/projects/<name>/templates/ first,
// then <data>/templates/, then the shipped defaults; a list's own
// lists/<list>/<kind>.mustache in either directory comes before both.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/config/config_file.hpp>
#include <embargo/config/toml_fwd.hpp>
#include <embargo/core/store.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

// Reads `file` (`shown` is how errors name it), refuses server-wide keys and
// returns `main_root` with the file's values merged over it.
// InvalidArgument "config: <shown>: ..." names the key; NotFound/IOError
// when it cannot be read.
Result<toml::value> merged_project_root(const toml::value& main_root, const std::filesystem::path& file,
                                        const std::string& shown);

// The settings of the case `case_id` (its project, StoreTx::case_project):
// config.config_for_project of it. NotFound when its project is no longer in
// [[projects]]: a case never falls back to another project's lists.
Result<const ConfigFile*> config_for_case(const ConfigFile& config, core::StoreTx& tx, std::string_view case_id);

// Where the notice templates of `project` ("" = the server's own) are looked
// up, in order (the shipped defaults come after these).
std::vector<std::filesystem::path> template_dirs(const std::filesystem::path& data_dir, std::string_view project);

}  // namespace embargo::config
