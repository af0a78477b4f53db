#include <embargo/config/config_file.hpp>

#include <sstream>

#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/core/case.hpp>
#include <embargo/util/file.hpp>

namespace embargo::config {

namespace {

template <typename T>
Result<T> get_or(const toml::value& table, const char* section, const char* key, T fallback) {
  if (!table.contains(section)) {
    return fallback;
  }
  const toml::value& s = table.at(section);
  if (!s.is_table() || !s.contains(key)) {
    return fallback;
  }
  try {
    return toml::get<T>(s.at(key));
  } catch (const std::exception&) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {}.{} has the wrong type", section, key));
  }
}

Result<void> parse_advisory(const toml::value& root, core::AdvisoryConfig& a) {
  TRY_ASSIGN(a.vendor, get_or<std::string>(root, "advisory", "vendor", a.vendor));
  TRY_ASSIGN(a.product, get_or<std::string>(root, "advisory", "product", a.product));
  TRY_ASSIGN(a.cna_org_id, get_or<std::string>(root, "advisory", "cna_org_id", a.cna_org_id));
  TRY_ASSIGN(a.cna_short_name, get_or<std::string>(root, "advisory", "cna_short_name", a.cna_short_name));
  TRY_ASSIGN(a.advisory_url, get_or<std::string>(root, "advisory", "advisory_url", a.advisory_url));
  TRY_ASSIGN(a.repository_url, get_or<std::string>(root, "advisory", "repository_url", a.repository_url));
  if (!a.advisory_url.empty() && a.advisory_url.find("{id}") == std::string::npos) {
    return make_error(ErrorCode::invalid_argument, "config: advisory.advisory_url must contain {id}");
  }
  return {};
}

Result<void> parse_cve_services(const toml::value& root, core::CveServicesSettings& c) {
  TRY_ASSIGN(c.url, get_or<std::string>(root, "cve_services", "url", c.url));
  TRY_ASSIGN(c.user, get_or<std::string>(root, "cve_services", "user", c.user));
  TRY_ASSIGN(c.api_key_file, get_or<std::string>(root, "cve_services", "api_key_file", c.api_key_file));
  if (!c.url.starts_with("https://") && !c.url.starts_with("http://127.0.0.1") && !c.url.starts_with("http://localhost")) {
    return make_error(ErrorCode::invalid_argument, "config: cve_services.url must be https:// (or http:// on loopback)");
  }
  while (c.url.ends_with('/')) {
    c.url.pop_back();
  }
  return {};
}

}  // namespace

Result<ConfigFile> parse_config(const std::string& text, const std::string& source_name) {
  toml::value root;
  try {
    std::istringstream in(text);
    root = toml::parse(in, source_name);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {}", e.what()));
  }
  ConfigFile c;
  TRY_ASSIGN(c.project.project_name, get_or<std::string>(root, "project", "name", c.project.project_name));
  TRY_ASSIGN(c.project.case_prefix, get_or<std::string>(root, "project", "case_prefix", c.project.case_prefix));
  TRY(core::validate_case_prefix(c.project.case_prefix).or_else([](const Error& e) -> Result<void> {
    return make_error(e.code(), "config: project." + e.message());
  }));
  TRY_ASSIGN(c.project.time_zones,
             get_or<std::vector<std::string>>(root, "time", "zones", c.project.time_zones));
  if (c.project.time_zones.empty()) {
    return make_error(ErrorCode::invalid_argument, "config: time.zones must name at least one zone");
  }
  TRY(parse_advisory(root, c.project.advisory));
  TRY(parse_cve_services(root, c.project.cve_services));
  TRY_ASSIGN(c.store_url, get_or<std::string>(root, "store", "url", c.store_url));
  TRY_ASSIGN(c.busy_timeout_ms, get_or<int>(root, "store", "busy_timeout_ms", c.busy_timeout_ms));
  if (c.busy_timeout_ms < 0) {
    return make_error(ErrorCode::invalid_argument, "config: store.busy_timeout_ms must not be negative");
  }
  TRY_ASSIGN(c.mail, parse_mail_config(root));
  return c;
}

Result<ConfigFile> load_config(const std::filesystem::path& path) {
  TRY_ASSIGN(std::string text, util::read_file(path));
  return parse_config(text, path.string());
}

namespace {

// A TOML basic string: quotes, backslashes and control characters escaped.
std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<int>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string default_config_text(const std::string& project_name, const std::string& case_prefix) {
  return fmt::format(R"(# embargo configuration. Changes take effect at the next command or server start.

[project]
name = {}
# Case ids look like {}-2026-0001.
case_prefix = "{}"

[time]
# Times are shown in each of these zones; the first is where releases are planned.
zones = ["Europe/London", "America/Los_Angeles", "America/New_York", "Europe/Berlin", "Europe/Moscow", "Asia/Tokyo"]

[advisory]
# How the project appears in CVE records, OSV and CSAF documents.
vendor = {}
product = {}
# The CNA's organisation UUID and short name in CVE Services, if the project is its own CNA.
cna_org_id = ""
cna_short_name = ""
# Where advisories are published; {{id}} becomes the identifier (e.g. CVE-2026-1234).
advisory_url = ""
# The public git repository (OSV ranges name the fixing commit in it).
repository_url = ""

[cve_services]
# The CNA's account in CVE Services (the organisation is advisory.cna_short_name).
# The API key is never stored here: set EMBARGO_CVE_API_KEY, or name a file (mode 0600) holding it.
url = "https://cveawg.mitre.org/api"
user = ""
api_key_file = ""

[store]
# sqlite:FILE (relative to this directory) or, for several servers, postgresql://...
url = "sqlite:embargo.db"
busy_timeout_ms = 5000
)",
                     toml_string(project_name), case_prefix, case_prefix, toml_string(project_name),
                     toml_string(project_name)) + default_mail_config_text();
}

}  // namespace embargo::config
