#pragma once

// [[projects]] in embargo.toml (issue 12, core/project.hpp): other projects
// served by the same embargod, each with its name, display name and case id
// prefix. Their teams are in the store (`embargo project add-member`).

#include <string>
#include <string_view>
#include <vector>

#include <embargo/config/toml_fwd.hpp>

#include <embargo/core/project_config.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

// InvalidArgument names the entry and key: a bad name or prefix, or a name or
// prefix used twice (also against the server's own `own_prefix`).
Result<std::vector<core::ProjectEntry>> parse_projects(const toml::value& root, std::string_view own_prefix);

// The commented example for `embargo init`.
std::string default_projects_config_text();

}  // namespace embargo::config
