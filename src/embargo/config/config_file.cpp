#include <algorithm>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <toml.hpp>

#include <embargo/config/config_edit.hpp>
#include <embargo/config/config_file.hpp>
#include <embargo/config/policy_config.hpp>
#include <embargo/config/project_settings.hpp>
#include <embargo/config/projects_config.hpp>
#include <embargo/config/release_layout_config.hpp>
#include <embargo/config/toml_get.hpp>
#include <embargo/core/advisory/purl.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/planner/zone.hpp>
#include <embargo/core/release_kind.hpp>
#include <embargo/util/file.hpp>

namespace embargo::config {

namespace {

// `root[section][key]`, as get_or reads it.
template <typename T>
Result<T> section_get_or(const toml::value& root, const char* section, const char* key, T fallback) {
  if (!root.contains(section)) {
    return fallback;
  }
  return get_or<T>(root.at(section), section, key, std::move(fallback));
}

// advisory.purl: a valid package URL without a version (CVE 5.2 forbids one
// in packageURL; the versions are in the record's version ranges).
Result<void> check_product_purl(const std::string& purl) {
  if (purl.empty()) {
    return {};
  }
  if (auto problem = core::advisory::purl_problem(purl)) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: advisory.purl '{}': {}", purl, *problem));
  }
  if (purl.substr(0, purl.find_first_of("?#")).find('@') != std::string::npos) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("config: advisory.purl '{}' names a version; give the package alone "
                                  "(the affected versions are written separately)",
                                  purl));
  }
  return {};
}

Result<void> parse_advisory(const toml::value& root, core::AdvisoryConfig& a) {
  TRY_ASSIGN(a.vendor, section_get_or<std::string>(root, "advisory", "vendor", a.vendor));
  TRY_ASSIGN(a.product, section_get_or<std::string>(root, "advisory", "product", a.product));
  TRY_ASSIGN(a.cna_org_id, section_get_or<std::string>(root, "advisory", "cna_org_id", a.cna_org_id));
  TRY_ASSIGN(a.cna_short_name, section_get_or<std::string>(root, "advisory", "cna_short_name", a.cna_short_name));
  TRY_ASSIGN(a.advisory_url, section_get_or<std::string>(root, "advisory", "advisory_url", a.advisory_url));
  TRY_ASSIGN(a.repository_url, section_get_or<std::string>(root, "advisory", "repository_url", a.repository_url));
  TRY_ASSIGN(a.purl, section_get_or<std::string>(root, "advisory", "purl", a.purl));
  TRY(check_product_purl(a.purl));
  // The page is named by the URL's last segment (core/advisory/advisory_input.hpp), one per case.
  std::string_view url = a.advisory_url;
  std::string_view last = url.substr(0, url.find_first_of("?#"));
  last = last.substr(last.rfind('/') + 1);
  if (!url.empty() && last.find("{id}") == std::string_view::npos && last.find("{case}") == std::string_view::npos) {
    return make_error(ErrorCode::invalid_argument,
                      "config: advisory.advisory_url must end in a file name with {id} (the primary identifier) or "
                      "{case} (the case id), e.g. https://www.exim.org/static/doc/security/{id}.html: it names the "
                      "advisory page");
  }
  return {};
}

Result<void> parse_cve_services(const toml::value& root, core::CveServicesSettings& c) {
  TRY_ASSIGN(c.url, section_get_or<std::string>(root, "cve_services", "url", c.url));
  TRY_ASSIGN(c.user, section_get_or<std::string>(root, "cve_services", "user", c.user));
  TRY_ASSIGN(c.api_key_file, section_get_or<std::string>(root, "cve_services", "api_key_file", c.api_key_file));
  if (!c.url.starts_with("https://") && !c.url.starts_with("http://127.0.0.1") &&
      !c.url.starts_with("http://localhost")) {
    return make_error(ErrorCode::invalid_argument,
                      "config: cve_services.url must be https:// (or http:// on loopback)");
  }
  while (c.url.ends_with('/')) {
    c.url.pop_back();
  }
  return {};
}

