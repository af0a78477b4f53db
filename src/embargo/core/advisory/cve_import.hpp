#pragma once

// A CVE record (format 5.0, 5.1 or 5.2, with CNA and ADP containers, including
// records converted from format 4 with sparse "n/a" fields) as a case with
// one vulnerability. An ADP container's "kev" metric (CISA's Known Exploited
// Vulnerabilities catalog) or SSVC "Exploitation: active" makes the case's
// exploitation "active", so the CRA clock (notice/cra_clock.hpp) starts at the
// import; SSVC "poc" makes it "poc-public". Nothing is lost: the whole record is kept beside the
// case (core::SourceRecord), and exporting the vulnerability later gives the
// original record back, with only the fields the team has changed since the
// import replaced (overlay_cve_record).

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/advisory_input.hpp>
#include <embargo/core/case_service.hpp>

namespace embargo::core::advisory {

struct ImportedCve {
  NewCase case_input;
  NewVulnerability vuln;
  std::vector<std::string> cvss;          // vector strings found in the CNA's metrics
  CaseState state = CaseState::reported;  // public for PUBLISHED records, rejected for REJECTED
  std::optional<util::Timestamp> date_public;
  // What an ADP container says of exploitation (case_input.exploitation is
  // set from it): "CISA KEV, added 2024-02-01" or "SSVC Exploitation: poc";
  // empty when nothing.
  std::string exploitation_evidence;
};

// REQUIRES: `record` passed the CVE schema. InvalidArgument names what is
// missing (no cveId, no CNA container).
Result<ImportedCve> map_cve_record(const nlohmann::json& record);

// The fields of a vulnerability that an export writes into a record; kept at
// import to tell later which ones the team changed.
nlohmann::json managed_fields(const Vulnerability& v);

// `record` (the original, taken by value: move it in when it is no longer
// needed) with the fields of `in.v` that differ from `snapshot` written into
// its CNA container, and dataVersion "5.2" (what embargo writes); everything
// else (ADP containers, references, x_ fields, metadata) stays as it was.
nlohmann::json overlay_cve_record(nlohmann::json record, const nlohmann::json& snapshot, const AdvisoryInput& in);

}  // namespace embargo::core::advisory
