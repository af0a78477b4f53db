#include <embargo/cli/release_settings.hpp>

#include <toml.hpp>

#include <embargo/config/release_layout_config.hpp>

namespace embargo::cli {

namespace rel = core::release;

Result<rel::ReleaseSettings> load_release_settings(Context& ctx, std::string& keyring, const std::string& case_id) {
  if (ctx.data_dir.empty()) {
    return rel::ReleaseSettings();
  }
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  const config::ConfigFile* settings = &data->config;
  if (!case_id.empty()) {
    TRY_ASSIGN(settings, ctx.case_config(case_id));
  }
  rel::ReleaseSettings s = settings->release;
  if (keyring.empty() && !s.keyring.empty()) {
    keyring = (data->path / s.keyring).string();
  }
  return s;
}

namespace {

// [release] of the data directory's configuration (with the case's
// project's file merged over it); an empty table without a data directory.
Result<toml::value> release_table(Context& ctx, const std::string& case_id) {
  if (ctx.data_dir.empty()) {
    return toml::value(toml::table{});
  }
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  std::string project_file;
  if (!case_id.empty()) {
    TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(case_id));
    for (const auto& p : data->config.project.projects) {
      if (p.name == settings->project_key) {
        project_file = p.config_file;
      }
    }
  }
  return config::load_release_table(data->path, project_file);
}

}  // namespace

Result<rel::ReleaseLayout> load_release_layout(Context& ctx, const std::string& case_id) {
  TRY_ASSIGN(toml::value release, release_table(ctx, case_id));
  return config::parse_release_layout(release);
}

Result<rel::ReleaseTestSettings> load_release_test(Context& ctx, const std::string& case_id) {
  TRY_ASSIGN(toml::value release, release_table(ctx, case_id));
  return config::parse_release_test(release);
}

std::string package_from_tag(const std::string& tag, const rel::ReleaseSettings& settings) {
  if (!rel::version_from_tag(tag, settings.tag_patterns)) {
    return {};
  }
  for (const auto& pattern : settings.tag_patterns) {
    auto at = pattern.find("{version");
    std::string prefix = pattern.substr(0, at);
    if (at != std::string::npos && tag.starts_with(prefix)) {
      while (!prefix.empty() && (prefix.back() == '-' || prefix.back() == '_')) {
        prefix.pop_back();
      }
      return prefix;
    }
  }
  return {};
}

}  // namespace embargo::cli