Result<void> parse_http(const toml::value& root, HttpConfig& h) {
  TRY_ASSIGN(h.listen, section_get_or<std::string>(root, "http", "listen", h.listen));
  TRY_ASSIGN(h.tls_cert, section_get_or<std::string>(root, "http", "tls_cert", h.tls_cert));
  TRY_ASSIGN(h.tls_key, section_get_or<std::string>(root, "http", "tls_key", h.tls_key));
  TRY_ASSIGN(h.access_log, section_get_or<std::string>(root, "http", "access_log", h.access_log));
  TRY_ASSIGN(h.allow_basic_without_tls,
             section_get_or<bool>(root, "http", "allow_basic_without_tls", h.allow_basic_without_tls));
  TRY_ASSIGN(h.public_url, section_get_or<std::string>(root, "http", "public_url", h.public_url));
  while (h.public_url.ends_with('/')) {
    h.public_url.pop_back();
  }
  if (!h.public_url.empty() && !h.public_url.starts_with("https://") && !h.public_url.starts_with("http://")) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("config: http.public_url '{}' must start with https:// (or http://)", h.public_url));
  }
  struct Bound {
    const char* key;
    int* value;
    int min;
    int max;
  };
  for (const Bound& b : {Bound{"request_timeout_seconds", &h.request_timeout_seconds, 1, 3600},
                         Bound{"digest_nonce_seconds", &h.digest_nonce_seconds, 5, 86400},
                         Bound{"max_failures_per_address", &h.max_failures_per_address, 1, 1000000},
                         Bound{"max_failures_per_usercode", &h.max_failures_per_usercode, 1, 1000000}}) {
    TRY_ASSIGN(*b.value, section_get_or<int>(root, "http", b.key, *b.value));
    if (*b.value < b.min || *b.value > b.max) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("config: http.{} must be between {} and {}", b.key, b.min, b.max));
    }
  }
  return {};
}

Result<void> parse_web(const toml::value& root, WebConfig& w) {
  TRY_ASSIGN(w.reporter_link_days, section_get_or<int>(root, "web", "reporter_link_days", w.reporter_link_days));
  if (w.reporter_link_days < 0 || w.reporter_link_days > 3650) {
    return make_error(ErrorCode::invalid_argument,
                      "config: web.reporter_link_days must be between 0 (links never expire) and 3650");
  }
  return {};
}

Result<void> parse_release(const toml::value& root, core::release::ReleaseSettings& r) {
  TRY_ASSIGN(r.tag_patterns, section_get_or<std::vector<std::string>>(root, "release", "tag_patterns", r.tag_patterns));
  if (r.tag_patterns.empty()) {
    return make_error(ErrorCode::invalid_argument, "config: release.tag_patterns must name at least one pattern");
  }
  for (const auto& p : r.tag_patterns) {
    if (p.find("{version}") == std::string::npos && p.find("{version_}") == std::string::npos) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("config: release.tag_patterns: '{}' has no {{version}} or {{version_}}", p));
    }
  }
  TRY_ASSIGN(r.version_file, section_get_or<std::string>(root, "release", "version_file", r.version_file));
  TRY_ASSIGN(r.version_pattern, section_get_or<std::string>(root, "release", "version_pattern", r.version_pattern));
  TRY_ASSIGN(r.variant_pattern, section_get_or<std::string>(root, "release", "variant_pattern", r.variant_pattern));
  for (const auto* p : {&r.version_pattern, &r.variant_pattern}) {
    try {
      std::regex re(*p);
      if (re.mark_count() < 1 && !p->empty()) {
        return make_error(ErrorCode::invalid_argument, fmt::format("config: release pattern '{}' has no group", *p));
      }
    } catch (const std::regex_error& e) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("config: release pattern '{}' is not a regex: {}", *p, e.what()));
    }
  }
  TRY_ASSIGN(r.keyring, section_get_or<std::string>(root, "release", "keyring", r.keyring));
  TRY_ASSIGN(r.signing_key, section_get_or<std::string>(root, "release", "signing_key", r.signing_key));
  TRY_ASSIGN(r.xz_block_mib, section_get_or<int>(root, "release", "xz_block_mib", r.xz_block_mib));
  if (r.xz_block_mib < 0 || r.xz_block_mib > 4096) {
    return make_error(ErrorCode::invalid_argument, "config: release.xz_block_mib must be 0 to 4096");
  }
  TRY_ASSIGN(r.supported_branches, section_get_or<std::vector<std::string>>(root, "release", "supported_branches",
                                                                         r.supported_branches));
  TRY_ASSIGN(r.backport_may_leave_out, section_get_or<std::vector<std::string>>(
                                            root, "release", "backport_may_leave_out", r.backport_may_leave_out));
  for (const auto& prefix : r.backport_may_leave_out) {
    if (prefix.empty() || prefix.front() == '/') {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("config: release.backport_may_leave_out: '{}' is not a repository path prefix",
                                    prefix));
    }
  }
  for (const auto& b : r.supported_branches) {
    TRY(core::check_ref_name("config: release.supported_branches", b));
  }
  if (root.contains("release")) {
    TRY(parse_release_layout(root.at("release")));  // checked here, read by the release commands
    TRY(parse_release_test(root.at("release")));
  }
  return {};
}

