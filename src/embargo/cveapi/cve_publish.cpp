#include <embargo/cveapi/cve_publish.hpp>

#include <cstdlib>

#include <fmt/format.h>

#include <embargo/core/advisory/cve_record.hpp>
#include <embargo/schema/json_schema.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::cveapi {

Result<CveServicesConfig> services_config(const core::ProjectConfig& project, const std::filesystem::path& data_dir) {
  CveServicesConfig config;
  config.url = project.cve_services.url;
  config.user = project.cve_services.user;
  config.org = project.advisory.cna_short_name;
  if (config.user.empty() || config.org.empty()) {
    return make_error(ErrorCode::invalid_argument,
                      "CVE Services needs cve_services.user and advisory.cna_short_name in embargo.toml");
  }
  if (const char* key = std::getenv("EMBARGO_CVE_API_KEY"); key != nullptr && *key != '\0') {
    config.api_key = util::SensitiveString(key);
  } else if (!project.cve_services.api_key_file.empty()) {
    TRY_ASSIGN(std::string from_file, util::read_file(data_dir / project.cve_services.api_key_file));
    config.api_key = util::SensitiveString(std::string(util::trim(from_file)));
    util::SensitiveString wipe(std::move(from_file));
  } else {
    return make_error(ErrorCode::invalid_argument,
                      "no CVE Services API key: set EMBARGO_CVE_API_KEY or cve_services.api_key_file");
  }
  return config;
}

Result<nlohmann::json> request_container(const core::advisory::AdvisoryInput& in) {
  TRY(core::advisory::check_publishable(in));
  TRY(core::advisory::check_cna(in.config));
  nlohmann::json container = core::advisory::cna_container(in);
  TRY_ASSIGN(auto dir, schema::find_schema_dir());
  TRY_ASSIGN(auto schemas, schema::SchemaSet::load(dir));
  if (auto problems = schemas->validate(schema::SchemaKind::cve_cna_container, container); !problems.empty()) {
    return make_error(ErrorCode::corruption, fmt::format("the CNA container fails its schema at {}: {}",
                                                         problems.front().pointer, problems.front().reason));
  }
  // CVE Services' request schema (openapi.json 2.3.3) declares reference tags
  // as oneOf [tagExtension, string] with tagExtension = {"type": "string"}, so
  // no tag can conform; tags are optional, so the request leaves them out.
  for (auto& reference : container["references"]) {
    reference.erase("tags");
  }
  return container;
}

bool same_content(const nlohmann::json& record, const nlohmann::json& container) {
  const nlohmann::json* cna = nullptr;
  if (record.is_object() && record.contains("containers") && record["containers"].is_object() &&
      record["containers"].contains("cna")) {
    cna = &record["containers"]["cna"];
  }
  if (cna == nullptr || !cna->is_object() || !container.is_object()) {
    return false;
  }
  for (const auto& [key, value] : container.items()) {
    if (!cna->contains(key) || (*cna)[key] != value) {
      return false;
    }
  }
  return true;
}

}  // namespace embargo::cveapi
