#pragma once

// `embargo report cra CASE --stage ...` (issue 25): what a manufacturer
// needs from the project for one stage of the CRA clock (cra_clock.hpp),
// from the case's data, ready to send to the recipients [cra] names as
// manufacturers. Article 14(2) asks, by stage:
//   early-warning  that the product's vulnerability is actively exploited
//   notification   the product, the general nature of the exploit and of
//                  the vulnerability, corrective or mitigating measures
//   final          the vulnerability with its severity and impact, and the
//                  security update or other corrective measures
// Each stage carries the earlier stages' facts too; what the case does not
// know is said ("not known yet"), never left out silently.

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include <embargo/config/config_file.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/recipient.hpp>
#include <embargo/core/timeline.hpp>
#include <embargo/core/vulnerability.hpp>
#include <embargo/notice/cra_clock.hpp>

namespace embargo::notice {

struct CraReportInput {
  const core::Case& c;
  const std::vector<core::Vulnerability>& vulnerabilities;
  const std::vector<core::TimelineEntry>& timeline;
  const config::ConfigFile& settings;  // the case's project's
  std::string stage;                   // parse_cra_stage
};

// {case, project, stage, rule, state, due, aware_at, to: [{name, contacts}],
// product, vulnerabilities: [{ids, title, cwe, affected, fixed, cvss,
// score, severity, description, mitigation}], exploitation, fix:
// {public_at, release_at, fixed}, contact}. Conflict when the clock does
// not run for the case (says why: [cra] off, exploitation not active).
Result<nlohmann::json> cra_report(const CraReportInput& in);

// The report as plain text for a mail body (UTF-8, lines under 80 columns
// where the data allows).
std::string cra_report_text(const nlohmann::json& report);

}  // namespace embargo::notice
