#pragma once

// What the advisory writers (CVE record, OSV) need about one vulnerability:
// its case, the vulnerability itself, the project's advisory settings, and a
// way to turn a stored CVSS vector into the JSON object of FIRST's schema.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/cwe_names.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/core/vulnerability.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::advisory {

// Given a vector string, the CVE 5.1 metrics key ("cvssV3_1", "cvssV4_0", ...)
// and the scored object; nullopt if it cannot be scored.
using CvssToJson = std::function<std::optional<std::pair<std::string, nlohmann::json>>(std::string_view vector)>;

struct AdvisoryInput {
  const Case& c;
  const Vulnerability& v;
  const AdvisoryConfig& config;
  CvssToJson cvss;  // may be empty: no metrics are written
  // CWE names (schema::shipped_cwe_names); null: a CWE is written by its id alone.
  const CweNames* cwes = nullptr;
};

// Refuses, before anything is sent anywhere, a vulnerability that lacks what
// a published record needs: an identifier, an affected range, a reference.
Result<void> check_publishable(const AdvisoryInput& in);

// The advisory URL for `identifier` from the configured template.
std::string advisory_url(const AdvisoryConfig& config, std::string_view identifier);

// The reporter's credit line if they agreed to be credited, else empty.
std::string published_credit(const Reporter& reporter);

}  // namespace embargo::core::advisory