// Every list [publish] names must be a [[mail.lists]] entry.
Result<void> check_publish_lists(const ConfigFile& c) {
  auto check = [&](const std::vector<std::string>& names, const char* key) -> Result<void> {
    for (const std::string& name : names) {
      if (!c.mail.list(name)) {
        return make_error(ErrorCode::invalid_argument,
                          fmt::format("config: publish.{} names '{}', which is not in [[mail.lists]]", key, name));
      }
    }
    return {};
  };
  TRY(check(c.publish.advance_lists, "advance_lists"));
  TRY(check(c.publish.fix_lists, "fix_lists"));
  TRY(check(c.publish.heads_up_lists, "heads_up_lists"));
  return check(c.publish.announce_lists, "announce_lists");
}

// Every manufacturer [cra] names must be a recipient of one of the lists.
Result<void> check_cra_manufacturers(const ConfigFile& c) {
  auto recipients = c.mail.recipients();
  for (const std::string& name : c.cra.manufacturers) {
    if (std::none_of(recipients.begin(), recipients.end(), [&](const auto& r) { return r.name == name; })) {
      return make_error(
          ErrorCode::invalid_argument,
          fmt::format("config: cra.manufacturers names '{}', which is not in [[mail.lists.recipients]]", name));
    }
  }
  return {};
}

Result<ConfigFile> parse_root(const toml::value& root) {
  ConfigFile c;
  TRY_ASSIGN(c.project.project_name, section_get_or<std::string>(root, "project", "name", c.project.project_name));
  TRY_ASSIGN(c.project.case_prefix, section_get_or<std::string>(root, "project", "case_prefix", c.project.case_prefix));
  TRY(core::validate_case_prefix(c.project.case_prefix).or_else([](const Error& e) -> Result<void> {
    return make_error(e.code(), "config: project." + e.message());
  }));
  TRY_ASSIGN(c.project.time_zones,
             section_get_or<std::vector<std::string>>(root, "time", "zones", c.project.time_zones));
  if (c.project.time_zones.empty()) {
    return make_error(ErrorCode::invalid_argument, "config: time.zones must name at least one zone");
  }
  TRY(parse_advisory(root, c.project.advisory));
  TRY(parse_cve_services(root, c.project.cve_services));
  for (const std::string& zone : c.project.time_zones) {
    TRY(core::planner::Zone::find(zone).map([](auto&&) {}).map_error([](const Error& e) {
      return Error(e.code(), "config: time.zones: " + e.message());
    }));
  }
  TRY_ASSIGN(c.project.policy, parse_policy_section(root));
  TRY_ASSIGN(c.store_url, section_get_or<std::string>(root, "store", "url", c.store_url));
  TRY_ASSIGN(c.busy_timeout_ms, section_get_or<int>(root, "store", "busy_timeout_ms", c.busy_timeout_ms));
  if (c.busy_timeout_ms < 0) {
    return make_error(ErrorCode::invalid_argument, "config: store.busy_timeout_ms must not be negative");
  }
  TRY(parse_http(root, c.http));
  TRY(parse_web(root, c.web));
  TRY(parse_release(root, c.release));
  TRY_ASSIGN(c.mail, parse_mail_config(root));
  TRY_ASSIGN(c.team, parse_team_config(root));
  TRY_ASSIGN(c.project.projects, parse_projects(root, c.project.case_prefix));
  TRY_ASSIGN(c.publish, parse_publish_config(root));
  TRY(check_publish_lists(c));
  TRY_ASSIGN(c.cra, parse_cra_config(root));
  TRY(check_cra_manufacturers(c));
  return c;
}

