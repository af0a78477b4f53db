#include <embargo/config/projects_config.hpp>

#include <fmt/format.h>

#include <toml.hpp>

#include <embargo/core/case.hpp>
#include <embargo/core/project.hpp>

namespace embargo::config {

namespace {

Result<std::string> string_key(const toml::value& t, const std::string& where, const char* key) {
  if (!t.contains(key)) {
    return std::string();
  }
  try {
    return toml::get<std::string>(t.at(key));
  } catch (const std::exception&) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {}.{} must be a string", where, key));
  }
}

Result<core::ProjectEntry> parse_entry(const toml::value& t, const std::string& where) {
  if (!t.is_table()) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {} must be a table", where));
  }
  core::ProjectEntry p;
  TRY_ASSIGN(p.name, string_key(t, where, "name"));
  TRY_ASSIGN(p.display_name, string_key(t, where, "display_name"));
  TRY_ASSIGN(p.case_prefix, string_key(t, where, "case_prefix"));
  TRY_ASSIGN(p.config_file, string_key(t, where, "config"));
  auto fail = [&](const Error& e) { return Error(e.code(), fmt::format("config: {}.{}", where, e.message())); };
  TRY(core::validate_project_name(p.name).map_error(fail));
  TRY(core::validate_case_prefix(p.case_prefix).map_error(fail));
  if (p.display_name.empty()) {
    p.display_name = p.name;
  }
  return p;
}

}  // namespace

Result<std::vector<core::ProjectEntry>> parse_projects(const toml::value& root, std::string_view own_prefix) {
  std::vector<core::ProjectEntry> out;
  if (!root.contains("projects")) {
    return out;
  }
  if (!root.at("projects").is_array()) {
    return make_error(ErrorCode::invalid_argument, "config: projects must be an array of tables ([[projects]])");
  }
  const auto& array = root.at("projects").as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    std::string where = fmt::format("projects[{}]", i);
    TRY_ASSIGN(core::ProjectEntry p, parse_entry(array[i], where));
    bool clash = p.case_prefix == own_prefix;
    for (const auto& q : out) {
      clash = clash || q.name == p.name || q.case_prefix == p.case_prefix;
    }
    if (clash) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("config: {}: the name {} or the case prefix {} is already used", where, p.name,
                                    p.case_prefix));
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::string default_projects_config_text() {
  return R"(
# Other projects served by this embargod (a coordinator's server). Each has its own case id
# prefix and its own team (`embargo project add-member NAME USER`); nobody outside a project's
# team sees its cases unless a case is shared with them. `embargo case new --project NAME`.
# [[projects]]
# name = "exim"
# display_name = "Exim"
# case_prefix = "EXIM"
# Its own settings, relative to this directory: the sections [policy], [time], [advisory],
# [cve_services], [release], [publish] and [mail] with its [[mail.lists]], from address and
# signing key. Keys it leaves out take this file's values; server-wide ones ([store], [http],
# [smtp], [team], ...) are refused there. Its notice templates: projects/exim/templates/, then
# templates/. `embargo project list` shows which file each project uses.
# config = "projects/exim.toml"
)";
}

}  // namespace embargo::config
