#pragma once

// [[projects]] in embargo.toml (issue 12, core/project.hpp): other projects
// served by the same embargod, each with its name, display name and case id
// prefix. Their teams are in the store (`embargo project add-member`).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <toml.hpp>

#include <embargo/core/project_config.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

// InvalidArgument names the entry and key: a bad name or prefix, or a name or
// prefix used twice (also against the server's own `own_prefix`).
Result<std::vector<core::ProjectEntry>> parse_projects(const toml::value& root, std::string_view own_prefix);

// Each entry's settings file (`config`, relative to the data directory;
// config/project_settings.hpp) by project name; entries without one are not
// in it. REQUIRES: parse_projects accepted `root`.
Result<std::map<std::string, std::string, std::less<>>> parse_project_files(const toml::value& root);

// The commented example for `embargo init`.
std::string default_projects_config_text();

}  // namespace embargo::config
