#pragma once

// The CSAF 2.0 mandatory tests (section 6.1 of the standard), run on any
// CSAF document after it passed the schema:
//   here:                    6.1.1, 6.1.2 (product ids), 6.1.6 (contradicting status),
//                            6.1.23 (same CVE twice), 6.1.27.4-6 and 6.1.27.11 (security advisory profile)
//   csaf_product_tests.hpp:  6.1.3-5, 6.1.7, 6.1.25, 6.1.29, 6.1.31-33
//   csaf_cvss_tests.hpp:     6.1.8-10
//   csaf_document_tests.hpp: 6.1.11 (needs CweNames), 6.1.12 (needs LanguageCodes), 6.1.13, 6.1.15,
//                            6.1.24, 6.1.26, 6.1.28
//   csaf_revision_tests.hpp: 6.1.14, 6.1.16-22, 6.1.30
// Not implemented: the profile tests 6.1.27.1-3 and 6.1.27.7-10, which apply
// only to the other profiles (informational advisory, incident response, VEX);
// 6.1.26 applies only to CSAF Base documents.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace embargo::core::advisory {

struct CsafFinding {
  std::string test;     // "6.1.1"
  std::string pointer;  // JSON pointer of the offending value
  std::string message;
};

struct LanguageCodes;
struct CweNames;

// REQUIRES: `doc` is valid against the CSAF 2.0 schema. 6.1.12 runs only
// with `languages` (schema::load_iso_codes), 6.1.11 only with `cwes`
// (schema::load_cwe_names).
std::vector<CsafFinding> run_csaf_mandatory_tests(const nlohmann::json& doc, const LanguageCodes* languages = nullptr,
                                                  const CweNames* cwes = nullptr);

// The test numbers run_csaf_mandatory_tests covers, for reports.
const std::vector<std::string>& csaf_tests_implemented();

// The tests of section 6.1 not implemented, with why, for reports.
const std::vector<std::string>& csaf_tests_not_implemented();

}  // namespace embargo::core::advisory
