#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <embargo/config/cra_config.hpp>
#include <embargo/config/mail_config.hpp>
#include <embargo/config/publish_config.hpp>
#include <embargo/config/team_config.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/core/release/release_version.hpp>
#include <embargo/util/result.hpp>

namespace embargo::config {

// [http]: embargod's server. The command-line options override these.
struct HttpConfig {
  std::string listen = "127.0.0.1:8443";
  std::string tls_cert;  // relative paths: to the data directory
  std::string tls_key;
  std::string access_log;  // "" = stderr, "-" = none
  int request_timeout_seconds = 30;
  int digest_nonce_seconds = 300;
  int max_failures_per_address = 10;
  int max_failures_per_usercode = 30;
  // Basic authentication in the download area over plain HTTP (for a TLS
  // proxy in front of embargod); otherwise only over TLS (Digest always).
  bool allow_basic_without_tls = false;
  // The address people reach embargod at ("https://security.example.org"),
  // without a trailing slash; notices link <public_url>/embargo/CASE/. "":
  // unknown (a fix notice then needs [mail] download_url).
  std::string public_url;
};

// [web]: the team's pages and the reporters' portal.
struct WebConfig {
  // A reporter's private link stops working this many days after it was
  // made or last opened (renewed while used); 0: never.
  int reporter_link_days = 90;
};

// The contents of <data>/embargo.toml.
struct ConfigFile {
  HttpConfig http;
  WebConfig web;
  core::ProjectConfig project;
  std::string store_url = "sqlite:embargo.db";
  int busy_timeout_ms = 5000;
  // [release]: the release builder's version rules, keys and xz block size.
  core::release::ReleaseSettings release;
  MailConfig mail;        // [mail], [smtp]: mail_config.hpp
  TeamConfig team;        // [team], [reminders]: team_config.hpp
  PublishConfig publish;  // [publish]: publish_config.hpp
  CraConfig cra;          // [cra]: cra_config.hpp

  // The [[projects]] entry these settings are for ("" = the server's own).
  std::string project_key;
  // Each [[projects]] entry's settings: its own file over this one's values
  // (config/project_settings.hpp), or a copy of these; keyed by name. Only
  // the server's own ConfigFile has them.
  std::map<std::string, std::shared_ptr<const ConfigFile>, std::less<>> project_configs;

  // THE resolver: the settings a case of `project` acts with (lists, keys,
  // templates, policy, advisory identity, publish targets). "" is this
  // file; NotFound for a project not in [[projects]]. The result lives as
  // long as this ConfigFile.
  Result<const ConfigFile*> config_for_project(std::string_view project) const;
};

// Parses the file and the [[projects]] settings files it names (relative to
// its directory, or to `base_dir`); InvalidArgument names the file, the key
// and the problem (a TOML syntax error gives its line). Missing keys take
// their defaults.
Result<ConfigFile> load_config(const std::filesystem::path& path);
Result<ConfigFile> parse_config(const std::string& text, const std::string& source_name,
                                const std::filesystem::path& base_dir = {});

// The commented file `embargo init` writes.
// `store_url` becomes [store] url.
std::string default_config_text(const std::string& project_name, const std::string& case_prefix,
                                const std::string& store_url = "sqlite:embargo.db");

}  // namespace embargo::config
