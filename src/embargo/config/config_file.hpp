#pragma once

#include <filesystem>
#include <string>

#include <embargo/config/mail_config.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

// The contents of <data>/embargo.toml.
struct ConfigFile {
  core::ProjectConfig project;
  std::string store_url = "sqlite:embargo.db";
  int busy_timeout_ms = 5000;
  MailConfig mail;  // [mail], [smtp]: mail_config.hpp
};

// Parses the file; InvalidArgument names the key and the problem (a TOML
// syntax error gives its line). Missing keys take their defaults.
Result<ConfigFile> load_config(const std::filesystem::path& path);
Result<ConfigFile> parse_config(const std::string& text, const std::string& source_name);

// The commented file `embargo init` writes.
std::string default_config_text(const std::string& project_name, const std::string& case_prefix);

}  // namespace embargo::config
