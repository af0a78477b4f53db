#pragma once

// What embargo needs from a CVE Numbering Authority's service (CVE Services
// API 2.x): reserve identifiers, ask for their state, publish, update and
// reject records. cveapi/ implements it over HTTPS; tests run it against a
// local server that checks each request against the OpenAPI document.
//
// Errors: Unauthorized for 401/403, NotFound for 404, InvalidArgument for
// 400 (the message carries the service's error body verbatim and the request
// that caused it), Busy when the service kept answering 429 after the
// client's retries, IOError for transport failures.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/util/result.hpp>

namespace embargo::core {

struct ReservedIds {
  std::vector<std::string> ids;
  bool partial = false;  // the service reserved fewer than asked (206)
  nlohmann::json quota;  // the service's quota answer, if any
};

class CveAuthority {
 public:
  virtual ~CveAuthority() = default;

  virtual Result<ReservedIds> reserve(int amount, int year, bool sequential) = 0;
  // The state of one reserved or published identifier ("RESERVED", "PUBLISHED", "REJECTED").
  virtual Result<std::string> id_state(std::string_view cve_id) = 0;
  // GET /cve/{id}: the published (or rejected) CVE record. NotFound while
  // the identifier is only reserved.
  virtual Result<nlohmann::json> record(std::string_view cve_id) = 0;
  // POST /cve/{id}/cna (publish) or PUT (update) with a CNA container.
  virtual Result<nlohmann::json> publish(std::string_view cve_id, const nlohmann::json& cna_container) = 0;
  virtual Result<nlohmann::json> update(std::string_view cve_id, const nlohmann::json& cna_container) = 0;
  virtual Result<nlohmann::json> reject(std::string_view cve_id, std::string_view reason) = 0;
};

}  // namespace embargo::core
