#pragma once

// What the advisory writers (CVE record, OSV) need about one vulnerability:
// its case, the vulnerability itself, the project's advisory settings, and a
// way to turn a stored CVSS vector into the JSON object of FIRST's schema.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/cwe_names.hpp>
#include <embargo/core/case.hpp>
#include <embargo/core/project_config.hpp>
#include <embargo/core/vulnerability.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::advisory {

// Given a vector string, the CVE 5.x metrics key ("cvssV3_1", "cvssV4_0", ...)
// and the scored object; nullopt if it cannot be scored.
using CvssToJson = std::function<std::optional<std::pair<std::string, nlohmann::json>>(std::string_view vector)>;

struct AdvisoryInput {
  const Case& c;
  const Vulnerability& v;
  const AdvisoryConfig& config;
  CvssToJson cvss;  // may be empty: no metrics are written
  // CWE names (schema::shipped_cwe_names); null: a CWE is written by its id alone.
  const CweNames* cwes = nullptr;
  // {id} of the case's advisory page: page_identifier() of all the case's
  // vulnerabilities; empty: in.v's own primary identifier.
  std::string page_id{};
  // A draft, exported before the release: no publication dates (a CVE record
  // says PUBLISHED only with the release; CVE Services sets datePublished).
  bool draft = false;
};

// True while the case's release has not happened at `now`: not public or
// closed, and no release time at or before `now`.
bool before_release(const Case& c, util::Timestamp now);

// Refuses, before anything is sent anywhere, a vulnerability that lacks what
// a published CVE record needs: a CVE identifier (a GCVE alone is not enough),
// an affected range, a reference.
Result<void> check_publishable(const AdvisoryInput& in);
// What a CNA container needs without its CVE id (for the CNA that will
// publish it): an affected range and a reference.
Result<void> check_container_content(const AdvisoryInput& in);

// InvalidArgument when `v` has no affected versions (affected: unknown, as an
// imported record whose versions were "n/a"), naming the command that sets them.
Result<void> check_affected_known(const Case& c, const Vulnerability& v);

// One page per case, named by the same template as every reference to it
// (issue 25): advisory.advisory_url, where {id} is the page identifier (the
// primary identifier of the case's first vulnerability that has one, else the
// case id) and {case} the case id. The page's file under the web directory
// is the template's last path segment, expanded the same way, so each
// exported reference resolves once the page is published.
std::string page_identifier(const std::vector<Vulnerability>& vulns);
// `url_template` with {id} replaced by `page_id` (the case id when empty) and {case} by `case_id`.
std::string expand_advisory_template(std::string_view url_template, std::string_view case_id,
                                     std::string_view page_id);
// The URL of the case's advisory page.
std::string advisory_url(const AdvisoryConfig& config, std::string_view case_id, std::string_view page_id);
// The file name of the case's advisory page; "<case>.html" when advisory_url is not configured.
std::string advisory_page_file(const AdvisoryConfig& config, std::string_view case_id, std::string_view page_id);
// What an export of `in` references: the URL of its case's page.
std::string reference_url(const AdvisoryInput& in);

// The reporter's credit line if they agreed to be credited, else empty.
std::string published_credit(const Reporter& reporter);

}  // namespace embargo::core::advisory