// "config: <shown>: <what the parser said>".
Error in_file(const Error& e, const std::string& shown) {
  std::string_view m = e.message();
  if (m.starts_with("config: ")) {
    m.remove_prefix(8);
  }
  return Error(e.code(), fmt::format("config: {}: {}", shown, m));
}

// The settings of project `p`: its file merged over `root`, or `main`'s.
Result<std::shared_ptr<const ConfigFile>> project_settings(const toml::value& root, const ConfigFile& main,
                                                           const core::ProjectEntry& p,
                                                           const std::filesystem::path& base_dir) {
  auto own = std::make_shared<ConfigFile>(main);
  if (!p.config_file.empty()) {
    const std::string& shown = p.config_file;
    std::filesystem::path file =
        std::filesystem::path(shown).is_absolute() ? std::filesystem::path(shown) : base_dir / shown;
    TRY_ASSIGN(toml::value merged, merged_project_root(root, file, shown));
    auto parsed = parse_root(merged);
    if (!parsed) {
      return tl::unexpected(in_file(parsed.error(), shown));
    }
    *own = std::move(*parsed);
  }
  own->project.project_name = p.display_name;
  own->project.case_prefix = p.case_prefix;
  own->project_key = p.name;
  own->project_configs.clear();
  return std::shared_ptr<const ConfigFile>(std::move(own));
}

}  // namespace

Result<const ConfigFile*> ConfigFile::config_for_project(std::string_view name) const {
  if (name.empty() || name == project_key) {
    return this;
  }
  auto it = project_configs.find(name);
  if (it == project_configs.end()) {
    return make_error(ErrorCode::not_found,
                      fmt::format("project '{}' is not in [[projects]] of embargo.toml: its settings are unknown",
                                  name.substr(0, 70)));
  }
  return it->second.get();
}

Result<ConfigFile> parse_config(const std::string& text, const std::string& source_name,
                                const std::filesystem::path& base_dir) {
  toml::value root;
  try {
    std::istringstream in(text);
    root = toml::parse(in, source_name);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::invalid_argument, fmt::format("config: {}", e.what()));
  }
  TRY_ASSIGN(ConfigFile c, parse_root(root));
  for (const core::ProjectEntry& p : c.project.projects) {
    TRY_ASSIGN(auto settings, project_settings(root, c, p, base_dir));
    c.project_configs.emplace(p.name, std::move(settings));
  }
  return c;
}

Result<ConfigFile> load_config(const std::filesystem::path& path) {
  TRY_ASSIGN(std::string text, util::read_file(path));
  return parse_config(text, path.string(), path.parent_path());
}

namespace {

// The [mail] section with the team named after the project ("Exim Security Team").
std::string mail_config_text(const std::string& project_name) {
  std::string text = default_mail_config_text();
  const std::string line = "team_name = \"Example Security Team\"";
  if (auto at = text.find(line); at != std::string::npos) {
    text.replace(at, line.size(), "team_name = " + toml_quote(project_name + " Security Team"));
  }
  return text;
}

}  // namespace

