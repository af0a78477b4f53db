#pragma once

// CVE Record Format 5.2 from a case's vulnerability: the CNA container
// (what CVE Services takes in POST /cve/{id}/cna) and the full record around
// it. The output validates against data/schemas/cve (tests check it).
//
// Mapping: title, descriptions (description or title), affected (vendor and
// product from the config; the affected range becomes version/lessThan or
// lessThanOrEqual entries, everything else "unaffected"), problemTypes (CWE),
// metrics (CVSS through the CvssToJson hook), references (the advisory URL),
// credits (only a credit the reporter agreed to), datePublic (the planned
// release), workarounds (the mitigation), packageURL on the affected product
// (advisory.purl, 5.2). A draft (in.draft: before the release) has neither
// datePublic nor datePublished.

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/advisory_input.hpp>

namespace embargo::core::advisory {

// The dataVersion embargo writes (CVE Services writes "5.2", not "5.2.0").
inline constexpr const char* k_cve_data_version = "5.2";

// REQUIRES: check_publishable(in) and check_cna(in.config) succeeded.
nlohmann::json cna_container(const AdvisoryInput& in);
nlohmann::json cve_record(const AdvisoryInput& in);

// The "versions" array of an affected product for a canonical range text.
nlohmann::json cve_versions(std::string_view affected_range);

// A CVE record names its CNA: advisory.cna_org_id must be a UUID.
Result<void> check_cna(const AdvisoryConfig& config);

}  // namespace embargo::core::advisory
