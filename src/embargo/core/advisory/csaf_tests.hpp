#pragma once

// A subset of the CSAF 2.0 mandatory tests (section 6.1 of the standard), run
// on any CSAF document after it passed the schema. Implemented:
//   6.1.1  missing definition of product id     6.1.2  multiple definition of product id
//   6.1.6  contradicting product status         6.1.14 sorted revision history
//   6.1.16 latest document version               6.1.17 document status draft
//   6.1.18 released revision history            6.1.20 non-draft document version
//   6.1.21 missing item in revision history      6.1.22 multiple definition in revision history
//   6.1.23 multiple use of same CVE              6.1.27.4-6 security advisory profile
// Not implemented yet (say so where they are reported): 6.1.3-5 (groups and
// circular relationships), 6.1.7-10 (CVSS consistency), 6.1.11 (CWE names
// need the CWE catalogue), 6.1.12-13, 6.1.15, 6.1.19, 6.1.24-26, 6.1.28-33.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace embargo::core::advisory {

struct CsafFinding {
  std::string test;     // "6.1.1"
  std::string pointer;  // JSON pointer of the offending value
  std::string message;
};

// REQUIRES: `doc` is valid against the CSAF 2.0 schema.
std::vector<CsafFinding> run_csaf_mandatory_tests(const nlohmann::json& doc);

// The test numbers run_csaf_mandatory_tests covers, for reports.
const std::vector<std::string>& csaf_tests_implemented();

}  // namespace embargo::core::advisory
