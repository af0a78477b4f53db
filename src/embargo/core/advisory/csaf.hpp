#pragma once

// A CSAF 2.0 security advisory (profile "Security Advisory", /document/category
// csaf_security_advisory) for a whole case: one product tree for the project
// (vendor > product > affected version ranges in vers:generic form, and each
// fixed version), one vulnerability item per vulnerability with its notes,
// product status, remediation, scores and the accepted credit.
//
// Tracking: a case not yet public is a draft at version 0; from `public` on,
// the document is final at version 1 (later revisions: a later issue).

#include <vector>

#include <nlohmann/json.hpp>

#include <embargo/core/advisory/advisory_input.hpp>

namespace embargo::core::advisory {

struct CsafInput {
  const Case& c;
  const std::vector<Vulnerability>& vulns;
  const AdvisoryConfig& config;
  CvssToJson cvss;     // may be empty
  util::Timestamp now;  // the generation time
  // CWE names (schema::shipped_cwe_names): a vulnerability's "cwe" needs its
  // name, so without them (or for an unknown id) none is written.
  const CweNames* cwes = nullptr;
};

// InvalidArgument if a vulnerability lacks what an advisory needs (an
// affected range) or advisory.advisory_url is not set (the publisher's
// namespace and the document's reference come from it).
Result<nlohmann::json> csaf_advisory(const CsafInput& in);

}  // namespace embargo::core::advisory