std::string default_config_text(const std::string& project_name, const std::string& case_prefix,
                                const std::string& store_url) {
  return fmt::format(R"(# embargo configuration. Changes take effect at the next command or server start.

[project]
name = {}
# Case ids look like {}-2026-0001.
case_prefix = "{}"

[time]
# Times are shown in each of these zones (the release zone is policy.release_zone).
zones = ["Europe/London", "America/Los_Angeles", "America/New_York", "Europe/Berlin", "Europe/Moscow", "Asia/Tokyo"]

[advisory]
# How the project appears in CVE records, OSV and CSAF documents.
vendor = {}
product = {}
# The CNA's organisation UUID and short name in CVE Services, if the project is its own CNA.
cna_org_id = ""
cna_short_name = ""
# Where each case's advisory page is published, and what every export references: {{id}} becomes the primary
# identifier of the case's first vulnerability (its CVE, e.g. CVE-2026-1234; else its GCVE; else the case id),
# {{case}} the case id. The last part names the page's file in [publish] web_dir.
advisory_url = ""
# The public git repository (OSV ranges name the fixing commit in it).
repository_url = ""
# The product's package URL, without a version (e.g. "pkg:github/Exim/exim"): packageURL in CVE records,
# the package in OSV entries.
purl = ""

[cve_services]
# The CNA's account in CVE Services (the organisation is advisory.cna_short_name).
# The API key is never stored here: set EMBARGO_CVE_API_KEY, or name a file (mode 0600) holding it.
url = "https://cveawg.mitre.org/api"
user = ""
api_key_file = ""

[store]
# sqlite:FILE (relative to this directory) or, for several servers, postgresql://USER@HOST/DB
# (any libpq URL; keep passwords in ~/.pgpass or PGPASSFILE rather than here).
url = {}
busy_timeout_ms = 5000

[http]
# embargod (the command-line options override these).
listen = "127.0.0.1:8443"
# tls_cert = "tls/cert.pem"   # PEM files, relative to this directory: serve HTTPS
# tls_key = "tls/key.pem"
# access_log = "access.log"   # JSON lines; default stderr, "-" for none
request_timeout_seconds = 30
digest_nonce_seconds = 300
# Failed logins before an address (or, for addresses it never logged in from, a usercode) is throttled.
max_failures_per_address = 10
max_failures_per_usercode = 30
# The download area refuses Basic authentication over plain HTTP (the password would cross the network in clear;
# Digest and HTTPS work). Set true only when a TLS proxy in front of embargod makes the outside connection HTTPS.
allow_basic_without_tls = false
# The address people reach embargod at, as it appears in notices: the fix notice links
# <public_url>/embargo/CASE/ and each file there.
# public_url = "https://security.example.org"

[web]
# A reporter's private link stops working this many days after it was made or last opened
# (0: never). `embargo case link list|revoke CASE` shows and ends them.
reporter_link_days = 90

[release]
# How `embargo release build` checks a tag (defaults are Exim's). {{version}} is
# dotted (exim-4.99.1), {{version_}} uses underscores (exim-4_90_1).
tag_patterns = ["exim-{{version}}", "exim-{{version_}}"]
# The file (a repository path) that must name the same version ("" = no check),
# read where the layout below ships it, after its stamping command (Exim's
# src/src/version.sh is written by it); and the line patterns whose first group
# is the version and the -RCn variant.
version_file = "src/src/version.sh"
version_pattern = "\\s*EXIM_RELEASE_VERSION=[\"']?([0-9.]+)[\"']?\\s*"
variant_pattern = "\\s*EXIM_VARIANT_VERSION=[\"']?(RC[0-9]+|)[\"']?\\s*"
# The maintainers' public keys that may sign release tags (a file, relative to
# this directory); "" = the keys in your GnuPG home.
keyring = ""
# The key that signs the tarballs; "" = git's user.signingkey, then gpg's default.
signing_key = ""
# xz block size in MiB; 0 = a quarter of the tar, so four threads share the work (about 6% more
# bytes than one block; a larger block gives a smaller .tar.xz and a slower build).
xz_block_mib = 0
# Older branches still supported, e.g. ["exim-4.97+fixes"]: a patch-level release
# (`embargo case release-kind`) also gets a standalone patch for each one it applies to;
# a change under these path prefixes may be left out of it when it does not apply there.
supported_branches = []
backport_may_leave_out = ["doc/"]
{}
{})",
                     toml_quote(project_name), case_prefix, case_prefix, toml_quote(project_name),
                     toml_quote(project_name), toml_quote(store_url), default_release_layout_text(),
                     default_policy_text()) +
         mail_config_text(project_name) + default_team_config_text() + default_projects_config_text() +
         default_publish_config_text() + default_cra_config_text();
}

}  // namespace embargo::config
