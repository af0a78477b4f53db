#pragma once

// core::CveAuthority over the CVE Services REST API 2.x (the OpenAPI document
// in shared/schemas/cve-services): CVE-API-ORG / CVE-API-USER / CVE-API-KEY
// headers on every request; 429 answers are retried after Retry-After (or an
// exponential back-off when the service gives none), up to max_retries.
// The API key lives only in this object (a SensitiveString) and never
// appears in an error message or log line.

#include <string>

#include <embargo/core/cve_authority.hpp>
#include <embargo/cveapi/http_client.hpp>
#include <embargo/util/secret.hpp>

namespace embargo::cveapi {

struct CveServicesConfig {
  std::string url = "https://cveawg.mitre.org/api";  // no trailing slash
  std::string org;                                    // CNA short name
  std::string user;
  util::SensitiveString api_key;
  int max_retries = 4;
  int first_backoff_ms = 500;  // doubled each retry when the service gives no Retry-After
};

class CveServicesClient : public core::CveAuthority {
 public:
  explicit CveServicesClient(CveServicesConfig config) : m_config(std::move(config)) {}

  Result<core::ReservedIds> reserve(int amount, int year, bool sequential) override;
  Result<std::string> id_state(std::string_view cve_id) override;
  Result<nlohmann::json> record(std::string_view cve_id) override;
  Result<nlohmann::json> publish(std::string_view cve_id, const nlohmann::json& cna_container) override;
  Result<nlohmann::json> update(std::string_view cve_id, const nlohmann::json& cna_container) override;
  Result<nlohmann::json> reject(std::string_view cve_id, std::string_view reason) override;

 private:
  // Sends with authentication and 429 retries; maps non-2xx to errors that
  // quote the request line (never the key) and the service's body verbatim.
  Result<nlohmann::json> call(const std::string& method, const std::string& path_and_query,
                              const nlohmann::json* body, long* status = nullptr);

  CveServicesConfig m_config;
  HttpClient m_http;
};

}  // namespace embargo::cveapi
