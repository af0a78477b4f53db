#pragma once

// The text of a CVE request to the CNA that will publish the record when the
// project is not its own CNA: shared by `embargo cve request-text` and by
// `embargo export cve` without advisory.cna_org_id (issue 25).

#include <ostream>
#include <string_view>
#include <vector>

#include <embargo/core/case.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/core/vulnerability.hpp>

namespace embargo::cli {

// Writes the request for `wanted` (vulnerabilities of `c`) to `out`: subject,
// the embargo, each vulnerability's facts, and the case id as reference.
// `page_id` is the case's advisory page identifier (core/advisory/advisory_input.hpp).
void write_cve_request(std::ostream& out, const core::Case& c, const std::vector<core::Vulnerability>& wanted,
                       const core::AdvisoryConfig& config, std::string_view page_id);

}  // namespace embargo::cli
